/**
 * `npm run build:web`: bundles the trace page's typed browser code (collector/web/page/main.ts and
 * the span tree it shares with the CLI and the doctor) into one script the collector inlines in
 * its page. A modern-browser target: the page is for whoever runs the collector, not for Tyk's VM.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { TRACE_PAGE_SCRIPT } from './page';

async function main(): Promise<void> {
  mkdirSync(path.dirname(TRACE_PAGE_SCRIPT), { recursive: true });
  const result = await build({
    entryPoints: [path.join(__dirname, 'page', 'main.ts')],
    outfile: TRACE_PAGE_SCRIPT,
    bundle: true,
    format: 'iife',
    target: 'es2020',
    platform: 'browser',
    minify: false,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  });
  const bytes = Object.values(result.metafile.outputs)[0]?.bytes ?? 0;
  console.log(`built ${path.relative(process.cwd(), TRACE_PAGE_SCRIPT)} (${bytes} bytes)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
