/**
 * LogData (skywalking-data-collect-protocol `logging/Logging.proto`) as OAP's HTTP API reads it
 * (`POST /v3/logs` takes a JSON array of these, protobuf-JSON): lowerCamelCase, epoch ms. A log
 * with `traceContext` is shown inside that trace, on that span.
 *
 * ES5-safe: type-checked against lib ES5 (tsconfig.es5.json).
 */
import type { KeyValue } from './span';

export const LOGS_PATH = '/v3/logs';

/** One of text, json or yaml is set; `type` names which. */
export interface LogDataBody {
  type: string;
  text?: { text: string };
  json?: { json: string };
  yaml?: { yaml: string };
}

export interface LogTraceContext {
  traceId: string;
  traceSegmentId: string;
  /** The span the log was written in. */
  spanId: number;
}

export interface LogData {
  timestamp: number;
  service: string;
  serviceInstance: string;
  endpoint?: string;
  body: LogDataBody;
  traceContext?: LogTraceContext;
  tags?: { data: KeyValue[] };
  layer?: string;
}
