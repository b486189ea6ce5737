// The trace page served at GET / and GET /trace/:traceId on the collector's HTTP port.
import { PAGE_CSS } from './page-style';
import { PAGE_SCRIPT } from './page-script';

export const TRACE_PAGE_HTML = `<!doctype html>
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
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
