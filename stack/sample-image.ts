/**
 * A photo-like JPEG for the README's curl (also docs/compose.md): no image ships in the repo and nothing may be downloaded,
 * so `npm start` draws one (sky gradient, sun, hills) with sharp.
 */
import sharp from 'sharp';

export async function writeSampleImage(file: string): Promise<void> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1024" height="768">
  <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#3b6fb6"/><stop offset="1" stop-color="#f3c98b"/></linearGradient></defs>
  <rect width="1024" height="768" fill="url(#sky)"/>
  <circle cx="760" cy="230" r="90" fill="#ffe38a"/>
  <path d="M0 560 Q 260 420 520 540 T 1024 500 V 768 H 0 Z" fill="#3f7d3a"/>
  <path d="M0 640 Q 300 560 640 650 T 1024 620 V 768 H 0 Z" fill="#2d5e2a"/>
</svg>`;
  await sharp(Buffer.from(svg)).jpeg({ quality: 88 }).toFile(file);
}
