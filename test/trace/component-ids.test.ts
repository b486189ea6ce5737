/** One table of component ids and names: the ids the builders use and the names the collector shows come from it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COMPONENTS, COMPONENT_IDS, componentName, type ComponentKey } from '../../trace/component-ids';

test('COMPONENT_IDS has every component of the table, by the same key', () => {
  assert.deepEqual(Object.keys(COMPONENT_IDS).sort(), Object.keys(COMPONENTS).sort());
  for (const key of Object.keys(COMPONENTS) as ComponentKey[]) assert.equal(COMPONENT_IDS[key], COMPONENTS[key].id, key);
  assert.equal(COMPONENT_IDS.http, 49, 'the edge segment component (docs/architecture.md)');
});

test('ids are unique, and each shows the name of its row; an unknown id shows as Unknown, as in OAP', () => {
  const ids = Object.values(COMPONENTS).map((c) => c.id);
  assert.equal(new Set(ids).size, ids.length);
  assert.equal(componentName(49), 'http');
  assert.equal(componentName(4002), 'Express');
  assert.equal(componentName(12345), 'Unknown');
  assert.equal(componentName(Number.NaN), 'Unknown');
});
