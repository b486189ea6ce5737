// `npm run prune:onnxruntime [-- --all]`: onnxruntime-node ships its CPU build for every platform
// (288 MB unpacked; linux-x64 is 45 MB of it). This keeps the binaries of this platform and
// architecture only; with --all it removes the package, and the model server then serves on wasm
// (its start-up log and /v1/models/default say why). For images and other installs that are not
// going to move to another platform.
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

function packageDir(): string | null {
  try {
    return path.dirname(require.resolve('onnxruntime-node/package.json'));
  } catch {
    return null;
  }
}

function sizeMb(dir: string): number {
  let bytes = 0;
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else bytes += statSync(p).size;
    }
  };
  walk(dir);
  return bytes / 2 ** 20;
}

function main(): void {
  const dir = packageDir();
  if (!dir) {
    console.log('onnxruntime-node is not installed: nothing to prune');
    return;
  }
  const before = sizeMb(dir);
  if (process.argv.includes('--all')) {
    rmSync(dir, { recursive: true, force: true });
    console.log(`removed onnxruntime-node (${before.toFixed(0)} MB); the model server will use wasm`);
    return;
  }
  const bin = path.join(dir, 'bin', 'napi-v6');
  if (!existsSync(path.join(bin, process.platform, process.arch))) {
    console.log(`onnxruntime-node has no binary for ${process.platform}/${process.arch}: left as it is`);
    return;
  }
  for (const platform of readdirSync(bin)) {
    for (const arch of readdirSync(path.join(bin, platform))) {
      if (platform !== process.platform || arch !== process.arch) rmSync(path.join(bin, platform, arch), { recursive: true, force: true });
    }
  }
  console.log(`onnxruntime-node: kept ${process.platform}/${process.arch} only, ${before.toFixed(0)} MB → ${sizeMb(dir).toFixed(0)} MB`);
}

main();
