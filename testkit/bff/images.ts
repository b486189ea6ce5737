/** Minimal byte strings that pass (or fail) the BFF's magic-byte sniff. Not decodable images: the stand-in never decodes. */
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
