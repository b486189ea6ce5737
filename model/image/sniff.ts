// The one image sniffer of the project (issue 9 §9): the BFF picks the Content-Type it forwards with
// it and the model server decides what it decodes with it, so both accept exactly the same types.
// The type comes from the first bytes (magic numbers), never from the client's Content-Type or file
// name. These four are what sharp decodes here (a GIF: its first frame).
//   JPEG  FF D8 FF                    ITU T.81 B.1.1.2 (SOI, then a marker)
//   PNG   89 50 4E 47 0D 0A 1A 0A     PNG spec 5.2
//   GIF   "GIF87a" | "GIF89a"         GIF89a spec section 17
//   WebP  "RIFF" <size> "WEBP"        RFC 9649 section 2.4
export const SNIFF_BYTES = 12;

export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

function startsWith(head: Uint8Array, signature: number[], offset = 0): boolean {
  if (head.length < offset + signature.length) return false;
  for (let i = 0; i < signature.length; i++) if (head[offset + i] !== signature[i]) return false;
  return true;
}

const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));

export function sniffImageType(head: Uint8Array): ImageType | null {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(head, ascii('GIF87a')) || startsWith(head, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return 'image/webp';
  return null;
}
