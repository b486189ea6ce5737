// Builds a JS-engine harness (testkit/jsvm/otto or testkit/jsvm/goja, Go modules pinned to the engine
// release Tyk embeds, sharing testkit/jsvm/gateway) with the machine's Go, and runs it to completion for the
// batch modes (-lint, -bench).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { engineInfo, GATEWAY_SOURCE, type EngineName } from './engines';
import { REPO_ROOT } from '../../service-kit/repo-paths';

const INSTALL_HINT = 'install Go (Debian: apt-get install golang-go); the module proxy serves otto v0.5.1 and goja';

/** Thrown when a harness cannot be built here; tests must fail on it, not skip. */
export class HarnessUnavailable extends Error {
  constructor(engine: EngineName, reason: string) {
    super(`${engine} harness unavailable: ${reason}. ${INSTALL_HINT}`);
    this.name = 'HarnessUnavailable';
  }
}

/** A rebuild is due when any Go source, go.mod or go.sum of the harness or the shared gateway is newer than the binary. */
function newestSourceMtime(dirs: string[]): number {
  let newest = 0;
  for (const dir of dirs) {
    for (const name of readdirSync(dir)) {
      if (name.endsWith('.go') || name === 'go.mod' || name === 'go.sum') newest = Math.max(newest, statSync(path.join(dir, name)).mtimeMs);
    }
  }
  return newest;
}

function goEnv(): NodeJS.ProcessEnv {
  // Module mode whatever the caller's environment says: go.sum pins what is built.
  const env: NodeJS.ProcessEnv = { ...process.env, GO111MODULE: 'on', GOFLAGS: '-mod=readonly -buildvcs=false', CGO_ENABLED: '0' };
  if (!env.GOCACHE && !env.XDG_CACHE_HOME && !env.HOME) env.GOCACHE = path.join(tmpdir(), 'jsvm-harness-gocache');
  return env;
}

/** Throws HarnessUnavailable (saying how to install Go) unless `go` runs. */
export function assertGoToolchain(env: NodeJS.ProcessEnv = process.env, engine: EngineName = 'otto'): void {
  const go = spawnSync('go', ['version'], { encoding: 'utf8', env });
  if (go.error || go.status !== 0) throw new HarnessUnavailable(engine, '`go` is not on PATH');
}

/**
 * Returns the path of the engine's harness binary, building it first when it is missing or older than
 * its sources. Safe when several test processes call it at once: each builds to its own file and
 * renames it into place.
 */
export function ensureHarnessBinary(engine: EngineName): string {
  const { harnessBinary, harnessSource } = engineInfo(engine);
  if (existsSync(harnessBinary) && statSync(harnessBinary).mtimeMs >= newestSourceMtime([harnessSource, GATEWAY_SOURCE])) return harnessBinary;
  assertGoToolchain(process.env, engine);
  mkdirSync(path.dirname(harnessBinary), { recursive: true });
  const tmp = `${harnessBinary}.${process.pid}.tmp`;
  const build = spawnSync('go', ['build', '-o', tmp, '.'], { cwd: harnessSource, env: goEnv(), encoding: 'utf8' });
  if (build.status !== 0) {
    rmSync(tmp, { force: true });
    throw new HarnessUnavailable(engine, `go build failed (${build.error?.message ?? `exit ${build.status}`}):\n${build.stderr}`);
  }
  renameSync(tmp, harnessBinary);
  return harnessBinary;
}

export interface ProcessResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runToEnd(engine: EngineName, args: string[], maxMs: number): Promise<ProcessResult> {
  const bin = ensureHarnessBinary(engine);
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${engine}-harness ${args[0]} ran longer than ${maxMs} ms; stderr:\n${stderr}`));
    }, maxMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}
