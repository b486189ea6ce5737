import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readEnv, loadConfig, CONFIG_KEYS } from '../../bff/config';

test('no env: every key has its documented default', () => {
  const { config, invalid } = readEnv({});
  assert.deepEqual(invalid, []);
  for (const [name, key] of Object.entries(CONFIG_KEYS)) assert.deepEqual(config[name as keyof typeof config], key.default, name);
});

test('env values are parsed; trailing slashes come off URLs', () => {
  const { config } = readEnv({ PORT: '0', MODEL_URL: 'http://model:5001/', MODEL_TIMEOUT_MS: '2500', BFF_SHIP_LOGS: 'true', EDGE_SHARED_SECRET: 's' });
  assert.equal(config.port, 0);
  assert.equal(config.modelUrl, 'http://model:5001');
  assert.equal(config.modelTimeoutMs, 2500);
  assert.equal(config.shipLogs, true);
  assert.equal(config.edgeSharedSecret, 's');
});

test('unparsable values fall back to the default and are reported', () => {
  const { config, invalid } = readEnv({ PORT: 'eighty', MODEL_TIMEOUT_MS: '-1', BFF_SHIP_LOGS: 'maybe' });
  assert.equal(config.port, 3000);
  assert.equal(config.modelTimeoutMs, 10_000);
  assert.equal(config.shipLogs, false);
  assert.deepEqual(invalid, ['PORT="eighty"', 'MODEL_TIMEOUT_MS="-1"', 'BFF_SHIP_LOGS="maybe"']);
});

test('empty EDGE_SHARED_SECRET means no secret', () => {
  assert.equal(readEnv({ EDGE_SHARED_SECRET: '' }).config.edgeSharedSecret, undefined);
});

test('overrides win over env', () => {
  assert.equal(loadConfig({ port: 1234 }, { PORT: '9' }).port, 1234);
});
