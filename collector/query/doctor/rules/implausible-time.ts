// Times no honest reporter writes: a start before SkyWalking existed or a day ahead of the
// collector's clock, or a span of a request that lasts longer than an hour. They come from a
// forged or mis-scaled header (seconds for milliseconds) and would stretch every waterfall.
import { at, nameSpan, type Finding, type Rule } from '../finding';

export const EARLIEST_PLAUSIBLE_START_MS = Date.UTC(2015, 0, 1);
export const MAX_FUTURE_START_MS = 24 * 60 * 60 * 1000;
export const MAX_PLAUSIBLE_DURATION_MS = 60 * 60 * 1000;

function describeMs(ms: number): string {
  const hours = ms / 3_600_000;
  return hours >= 48 ? `${(hours / 24 / 365.25).toFixed(1)} years` : `${hours.toFixed(1)} h`;
}

function isoOrRaw(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? String(ms) : date.toISOString();
}

export const implausibleTime =
  (now: () => number = Date.now): Rule =>
  ({ trace }) => {
    const latestStart = now() + MAX_FUTURE_START_MS;
    const findings: Finding[] = [];
    for (const segment of trace.segments) {
      for (const span of segment.spans) {
        if (span.startTime < EARLIEST_PLAUSIBLE_START_MS || span.startTime > latestStart) {
          findings.push({
            rule: 'implausible-start',
            severity: 'error',
            message:
              `${nameSpan(segment, span)} starts at ${isoOrRaw(span.startTime)}, ` +
              (span.startTime > latestStart ? "more than a day ahead of the collector's clock" : 'before 2015') +
              ': its reporter sent a forged or mis-scaled time (seconds instead of milliseconds?).',
            ...at(segment, span),
          });
        }
        const duration = span.endTime - span.startTime;
        if (duration > MAX_PLAUSIBLE_DURATION_MS) {
          findings.push({
            rule: 'implausible-duration',
            severity: 'warning',
            message: `${nameSpan(segment, span)} lasts ${describeMs(duration)}: no request span should take more than an hour, so one of its times is wrong.`,
            ...at(segment, span),
          });
        }
      }
    }
    return findings;
  };
