// Issue 9 §9: the BFF and the model accept the same image types because they share one sniffer
// (model/image/sniff.ts). One contract case per accepted type, through the real BFF into the real
// model: 200 with predictions. An animated GIF is classified by its first frame.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { IMAGE_TYPES, type ImageType } from '../../model/image/sniff';
import { decodeImage } from '../../model/image/decode';
import type { ModelServer } from '../../model/server';
import { startTestBff, type TestBff } from '../bff/helpers/bff';
import { MULTIPART_TYPE, multipartBody } from '../../testkit/bff/multipart';
import { photoLike, solid } from '../../testkit/images';
import { startTestServer } from './helpers/server';

let model: ModelServer;
let bff: TestBff;

before(async () => {
  model = await startTestServer();
  await model.ready;
  bff = await startTestBff({ modelUrl: model.address });
});

after(async () => {
  await bff?.stop();
  await model?.stop();
});

const encoders: Record<ImageType, (img: ReturnType<typeof sharp>) => Promise<Buffer>> = {
  'image/jpeg': (img) => img.jpeg().toBuffer(),
  'image/png': (img) => img.png().toBuffer(),
  'image/gif': (img) => img.gif().toBuffer(),
  'image/webp': (img) => img.webp().toBuffer(),
};

describe('every type the sniffer accepts', () => {
  it('is one of the four with a contract case here', () => {
    assert.deepEqual([...IMAGE_TYPES].sort(), Object.keys(encoders).sort());
  });

  for (const type of IMAGE_TYPES) {
    it(`${type}: the BFF forwards it and the real model classifies it`, async () => {
      const bytes = await encoders[type](await photoLike(320, 240, 31));
      const res = await fetch(`${bff.address}/api/v1/classify`, {
        method: 'POST',
        headers: { 'content-type': MULTIPART_TYPE },
        body: multipartBody([{ name: 'image', filename: 'upload.bin', data: bytes }]),
      });
      const body = (await res.json()) as { model: string; predictions: Array<{ label: string; probability: number }> };
      assert.equal(res.status, 200, JSON.stringify(body));
      assert.equal(body.model, model.pool()!.info.name);
      assert.ok(body.predictions.length > 0);
      for (const p of body.predictions) assert.ok(p.probability >= 0 && p.probability <= 1 && model.pool()!.info.labels.includes(p.label));
    });
  }

  it('an animated GIF is decoded as its first frame', async () => {
    const red = await solid(16, 16, '#ff0000').png().toBuffer();
    const blue = await solid(16, 16, '#0000ff').png().toBuffer();
    const animated = await sharp([red, blue], { join: { animated: true } })
      .gif()
      .toBuffer();
    assert.equal((await sharp(animated).metadata()).pages, 2);
    const d = await decodeImage(animated, { width: 4, height: 4, channels: 3, maxPixels: 1e6 });
    assert.equal(d.type, 'image/gif');
    assert.deepEqual([...d.pixels.subarray(0, 3)], [255, 0, 0]);
  });
});
