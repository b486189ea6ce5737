import assert from 'node:assert/strict';
import { test } from 'node:test';
import { median, medianAndP95, percentile } from '../../bench/lib/stats';

test('nearest rank: every percentile is a measured sample', () => {
  const twenty = Array.from({ length: 20 }, (_, i) => 20 - i); // unsorted on purpose
  assert.equal(percentile(twenty, 95), 19);
  assert.equal(percentile(twenty, 100), 20);
  assert.equal(percentile(twenty, 0), 1);
  assert.equal(median([4, 1, 3, 2]), 2);
  assert.deepEqual(medianAndP95([5]), { median: 5, p95: 5 });
  assert.ok(Number.isNaN(percentile([], 50)));
});
