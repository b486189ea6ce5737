/**
 * One real OAP 10.1.0 as a child process: `start({grpcPort, httpPort}) → {grpcAddress, httpUrl, stop}`,
 * resolved once GraphQL answers. Used by `npm run oap`, `npm start -- --oap` and test/oap/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { resolveClasspath } from './classpath';
import { graphqlAnswers } from './graphql-probe';
import { javaArgs, type OapSettings } from './java-command';
import { portIsFree } from './port-free';
import { requireTool } from './toolchain';

export interface OapOptions extends Partial<OapSettings> {
  /** Each line OAP prints (log4j2 on stdout); default: kept for errors only. */
  print?: (line: string) => void;
  /** Aborting it during the boot stops the java process (start() then rejects). */
  signal?: AbortSignal;
  /** Boot takes 15-40 s on 2 cores, minutes when they are shared with other heavy work; default 180 s. */
  readyTimeoutMs?: number;
}

export interface RunningOap {
  /** host:port for SW_AGENT_COLLECTOR_BACKEND_SERVICES. */
  grpcAddress: string;
  /** http://host:port for SW_OAP_HTTP_URL (/v3/*, /graphql). */
  httpUrl: string;
  /** Milliseconds from `java` starting to GraphQL answering. */
  bootMs: number;
  /** Resolves once the process has exited (also when it dies on its own). */
  exited: Promise<number | null>;
  /** SIGTERM (OAP's shutdown hooks stop its servers), SIGKILL after 15 s; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** OAP's last lines, for the error when it dies or never answers. */
const TAIL_LINES = 60;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const DEFAULT_OAP_PORTS = { grpcPort: 11800, httpPort: 12800 };

export async function start(options: OapOptions = {}): Promise<RunningOap> {
  requireTool('java');
  const settings: OapSettings = { ...DEFAULT_OAP_PORTS, ...options };
  const host = settings.host ?? '127.0.0.1';
  for (const port of [settings.grpcPort, settings.httpPort]) {
    if (!(await portIsFree(host, port))) throw new Error(`${host}:${port} is taken (another OAP, or npm start's embedded collector?); OAP needs it`);
  }
  const jars = await resolveClasspath(options.print);
  const startedAt = Date.now();
  const child: ChildProcess = spawn('java', javaArgs(settings, jars), { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const collect = (line: string) => {
    lines.push(line);
    if (lines.length > TAIL_LINES) lines.shift();
    options.print?.(line);
  };
  createInterface({ input: child.stdout! }).on('line', collect);
  createInterface({ input: child.stderr! }).on('line', collect);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', (error) => {
      collect(`java failed to start: ${error.message}`);
      resolve(null);
    });
  });
  let done = false;
  void exited.then(() => (done = true));

  const stop = async (): Promise<number | null> => {
    if (!done) {
      child.kill('SIGTERM');
      const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(kill);
    }
    return exited;
  };

  const httpUrl = `http://${host}:${settings.httpPort}`;
  const deadline = startedAt + (options.readyTimeoutMs ?? 180_000);
  while (!(await graphqlAnswers(httpUrl))) {
    if (options.signal?.aborted) {
      await stop();
      throw new Error('OAP start aborted');
    }
    if (done) throw new Error(`OAP exited before GraphQL answered at ${httpUrl}:\n${lines.join('\n')}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`OAP's GraphQL did not answer at ${httpUrl} within ${options.readyTimeoutMs ?? 180_000} ms:\n${lines.join('\n')}`);
    }
    await sleep(250);
  }
  return { grpcAddress: `${host}:${settings.grpcPort}`, httpUrl, bootMs: Date.now() - startedAt, exited, stop };
}
