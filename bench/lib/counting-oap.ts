/**
 * A pass-through in front of the collector's HTTP port that counts, per path, the POSTs the BFF
 * makes and the items (JSON array entries) in them: segments per POST and log lines per POST of
 * any build, whether or not it exposes such metrics itself.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PathCount {
  posts: number;
  items: number;
}

export interface CountingOap {
  url: string;
  counts: Map<string, PathCount>;
  close(): Promise<void>;
}

export async function startCountingOap(collectorHttpUrl: string): Promise<CountingOap> {
  const counts = new Map<string, PathCount>();
  const target = new URL(collectorHttpUrl);
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (req.method === 'POST') {
        const count = counts.get(req.url ?? '') ?? { posts: 0, items: 0 };
        count.posts++;
        try {
          const parsed = JSON.parse(body.toString('utf8'));
          count.items += Array.isArray(parsed) ? parsed.length : 1;
        } catch {
          /* counted as a POST without items */
        }
        counts.set(req.url ?? '', count);
      }
      const forward = http.request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers, agent }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      forward.on('error', () => res.destroy());
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
