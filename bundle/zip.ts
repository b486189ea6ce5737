/**
 * Zip archives that come out byte-identical from the same inputs: fixed entry order, fixed
 * timestamps, fixed compression level. Tyk caches a bundle by name forever, so the same version must
 * never mean two different archives.
 */
import { unzipSync, zipSync, type Zippable } from 'fflate';

// Zip stores local time (DOS date); a Date built from local fields gives the same bytes in any TZ.
const FIXED_MTIME = new Date(2000, 0, 1, 0, 0, 0);

export function writeZip(entries: readonly { name: string; bytes: Uint8Array }[]): Uint8Array {
  const files: Zippable = {};
  for (const entry of entries) files[entry.name] = [entry.bytes, { mtime: FIXED_MTIME, level: 9 }];
  return zipSync(files);
}

/** Entry name → bytes; throws when the archive cannot be read. */
export function readZip(archive: Uint8Array): { [name: string]: Uint8Array } {
  return unzipSync(archive);
}

/** Entry names in archive order: Tyk expects manifest.json last, as `tyk bundle build` writes it. */
export function zipEntryNames(archive: Uint8Array): string[] {
  const names: string[] = [];
  unzipSync(archive, {
    filter: (file) => {
      names.push(file.name);
      return false;
    },
  });
  return names;
}
