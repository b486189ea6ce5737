/** `npm run build:edge` (first half): compiles the Tyk hooks into dist/tyk-middleware/. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { compileHook } from './compile-hook';
import { es5SyntaxError } from './es5-check';
import { HOOK_ENTRIES, HOOKS_OUT_DIR } from './hook-entries';
import { REPO_ROOT } from '../../service-kit/repo-paths';

async function main(): Promise<void> {
  const { version } = require(path.join(REPO_ROOT, 'package.json')) as { version: string };
  mkdirSync(HOOKS_OUT_DIR, { recursive: true });
  for (const entry of HOOK_ENTRIES) {
    const code = await compileHook(entry, version);
    const problem = es5SyntaxError(code);
    if (problem !== undefined) throw new Error(`${entry.fileName} is not ES5: ${problem}`);
    const target = path.join(HOOKS_OUT_DIR, entry.fileName);
    writeFileSync(target, code);
    console.log(`built ${path.relative(REPO_ROOT, target)} (${Buffer.byteLength(code)} bytes, global ${entry.globalName})`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
