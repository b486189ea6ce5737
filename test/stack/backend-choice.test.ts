/**
 * Where `npm start` sends traces (stack/backend.ts). Regression (issue 13, part 4): with a real OAP
 * on the default ports, SW_OAP_HTTP_URL=http://127.0.0.1:12800 used to start the embedded collector
 * on those same ports, which died on EADDRINUSE and took the stack down.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseBackend } from '../../stack/backend';
import { DEFAULT_PORTS, planStack } from '../../stack/services';

const LOCAL_OAP = { SW_OAP_HTTP_URL: 'http://127.0.0.1:12800', SW_AGENT_COLLECTOR_BACKEND_SERVICES: '127.0.0.1:11800' };

test('neither variable set: the embedded collector, on the collector ports', () => {
  const plan = planStack({}, DEFAULT_PORTS);
  assert.equal(plan.backend.kind, 'embedded');
  assert.deepEqual(
    plan.services.map((service) => service.name),
    ['collector', 'model', 'bff', 'edge'],
  );
  assert.equal(plan.services[1].env.SW_AGENT_COLLECTOR_BACKEND_SERVICES, '127.0.0.1:11800');
});

test('a real OAP already on the default ports: no collector is started, the services report to it', () => {
  const plan = planStack(LOCAL_OAP, DEFAULT_PORTS);
  assert.equal(plan.backend.kind, 'external');
  assert.deepEqual(
    plan.services.map((service) => service.name),
    ['model', 'bff', 'edge'],
  );
  for (const service of plan.services) {
    assert.equal(service.env.SW_OAP_HTTP_URL, 'http://127.0.0.1:12800');
    assert.equal(service.env.SW_AGENT_COLLECTOR_BACKEND_SERVICES, '127.0.0.1:11800');
  }
  assert.deepEqual(plan.backend.warnings, []);
});

test('only one variable set: no collector either, and a warning names the one that defaults', () => {
  const backend = chooseBackend({ SW_OAP_HTTP_URL: 'http://oap-host:12800' }, DEFAULT_PORTS);
  assert.equal(backend.kind, 'external');
  assert.equal(backend.grpcAddress, '127.0.0.1:11800');
  assert.match(backend.warnings.join('\n'), /SW_AGENT_COLLECTOR_BACKEND_SERVICES is not set/);
});

test('--oap: the real OAP on the collector ports, and no embedded collector', () => {
  const plan = planStack({}, DEFAULT_PORTS, { realOap: true });
  assert.equal(plan.backend.kind, 'oap');
  assert.equal(plan.oapHttpUrl, 'http://127.0.0.1:12800');
  assert.deepEqual(
    plan.services.map((service) => service.name),
    ['model', 'bff', 'edge'],
  );
});

test('--oap with a variable naming another OAP is refused: which one is meant is unclear', () => {
  assert.throws(() => chooseBackend(LOCAL_OAP, DEFAULT_PORTS, { realOap: true }), /unset SW_OAP_HTTP_URL/);
});
