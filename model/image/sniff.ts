// Image type from the first bytes (magic numbers), never from the client's Content-Type.
// JPEG: FF D8 FF (JFIF/EXIF, ITU T.81 B.1.1.2); PNG: 89 50 4E 47 0D 0A 1A 0A (PNG spec 5.2);
// WebP: "RIFF" <size> "WEBP" (RFC 9649 section 2.4).
export type ImageType = 'jpeg' | 'png' | 'webp';

export function sniffImageType(head: Uint8Array): ImageType | null {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (head.length >= 8 && png.every((b, i) => head[i] === b)) return 'png';
  if (
    head.length >= 12 &&
    String.fromCharCode(head[0], head[1], head[2], head[3]) === 'RIFF' &&
    String.fromCharCode(head[8], head[9], head[10], head[11]) === 'WEBP'
  ) {
    return 'webp';
  }
  return null;
}
