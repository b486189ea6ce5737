// Bytes → model-sized RGB pixels with sharp (libvips): EXIF orientation applied, libjpeg's
// shrink-on-load for big JPEGs, a pixel limit checked from the header before decoding
// (decompression bombs). An animated GIF gives its first frame (sharp reads one page by default).
// Runs on libuv's thread pool, off the event loop.
import sharp from 'sharp';
import { ModelError } from '../errors';
import { SNIFF_BYTES, sniffImageType, type ImageType } from './sniff';

export interface DecodeOptions {
  width: number;
  height: number;
  channels: 1 | 3;
  maxPixels: number;
}

export interface DecodedImage {
  type: ImageType;
  /** size of the source image, after EXIF rotation */
  sourceWidth: number;
  sourceHeight: number;
  /** width·height·channels bytes, row-major HWC */
  pixels: Uint8Array;
}

export async function decodeImage(bytes: Buffer, opts: DecodeOptions): Promise<DecodedImage> {
  const type = sniffImageType(bytes.subarray(0, SNIFF_BYTES));
  if (!type) throw new ModelError('MODEL_ERR_UNSUPPORTED_TYPE', { detail: { hint: 'the bytes are not JPEG, PNG, GIF or WebP' } });
  let meta: Awaited<ReturnType<ReturnType<typeof sharp>['metadata']>>;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (err) {
    throw new ModelError('MODEL_ERR_CORRUPT_IMAGE', { detail: { reason: conciseReason(err) } });
  }
  const w = meta.width ?? 0;
  const h = meta.height ?? 0;
  if (!(w > 0 && h > 0)) throw new ModelError('MODEL_ERR_CORRUPT_IMAGE', { detail: { reason: 'no image dimensions in the header' } });
  if (w * h > opts.maxPixels) {
    throw new ModelError('MODEL_ERR_TOO_MANY_PIXELS', { detail: { width: w, height: h, pixels: w * h, limit: opts.maxPixels } });
  }
  const swapped = (meta.orientation ?? 1) >= 5;
  try {
    let pipeline = sharp(bytes, { limitInputPixels: opts.maxPixels, failOn: 'error' })
      .rotate() // applies and strips EXIF orientation
      .resize(opts.width, opts.height, { fit: 'fill', fastShrinkOnLoad: true })
      .removeAlpha();
    pipeline = opts.channels === 1 ? pipeline.greyscale() : pipeline.toColourspace('srgb');
    const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== opts.channels || info.width !== opts.width || info.height !== opts.height) {
      throw new Error(`sharp produced ${info.width}x${info.height}x${info.channels}`);
    }
    return {
      type,
      sourceWidth: swapped ? h : w,
      sourceHeight: swapped ? w : h,
      pixels: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    };
  } catch (err) {
    if (err instanceof ModelError) throw err;
    const reason = conciseReason(err);
    if (/pixel limit/i.test(reason)) throw new ModelError('MODEL_ERR_TOO_MANY_PIXELS', { detail: { limit: opts.maxPixels } });
    throw new ModelError('MODEL_ERR_CORRUPT_IMAGE', { detail: { reason } });
  }
}

/** libvips messages are multi-line; the first line says what went wrong, without paths. */
function conciseReason(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.split('\n')[0].slice(0, 200);
}
