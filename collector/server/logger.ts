// The few log calls the collector makes; a pino logger fits this shape as it is.
export interface CollectorLogger {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

/** Default for an embedded collector: quiet about normal work, loud about problems. */
export const stderrLogger: CollectorLogger = {
  info: () => undefined,
  warn: (msg) => console.error(msg),
  error: (msg) => console.error(msg),
};

export const silentLogger: CollectorLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
