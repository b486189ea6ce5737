// `-lint`: the load gate for files meant for one of Tyk's JS engines.
import { TYKJS_PATH, type EngineName } from './engines';
import { fileArgs, type MiddlewareFile } from './middleware-file';
import { runToEnd, type ProcessResult } from './harness-binary';

/**
 * otto: parses each file with otto's parser, compiles every regex literal and every RegExp("…") /
 * new RegExp("…") with a string-literal pattern the way otto does, then loads the files in order in one
 * VM; status 0 and one `otto-lint OK: …` line, or status 1 and one `file:line:col: reason` line per problem.
 * goja: compiles each file, replays them on a fresh runtime with no Go API (as every call does), and
 * checks each file's handler names are exported with a DoProcessRequest; `goja-lint OK: …` or one line per problem.
 */
export function lintFiles(files: MiddlewareFile[], opts: { engine?: EngineName; tykjs?: string } = {}): Promise<ProcessResult> {
  const engine = opts.engine ?? 'otto';
  return runToEnd(engine, ['-lint', '-tykjs', opts.tykjs ?? TYKJS_PATH, ...fileArgs(engine, files)], 60_000);
}
