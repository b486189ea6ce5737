// Builds protobuf-JSON segments for tests: the edge -> bff -> model chain, or single pieces.
import type { SegmentJson, SpanJson, SegmentRefJson } from '../../collector/segment-json';

export function span(partial: Partial<SpanJson> & { spanId: number }): SpanJson {
  return {
    parentSpanId: partial.spanId === 0 ? -1 : 0,
    startTime: 1_700_000_000_000,
    endTime: 1_700_000_000_010,
    refs: [],
    operationName: `op-${partial.spanId}`,
    peer: '',
    spanType: 'Local',
    spanLayer: 'Unknown',
    componentId: 0,
    isError: false,
    tags: [],
    logs: [],
    skipAnalysis: false,
    ...partial,
  };
}

export function segment(partial: Partial<SegmentJson> & { traceSegmentId: string; spans: SpanJson[] }): SegmentJson {
  return { traceId: 'trace-1', service: 'svc', serviceInstance: 'inst', isSizeLimited: false, ...partial };
}

export function ref(parent: SegmentJson, parentSpanId: number, networkAddressUsedAtPeer: string): SegmentRefJson {
  return {
    refType: 'CrossProcess',
    traceId: parent.traceId,
    parentTraceSegmentId: parent.traceSegmentId,
    parentSpanId,
    parentService: parent.service,
    parentServiceInstance: parent.serviceInstance,
    parentEndpoint: parent.spans[0]?.operationName ?? '',
    networkAddressUsedAtPeer,
  };
}

/** A healthy three-hop trace: tyk-gateway (entry, exit, middleware) -> bff (entry, exit) -> model-server (entry, infer). */
export function healthyChain(traceId = 'trace-1', t0 = 1_700_000_000_000): SegmentJson[] {
  const gw = segment({
    traceId,
    traceSegmentId: `${traceId}-gw`,
    service: 'tyk-gateway',
    serviceInstance: 'tyk',
    spans: [
      span({
        spanId: 0,
        operationName: 'POST:/inference/api/v1/classify',
        spanType: 'Entry',
        spanLayer: 'Http',
        componentId: 49,
        startTime: t0,
        endTime: t0 + 100,
        tags: [{ key: 'http.method', value: 'POST' }],
      }),
      span({
        spanId: 1,
        parentSpanId: 0,
        operationName: 'POST:/inference/api/v1/classify',
        spanType: 'Exit',
        spanLayer: 'Http',
        componentId: 49,
        peer: 'tyk-upstream-bff',
        startTime: t0 + 5,
        endTime: t0 + 100,
      }),
      span({ spanId: 2, parentSpanId: 0, operationName: 'tyk/middleware', startTime: t0, endTime: t0 + 5 }),
    ],
  });
  const bff = segment({
    traceId,
    traceSegmentId: `${traceId}-bff`,
    service: 'bff',
    serviceInstance: 'bff-1',
    spans: [
      span({
        spanId: 1,
        parentSpanId: 0,
        operationName: '/predict',
        spanType: 'Exit',
        spanLayer: 'Http',
        componentId: 2,
        peer: 'localhost:5001',
        startTime: t0 + 10,
        endTime: t0 + 90,
      }),
      span({
        spanId: 0,
        operationName: 'POST:/api/v1/classify',
        spanType: 'Entry',
        spanLayer: 'Http',
        componentId: 4002,
        startTime: t0 + 6,
        endTime: t0 + 95,
        refs: [],
      }),
    ],
  });
  bff.spans[1].refs = [ref(gw, 1, 'tyk-upstream-bff')];
  const model = segment({
    traceId,
    traceSegmentId: `${traceId}-model`,
    service: 'model-server',
    serviceInstance: 'model-1',
    spans: [
      span({
        spanId: 1,
        parentSpanId: 0,
        operationName: 'model/infer',
        startTime: t0 + 20,
        endTime: t0 + 80,
        tags: [{ key: 'x-le', value: '{"logic-span":true}' }],
      }),
      span({
        spanId: 0,
        operationName: 'POST:/predict',
        spanType: 'Entry',
        spanLayer: 'Http',
        componentId: 49,
        startTime: t0 + 12,
        endTime: t0 + 88,
        refs: [],
      }),
    ],
  });
  model.spans[1].refs = [ref(bff, 1, 'localhost:5001')];
  return [gw, bff, model];
}
