/**
 * Issue 4: "a 9 MB upload through a slow model is not buffered". The model stand-in stops reading
 * after 1 MB; the client keeps sending. Once the upload has stalled, the BFF has read far more
 * than the model took (loopback socket buffers hold the rest), yet the process holds no more than
 * a few stream chunks: measured after a forced GC, Buffer memory grows by well under the
 * difference. Then the model reads on and gets every byte.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import vm from 'node:vm';
import { startTestBff } from './helpers/bff';
import { startModelStandIn } from '../../testkit/bff/model-stand-in';
import { PNG_HEAD } from '../../testkit/images';
import { postStream, streamedUpload } from '../../testkit/bff/multipart';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const MB = 1024 * 1024;

function bufferBytes(): number {
  gc();
  gc();
  return process.memoryUsage().arrayBuffers;
}

async function waitUntilStalled(progress: () => number, deadlineMs: number): Promise<number> {
  const until = Date.now() + deadlineMs;
  let last = -1;
  let sameSince = Date.now();
  while (Date.now() < until) {
    const now = progress();
    if (now !== last) {
      last = now;
      sameSince = Date.now();
    } else if (Date.now() - sameSince > 300) return now;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('upload never stalled');
}

test('a 9 MB upload through a stalled model is streamed, not held in the BFF', async () => {
  const model = await startModelStandIn({ keepBody: false, stallAfterBytes: MB });
  const bff = await startTestBff({ modelUrl: model.url });
  try {
    const size = 9 * MB;
    let produced = 0;
    const baseline = bufferBytes();
    const answer = postStream(
      `${bff.address}/api/v1/classify`,
      streamedUpload('image', PNG_HEAD, size, (n) => (produced = n)),
    );
    await waitUntilStalled(() => produced + model.bytesRead(), 10_000);
    const held = bufferBytes() - baseline;
    const modelRead = model.bytesRead();
    assert.ok(modelRead <= MB + 128 * 1024, `model stalled at ${modelRead}`);
    assert.ok(
      held < 2 * MB,
      `Buffer memory grew by ${(held / MB).toFixed(2)} MB while ${(produced / MB).toFixed(1)} MB were produced and the model read ${(modelRead / MB).toFixed(1)} MB`,
    );
    model.release();
    const res = await answer;
    assert.equal(res.status, 200);
    assert.equal(model.received.at(-1)?.bytes, size);
  } finally {
    await bff.stop();
    await model.close();
  }
});
