// One line about a trace, for `GET /api/traces` and `npm run trace -- --last`.
import type { SegmentJson } from '../segment-json';
import { buildSpanTree } from './span-tree';

export interface TraceSummary {
  traceId: string;
  rootEndpoint: string;
  rootService: string;
  services: string[];
  startTime: number;
  duration: number;
  error: boolean;
  segments: number;
  spans: number;
}

export function summarize(traceId: string, segments: SegmentJson[]): TraceSummary {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  let error = false;
  let spans = 0;
  const services: { name: string; start: number }[] = [];
  for (const segment of segments) {
    let segmentStart = Number.POSITIVE_INFINITY;
    for (const span of segment.spans) {
      spans += 1;
      start = Math.min(start, span.startTime);
      end = Math.max(end, span.endTime);
      segmentStart = Math.min(segmentStart, span.startTime);
      error = error || span.isError;
    }
    const known = services.find((s) => s.name === segment.service);
    if (!known) services.push({ name: segment.service, start: segmentStart });
    else known.start = Math.min(known.start, segmentStart);
  }
  services.sort((a, b) => a.start - b.start);
  const root = buildSpanTree(segments)[0];
  return {
    traceId,
    rootEndpoint: root ? root.span.operationName : '',
    rootService: root ? root.segment.service : '',
    services: services.map((s) => s.name),
    startTime: Number.isFinite(start) ? start : 0,
    duration: Number.isFinite(start) ? end - start : 0,
    error,
    segments: segments.length,
    spans,
  };
}
