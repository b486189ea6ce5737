// The bundle the definition names must exist and its manifest's driver must be the one the
// gateway runs (`otto` for Tyk ≤ 5.14, `javascript` for 5.15's goja): a bundle of the other
// driver loads no hook, and with JSVM hooks failing closed every request is a 500.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readZip } from '../../bundle/zip';
import { problem, type ApiRule } from '../problem';

export const bundleDriverMatches: ApiRule = (context) => {
  const name = context.api?.custom_middleware_bundle;
  if (typeof name !== 'string' || name === '') return [problem(context, 'custom_middleware_bundle', 'missing: no sw-edge bundle, no trace.')];
  const expected = context.api?.custom_middleware?.driver || context.driver;
  let manifest: any;
  try {
    const files = readZip(readFileSync(path.join(context.bundleDir, name)));
    manifest = JSON.parse(Buffer.from(files['manifest.json']).toString('utf8'));
  } catch (error) {
    return [
      problem(
        context,
        'custom_middleware_bundle',
        `${name} cannot be read from ${context.bundleDir} (npm run build writes it): ${error instanceof Error ? error.message : String(error)}.`,
      ),
    ];
  }
  const driver = manifest?.custom_middleware?.driver;
  return driver === expected
    ? []
    : [
        problem(
          context,
          'custom_middleware_bundle',
          `${name} has manifest driver ${JSON.stringify(driver)}, but the definition expects ${JSON.stringify(expected)}.`,
        ),
      ];
};
