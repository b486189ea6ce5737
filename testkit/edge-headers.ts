/** Edge headers as the Tyk pre/post hooks send them (docs/architecture.md "Header contract"), for tests and benchmarks. */
import { randomBytes } from 'node:crypto';
import { formatSw8, type Sw8Context } from '../trace/sw8';
import { nodeBase64 } from '../trace/platform/node-base64';

export const EDGE_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
export const EDGE_SEGMENT_ID = '00f067aa0ba902b700f067aa0ba902b7';
export const CLIENT_SEGMENT_ID = 'a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1';

/** 32 random hex digits: a fresh trace or segment id. */
export const randomId = (): string => randomBytes(16).toString('hex');

type Caller = Omit<Sw8Context, 'sample' | 'traceId' | 'parentSegmentId'>;

/** Who sends the sw8: the gateway's exit span, a browser in front of it, the BFF's exit span to the model. */
const GATEWAY: Caller = {
  parentSpanId: 1,
  parentService: 'tyk-gateway',
  parentServiceInstance: 'tyk',
  parentEndpoint: 'POST:/inference/api/v1/classify',
  networkAddressUsedAtPeer: 'tyk-upstream-classify',
};
const BROWSER: Caller = {
  parentSpanId: 3,
  parentService: 'web-frontend',
  parentServiceInstance: 'browser-1',
  parentEndpoint: '/checkout',
  networkAddressUsedAtPeer: 'gateway.example:8080',
};
const BFF: Caller = {
  parentSpanId: 1,
  parentService: 'test-caller',
  parentServiceInstance: 'test',
  parentEndpoint: 'POST:/api/v1/classify',
  networkAddressUsedAtPeer: 'model:5001',
};

/** The gateway's context as the pre hook mints it, with fixed ids. */
export function edgeSw8(overrides: Partial<Sw8Context> = {}): Sw8Context {
  return { sample: '1', traceId: EDGE_TRACE_ID, parentSegmentId: EDGE_SEGMENT_ID, ...GATEWAY, ...overrides };
}

/** The gateway's context with fresh ids, so every request under load is its own trace. */
export function freshEdgeSw8(overrides: Partial<Sw8Context> = {}): Sw8Context {
  return edgeSw8({ traceId: randomId(), parentSegmentId: randomId(), ...overrides });
}

/** A client's context, as a traced browser in front of the gateway would send it. */
export function clientSw8(overrides: Partial<Sw8Context> = {}): Sw8Context {
  return { sample: '1', traceId: EDGE_TRACE_ID, parentSegmentId: CLIENT_SEGMENT_ID, ...BROWSER, ...overrides };
}

/** An upstream caller's sw8 at the model server (exit span 1 of a BFF-like caller), for a trace the test knows. */
export function callerSw8Header(traceId: string, parentSegmentId: string): string {
  return sw8Header({ sample: '1', traceId, parentSegmentId, ...BFF });
}

export interface EdgeHeaderOptions {
  sw8?: Sw8Context;
  start: number;
  post?: number;
  apiId?: string;
  parent?: Sw8Context;
  key?: string;
}

export const sw8Header = (context: Sw8Context): string => formatSw8(context, nodeBase64);

export function edgeHeaders(o: EdgeHeaderOptions): Record<string, string> {
  const sw8 = o.sw8 ?? edgeSw8();
  const h: Record<string, string> = {
    sw8: sw8Header(sw8),
    'x-sw-edge-start': String(o.start),
    'x-sw-edge-trace-id': sw8.traceId,
  };
  if (o.post !== undefined) h['x-sw-edge-post'] = String(o.post);
  if (o.apiId !== undefined) h['x-sw-edge-api'] = o.apiId;
  if (o.parent !== undefined) h['x-sw-edge-parent'] = sw8Header(o.parent);
  if (o.key !== undefined) h['x-sw-edge-key'] = o.key;
  return h;
}
