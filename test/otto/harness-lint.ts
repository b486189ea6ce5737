// `otto-harness -lint`: the regex and load gate for files meant for Tyk's otto.
import { runToEnd, TYKJS_PATH, type ProcessResult } from './harness-binary';

/**
 * `-lint`: parses each file with otto's parser, compiles every regex literal
 * and every RegExp("…") / new RegExp("…") with a string-literal pattern the
 * way otto does, then loads the files in order in one VM. Status 0 and one
 * `otto-lint OK: …` line, or status 1 and one `file:line:col: reason` line
 * per problem.
 */
export function lintFiles(files: string[], opts: { tykjs?: string } = {}): Promise<ProcessResult> {
  return runToEnd(['-lint', '-tykjs', opts.tykjs ?? TYKJS_PATH, ...files], 60_000);
}
