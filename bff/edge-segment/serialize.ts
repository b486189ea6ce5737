/** One SegmentObject as OAP's `POST /v3/segments` takes it in its JSON array (protobuf-JSON, enums by name). */
import { segmentToWire, type Segment } from '../../trace/segment';

export function encodeSegment(segment: Segment): string {
  return JSON.stringify(segmentToWire(segment));
}
