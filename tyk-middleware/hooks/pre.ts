/**
 * `swEdgePre`: the pre hook (before auth and rate limits). Steps 1–6 of the header contract (docs/architecture.md):
 * drop client-sent edge headers, continue or restart the client's trace, mint the edge segment, and
 * hand the upstream a valid sw8 plus the edge headers the BFF turns into the gateway's segment.
 */
import { EDGE_EXIT_SPAN_ID, EDGE_HEADER_PREFIX, EDGE_HEADERS, SW8_HEADER } from '../../trace/edge-headers';
import { mintId, mixEntropy } from '../../trace/ids';
import { tykBase64 } from '../../trace/platform/tyk-base64';
import { escapeToPrintableAscii } from '../../trace/printable-ascii';
import { formatSw8, parseSw8 } from '../../trace/sw8';
import type { TykRequest } from '../tyk-contract';
import { readEdgeConfig } from './edge-config';
import { exportMiddleware } from './export-middleware';
import { headerNamesWithPrefix, headerReader, readHeader } from './headers';
import { defineHook } from './tyk-hook';

/** OAP truncates endpoint names at 150 characters; a longer one must not push sw8 past 2 KB. */
const MAX_ENDPOINT_LENGTH = 150;

// otto: evaluated once when Tyk loads the file into the API's base VM, then carried into every per-request
// copy; goja: evaluated on every call (a fresh runtime replays the file). Either way it tells apart
// gateways whose Math.random was seeded in the same second but loaded at another ms.
// An integer below 2^53: milliseconds in the high bits, 12 random bits below.
const LOAD_NONCE = Date.now() * 4096 + Math.floor(Math.random() * 4096);

/** The path as the gateway received it (listen path included), without the query. */
function requestPath(request: TykRequest): string {
  const raw = typeof request.RequestURI === 'string' && request.RequestURI !== '' ? request.RequestURI : String(request.URL || '/');
  const query = raw.indexOf('?');
  return query === -1 ? raw : raw.slice(0, query);
}

exportMiddleware(
  defineHook('swEdgePre', function (request, spec, edits, complaints) {
    const now = Date.now();
    const base64 = tykBase64();
    const headers = headerReader(request.Headers);
    const config = readEdgeConfig(spec, complaints);
    const apiId = spec && typeof spec.APIID === 'string' ? spec.APIID : '';

    edits.remove = headerNamesWithPrefix(headers, EDGE_HEADER_PREFIX);

    const incoming = readHeader(headers, 'Sw8');
    let parentTraceId = '';
    if (incoming !== undefined) {
      const parsed = parseSw8(incoming, base64);
      if (!parsed.ok) complaints.push('incoming sw8 is invalid (' + parsed.reason + ': ' + parsed.detail + '); starting a new trace');
      else if (config.sw8Incoming === 'continue') parentTraceId = parsed.context.traceId;
    }

    const method = typeof request.Method === 'string' && request.Method !== '' ? request.Method : 'GET';
    // Escaped: a raw non-ASCII path would make an sw8 that the BFF, rightly, refuses.
    const endpoint = escapeToPrintableAscii(method + ':' + requestPath(request)).slice(0, MAX_ENDPOINT_LENGTH);
    const entropy = mixEntropy(
      [now, LOAD_NONCE],
      config.instance +
        '|' +
        (readHeader(headers, 'Content-Length') || '') +
        '|' +
        (readHeader(headers, 'X-Forwarded-For') || '') +
        '|' +
        (readHeader(headers, 'User-Agent') || '') +
        '|' +
        apiId +
        '|' +
        endpoint +
        '|' +
        (incoming || ''),
    );
    const traceId = parentTraceId !== '' ? parentTraceId : mintId(Math.random, entropy, 1);
    const segmentId = mintId(Math.random, entropy, 2);

    edits.set[SW8_HEADER] = formatSw8(
      {
        sample: '1',
        traceId: traceId,
        parentSegmentId: segmentId,
        parentSpanId: EDGE_EXIT_SPAN_ID,
        parentService: config.service,
        parentServiceInstance: config.instance,
        parentEndpoint: endpoint,
        networkAddressUsedAtPeer: config.upstreamPeer,
      },
      base64,
    );
    edits.set[EDGE_HEADERS.start] = String(now);
    edits.set[EDGE_HEADERS.api] = apiId;
    edits.set[EDGE_HEADERS.traceId] = traceId;
    if (parentTraceId !== '' && incoming !== undefined) edits.set[EDGE_HEADERS.parent] = incoming;
    if (config.edgeSecret !== '') edits.set[EDGE_HEADERS.key] = config.edgeSecret;
  }),
);
