// Server-Timing (W3C Server Timing, section 3): `decode;dur=…, queue;dur=…, infer;dur=…, post;dur=…`, ms.
export interface StageTimes {
  decode: number;
  queue: number;
  infer: number;
  post: number;
}

export function formatServerTiming(t: StageTimes): string {
  const ms = (v: number): string => (Math.round(v * 10) / 10).toString();
  return `decode;dur=${ms(t.decode)}, queue;dur=${ms(t.queue)}, infer;dur=${ms(t.infer)}, post;dur=${ms(t.post)}`;
}
