/**
 * Go's `time.Time.String()`, which Tyk puts in `.TimeStamp` (`time.Now().Local().String()`):
 *
 *   2006-01-02 15:04:05.999999999 -0700 MST     e.g. `2026-12-02 05:51:53.800974368 +0000 UTC`
 *
 * The fraction has trailing zeros cut (none at all on a whole second), the zone name may be
 * numeric (`+03`), and a time that still carries a monotonic reading ends in ` m=+0.012`. The
 * offset is what counts; the zone name is ignored. Returns epoch ms (fractional), or undefined.
 */
const GO_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))? ([+-])(\d{2})(\d{2})(?: [A-Za-z0-9+_-]{1,32})?(?: m=[+-]\d{1,20}\.\d{1,9})?$/;

export function parseGoTime(text: string): number | undefined {
  const m = GO_TIME.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  const fractionMs = m[7] ? Number(`0.${m[7]}`) * 1000 : 0;
  const offsetMin = (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10]));
  const utc = Date.UTC(year, month - 1, day, hour, minute, second) + fractionMs - offsetMin * 60_000;
  return Number.isFinite(utc) ? utc : undefined;
}
