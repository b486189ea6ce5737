/**
 * The static gate on compiled hooks: the file must parse as ECMAScript 5 (acorn), so no syntax the
 * downleveller left behind reaches otto. Builtins otto lacks are caught earlier, by tsconfig.es5.json;
 * regexes otto's RE2 cannot compile, by the real-otto lint in the tests.
 */
import { parse } from 'acorn';

export function es5SyntaxError(code: string): string | undefined {
  try {
    parse(code, { ecmaVersion: 5, sourceType: 'script' });
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
