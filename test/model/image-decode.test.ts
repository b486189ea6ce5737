import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { decodeImage } from '../../model/image/decode';
import { sniffImageType } from '../../model/image/sniff';
import type { ModelError } from '../../model/errors';
import { gradient, shapes, solid } from '../../testkit/images';

const OPTS = { width: 224, height: 224, channels: 3 as const, maxPixels: 40_000_000 };

function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d += Math.abs(a[i] - b[i]);
  return d / a.length;
}

describe('image decode', () => {
  it('applies EXIF orientation: a portrait file tagged 6 decodes like the upright picture', async () => {
    const upright = await shapes(400, 200).png().toBuffer();
    const plain = await decodeImage(await sharp(upright).jpeg({ quality: 95 }).toBuffer(), OPTS);
    const storedPixels = sharp(upright).rotate(-90).jpeg({ quality: 95 });
    const tagged = await decodeImage(await storedPixels.clone().withMetadata({ orientation: 6 }).toBuffer(), OPTS);
    const untagged = await decodeImage(await storedPixels.clone().toBuffer(), OPTS);
    assert.deepEqual([tagged.sourceWidth, tagged.sourceHeight], [400, 200]);
    assert.deepEqual([untagged.sourceWidth, untagged.sourceHeight], [200, 400]);
    assert.ok(meanAbsDiff(tagged.pixels, plain.pixels) < 5, 'rotated back');
    assert.ok(meanAbsDiff(untagged.pixels, plain.pixels) > 20, 'control: without the tag the picture differs');
  });

  it('gives model-sized RGB for greyscale and RGBA inputs', async () => {
    const grey = await decodeImage(await gradient(50, 40).greyscale().png().toBuffer(), OPTS);
    const rgba = await decodeImage(
      await sharp({ create: { width: 30, height: 30, channels: 4, background: { r: 10, g: 200, b: 30, alpha: 0.5 } } })
        .png()
        .toBuffer(),
      OPTS,
    );
    assert.equal(grey.pixels.length, 224 * 224 * 3);
    assert.equal(rgba.pixels.length, 224 * 224 * 3);
    for (const [i, v] of [10, 200, 30].entries()) assert.ok(Math.abs(rgba.pixels[i] - v) <= 2, `channel ${i}: ${rgba.pixels[i]}`);
  });

  it('converts 16-bit PNG to 8-bit sRGB', async () => {
    const png16 = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#804020' } })
      .toColourspace('rgb16')
      .png()
      .toBuffer();
    assert.equal((await sharp(png16).metadata()).depth, 'ushort');
    const d = await decodeImage(png16, OPTS);
    assert.equal(d.pixels.length, 224 * 224 * 3);
    assert.deepEqual([...d.pixels.subarray(0, 3)], [0x80, 0x40, 0x20]);
  });

  it('rejects too many pixels from the header alone', async () => {
    const big = await solid(3000, 3000, '#000').png().toBuffer();
    await assert.rejects(decodeImage(big, { ...OPTS, maxPixels: 1_000_000 }), (e: ModelError) => e.code === 'MODEL_ERR_TOO_MANY_PIXELS');
  });

  it('sniffs JPEG, PNG, GIF and WebP magic numbers and nothing else', async () => {
    assert.equal(sniffImageType(await solid(4, 4, 'red').jpeg().toBuffer()), 'image/jpeg');
    assert.equal(sniffImageType(await solid(4, 4, 'red').png().toBuffer()), 'image/png');
    assert.equal(sniffImageType(await solid(4, 4, 'red').gif().toBuffer()), 'image/gif');
    assert.equal(sniffImageType(Buffer.from('GIF87a')), 'image/gif');
    assert.equal(sniffImageType(await solid(4, 4, 'red').webp().toBuffer()), 'image/webp');
    assert.equal(sniffImageType(Buffer.from('GIF88a')), null);
    assert.equal(sniffImageType(Buffer.from('RIFF\0\0\0\0WAVE')), null);
    assert.equal(sniffImageType(new Uint8Array(0)), null);
  });
});
