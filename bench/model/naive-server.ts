// The baseline of bench/model.ts: the original service's design, in Node. Same optimised model and
// backend, but inference runs on the HTTP thread, one request at a time, no batching, no workers.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeImage } from '../../model/image/decode';
import { loadModel } from '../../model/pool/load-model';
import { topK } from '../../model/http/top-k';

async function main(): Promise<void> {
  const { classifier, info } = await loadModel({ modelDir: null, modelName: null, backend: process.env.TF_BACKEND ?? '', fold: true, inputRange: [0, 1] });
  const [h, w] = info.inputShape;
  let chain: Promise<unknown> = Promise.resolve();
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/healthz') {
      res.setHeader('Content-Type', 'application/json');
      res.end('{"status":"ok"}');
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      // one at a time, like a single-threaded Flask worker
      chain = chain.then(async () => {
        try {
          const img = await decodeImage(Buffer.concat(chunks), { width: w, height: h, channels: 3, maxPixels: 40e6 });
          const r = await classifier.predict([img.pixels]);
          res.setHeader('Content-Type', 'application/json');
          res.end(JSON.stringify({ model: info.name, backend: info.backend, predictions: topK(r.probabilities[0], info.labels, 3) }));
        } catch (err) {
          res.statusCode = 500;
          res.end(JSON.stringify({ code: 'NAIVE_ERR', error: String(err) }));
        }
      });
    });
  });
  server.listen(0, '127.0.0.1', () => {
    console.log(JSON.stringify({ msg: 'naive ready', address: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, backend: info.backend }));
  });
  process.on('SIGTERM', () => process.exit(0));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
