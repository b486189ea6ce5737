// Builds the real-otto harness (test/otto/harness/, a Go module pinned to otto v0.5.1, the release
// Tyk 5.8 LTS embeds) with the machine's Go, and runs it to completion for the batch modes (-lint, -bench).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const HARNESS_SOURCE_DIR = path.join(REPO_ROOT, 'test', 'otto', 'harness');
export const HARNESS_BINARY = path.join(REPO_ROOT, 'dist', 'otto-harness', 'otto-harness');
export const TYKJS_PATH = path.join(REPO_ROOT, 'tykjs', 'tykjs.js');
const INSTALL_HINT = 'install Go (Debian: apt-get install golang-go); the module proxy serves otto v0.5.1';

/** Thrown when the harness cannot be built here; tests must fail on it, not skip. */
export class OttoHarnessUnavailable extends Error {
  constructor(reason: string) {
    super(`real-otto harness unavailable: ${reason}. ${INSTALL_HINT}`);
    this.name = 'OttoHarnessUnavailable';
  }
}

/** A rebuild is due when any Go source, go.mod or go.sum is newer than the binary. */
function newestSourceMtime(): number {
  let newest = 0;
  for (const name of readdirSync(HARNESS_SOURCE_DIR)) {
    if (name.endsWith('.go') || name === 'go.mod' || name === 'go.sum') {
      newest = Math.max(newest, statSync(path.join(HARNESS_SOURCE_DIR, name)).mtimeMs);
    }
  }
  return newest;
}

function goEnv(): NodeJS.ProcessEnv {
  // Module mode whatever the caller's environment says: go.sum pins what is built.
  const env: NodeJS.ProcessEnv = { ...process.env, GO111MODULE: 'on', GOFLAGS: '-mod=readonly -buildvcs=false', CGO_ENABLED: '0' };
  if (!env.GOCACHE && !env.XDG_CACHE_HOME && !env.HOME) env.GOCACHE = path.join(tmpdir(), 'otto-harness-gocache');
  return env;
}

/** Throws OttoHarnessUnavailable (saying how to install Go) unless `go` runs. */
export function assertGoToolchain(env: NodeJS.ProcessEnv = process.env): void {
  const go = spawnSync('go', ['version'], { encoding: 'utf8', env });
  if (go.error || go.status !== 0) throw new OttoHarnessUnavailable('`go` is not on PATH');
}

/**
 * Returns the path of the harness binary, building it first when it is
 * missing or older than its sources. Safe when several test processes call
 * it at once: each builds to its own file and renames it into place.
 */
export function ensureHarnessBinary(): string {
  if (existsSync(HARNESS_BINARY) && statSync(HARNESS_BINARY).mtimeMs >= newestSourceMtime()) return HARNESS_BINARY;
  assertGoToolchain();
  mkdirSync(path.dirname(HARNESS_BINARY), { recursive: true });
  const tmp = `${HARNESS_BINARY}.${process.pid}.tmp`;
  const build = spawnSync('go', ['build', '-o', tmp, '.'], { cwd: HARNESS_SOURCE_DIR, env: goEnv(), encoding: 'utf8' });
  if (build.status !== 0) {
    rmSync(tmp, { force: true });
    throw new OttoHarnessUnavailable(`go build failed (${build.error?.message ?? `exit ${build.status}`}):\n${build.stderr}`);
  }
  renameSync(tmp, HARNESS_BINARY);
  return HARNESS_BINARY;
}

export interface ProcessResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runToEnd(args: string[], maxMs: number): Promise<ProcessResult> {
  const bin = ensureHarnessBinary();
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`otto-harness ${args[0]} ran longer than ${maxMs} ms; stderr:\n${stderr}`));
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
