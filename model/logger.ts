/** pino JSON lines; every line written inside a traced request carries its traceId, segmentId and spanId. */
import pino from 'pino';
import { traceIdsMixin } from '../service-kit/agent/trace-ids';

export type Logger = pino.Logger;

export function createLogger(level = process.env.LOG_LEVEL || 'info'): Logger {
  return pino({ name: 'model-server', level, mixin: traceIdsMixin });
}
