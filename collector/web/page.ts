// The trace page served at GET / and GET /trace/:traceId on the collector's HTTP port: this HTML
// with the bundled script of collector/web/page/ inlined (`npm run build:web` writes it).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../service-kit/repo-paths';
import { PAGE_CSS } from './page-style';

export const TRACE_PAGE_SCRIPT = path.join(REPO_ROOT, 'dist', 'web', 'trace-page.js');

let html: string | undefined;

/** Read once; a collector started without the bundle fails at start, saying how to make it. */
export function tracePageHtml(): string {
  if (html !== undefined) return html;
  if (!existsSync(TRACE_PAGE_SCRIPT))
    throw new Error(`the trace page's script ${TRACE_PAGE_SCRIPT} is missing: run npm run build:web (npm run build does it too)`);
  // A `</script>` inside the bundle would end the inline script early.
  const script = readFileSync(TRACE_PAGE_SCRIPT, 'utf8').replace(/<\/script/gi, '<\\/script');
  html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Traces · sw-edge-trace collector</title>
<style>${PAGE_CSS}</style>
</head>
<body>
<header><h1><a href="#/">sw-edge-trace collector</a></h1><span>recent traces, waterfalls, trace doctor</span><span class="stats" id="stats"></span></header>
<main id="main">Loading…</main>
<script>${script}</script>
</body>
</html>
`;
  return html;
}
