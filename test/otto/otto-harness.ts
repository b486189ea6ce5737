// Node side of the real-otto harness (test/otto/harness/*.go): builds the Go
// binary once (GOPATH mode against Debian's otto), spawns it and gives typed
// calls. Used by the edge hook tests and by bench/edge.ts.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const HARNESS_SOURCE_DIR = path.join(REPO_ROOT, 'test', 'otto', 'harness');
export const HARNESS_BINARY = path.join(REPO_ROOT, 'dist', 'otto-harness', 'otto-harness');
export const TYKJS_PATH = path.join(REPO_ROOT, 'tykjs', 'tykjs.js');
/** Where Debian's golang-github-robertkrimen-otto-dev installs the Go sources. */
export const OTTO_GOPATH = process.env.OTTO_GOPATH ?? '/usr/share/gocode';
const APT_HINT = 'apt-get install golang-go golang-github-robertkrimen-otto-dev';

/** Thrown when the harness cannot be built here; tests must fail on it, not skip. */
export class OttoHarnessUnavailable extends Error {
  constructor(reason: string) {
    super(`real-otto harness unavailable: ${reason}. Install Go and Debian's otto: ${APT_HINT}`);
    this.name = 'OttoHarnessUnavailable';
  }
}

function newestSourceMtime(): number {
  let newest = 0;
  for (const name of readdirSync(HARNESS_SOURCE_DIR)) {
    if (name.endsWith('.go')) newest = Math.max(newest, statSync(path.join(HARNESS_SOURCE_DIR, name)).mtimeMs);
  }
  return newest;
}

function goEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GO111MODULE: 'off', GOPATH: OTTO_GOPATH, CGO_ENABLED: '0' };
  if (!env.GOCACHE && !env.XDG_CACHE_HOME && !env.HOME) env.GOCACHE = path.join(tmpdir(), 'otto-harness-gocache');
  return env;
}

/** Throws OttoHarnessUnavailable (naming the apt packages) unless `go` runs and Debian's otto sources are there. */
export function assertGoToolchain(env: NodeJS.ProcessEnv = process.env, gopath: string = OTTO_GOPATH): void {
  const go = spawnSync('go', ['version'], { encoding: 'utf8', env });
  if (go.error || go.status !== 0) throw new OttoHarnessUnavailable('`go` is not on PATH');
  if (!existsSync(path.join(gopath, 'src', 'github.com', 'robertkrimen', 'otto', 'otto.go'))) {
    throw new OttoHarnessUnavailable(`otto sources not found under ${gopath}/src/github.com/robertkrimen/otto`);
  }
}

/**
 * Returns the path of the harness binary, building it first when it is
 * missing or older than a .go source. Safe when several test processes call
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

export type HeaderMap = Record<string, string[]>;

export interface HarnessRequest {
  method?: string;
  /** Request URI as the gateway received it: path + query. Default "/". */
  url?: string;
  /** r.Host; default: a Host header if given, else 127.0.0.1:8080. */
  host?: string;
  /** Names are canonicalised like Go's HTTP server does (sw8 → Sw8). */
  headers?: HeaderMap;
  /** Standard base64 of the body bytes (wins over `body`). */
  bodyB64?: string;
  /** The body as a UTF-8 string. */
  body?: string;
}

export interface HarnessSpec {
  APIID?: string;
  OrgID?: string;
  /** Omitted = null, as in an API definition without config_data. */
  config_data?: Record<string, unknown> | null;
  config_data_disabled?: boolean;
}

interface CallBase {
  /** Global holding a TykJS.TykMiddleware.NewMiddleware instance. */
  hook: string;
  /** Overrides the harness's -timeout-ms for this call. */
  timeoutMs?: number;
}
export interface HarnessRequestCall extends CallBase {
  request: HarnessRequest;
  /** Second argument; default: Tyk's empty SessionState. */
  session?: Record<string, unknown>;
  spec?: HarnessSpec;
}
export interface HarnessRawCall extends CallBase {
  /** JS source of the three arguments, pasted verbatim into `<hook>.DoProcessRequest(<rawArgs>);`. */
  rawArgs: string;
}
export type HarnessCall = HarnessRequestCall | HarnessRawCall;

export interface HarnessOverride {
  /** "error": Tyk's error handler answers with status; "respond": sent as is. */
  kind: 'error' | 'respond';
  status: number;
  body: string;
  headers?: Record<string, string>;
}

/** The hook ran and the gateway applied its return value. */
export interface HarnessSuccess {
  ok: true;
  /** r.Header after DeleteHeaders then SetHeaders (canonical names; Host is not a header in Go). */
  headers: HeaderMap;
  bodyB64: string;
  bodyUnchanged: boolean;
  url: string;
  /** Set when the returned URL does not parse: Tyk then proxies with headers unapplied. */
  urlError?: string;
  /** ReturnOverrides with a non-zero ResponseCode: the request is not proxied. */
  override?: HarnessOverride;
  /** The hook's return value, parsed. */
  returned: { Request: Record<string, unknown>; [key: string]: unknown };
  logs: string[];
  durationNs: number;
}

/** Tyk answers 500 and does not proxy (status 500), or the input line was malformed (status absent). */
export interface HarnessFailure {
  ok: false;
  error: string;
  status?: number;
  logs: string[];
  durationNs?: number;
}

export type HarnessOutcome = HarnessSuccess | HarnessFailure;

export interface HarnessOptions {
  /** Middleware files loaded after the TykJS core, in order. */
  files: string[];
  /** Seed for Go's math/rand (otto's Math.random); default: the current second, like Tyk. */
  seed?: number;
  /** JSVM timeout per call; default 5000 like Tyk's jsvm_timeout. */
  timeoutMs?: number;
  tykjs?: string;
}

function commonArgs(opts: HarnessOptions): string[] {
  const args = ['-tykjs', opts.tykjs ?? TYKJS_PATH];
  if (opts.seed !== undefined) args.push('-seed', String(opts.seed));
  if (opts.timeoutMs !== undefined) args.push('-timeout-ms', String(opts.timeoutMs));
  for (const f of opts.files) args.push('-file', f);
  return args;
}

export interface OttoHarness {
  readonly pid: number | undefined;
  /** Sends one call; outcomes come back in order. */
  call(call: HarnessCall): Promise<HarnessOutcome>;
  /** Everything the harness wrote to stderr so far (log/rawlog lines are prefixed `jsvm log: `, `jsvm rawlog: `). */
  stderr(): string;
  close(): Promise<void>;
}

interface Pending {
  resolve: (o: HarnessOutcome) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

/** Spawns the harness in -serve mode with the files loaded. */
export function startHarness(opts: HarnessOptions): OttoHarness {
  const bin = ensureHarnessBinary();
  const child: ChildProcessWithoutNullStreams = spawn(bin, ['-serve', ...commonArgs(opts)], {
    cwd: REPO_ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const pending: Pending[] = [];
  let stderr = '';
  let exited: string | undefined;
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => {
    stderr += d;
  });
  const failAll = (why: string) => {
    exited = why;
    for (const p of pending.splice(0)) {
      clearTimeout(p.timer);
      p.reject(new Error(`otto-harness ${why}; stderr:\n${stderr}`));
    }
  };
  child.on('error', (e) => failAll(`failed: ${e.message}`));
  child.on('exit', (code, signal) => failAll(`exited (code ${code}, signal ${signal})`));
  createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', (line) => {
    const p = pending.shift();
    if (!p) return;
    clearTimeout(p.timer);
    try {
      p.resolve(JSON.parse(line) as HarnessOutcome);
    } catch (e) {
      p.reject(new Error(`otto-harness wrote a line that is not JSON: ${line.slice(0, 200)} (${String(e)})`));
    }
  });
  const defaultTimeout = opts.timeoutMs ?? 5000;
  return {
    pid: child.pid,
    call(call: HarnessCall): Promise<HarnessOutcome> {
      if (exited) return Promise.reject(new Error(`otto-harness ${exited}; stderr:\n${stderr}`));
      return new Promise<HarnessOutcome>((resolve, reject) => {
        // A deadline well past the JSVM timeout so a wedged harness fails the test instead of hanging it.
        const limit = (call.timeoutMs ?? defaultTimeout) + 30_000;
        const timer = setTimeout(() => {
          const i = pending.findIndex((p) => p.timer === timer);
          if (i >= 0) pending.splice(i, 1);
          reject(new Error(`otto-harness gave no answer within ${limit} ms; stderr:\n${stderr}`));
        }, limit);
        pending.push({ resolve, reject, timer });
        child.stdin.write(`${JSON.stringify(call)}\n`);
      });
    },
    stderr: () => stderr,
    close(): Promise<void> {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.stdin.end();
      });
    },
  };
}

/** Runs one call in a fresh harness process and closes it. */
export async function callOnce(opts: HarnessOptions, call: HarnessCall): Promise<HarnessOutcome> {
  const h = startHarness(opts);
  try {
    return await h.call(call);
  } finally {
    await h.close();
  }
}

export interface ProcessResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

function runToEnd(args: string[], maxMs: number): Promise<ProcessResult> {
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

/**
 * `-lint`: parses each file with otto's parser, compiles every regex literal
 * and every RegExp("…") / new RegExp("…") with a string-literal pattern the
 * way otto does, then loads the files in order in one VM. Status 0 and one
 * `otto-lint OK: …` line, or status 1 and one `file:line:col: reason` line
 * per problem.
 */
export function lintFiles(files: string[], opts: { tykjs?: string } = {}): Promise<ProcessResult> {
  return runToEnd(['-lint', '-tykjs', opts.tykjs ?? TYKJS_PATH, ...files], 60_000);
}

export interface BenchVariant {
  name: string;
  /** Global hook names, run in order (pre then post). */
  hooks: string[];
  /** Files loaded after the TykJS core into this rival's own VM. */
  files: string[];
}

export interface BenchOptions {
  /** Rivals timed in a fresh random order within each iteration (paired samples). */
  variants: BenchVariant[];
  bodyBytes: number;
  iterations: number;
  warmup: number;
  seed?: number;
  timeoutMs?: number;
  tykjs?: string;
  headers?: HeaderMap;
  spec?: HarnessSpec;
  url?: string;
  /**
   * "between" (default): the Go collector is off while a request runs and a full collection runs
   * after it, timed apart (gcSamplesNs); "go": Go's default pacing, collections inside the timing.
   */
  gc?: 'between' | 'go';
}

export interface BenchVariantResult {
  name: string;
  hooks: string[];
  files: string[];
  /** Per request: every hook's marshal + vm.Copy() + run + decode + apply. Index i of every rival is the same iteration. */
  samplesNs: number[];
  hookSamplesNs: number[][];
  /** With gc "between": the full collection after each request; empty otherwise. */
  gcSamplesNs: number[];
  /** Request headers after the last hook of the last iteration. */
  finalHeaders: HeaderMap;
  bodyUnchanged: boolean;
}

export interface BenchResult {
  bodyBytes: number;
  iterations: number;
  warmup: number;
  gcMode: 'between' | 'go';
  variants: BenchVariantResult[];
}

/** `-bench`: times whole requests through each rival's hooks, rivals in turns. */
export async function benchHooks(opts: BenchOptions): Promise<BenchResult> {
  const args = ['-bench', '-tykjs', opts.tykjs ?? TYKJS_PATH, '-body-bytes', String(opts.bodyBytes),
    '-iterations', String(opts.iterations), '-warmup', String(opts.warmup)];
  for (const v of opts.variants) {
    for (const part of [v.name, ...v.hooks, ...v.files]) {
      if (/[|,]/.test(part)) throw new Error(`bench variant part ${JSON.stringify(part)} must not contain "|" or ","`);
    }
    args.push('-variant', `${v.name}|${v.hooks.join(',')}|${v.files.join(',')}`);
  }
  if (opts.seed !== undefined) args.push('-seed', String(opts.seed));
  if (opts.timeoutMs !== undefined) args.push('-timeout-ms', String(opts.timeoutMs));
  if (opts.headers) args.push('-headers', JSON.stringify(opts.headers));
  if (opts.spec) args.push('-spec', JSON.stringify(opts.spec));
  if (opts.url) args.push('-url', opts.url);
  if (opts.gc) args.push('-gc', opts.gc);
  const res = await runToEnd(args, 600_000);
  if (res.status !== 0) throw new Error(`otto-harness -bench failed (exit ${res.status}): ${res.stderr}`);
  return JSON.parse(res.stdout) as BenchResult;
}
