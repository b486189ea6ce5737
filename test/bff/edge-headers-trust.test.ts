/**
 * Edge headers become a segment only when they are the edge's: x-sw-edge-start present, sw8 valid
 * and naming span 1, and the shared secret matching when EDGE_SHARED_SECRET is set. Otherwise no
 * segment, a counted reason, and the request itself is untouched.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readEdgeHeaders } from '../../bff/edge-segment/read-edge-headers';
import { edgeHeaders, edgeSw8 } from '../../testkit/edge-headers';

const T0 = 1_764_000_000_000;
const valid = () => edgeHeaders({ start: T0, post: T0 + 3, apiId: 'api-1' });

const cases: [string, Record<string, string>, string | undefined, string][] = [
  ['noEdgeStart', (({ 'x-sw-edge-start': _s, ...rest }) => rest)(valid()), undefined, 'notFromEdge'],
  ['startNotANumber', { ...valid(), 'x-sw-edge-start': 'yesterday' }, undefined, 'badStart'],
  ['startNegative', { ...valid(), 'x-sw-edge-start': '-5' }, undefined, 'badStart'],
  ['sw8Missing', (({ sw8: _s, ...rest }) => rest)(valid()), undefined, 'badSw8'],
  ['sw8WrongFieldCount', { ...valid(), sw8: '1-YQ==-Yg==-1' }, undefined, 'badSw8'],
  ['sw8BadBase64', { ...valid(), sw8: valid().sw8.replace(/^1-[^-]+/, '1-%%%%') }, undefined, 'badSw8'],
  ['sw8NamesSpan0', edgeHeaders({ start: T0, sw8: edgeSw8({ parentSpanId: 0 }) }), undefined, 'sw8NotFromEdge'],
  ['keyMissing', valid(), 's3cret', 'keyMissing'],
  ['keyWrong', { ...valid(), 'x-sw-edge-key': 's3cret!' }, 's3cret', 'keyMismatch'],
];

for (const [name, headers, secret, reason] of cases) {
  test(`${name}: no edge segment, reason ${reason}`, () => {
    const read = readEdgeHeaders(headers, secret);
    assert.equal(read.ok, false);
    if (!read.ok) assert.equal(read.reason, reason);
  });
}

test('a matching x-sw-edge-key is accepted when EDGE_SHARED_SECRET is set', () => {
  const read = readEdgeHeaders({ ...valid(), 'x-sw-edge-key': 's3cret' }, 's3cret');
  assert.ok(read.ok);
});

test('without EDGE_SHARED_SECRET, a key header is not needed and not checked', () => {
  assert.ok(readEdgeHeaders(valid(), undefined).ok);
  assert.ok(readEdgeHeaders({ ...valid(), 'x-sw-edge-key': 'anything' }, undefined).ok);
});

test('an invalid x-sw-edge-parent: segment without a ref, warning badParent', () => {
  const read = readEdgeHeaders({ ...valid(), 'x-sw-edge-parent': 'not-an-sw8' }, undefined);
  assert.ok(read.ok);
  assert.equal(read.edge.parent, undefined);
  assert.deepEqual(read.edge.warnings, ['badParent']);
});
