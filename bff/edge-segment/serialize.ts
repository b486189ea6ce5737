/** The body of `POST /v3/segments`: a JSON array of SegmentObject (protobuf-JSON, enums by name). */
import { segmentToWire, type Segment } from '../../trace/segment';

export function serializeSegments(segments: Segment[]): string {
  return JSON.stringify(segments.map(segmentToWire));
}
