// GET /healthz every `everyMs` for `durationMs` on one keep-alive connection, in its own process so
// the load generator's event loop does not delay it. Prints the sorted latencies (ms) as JSON.
import http from 'node:http';

async function main(): Promise<void> {
  const [address, durationMs, everyMs] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4] ?? 10)];
  const url = new URL(address);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const samples: number[] = [];
  process.stdout.write('start\n'); // the caller starts its load now, after our own start-up
  const until = performance.now() + durationMs;
  while (performance.now() < until) {
    const t = performance.now();
    await new Promise<void>((resolve, reject) => {
      http
        .get({ agent, host: url.hostname, port: url.port, path: '/healthz' }, (res) => {
          res.resume();
          res.on('end', () => resolve());
        })
        .on('error', reject);
    });
    samples.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, everyMs));
  }
  agent.destroy();
  process.stdout.write(`${JSON.stringify(samples.sort((a, b) => a - b))}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
