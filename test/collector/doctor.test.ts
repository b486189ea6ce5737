// The trace doctor, table-driven: each broken trace names the rule that must fire and words it must say.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnose } from '../../collector/query/doctor';
import type { SegmentJson, TraceView } from '../../collector/segment-json';
import { healthyChain, segment, span } from './segment-factory';

function trace(segments: SegmentJson[], traceId = 'trace-1'): TraceView {
  return { traceId, segments, logs: [] };
}

// biome-ignore lint/suspicious/noConfusingVoidType: most edits change the healthy chain in place and return nothing
function chain(edit: (gw: SegmentJson, bff: SegmentJson, model: SegmentJson) => SegmentJson[] | void): SegmentJson[] {
  const segs = healthyChain();
  const [gw, bff, model] = segs;
  return edit(gw, bff, model) ?? segs;
}

const cases: Record<string, { segments: SegmentJson[]; rule: string; says: RegExp }> = {
  gatewaySegmentNotReported: {
    segments: chain((_gw, bff, model) => [bff, model]),
    rule: 'missing-parent-segment',
    says: /The tyk-gateway segment trace-1-gw was not reported: bff entry span 0 "POST:\/api\/v1\/classify" names it as its parent/,
  },
  refToSpanThatIsNotThere: {
    segments: chain((_gw, bff) => {
      bff.spans[1].refs[0].parentSpanId = 7;
    }),
    rule: 'missing-parent-span',
    says: /refers to span 7 of the tyk-gateway segment trace-1-gw, which has no such span/,
  },
  twoRoots: {
    segments: chain((_gw, _bff, model) => {
      model.spans[1].refs = [];
    }),
    rule: 'multiple-roots',
    says: /This trace has 2 roots/,
  },
  segmentWithoutSpanZero: {
    segments: chain((_gw, _bff, model) => {
      model.spans[1].spanId = 5;
      model.spans[0].parentSpanId = 5;
    }),
    rule: 'no-span-zero',
    says: /The model-server segment trace-1-model has no first span: it has no span 0/,
  },
  spanZeroWithAParent: {
    segments: chain((gw) => {
      gw.spans[0].parentSpanId = 3;
    }),
    rule: 'no-span-zero',
    says: /its span 0 has parentSpanId 3/,
  },
  exitPeerDiffersFromAddressUsedAtPeer: {
    segments: chain((_gw, bff) => {
      bff.spans[0].peer = '127.0.0.1:5001';
    }),
    rule: 'peer-mismatch',
    says: /bff exit span 1 "\/predict" has peer "127\.0\.0\.1:5001", but model-server received networkAddressUsedAtPeer "localhost:5001"/,
  },
  refPointsAtAnEntrySpan: {
    segments: chain((_gw, _bff, model) => {
      model.spans[1].refs[0].parentSpanId = 0;
    }),
    rule: 'ref-not-to-exit',
    says: /should point at the caller's exit span/,
  },
  childStartsBeforeParent: {
    segments: chain((_gw, _bff, model) => {
      model.spans[1].startTime -= 40;
    }),
    rule: 'clock-skew',
    says: /model-server entry span 0 "POST:\/predict" starts 38 ms before its parent bff exit span 1 "\/predict": the two hosts' clocks probably differ/,
  },
  edgeTimesClamped: {
    segments: chain((gw) => {
      gw.spans[0].tags.push({ key: 'clock.skew_ms', value: '42' });
    }),
    rule: 'clamped-clock',
    says: /tyk-gateway entry span 0 "POST:\/inference\/api\/v1\/classify" had its times clamped by 42 ms: the tyk-gateway host's clock is ahead/,
  },
  endsBeforeItStarts: {
    segments: chain((_gw, _bff, model) => {
      model.spans[0].endTime = model.spans[0].startTime - 3;
    }),
    rule: 'negative-duration',
    says: /model-server local span 1 "model\/infer" ends 3 ms before it starts/,
  },
  forgedEdgeStartIn1970: {
    segments: chain((gw) => {
      for (const s of gw.spans) s.startTime = 1;
    }),
    rule: 'implausible-start',
    says: /tyk-gateway entry span 0 "POST:\/inference\/api\/v1\/classify" starts at 1970-01-01T00:00:00\.001Z, before 2015: its reporter sent a forged or mis-scaled time/,
  },
  forgedEdgeSpanOf56Years: {
    segments: chain((gw) => {
      gw.spans[0].startTime = gw.spans[0].endTime - 56 * 365.25 * 24 * 3_600_000;
    }),
    rule: 'implausible-duration',
    says: /tyk-gateway entry span 0 "POST:\/inference\/api\/v1\/classify" lasts 56\.0 years: no request span should take more than an hour/,
  },
  startTwoDaysInTheFuture: {
    segments: chain((_gw, _bff, model) => {
      const ahead = Date.now() + 2 * 24 * 3_600_000;
      for (const s of model.spans) {
        s.endTime = ahead + (s.endTime - s.startTime);
        s.startTime = ahead;
      }
    }),
    rule: 'implausible-start',
    says: /model-server local span 1 "model\/infer" starts at .*, more than a day ahead of the collector's clock/,
  },
  refFromAnotherTrace: {
    segments: chain((_gw, _bff, model) => {
      model.spans[1].refs[0].traceId = 'other-trace';
    }),
    rule: 'foreign-ref',
    says: /has a ref from another trace \(other-trace\)/,
  },
  errorSpan: {
    segments: chain((_gw, bff) => {
      bff.spans[0].isError = true;
      bff.spans[0].tags.push({ key: 'http.status_code', value: '503' });
      bff.spans[0].logs.push({ time: 1, data: [{ key: 'Stack', value: 'Error: connect ECONNREFUSED 127.0.0.1:5001\n    at x' }] });
    }),
    rule: 'error-span',
    says: /bff exit span 1 "\/predict" is marked as an error \(status 503; Error: connect ECONNREFUSED 127\.0\.0\.1:5001\)/,
  },
};

test('a healthy edge -> bff -> model trace has no findings', () => {
  assert.deepEqual(diagnose(trace(healthyChain())), []);
});

for (const [name, c] of Object.entries(cases)) {
  test(`the doctor reports ${name} as ${c.rule}`, () => {
    const findings = diagnose(trace(c.segments));
    const hit = findings.find((f) => f.rule === c.rule);
    assert.ok(hit, `expected a ${c.rule} finding, got ${JSON.stringify(findings, null, 1)}`);
    assert.match(hit.message, c.says);
    assert.ok(hit.severity === 'error' || hit.severity === 'warning');
  });
}

test('a trace with no segments (only logs) is reported as such', () => {
  const findings = diagnose({ traceId: 'only-logs', segments: [], logs: [] });
  assert.equal(findings[0].rule, 'no-segments');
});

test('a cycle of refs does not hang the doctor and is reported as ref-cycle', () => {
  const a = segment({ traceSegmentId: 'A', spans: [span({ spanId: 0, spanType: 'Exit', peer: 'p' })] });
  const b = segment({ traceSegmentId: 'B', spans: [span({ spanId: 0, spanType: 'Exit', peer: 'p' })] });
  a.spans[0].refs = [
    {
      refType: 'CrossProcess',
      traceId: 'trace-1',
      parentTraceSegmentId: 'B',
      parentSpanId: 0,
      parentService: 'svc',
      parentServiceInstance: 'i',
      parentEndpoint: '',
      networkAddressUsedAtPeer: 'p',
    },
  ];
  b.spans[0].refs = [{ ...a.spans[0].refs[0], parentTraceSegmentId: 'A' }];
  const findings = diagnose(trace([a, b]));
  assert.deepEqual(
    findings.filter((f) => f.rule === 'ref-cycle').map((f) => f.segmentId),
    ['B'],
  );
});
