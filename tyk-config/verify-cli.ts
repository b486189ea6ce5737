/**
 * `npm run verify:tyk -- [--bundle-dir DIR] [--template-dir DIR] [--driver otto|javascript] FILES…`
 * Prints each problem as `file: field: message`; exit 1 when there is any, 2 on bad usage.
 */
import path from 'node:path';
import { checkApiDefinition } from './check';

const ROOT = path.resolve(__dirname, '..');

export function runVerifyTyk(argv: string[], out: (line: string) => void): number {
  const options = { bundleDir: path.join(ROOT, 'dist', 'bundle'), templateDir: path.join(ROOT, 'deploy', 'tyk', 'templates'), driver: 'otto' };
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--bundle-dir' || flag === '--template-dir' || flag === '--driver') {
      const value = argv[++i];
      if (value === undefined) {
        out(`verify:tyk: ${flag} needs a value`);
        return 2;
      }
      if (flag === '--bundle-dir') options.bundleDir = path.resolve(value);
      else if (flag === '--template-dir') options.templateDir = path.resolve(value);
      else options.driver = value;
    } else files.push(flag);
  }
  if (files.length === 0) {
    out('usage: npm run verify:tyk -- [--bundle-dir DIR] [--template-dir DIR] [--driver otto|javascript] API_DEFINITION.json…');
    return 2;
  }
  let refused = 0;
  for (const file of files) {
    const problems = checkApiDefinition(file, options);
    if (problems.length === 0) out(`ok ${file}`);
    for (const p of problems) out(`${p.file}: ${p.field}: ${p.message}`);
    refused += problems.length;
  }
  if (refused > 0) out(`verify:tyk: ${refused} problem${refused === 1 ? '' : 's'}`);
  return refused > 0 ? 1 : 0;
}

if (require.main === module) process.exitCode = runVerifyTyk(process.argv.slice(2), (line) => console.log(line));
