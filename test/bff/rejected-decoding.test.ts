/**
 * The pieces of a Tyk webhook body the BFF decodes, against what Go writes: `time.String()` in its
 * forms, html/template's escapes (the emulator's escaper is the inverse, checked both ways), and
 * the wire request Tyk base64-encodes. Each bad input is named and gives "nothing", never a throw.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseGoTime } from '../../bff/rejected/go-time';
import { unescapeGoHtml } from '../../bff/rejected/html-unescape';
import { decodeWireRequest } from '../../bff/rejected/wire-request';
import { escapeGoHtml, goTimeString } from '../../edge-emulator/webhook/go-render';

test("Go's time.String() forms: nanoseconds, none, a zone offset, a monotonic reading", () => {
  const base = Date.UTC(2026, 11, 2, 5, 51, 53);
  assert.equal(parseGoTime('2026-12-02 05:51:53.800974368 +0000 UTC'), base + 800.974368);
  assert.equal(parseGoTime('2026-12-02 05:51:53 +0000 UTC'), base);
  assert.equal(parseGoTime('2026-12-02 06:51:53.5 +0100 CET'), base + 500);
  assert.equal(parseGoTime('2026-12-02 02:51:53.25 -0300 -03'), base + 250);
  assert.equal(parseGoTime('2026-12-02 05:51:53.1 +0000 UTC m=+12.000000001'), base + 100);
  const at = Date.now();
  assert.equal(Math.floor(parseGoTime(goTimeString(at))!), at);
});

test('bad times give nothing', () => {
  const bad = {
    iso: '2026-12-02T05:51:53Z',
    noZone: '2026-12-02 05:51:53',
    month13: '2026-13-02 05:51:53 +0000 UTC',
    tenDigitFraction: '2026-12-02 05:51:53.1234567890 +0000 UTC',
    empty: '',
  };
  for (const [name, text] of Object.entries(bad)) assert.equal(parseGoTime(text), undefined, name);
});

test("html/template's escapes are undone, and only real entities", () => {
  assert.equal(unescapeGoHtml('1-MjBj&#43;M2Vl'), '1-MjBj+M2Vl');
  assert.equal(unescapeGoHtml('&#34;a&#39; &amp; &lt;b&gt; &#x41;'), '"a\' & <b> A');
  assert.equal(unescapeGoHtml('&bogus; &#0; &#xD800; & plain'), '&bogus; &#0; &#xD800; & plain');
  const hostile = '/p?a=1&b="<script>\'+x\u0000';
  assert.equal(unescapeGoHtml(escapeGoHtml(hostile)), hostile.replace('\u0000', '\uFFFD'));
});

test('a wire request: request line and headers (names lowercased, repeats kept), the body never read', () => {
  const wire =
    'POST /keyed/x?y=1 HTTP/1.1\r\nHost: edge:8080\r\nSw8: 1-a-b-1-c-d-e-f\r\nX-Sw-Edge-Start: 17\r\nVia: a\r\nVia: b\r\n\r\n\u00ff\u0000binary body';
  const decoded = decodeWireRequest(Buffer.from(wire, 'latin1').toString('base64'));
  assert.ok(decoded.ok);
  assert.equal(decoded.request.method, 'POST');
  assert.equal(decoded.request.target, '/keyed/x?y=1');
  assert.deepEqual(decoded.request.headers, { host: 'edge:8080', sw8: '1-a-b-1-c-d-e-f', 'x-sw-edge-start': '17', via: ['a', 'b'] });
});

test('bad wire requests give a reason', () => {
  const b64 = (text: string) => Buffer.from(text, 'latin1').toString('base64');
  const bad = {
    notBase64: 'R0VU IC8=',
    urlSafeBase64: b64('GET /\r\n\r\n').replace(/=+$/, '').replace(/\+/g, '-') + '-_',
    noEndOfHeaders: b64('GET / HTTP/1.1\r\nHost: a\r\n'),
    notHttp: b64('hello world\r\n\r\n'),
    badHeaderLine: b64('GET / HTTP/1.1\r\nno colon here\r\n\r\n'),
    tooManyHeaders: b64(`GET / HTTP/1.1\r\n${'X-A: 1\r\n'.repeat(201)}\r\n`),
    hugeHead: b64(`GET / HTTP/1.1\r\nX-A: ${'a'.repeat(70 * 1024)}\r\n\r\n`),
  };
  for (const [name, text] of Object.entries(bad)) assert.equal(decodeWireRequest(text).ok, false, name);
});
