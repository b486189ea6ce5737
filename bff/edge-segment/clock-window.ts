/**
 * Edge times are the gateway's claims; the BFF believes them only within a window of its own
 * clock (docs/architecture.md "The edge segment", issue 9 §3). Without it anyone reaching the BFF could send
 * `x-sw-edge-start: 1` and get a gateway segment that started in 1970. One setting,
 * EDGE_CLOCK_WINDOW_MS, for the normal path (times against the BFF's arrival) and the
 * rejected-request webhook (times against the event's).
 */
export interface ClockWindow {
  /** The BFF's own time the edge times are compared with (epoch ms). */
  reference: number;
  windowMs: number;
}

/** Why `time` is outside the window, or undefined when it is inside. */
export function outsideWindow(name: string, time: number, clock: ClockWindow): string | undefined {
  const offset = clock.reference - time;
  if (Math.abs(offset) <= clock.windowMs) return undefined;
  return `${name} is ${Math.round(offset)} ms from the BFF's clock; the window is ±${clock.windowMs} ms (EDGE_CLOCK_WINDOW_MS)`;
}
