/**
 * `npm start`: collector (unless SW_OAP_HTTP_URL points at a real OAP), model server, BFF and the
 * local Tyk edge, each in its own process on design.md's ports; then what to paste.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { spawnService, waitReady, type RunningChild } from './child-service';
import { writeSampleImage } from './sample-image';
import { DEFAULT_PORTS, planStack } from './services';

const DIST_NODE = path.resolve(__dirname, '..');
const REPO_ROOT = path.resolve(DIST_NODE, '..', '..');

async function main(): Promise<void> {
  const plan = planStack(process.env);
  const running: RunningChild[] = [];
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const service of [...running].reverse()) await service.stop();
    process.exit(code);
  };
  process.once('SIGINT', () => void stopAll(0));
  process.once('SIGTERM', () => void stopAll(0));

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
  const traces = plan.externalOap ? `your OAP's UI (traces are sent to ${plan.oapHttpUrl})` : `http://127.0.0.1:${DEFAULT_PORTS.collectorHttp}/`;
  console.log(
    [
      '',
      'stack     | ready. Classify an image through the edge:',
      `stack     |   curl -si -F image=@${path.relative(process.cwd(), sample)} http://127.0.0.1:${DEFAULT_PORTS.edge}/inference/api/v1/classify`,
      `stack     | traces: ${traces}`,
      'stack     | terminal waterfall of the newest trace: npm run trace -- --last',
      'stack     | Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
