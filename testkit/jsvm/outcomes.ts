// Assertions on a harness outcome, for the harness tests of both engines.
import assert from 'node:assert/strict';
import type { HarnessFailure, HarnessOutcome, HarnessSuccess } from './harness-client';

/** The hook ran and the gateway applied its answer. */
export function success(o: HarnessOutcome): HarnessSuccess {
  assert.equal(o.ok, true, `expected the hook to pass, got: ${JSON.stringify(o)}`);
  return o as HarnessSuccess;
}

/** Tyk's 500: the request is not proxied. */
export function failure(o: HarnessOutcome): HarnessFailure {
  assert.equal(o.ok, false, `expected Tyk's 500, got: ${JSON.stringify(o).slice(0, 300)}`);
  return o as HarnessFailure;
}
