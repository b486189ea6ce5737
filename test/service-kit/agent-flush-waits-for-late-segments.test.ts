// service-kit/agent/flush.ts: the flush loop on exit. A segment that reaches the agent's buffer a moment after
// the first empty flush (the entry span ends on the response's 'close') must still be sent.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { flushAgent, type FlushableAgent } from '../../service-kit/agent/flush';

/** A stand-in for the agent's buffer: flush() is null when empty, else a promise that sends everything. */
function bufferedAgent() {
  const buffer: string[] = [];
  const sent: string[] = [];
  const agent: FlushableAgent = {
    flush: () => (buffer.length === 0 ? null : Promise.resolve().then(() => sent.push(...buffer.splice(0)))),
  };
  return { agent, buffer, sent };
}

test('a segment that arrives just after the first empty flush is sent before it says flushed', async () => {
  const { agent, buffer, sent } = bufferedAgent();
  setTimeout(() => buffer.push('late segment'), 20);
  const result = await flushAgent(agent, 2000);
  assert.equal(result.outcome, 'flushed');
  assert.deepEqual(sent, ['late segment']);
});

test('what is buffered is sent, then two empty rounds end the loop', async () => {
  const { agent, buffer, sent } = bufferedAgent();
  buffer.push('a', 'b');
  const result = await flushAgent(agent, 2000);
  assert.deepEqual({ outcome: result.outcome, sent }, { outcome: 'flushed', sent: ['a', 'b'] });
  assert.equal(result.rounds, 3);
});

test('an agent that never empties ends at the deadline', async () => {
  const never: FlushableAgent = { flush: () => new Promise(() => undefined) };
  const result = await flushAgent(never, 150);
  assert.equal(result.outcome, 'deadline');
});
