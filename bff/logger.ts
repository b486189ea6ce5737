/**
 * pino JSON lines. Every line written while a traced request runs carries the SkyWalking
 * `traceId`, `segmentId` and `spanId` of the code that wrote it (from the agent's current span).
 */
import pino, { type Logger, type DestinationStream } from 'pino';
import { traceIdsMixin } from '../service-kit/agent/trace-ids';

export function createLogger(options: { level: string; service: string; destinations: DestinationStream[] }): Logger {
  const streams = options.destinations.map((stream) => ({ stream, level: options.level as pino.Level }));
  return pino(
    {
      level: options.level,
      base: { service: options.service },
      mixin: traceIdsMixin,
    },
    streams.length === 1 ? streams[0].stream : pino.multistream(streams),
  );
}
