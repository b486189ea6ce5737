// Node side of the JS-engine harnesses (testkit/jsvm/otto, testkit/jsvm/goja): spawns one in -serve
// mode and gives typed calls that run a hook the way that Tyk driver does. Both speak the same JSON
// lines (testkit/jsvm/gateway/serve.go), so one client type serves both engines. The edge hook tests and
// bench/edge.ts use it (edge-gateway.ts wraps it for tests that forward to a BFF); the build, -lint
// and -bench helpers are re-exported here.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { TYKJS_PATH, type EngineName } from './engines';
import { REPO_ROOT } from '../../service-kit/repo-paths';
import { ensureHarnessBinary } from './harness-binary';
import { fileArgs, type MiddlewareFile } from './middleware-file';

export { ENGINES, engineInfo, TYKJS_PATH, type EngineInfo, type EngineName } from './engines';
export { assertGoToolchain, ensureHarnessBinary, HarnessUnavailable, type ProcessResult } from './harness-binary';
export { lintFiles } from './harness-lint';
export { benchHooks, type BenchOptions, type BenchResult, type BenchVariant, type BenchVariantResult } from './harness-bench';
export type { MiddlewareFile } from './middleware-file';

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
  /** The manifest's hook name: a global holding a TykJS.TykMiddleware.NewMiddleware instance (goja calls it through its file's alias). */
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
  /** Default otto. */
  engine?: EngineName;
  /** Middleware files loaded after the TykJS core, in order; goja exports each file's `hooks` names only. */
  files: MiddlewareFile[];
  /** Seed for Go's math/rand (Math.random's source in both engines); default: the current second, like Tyk. */
  seed?: number;
  /** JSVM timeout per call; default 5000 like Tyk's jsvm_timeout. */
  timeoutMs?: number;
  tykjs?: string;
}

function commonArgs(engine: EngineName, opts: HarnessOptions): string[] {
  const args = ['-tykjs', opts.tykjs ?? TYKJS_PATH];
  if (opts.seed !== undefined) args.push('-seed', String(opts.seed));
  if (opts.timeoutMs !== undefined) args.push('-timeout-ms', String(opts.timeoutMs));
  for (const f of fileArgs(engine, opts.files)) args.push('-file', f);
  return args;
}

export interface Harness {
  readonly engine: EngineName;
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

/** Spawns the engine's harness in -serve mode with the files loaded. */
export function startHarness(opts: HarnessOptions): Harness {
  const engine = opts.engine ?? 'otto';
  const label = `${engine}-harness`;
  const bin = ensureHarnessBinary(engine);
  const child: ChildProcessWithoutNullStreams = spawn(bin, ['-serve', ...commonArgs(engine, opts)], {
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
      p.reject(new Error(`${label} ${why}; stderr:\n${stderr}`));
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
      p.reject(new Error(`${label} wrote a line that is not JSON: ${line.slice(0, 200)} (${String(e)})`));
    }
  });
  const defaultTimeout = opts.timeoutMs ?? 5000;
  return {
    engine,
    pid: child.pid,
    call(call: HarnessCall): Promise<HarnessOutcome> {
      if (exited) return Promise.reject(new Error(`${label} ${exited}; stderr:\n${stderr}`));
      return new Promise<HarnessOutcome>((resolve, reject) => {
        // A deadline well past the JSVM timeout so a wedged harness fails the test instead of hanging it.
        const limit = (call.timeoutMs ?? defaultTimeout) + 30_000;
        const timer = setTimeout(() => {
          const i = pending.findIndex((p) => p.timer === timer);
          if (i >= 0) pending.splice(i, 1);
          reject(new Error(`${label} gave no answer within ${limit} ms; stderr:\n${stderr}`));
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
