// Issue 9 §5: the share of fast requests served while 70 clients upload at 200 bytes/s (more than
// the 64 queue places), for this tree and, in the same run, another checkout given as argument
// (e.g. a snapshot of main: `git archive main | tar -x -C /tmp/main && ln -s $PWD/node_modules
// /tmp/main/`). In-process servers with default settings and one worker; agent off.
//   npx tsx bench/model/slow-uploads.ts [/path/to/other/checkout]
import path from 'node:path';
import type { ModelServer, StartOptions } from '../../model/server';
import { jpeg, photoLike } from '../../testkit/images';
import { post, trickle } from '../../testkit/raw-http';
import { percentile } from '../lib/stats';

const SLOW = 70;
const WINDOW_MS = 4000; // inside the default 5 s grace of MODEL_BODY_MIN_RATE: every slow upload is still going

async function measure(root: string): Promise<{ served: number; total: number; p50: number; p95: number }> {
  const { start } = require(path.join(root, 'model', 'server')) as { start: (o: StartOptions) => Promise<ModelServer> };
  const { createLogger } = require(path.join(root, 'model', 'logger')) as { createLogger: (level: string) => StartOptions['logger'] };
  const server = await start({ port: 0, workers: 1, logger: createLogger('silent'), env: {} });
  await server.ready;
  const image = await jpeg(photoLike(320, 240, 61));
  const slow = Array.from({ length: SLOW }, () => trickle(server.address, image, { chunk: 50, everyMs: 250 }).catch(() => null));
  await new Promise((r) => setTimeout(r, 500)); // every slow upload has started
  const statuses: number[] = [];
  const ms: number[] = [];
  const until = performance.now() + WINDOW_MS;
  while (performance.now() < until) {
    const t = performance.now();
    statuses.push((await post(server.address, image)).status);
    ms.push(performance.now() - t);
  }
  const stopped = server.stop(); // closes the slow connections after the drain limit at the latest
  await Promise.race([Promise.all(slow), new Promise((r) => setTimeout(r, 15_000))]);
  await stopped;
  return { served: statuses.filter((s) => s === 200).length, total: statuses.length, p50: percentile(ms, 50), p95: percentile(ms, 95) };
}

async function main(): Promise<void> {
  const roots: Array<[string, string]> = [['this tree', path.join(__dirname, '..', '..')]];
  if (process.argv[2]) roots.push(['baseline', path.resolve(process.argv[2])]);
  const results: Record<string, { served: number; total: number; p50: number; p95: number }> = {};
  for (const [name, root] of roots) {
    const r = await measure(root);
    results[name] = r;
    console.log(
      `${name}: fast requests served during ${SLOW} slow uploads: ${r.served}/${r.total} (${((100 * r.served) / Math.max(1, r.total)).toFixed(1)} %), ` +
        `latency median ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms`,
    );
  }
  if (results.baseline)
    console.log(
      `served ratio this tree / baseline: ${(results['this tree'].served / Math.max(1, results.baseline.served)).toFixed(1)}× (baseline served ${results.baseline.served})`,
    );
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
