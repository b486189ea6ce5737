// A middleware file as a bundle manifest lists it: its path and the handler names its hooks give.
// otto loads every file into one global namespace and ignores the names; Tyk's goja driver wraps each
// file and exports only those names, so the goja harness needs them (`-file name1,name2=path`).
import type { EngineName } from './engines';

/** A bare path: a file with no manifest names (otto, or a support script goja loads unwrapped). */
export type MiddlewareFile = string | { path: string; hooks: string[] };

export const filePath = (file: MiddlewareFile): string => (typeof file === 'string' ? file : file.path);

/** The `-file`/lint arguments for one engine. */
export function fileArgs(engine: EngineName, files: readonly MiddlewareFile[]): string[] {
  return files.map((file) =>
    engine === 'goja' && typeof file !== 'string' && file.hooks.length > 0 ? `${file.hooks.join(',')}=${file.path}` : filePath(file),
  );
}
