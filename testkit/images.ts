// Images for tests and benchmarks, made at run time (no fixtures on disk): real ones drawn with
// sharp (varied content, formats and sizes), and byte strings that only pass (or fail) a magic-byte
// sniff, for where nothing decodes them (the BFF in front of the model stand-in).
import sharp from 'sharp';

/** Minimal byte strings that pass (or fail) the magic-byte sniff. Not decodable images. */
export const PNG_HEAD = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
export const JPEG_HEAD = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1]);
export const GIF_HEAD = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00', 'latin1');
export const WEBP_HEAD = Buffer.from('RIFF\x24\x00\x00\x00WEBPVP8 ', 'latin1');
export const TEXT_FILE = Buffer.from('hello, this is not an image\n');

export function fakePng(size: number): Buffer {
  const buf = Buffer.alloc(size, 7);
  PNG_HEAD.copy(buf, 0);
  return buf;
}

type Img = ReturnType<typeof sharp>;

/** Deterministic pseudo-random bytes (mulberry32), so every run sees the same "noise". */
export function noiseBytes(n: number, seed: number): Buffer {
  let a = seed >>> 0;
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
  }
  return out;
}

export function solid(width: number, height: number, color: string): Img {
  return sharp({ create: { width, height, channels: 3, background: color } });
}

export function gradient(width: number, height: number): Img {
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      raw[i] = Math.round((255 * x) / (width - 1));
      raw[i + 1] = Math.round((255 * y) / (height - 1));
      raw[i + 2] = 255 - raw[i];
    }
  }
  return sharp(raw, { raw: { width, height, channels: 3 } });
}

export function noise(width: number, height: number, seed: number): Img {
  return sharp(noiseBytes(width * height * 3, seed), { raw: { width, height, channels: 3 } });
}

export function shapes(width: number, height: number): Img {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="100%" height="100%" fill="#f4f1e8"/>
    <circle cx="${width * 0.3}" cy="${height * 0.4}" r="${Math.min(width, height) * 0.2}" fill="#d33"/>
    <rect x="${width * 0.55}" y="${height * 0.2}" width="${width * 0.3}" height="${height * 0.5}" fill="#236" transform="rotate(12 ${width / 2} ${height / 2})"/>
    <polygon points="${width * 0.1},${height * 0.9} ${width * 0.5},${height * 0.6} ${width * 0.9},${height * 0.95}" fill="#2a7"/>
  </svg>`;
  return sharp(Buffer.from(svg));
}

/** Photo-like: smooth gradient "sky", blurred noise "texture", a skin-tone blob. */
export async function photoLike(width: number, height: number, seed: number): Promise<Img> {
  const base = await gradient(width, height).png().toBuffer();
  const texture = await noise(width, height, seed).blur(6).png().toBuffer();
  const blob = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><ellipse cx="${width / 2}" cy="${height / 2}" rx="${width / 4}" ry="${height / 3}" fill="#e0ac8a" fill-opacity="0.8"/></svg>`,
  );
  const composed = await sharp(base)
    .composite([{ input: texture, blend: 'overlay' }, { input: blob }])
    .png()
    .toBuffer();
  return sharp(composed).blur(1.5);
}

export async function jpeg(img: Img | Promise<Img>, quality = 85): Promise<Buffer> {
  return (await img).jpeg({ quality }).toBuffer();
}

/** A landscape (sky of `hue`, sun, hills) as a JPEG: what a user would upload, and varied by `hue`. */
export function landscapeJpeg(width = 640, height = 480, hue = 200): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="100%" height="100%" fill="hsl(${hue},55%,60%)"/>
    <circle cx="${width * 0.7}" cy="${height * 0.3}" r="${height * 0.12}" fill="#ffe38a"/>
    <path d="M0 ${height * 0.7} Q ${width * 0.3} ${height * 0.55} ${width * 0.6} ${height * 0.7} T ${width} ${height * 0.65} V ${height} H 0 Z" fill="#3f7d3a"/></svg>`;
  return jpeg(sharp(Buffer.from(svg)));
}
