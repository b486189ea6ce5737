/**
 * Issue 13: the pre hook used to read Tyk's b64enc/b64dec when its file loaded. Tyk's goja driver
 * replays every file on a fresh runtime before it registers its Go API, so that read throws, the
 * handler is never exported and every request is a 500. This proves the goja harness reproduces that
 * (so passing there means something), and that otto, where the globals come first, does not.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { callOnce, lintFiles } from '../../testkit/jsvm/harness-client';

const OLD_SHAPE = { path: path.join(__dirname, 'fixtures', 'load-time-b64-hook.js'), hooks: ['fxLoadTimeB64'] };
const call = { hook: 'fxLoadTimeB64', request: { method: 'GET', url: '/inference/x' } };

test('goja: a hook that reads b64enc at load time is never exported; every call is a 500 with the ReferenceError logged', async () => {
  const outcome = await callOnce({ engine: 'goja', files: [OLD_SHAPE] }, call);
  assert.equal(outcome.ok, false);
  assert.equal(outcome.ok ? 0 : outcome.status, 500);
  assert.match(outcome.ok ? '' : outcome.error, /ReferenceError: __tyk_h_[0-9a-f]{12}_fxLoadTimeB64 is not defined/);
  assert.ok(
    outcome.logs.some((line) => /Failed to replay JS program: ReferenceError: b64enc is not defined/.test(line)),
    outcome.logs.join('\n'),
  );
});

test('goja lint refuses it, naming the handler that would not be exported', async () => {
  const result = await lintFiles([OLD_SHAPE], { engine: 'goja' });
  assert.equal(result.status, 1, result.stdout + result.stderr);
  assert.match(result.stdout, /b64enc is not defined/);
  assert.match(result.stdout, /handler fxLoadTimeB64 is not exported with a DoProcessRequest/);
});

test('otto: the same file loads and runs, the Go globals exist before any file loads', async () => {
  const outcome = await callOnce({ engine: 'otto', files: [OLD_SHAPE] }, call);
  assert.equal(outcome.ok, true, outcome.ok ? '' : outcome.error);
  assert.deepEqual(outcome.ok && outcome.headers['X-Encoded'], [Buffer.from('edge').toString('base64')]);
});
