// `sw-edge-trace/trace` works for someone who installs the packed tarball: npm pack, unpack into a
// scratch project's node_modules (offline, and without the package's dependencies: trace/ must
// need none), then plain Node requires and imports it, and TypeScript finds its types.
// Packs the current dist/node (`npm pack --ignore-scripts`): run after `npm run build`, like the suite.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../service-kit/repo-paths';

const MAX_TARBALL_BYTES = 100 * 1024;

interface PackResult {
  filename: string;
  size: number;
  files: { path: string }[];
}

let scratch: string;
let pack: PackResult;

/** Plain Node: no tsx loader from the test runner, no NODE_PATH pointing back at the repo. */
function runNode(file: string): string {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  delete env.NODE_PATH;
  return execFileSync(process.execPath, [file], { cwd: scratch, env, encoding: 'utf8' });
}

// Both consumers do the same: format an sw8 and parse it back, build the edge segment of a request
// and serialize it as the body of POST /v3/segments; they print what the test checks.
const CONSUMER_BODY = `
const context = {
  sample: '1',
  traceId: 'a'.repeat(32),
  parentSegmentId: 'b'.repeat(32),
  parentSpanId: EDGE_EXIT_SPAN_ID,
  parentService: 'my-gateway',
  parentServiceInstance: 'gw-1',
  parentEndpoint: 'GET:/photos',
  networkAddressUsedAtPeer: 'bff:3000',
};
const header = formatSw8(context, nodeBase64);
const parsed = parseSw8(header, nodeBase64);
const bad = parseSw8('1-x', nodeBase64);
const segment = buildEdgeSegment(
  { sw8: context, start: 1000, post: 1004, apiId: 'api-1', parent: undefined },
  { arrivedAt: 1005, endedAt: 1050, status: 200, method: 'GET' },
);
console.log(JSON.stringify({ header, parsed, bad: bad.ok ? 'ok' : bad.reason, body: JSON.parse(serializeSegments([segment])) }));
`;

before(() => {
  assert.ok(existsSync(path.join(REPO_ROOT, 'dist/node/trace/index.js')), 'dist/node/trace/index.js is missing: run `npm run build` first');
  scratch = mkdtempSync(path.join(os.tmpdir(), 'sw-edge-trace-pack-'));
  const packed = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], { cwd: REPO_ROOT, encoding: 'utf8' });
  pack = (JSON.parse(packed) as PackResult[])[0];
  const installed = path.join(scratch, 'node_modules', 'sw-edge-trace');
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', path.join(scratch, pack.filename), '-C', installed, '--strip-components=1']);
  writeFileSync(path.join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true }));
  const names = 'parseSw8, formatSw8, buildEdgeSegment, serializeSegments, nodeBase64, EDGE_EXIT_SPAN_ID';
  writeFileSync(path.join(scratch, 'consumer.cjs'), `const { ${names} } = require('sw-edge-trace/trace');\n${CONSUMER_BODY}`);
  writeFileSync(path.join(scratch, 'consumer.mjs'), `import { ${names} } from 'sw-edge-trace/trace';\n${CONSUMER_BODY}`);
});

after(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

test('the tarball holds the compiled trace/ and its types, nothing else of the build, and stays small', () => {
  const paths = pack.files.map((f) => f.path);
  for (const needed of ['package.json', 'dist/node/trace/index.js', 'dist/node/trace/index.d.ts', 'dist/node/trace/edge-segment.js']) {
    assert.ok(paths.includes(needed), `${needed} is packed`);
  }
  // npm packs package.json, README and LICENSE whatever `files` says.
  const outside = paths.filter((p) => !['package.json', 'README.md', 'LICENSE'].includes(p) && !/^dist\/node\/trace\/.+\.(js|d\.ts)$/.test(p));
  assert.deepEqual(outside, [], 'only package.json, README.md, LICENSE and dist/node/trace/**/*.{js,d.ts}');
  assert.ok(paths.includes('LICENSE'), 'the license travels with the code');
  assert.ok(pack.size < MAX_TARBALL_BYTES, `tarball is ${pack.size} bytes, under ${MAX_TARBALL_BYTES}`);
});

for (const consumer of ['consumer.cjs', 'consumer.mjs']) {
  test(`${consumer}: plain Node formats and parses an sw8 and builds an edge segment from the installed package`, () => {
    const out = JSON.parse(runNode(consumer)) as {
      header: string;
      parsed: { ok: boolean; context: Record<string, unknown> };
      bad: string;
      body: {
        traceId: string;
        traceSegmentId: string;
        service: string;
        spans: { spanId: number; spanType: string; peer: string; startTime: number; endTime: number }[];
      }[];
    };
    assert.equal(out.header.split('-').length, 8);
    assert.equal(out.header.split('-')[3], '1', 'sw8 names the edge exit span');
    assert.equal(out.parsed.ok, true);
    assert.equal(out.parsed.context.parentEndpoint, 'GET:/photos');
    assert.equal(out.bad, 'wrongFieldCount');
    assert.equal(out.body.length, 1);
    const [segment] = out.body;
    assert.equal(segment.traceId, 'a'.repeat(32));
    assert.equal(segment.traceSegmentId, 'b'.repeat(32));
    assert.equal(segment.service, 'my-gateway');
    assert.deepEqual(
      segment.spans.map((s) => [s.spanId, s.spanType, s.startTime, s.endTime]),
      [
        [0, 'Entry', 1000, 1050],
        [1, 'Exit', 1004, 1050],
        [2, 'Local', 1000, 1004],
      ],
    );
    assert.equal(segment.spans[1].peer, 'bff:3000');
  });
}

test('only ./trace is exported: the rest of the build is not reachable by a deep import', () => {
  writeFileSync(
    path.join(scratch, 'deep.cjs'),
    `
try { require('sw-edge-trace/dist/node/trace/sw8.js'); console.log('resolved'); }
catch (e) { console.log(e.code); }`,
  );
  assert.equal(runNode('deep.cjs').trim(), 'ERR_PACKAGE_PATH_NOT_EXPORTED');
});

test('TypeScript (node16 resolution) finds the types through the exports map', () => {
  writeFileSync(
    path.join(scratch, 'typed.ts'),
    `import { parseSw8, nodeBase64, type Sw8ParseResult } from 'sw-edge-trace/trace';
const result: Sw8ParseResult = parseSw8('1-x', nodeBase64);
export const spanId: number = result.ok ? result.context.parentSpanId : -1;
`,
  );
  // A wrong use must be a type error, or the types did not really come from the package.
  writeFileSync(
    path.join(scratch, 'mistyped.ts'),
    `import { parseSw8, nodeBase64 } from 'sw-edge-trace/trace';\nexport const n: number = parseSw8('x', nodeBase64);\n`,
  );
  const compilerOptions = { strict: true, noEmit: true, module: 'node16', moduleResolution: 'node16', types: [], lib: ['es2020'] };
  writeFileSync(path.join(scratch, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['typed.ts', 'mistyped.ts'] }));
  let output = '';
  try {
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: scratch, encoding: 'utf8' });
  } catch (err) {
    output = String((err as { stdout?: string }).stdout);
  }
  const errors = output.split('\n').filter((line) => /error TS\d+/.test(line));
  assert.equal(errors.length, 1, `exactly one type error expected, got:\n${output}`);
  assert.match(errors[0], /^mistyped\.ts\(2,14\): error TS2322/);
});
