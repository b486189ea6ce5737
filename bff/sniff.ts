/**
 * The image type from its first bytes (the client's Content-Type and file name are not trusted).
 * Signatures: JPEG SOI `FF D8 FF` (ITU T.81), PNG (RFC 2083 §3.1), GIF `GIF87a`/`GIF89a`,
 * WebP `RIFF....WEBP` (RFC 9649 §2). These four are what sharp decodes on the model server.
 */
export const SNIFF_BYTES = 12;

export type ImageType = 'image/jpeg' | 'image/png' | 'image/gif' | 'image/webp';

function startsWith(head: Uint8Array, signature: number[], offset = 0): boolean {
  if (head.length < offset + signature.length) return false;
  for (let i = 0; i < signature.length; i++) if (head[offset + i] !== signature[i]) return false;
  return true;
}

const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));

export function sniffImageType(head: Uint8Array): ImageType | undefined {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(head, ascii('GIF87a')) || startsWith(head, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return 'image/webp';
  return undefined;
}
