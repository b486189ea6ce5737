/**
 * The headers the Tyk edge hands to the upstream (docs/architecture.md, "Header contract"). Pre mints them,
 * post adds its timestamp, the BFF turns them into the gateway's own segment. Lowercase, as Node
 * presents them; Tyk canonicalises names on the wire (`X-Sw-Edge-Start`), which HTTP ignores.
 */
export const SW8_HEADER = 'sw8';

/**
 * The edge's exit span id in its own segment: pre writes it into sw8 field 4, the BFF refuses an
 * sw8 naming any other span as not the edge's, and the edge segment gives its Exit span this id.
 */
export const EDGE_EXIT_SPAN_ID = 1;

export const EDGE_HEADER_PREFIX = 'x-sw-edge-';

export const EDGE_HEADERS = {
  /** `Date.now()` when pre ran: the start of the gateway's entry span. */
  start: 'x-sw-edge-start',
  /** `Date.now()` when post ran: auth, quotas and transforms are done; the upstream call starts. */
  post: 'x-sw-edge-post',
  /** Tyk's API id. */
  api: 'x-sw-edge-api',
  /** The plain trace id, for response header injection and logs. */
  traceId: 'x-sw-edge-trace-id',
  /** The client's own valid sw8 when the edge continued its trace: the gateway segment's ref. */
  parent: 'x-sw-edge-parent',
  /** The shared secret the BFF checks before it trusts any of these headers. */
  key: 'x-sw-edge-key',
} as const;
