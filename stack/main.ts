/**
 * `npm start`: the model server, the BFF and the local Tyk edge, each in its own process on
 * the ports of docs/architecture.md, and where their traces go (backend.ts): the embedded collector, the real OAP
 * (`npm start -- --oap`) or an OAP already running; then what to paste.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { start as startOap, type RunningOap } from '../oap/server';
import { spawnService, waitReady, type RunningChild } from './child-service';
import { writeSampleImage } from './sample-image';
import { DEFAULT_PORTS, planStack } from './services';
import { REPO_ROOT } from '../service-kit/repo-paths';

const DIST_NODE = path.resolve(__dirname, '..');

const TRACES_AT = {
  embedded: (url: string) => `${url}/ (the embedded collector's trace page)`,
  oap: (url: string) => `the real OAP 10.1.0 at ${url} (GraphQL ${url}/graphql)`,
  external: (url: string) => `your OAP at ${url} (its UI shows them)`,
};

async function main(): Promise<void> {
  const plan = planStack(process.env, DEFAULT_PORTS, { realOap: process.argv.includes('--oap') });
  for (const warning of plan.backend.warnings) console.warn(`stack     | ${warning}`);
  const running: RunningChild[] = [];
  let oap: RunningOap | undefined;
  const booting = new AbortController();
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    booting.abort();
    for (const service of [...running].reverse()) await service.stop();
    await oap?.stop();
    process.exit(code);
  };
  process.once('SIGINT', () => void stopAll(0));
  process.once('SIGTERM', () => void stopAll(0));

  if (plan.backend.kind === 'oap') {
    console.log(`stack     | starting the real OAP (waiting for GraphQL at ${plan.oapHttpUrl}; 15-40 s)`);
    try {
      oap = await startOap({
        grpcPort: DEFAULT_PORTS.collectorGrpc,
        httpPort: DEFAULT_PORTS.collectorHttp,
        // OAP's INFO boot log is ~150 lines; warnings and errors are what a user acts on.
        properties: { SW_OAP_LOG_LEVEL: 'WARN' },
        print: (line) => console.log(`oap       | ${line}`),
        signal: booting.signal,
      });
    } catch (error) {
      if (!stopping) console.error(`stack     | ${error instanceof Error ? error.message : String(error)}`);
      return stopAll(1);
    }
    console.log(`stack     | OAP ready in ${(oap.bootMs / 1000).toFixed(1)} s`);
    void oap.exited.then((code) => {
      if (!stopping) {
        console.error(`stack     | OAP exited (${code}); stopping the stack`);
        void stopAll(1);
      }
    });
  }

  for (const service of plan.services) {
    console.log(`stack     | starting ${service.name} (waiting for ${service.readyUrl})`);
    const child = spawnService(service, DIST_NODE, (line) => console.log(line));
    running.push(child);
    child.child.once('exit', (code, signal) => {
      if (!stopping) {
        console.error(`stack     | ${service.name} exited (${code ?? signal}); stopping the stack`);
        void stopAll(1);
      }
    });
    try {
      await waitReady(child, service.readyUrl, service.readyTimeoutMs);
    } catch (error) {
      console.error(`stack     | ${error instanceof Error ? error.message : String(error)}`);
      await stopAll(1);
      return;
    }
  }

  const sample = path.join(REPO_ROOT, 'dist', 'sample.jpg');
  mkdirSync(path.dirname(sample), { recursive: true });
  await writeSampleImage(sample);
  console.log(
    [
      '',
      'stack     | ready. Classify an image through the edge:',
      `stack     |   curl -si -F image=@${path.relative(process.cwd(), sample)} http://127.0.0.1:${DEFAULT_PORTS.edge}/inference/api/v1/classify`,
      'stack     | a request the gateway refuses (traced from its webhook):',
      `stack     |   curl -si -H 'Authorization: wrong-key' http://127.0.0.1:${DEFAULT_PORTS.edge}/keyed/api/v1/classify`,
      `stack     | traces: ${TRACES_AT[plan.backend.kind](plan.oapHttpUrl)}`,
      `stack     | terminal waterfall of the newest trace: ${plan.oapHttpUrl === `http://127.0.0.1:${DEFAULT_PORTS.collectorHttp}` ? '' : `SW_OAP_HTTP_URL=${plan.oapHttpUrl} `}npm run trace -- --last`,
      'stack     | Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(`stack     | ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
