/** Edge headers as the Tyk pre/post hooks send them (docs/architecture.md "Header contract"). */
import { formatSw8, type Sw8Context } from '../../../trace/sw8';
import { nodeBase64 } from '../../../trace/platform/node-base64';

export const EDGE_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
export const EDGE_SEGMENT_ID = '00f067aa0ba902b700f067aa0ba902b7';
export const CLIENT_SEGMENT_ID = 'a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1';

export function edgeSw8(overrides: Partial<Sw8Context> = {}): Sw8Context {
  return {
    sample: '1',
    traceId: EDGE_TRACE_ID,
    parentSegmentId: EDGE_SEGMENT_ID,
    parentSpanId: 1,
    parentService: 'tyk-gateway',
    parentServiceInstance: 'tyk',
    parentEndpoint: 'POST:/inference/api/v1/classify',
    networkAddressUsedAtPeer: 'tyk-upstream-classify',
    ...overrides,
  };
}

export function clientSw8(overrides: Partial<Sw8Context> = {}): Sw8Context {
  return {
    sample: '1',
    traceId: EDGE_TRACE_ID,
    parentSegmentId: CLIENT_SEGMENT_ID,
    parentSpanId: 3,
    parentService: 'web-frontend',
    parentServiceInstance: 'browser-1',
    parentEndpoint: '/checkout',
    networkAddressUsedAtPeer: 'gateway.example:8080',
    ...overrides,
  };
}

export interface EdgeHeaderOptions {
  sw8?: Sw8Context;
  start: number;
  post?: number;
  apiId?: string;
  parent?: Sw8Context;
  key?: string;
}

export function edgeHeaders(o: EdgeHeaderOptions): Record<string, string> {
  const sw8 = o.sw8 ?? edgeSw8();
  const h: Record<string, string> = {
    sw8: formatSw8(sw8, nodeBase64),
    'x-sw-edge-start': String(o.start),
    'x-sw-edge-trace-id': sw8.traceId,
  };
  if (o.post !== undefined) h['x-sw-edge-post'] = String(o.post);
  if (o.apiId !== undefined) h['x-sw-edge-api'] = o.apiId;
  if (o.parent !== undefined) h['x-sw-edge-parent'] = formatSw8(o.parent, nodeBase64);
  if (o.key !== undefined) h['x-sw-edge-key'] = o.key;
  return h;
}
