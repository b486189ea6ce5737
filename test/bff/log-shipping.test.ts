/**
 * BFF_SHIP_LOGS=true: log lines also go to OAP as LogData (`POST /v3/logs`), with `traceContext`
 * when the line was written inside a traced request. The multi-process test shows them inside the
 * trace under the real agent; here, the mapping and the batching against the collector.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { toLogData } from '../../bff/log-shipper';
import { startTestBff } from './helpers/bff';
import { startModelStandIn } from '../../testkit/bff/model-stand-in';
import { fakePng } from '../../testkit/images';
import { startTestCollector } from '../helpers/collector';
import { poll } from '../../testkit/poll';

test('a pino line with trace ids becomes LogData with traceContext, level tag and the line as text', () => {
  const line = JSON.stringify({
    level: 30,
    time: 1764000000123,
    service: 'bff',
    traceId: 't'.repeat(32),
    segmentId: 's'.repeat(32),
    spanId: 0,
    msg: 'classified',
  });
  assert.deepEqual(toLogData(line, 'bff', 'host-1'), {
    timestamp: 1764000000123,
    service: 'bff',
    serviceInstance: 'host-1',
    body: { type: 'text', text: { text: line } },
    tags: { data: [{ key: 'level', value: 'info' }] },
    layer: 'GENERAL',
    traceContext: { traceId: 't'.repeat(32), traceSegmentId: 's'.repeat(32), spanId: 0 },
  });
});

test('a line outside any trace has no traceContext; a line that is not JSON is skipped', () => {
  const log = toLogData('{"level":40,"time":1,"msg":"x"}', 'bff', 'h');
  assert.equal(log?.traceContext, undefined);
  assert.deepEqual(log?.tags?.data, [{ key: 'level', value: 'warn' }]);
  assert.equal(toLogData('not json', 'bff', 'h'), undefined);
});

test('shipped lines reach the collector and are accepted', async () => {
  const collector = await startTestCollector();
  const model = await startModelStandIn();
  const bff = await startTestBff({
    modelUrl: model.url,
    oapHttpUrl: collector.httpUrl,
    shipLogs: true,
    edgeReportIntervalMs: 50,
    serviceInstance: 'ship-test',
  });
  try {
    await request(bff.address).post('/api/v1/classify').attach('image', fakePng(100), 'a.png').expect(200);
    await poll(
      () => collector.store.stats().received.logs >= 2,
      () => JSON.stringify(collector.store.stats()),
      'two logs at the collector',
    );
    assert.equal(collector.store.stats().rejectedPayloads, 0);
  } finally {
    await bff.stop();
    await model.close();
    await collector.stop();
  }
});
