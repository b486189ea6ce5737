// Browser code of the trace page: plain ES2017, no framework, no build step. It reads the
// collector's own API (/api/traces, /api/traces/:id, /api/traces/:id/doctor) and renders the list
// or one trace as a waterfall. Written without template literals so it can live in this string.
export const PAGE_SCRIPT = String.raw`
'use strict';
var PALETTE = ['#1a73e8', '#e37400', '#9334e6', '#188038', '#c5221f', '#12b5cb', '#b06000', '#5f6368'];
var serviceColors = {};
function colorOf(service) {
  if (!(service in serviceColors)) serviceColors[service] = PALETTE[Object.keys(serviceColors).length % PALETTE.length];
  return serviceColors[service];
}
function el(tag, attrs, children) {
  var node = document.createElement(tag);
  Object.keys(attrs || {}).forEach(function (k) {
    if (k === 'text') node.textContent = attrs[k];
    else if (k === 'style') node.setAttribute('style', attrs[k]);
    else if (k.indexOf('on') === 0) node.addEventListener(k.slice(2), attrs[k]);
    else node.setAttribute(k, attrs[k]);
  });
  (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
  return node;
}
function getJson(url) {
  return fetch(url, { cache: 'no-store' }).then(function (res) {
    return res.json().then(function (body) { return { status: res.status, body: body }; });
  });
}
function fmtTime(ms) { var d = new Date(ms); return d.toLocaleString(undefined, { hour12: false }) + '.' + String(d.getMilliseconds()).padStart(3, '0'); }
var main = document.getElementById('main');
var refreshTimer = null;

// #/trace/<id> or /trace/<id>; #/trace/<id>/span/<segmentId>S<spanId> opens that span's details.
function currentTraceId() {
  var m = /^#\/trace\/([^/]+)/.exec(location.hash) || /^\/trace\/([^/]+)\/?$/.exec(location.pathname);
  return m ? decodeURIComponent(m[1]) : null;
}
function currentSpanKey() {
  var m = /^#\/trace\/[^/]+\/span\/(.+)$/.exec(location.hash);
  return m ? decodeURIComponent(m[1]) : null;
}

function showStats() {
  getJson('/api/stats').then(function (r) {
    var s = r.body;
    document.getElementById('stats').textContent = s.traces + ' trace(s) · ' + s.spans + ' spans stored · ' + s.received.segments + ' segments received · ' + s.evicted.traces + ' evicted';
  }).catch(function () {});
}

function showList() {
  getJson('/api/traces?limit=100').then(function (r) {
    var traces = r.body.traces || [];
    main.innerHTML = '';
    if (traces.length === 0) {
      main.appendChild(el('div', { class: 'empty', id: 'no-traces', text: 'No traces yet. Send a request through the stack; this page refreshes by itself.' }));
      return;
    }
    var rows = traces.map(function (t) {
      return el('tr', { class: 'trace-row', 'data-trace-id': t.traceId, onclick: function () { location.hash = '#/trace/' + encodeURIComponent(t.traceId); } }, [
        el('td', { text: fmtTime(t.startTime) }),
        el('td', {}, [el('a', { href: '#/trace/' + encodeURIComponent(t.traceId), text: t.rootEndpoint || '(no root)' })]),
        el('td', {}, t.services.map(function (s) { return el('span', { class: 'chip', style: 'background:' + colorOf(s), text: s }); })),
        el('td', { class: 'num', text: t.duration + ' ms' }),
        el('td', { class: 'num', text: String(t.spans) }),
        el('td', {}, [t.error ? el('span', { class: 'err-badge', text: 'error' }) : el('span', { class: 'ok-badge', text: 'ok' })]),
        el('td', { style: 'font-family:monospace;color:#6b7280', text: t.traceId })
      ]);
    });
    main.appendChild(el('table', { class: 'traces', id: 'trace-list' }, [
      el('thead', {}, [el('tr', {}, ['start', 'root endpoint', 'services', 'duration', 'spans', 'status', 'trace id'].map(function (h, i) { return el('th', { class: i === 3 || i === 4 ? 'num' : '', text: h }); }))]),
      el('tbody', {}, rows)
    ]));
  }).catch(function (e) { main.textContent = 'Could not load traces: ' + e; });
}

// OAP links a span to "ref.parentTraceSegmentId S ref.parentSpanId" (first span with refs) or to
// its own segment's parentSpanId; a parent that is not there makes the span a root.
function buildRows(segments) {
  var nodes = {}, list = [];
  segments.forEach(function (seg) {
    seg.spans.forEach(function (span) {
      var key = seg.traceSegmentId + 'S' + span.spanId;
      var wanted = span.parentSpanId === -1 ? (span.refs[0] ? span.refs[0].parentTraceSegmentId + 'S' + span.refs[0].parentSpanId : null) : seg.traceSegmentId + 'S' + span.parentSpanId;
      var node = { key: key, seg: seg, span: span, wanted: wanted, children: [] };
      nodes[key] = node; list.push(node);
    });
  });
  var roots = [];
  list.forEach(function (n) {
    var p = n.wanted && nodes[n.wanted];
    var cursor = p, loop = false, guard = 0;
    while (cursor && guard++ < 10000) { if (cursor === n) { loop = true; break; } cursor = cursor.parent; }
    if (p && !loop) { n.parent = p; p.children.push(n); } else roots.push(n);
  });
  var byStart = function (a, b) { return a.span.startTime - b.span.startTime || a.span.spanId - b.span.spanId; };
  var out = [];
  (function walk(arr, depth) { arr.sort(byStart).forEach(function (n) { n.depth = depth; out.push(n); walk(n.children, depth + 1); }); })(roots, 0);
  return out;
}

function detailsOf(node) {
  var s = node.span, seg = node.seg;
  var rows = [['service', seg.service + '  (' + seg.serviceInstance + ')'], ['segment', seg.traceSegmentId], ['span', s.spanId + ' (parent ' + s.parentSpanId + ')'],
    ['type / layer', s.spanType + ' / ' + s.spanLayer], ['component id', String(s.componentId)], ['start', fmtTime(s.startTime)], ['duration', (s.endTime - s.startTime) + ' ms']];
  if (s.peer) rows.push(['peer', s.peer]);
  s.refs.forEach(function (r) { rows.push(['ref (' + r.refType + ')', r.parentService + ' ' + r.parentTraceSegmentId + ' span ' + r.parentSpanId + (r.networkAddressUsedAtPeer ? '  via ' + r.networkAddressUsedAtPeer : '')]); });
  var box = el('div', { class: 'details', onclick: function (e) { e.stopPropagation(); } }, [
    el('table', {}, [el('tbody', {}, rows.map(function (r) { return el('tr', {}, [el('td', { class: 'k', text: r[0] }), el('td', { text: r[1] })]); }))])
  ]);
  if (s.tags.length) {
    box.appendChild(el('h4', { text: 'tags' }));
    box.appendChild(el('table', { class: 'tags' }, [el('tbody', {}, s.tags.map(function (t) { return el('tr', {}, [el('td', { class: 'k', text: t.key }), el('td', { text: t.value })]); }))]));
  }
  if (s.logs.length) {
    box.appendChild(el('h4', { text: 'logs' }));
    s.logs.forEach(function (l) {
      box.appendChild(el('pre', { text: fmtTime(l.time) + '  ' + l.data.map(function (d) { return d.key + '=' + d.value; }).join('  ') }));
    });
  }
  return box;
}

function showTrace(traceId) {
  Promise.all([getJson('/api/traces/' + encodeURIComponent(traceId)), getJson('/api/traces/' + encodeURIComponent(traceId) + '/doctor')]).then(function (res) {
    main.innerHTML = '';
    main.appendChild(el('p', {}, [el('a', { href: '#/', text: '← all traces' })]));
    if (res[0].status !== 200) {
      main.appendChild(el('div', { class: 'empty', id: 'trace-missing', text: 'Trace ' + traceId + ' has not arrived (yet), or was evicted. This page retries.' }));
      refreshTimer = setTimeout(route, 1500);
      return;
    }
    var trace = res[0].body, findings = res[1].body.findings || [];
    var rows = buildRows(trace.segments);
    var t0 = Math.min.apply(null, rows.map(function (n) { return n.span.startTime; }));
    var t1 = Math.max.apply(null, rows.map(function (n) { return Math.max(n.span.endTime, n.span.startTime); }));
    var total = Math.max(1, t1 - t0);
    var services = [];
    rows.slice().sort(function (a, b) { return a.span.startTime - b.span.startTime; }).forEach(function (n) { if (services.indexOf(n.seg.service) < 0) services.push(n.seg.service); });
    var errors = rows.filter(function (n) { return n.span.isError; }).length;
    main.appendChild(el('h2', { id: 'trace-title', text: 'Trace ' + traceId }));
    main.appendChild(el('div', { class: 'summary', text: rows.length + ' spans in ' + trace.segments.length + ' segments · ' + total + ' ms · started ' + fmtTime(t0) + (errors ? ' · ' + errors + ' error(s)' : '') }));
    main.appendChild(el('div', { class: 'legend' }, services.map(function (s) { return el('span', { class: 'chip', style: 'background:' + colorOf(s), text: s }); })));
    main.appendChild(el('div', { class: 'doctor' + (findings.length ? ' bad' : ''), id: 'doctor' }, findings.length ? [
      el('strong', { text: 'Trace doctor: ' + findings.length + ' finding(s)' }),
      el('ul', {}, findings.map(function (f) { return el('li', { class: f.severity, text: '[' + f.rule + '] ' + f.message }); }))
    ] : [el('strong', { text: 'Trace doctor: nothing wrong found.' })]));
    var wf = el('div', { class: 'waterfall', id: 'waterfall' }, [el('div', { class: 'wf-head' }, [el('span', { text: 'service / operation' }), el('span', { text: '0 ms … ' + total + ' ms' }), el('span', { class: 'dur', text: 'duration' })])]);
    rows.forEach(function (n) {
      var s = n.span, color = colorOf(n.seg.service);
      var left = (s.startTime - t0) / total * 100, width = Math.max(0, s.endTime - s.startTime) / total * 100;
      var kind = s.spanType === 'Entry' ? 'entry' : s.spanType === 'Exit' ? 'exit' : 'local';
      var label = el('div', { class: 'label', style: 'padding-left:' + (n.depth * 14) + 'px', title: n.seg.service + ' · ' + s.operationName }, [
        el('span', { class: 'svc', style: 'background:' + color }),
        el('span', { class: 'kind', text: kind }),
        el('span', { class: 'op', text: s.operationName + (s.spanType === 'Exit' && s.peer ? ' → ' + s.peer : '') + (s.isError ? '  ✗ error' : '') })
      ]);
      var row = el('div', { class: 'span-row' + (s.isError ? ' error' : ''), 'data-service': n.seg.service, 'data-span': n.key }, [
        label,
        el('div', { class: 'track' }, [el('div', { class: 'bar' + (s.isError ? ' error' : ''), style: 'left:' + left.toFixed(3) + '%;width:' + width.toFixed(3) + '%;background:' + color })]),
        el('div', { class: 'dur', text: (s.endTime - s.startTime) + ' ms' })
      ]);
      row.addEventListener('click', function () {
        var open = row.querySelector('.details');
        if (open) { row.removeChild(open); row.classList.remove('selected'); return; }
        row.classList.add('selected');
        row.appendChild(detailsOf(n));
      });
      wf.appendChild(row);
      if (currentSpanKey() === n.key) row.click();
    });
    main.appendChild(wf);
    if (trace.logs.length) {
      main.appendChild(el('div', { class: 'logs', id: 'trace-logs' }, [el('h4', { text: 'logs' })].concat(trace.logs.map(function (l) {
        var text = l.body.text ? l.body.text.text : l.body.json ? l.body.json.json : l.body.yaml ? l.body.yaml.yaml : '';
        return el('pre', { text: fmtTime(l.timestamp) + '  ' + l.service + '  ' + text });
      }))));
    }
    document.title = 'Trace ' + traceId;
    watchForLateSegments(traceId, trace.segments.length, 10);
  }).catch(function (e) { main.textContent = 'Could not load the trace: ' + e; });
}

// Agents report about a second after a request ends: re-render (a few times) when segments arrive later.
function watchForLateSegments(traceId, seen, checksLeft) {
  if (checksLeft <= 0) return;
  refreshTimer = setTimeout(function () {
    if (currentTraceId() !== traceId) return;
    getJson('/api/traces/' + encodeURIComponent(traceId)).then(function (r) {
      if (r.status === 200 && r.body.segments.length !== seen) showTrace(traceId);
      else watchForLateSegments(traceId, seen, checksLeft - 1);
    }).catch(function () {});
  }, 2000);
}

function route() {
  clearTimeout(refreshTimer);
  showStats();
  var id = currentTraceId();
  if (id) showTrace(id);
  else { showList(); refreshTimer = setTimeout(route, 3000); }
}
window.addEventListener('hashchange', route);
route();
`;
