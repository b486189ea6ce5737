import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BFF_CONFIG } from '../../bff/config';
import { ConfigError } from '../../service-kit/config';

test('no env: every key has its documented default', () => {
  const config = BFF_CONFIG.load({});
  for (const [name, setting] of Object.entries(BFF_CONFIG.settings)) assert.deepEqual(config[name as keyof typeof config], setting.default, name);
});

test('env values are parsed; trailing slashes come off URLs', () => {
  const config = BFF_CONFIG.load({ PORT: '0', MODEL_URL: 'http://model:5001/', MODEL_TIMEOUT_MS: '2500', BFF_SHIP_LOGS: 'true', EDGE_SHARED_SECRET: 's' });
  assert.equal(config.port, 0);
  assert.equal(config.modelUrl, 'http://model:5001');
  assert.equal(config.modelTimeoutMs, 2500);
  assert.equal(config.shipLogs, true);
  assert.equal(config.edgeSharedSecret, 's');
});

test('an unparsable value stops the start, naming the variable, the value and what is allowed', () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ PORT: 'eighty' }, /^PORT="eighty" is not valid: PORT must be an integer from 0 to 65535$/],
    [{ MODEL_TIMEOUT_MS: '-1' }, /^MODEL_TIMEOUT_MS="-1" is not valid: MODEL_TIMEOUT_MS must be an integer ≥ 1$/],
    [{ BFF_SHIP_LOGS: 'maybe' }, /^BFF_SHIP_LOGS="maybe" is not valid: BFF_SHIP_LOGS must be true or false/],
    [{ MODEL_URL: 'model:5001' }, /^MODEL_URL="model:5001" is not valid: MODEL_URL must be an http:\/\/ or https:\/\/ URL$/],
  ];
  for (const [env, message] of cases) {
    assert.throws(
      () => BFF_CONFIG.load(env),
      (err: unknown) => err instanceof ConfigError && message.test(err.message),
      JSON.stringify(env),
    );
  }
});

test('empty EDGE_SHARED_SECRET means no secret', () => {
  assert.equal(BFF_CONFIG.load({ EDGE_SHARED_SECRET: '' }).edgeSharedSecret, undefined);
});

test('overrides win over env; an undefined override keeps the env value', () => {
  assert.equal(BFF_CONFIG.load({ PORT: '9' }, { port: 1234 }).port, 1234);
  assert.equal(BFF_CONFIG.load({ PORT: '9' }, { port: undefined }).port, 9);
});
