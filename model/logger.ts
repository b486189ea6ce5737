import pino from 'pino';

export type Logger = pino.Logger;

export function createLogger(level = process.env.LOG_LEVEL || 'info'): Logger {
  return pino({ name: 'model-server', level });
}
