/**
 * Flushing skywalking-backend-js before exit. The agent has
 * no exit hook, and `flush()` may resolve before anything was sent while its gRPC channel is still
 * connecting, so it is called until it returns null (nothing left), with a deadline
 * (skywalking-backend-js 0.9.0 (apache/skywalking-nodejs): one await loses a fresh process's segments; the loop delivers them).
 */
import { agent, agentStarted } from './start';

export interface FlushableAgent {
  flush(): Promise<unknown> | null;
}

export type FlushOutcome = 'flushed' | 'deadline';

const PAUSE_BETWEEN_ROUNDS_MS = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function flushAgent(agent: FlushableAgent, deadlineMs = 2500): Promise<{ outcome: FlushOutcome; rounds: number }> {
  const until = Date.now() + deadlineMs;
  let rounds = 0;
  let emptyRounds = 0;
  while (Date.now() < until) {
    rounds++;
    const pending = agent.flush();
    if (pending === null) {
      // The agent ends a server entry span on the response's 'close', which can come a tick after a
      // drain saw the answer finish: only nothing left twice, a pause apart, counts as flushed (a
      // single null lost the last segment of a SIGTERM test about once in ten runs).
      if (++emptyRounds === 2) return { outcome: 'flushed', rounds };
    } else {
      emptyRounds = 0;
      await Promise.race([pending, sleep(Math.max(0, until - Date.now()))]);
    }
    await sleep(PAUSE_BETWEEN_ROUNDS_MS);
  }
  return { outcome: 'deadline', rounds };
}

/** Flushes before exit; nothing to do when the agent never started (SW_DISABLE=true). */
export async function flushStartedAgent(deadlineMs = 2500): Promise<{ outcome: FlushOutcome | 'not-started'; rounds: number }> {
  if (!agentStarted()) return { outcome: 'not-started', rounds: 0 };
  return flushAgent(agent, deadlineMs);
}
