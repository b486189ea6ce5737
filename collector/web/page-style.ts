// CSS of the trace page (plain CSS, no framework).
export const PAGE_CSS = `
* { box-sizing: border-box; }
body { margin: 0; font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2330; background: #f5f6f8; }
header { display: flex; align-items: baseline; gap: 16px; padding: 10px 18px; background: #1d2330; color: #fff; }
header h1 { margin: 0; font-size: 16px; font-weight: 600; }
header a { color: #9fc3ff; text-decoration: none; }
header .stats { margin-left: auto; color: #b9c0cc; font-size: 12px; }
main { padding: 14px 18px; }
table.traces { width: 100%; border-collapse: collapse; background: #fff; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
table.traces th, table.traces td { padding: 6px 10px; border-bottom: 1px solid #e6e8ec; text-align: left; white-space: nowrap; }
table.traces th { background: #eef0f4; font-weight: 600; font-size: 12px; }
table.traces tr.trace-row { cursor: pointer; }
table.traces tr.trace-row:hover { background: #f0f5ff; }
td.num, th.num { text-align: right; }
.chip { display: inline-block; padding: 1px 7px; margin-right: 4px; border-radius: 9px; color: #fff; font-size: 11px; }
.err-badge { display: inline-block; padding: 1px 6px; border-radius: 3px; background: #d93025; color: #fff; font-size: 11px; font-weight: 600; }
.ok-badge { color: #188038; font-weight: 600; }
.empty { padding: 30px; text-align: center; color: #6b7280; background: #fff; }
h2 { font-size: 15px; margin: 0 0 4px; font-family: ui-monospace, Menlo, Consolas, monospace; }
.summary { color: #4b5563; margin-bottom: 10px; }
.doctor { margin: 0 0 12px; padding: 8px 12px; background: #fff; border-left: 4px solid #188038; }
.doctor.bad { border-left-color: #d93025; }
.doctor ul { margin: 4px 0 0; padding-left: 18px; }
.doctor li.warning::marker { color: #e37400; }
.doctor li.error::marker { color: #d93025; }
.legend { margin-bottom: 8px; }
.waterfall { background: #fff; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
.wf-head, .span-row { display: grid; grid-template-columns: minmax(320px, 38%) 1fr 70px; align-items: center; }
.wf-head { padding: 5px 10px; background: #eef0f4; font-size: 12px; font-weight: 600; }
.span-row { padding: 3px 10px; border-top: 1px solid #f0f1f4; cursor: pointer; }
.span-row:hover { background: #f6f9ff; }
.span-row.selected { background: #e8f0fe; }
.span-row.error .op { color: #d93025; font-weight: 600; }
.label { overflow: hidden; white-space: nowrap; text-overflow: ellipsis; padding-right: 8px; }
.label .svc { display: inline-block; width: 9px; height: 9px; border-radius: 2px; margin-right: 6px; }
.label .kind { color: #6b7280; font-size: 11px; margin-right: 4px; }
.track { position: relative; height: 16px; background: repeating-linear-gradient(90deg, transparent 0, transparent calc(25% - 1px), #eceef2 calc(25% - 1px), #eceef2 25%); }
.bar { position: absolute; top: 2px; height: 12px; min-width: 2px; border-radius: 2px; }
.bar.error { outline: 2px solid #d93025; outline-offset: 0; }
.dur { text-align: right; font-variant-numeric: tabular-nums; color: #374151; }
.details { grid-column: 1 / -1; margin: 4px 0 6px; padding: 8px 12px; background: #fafbfc; border: 1px solid #e6e8ec; cursor: default; }
.details table { border-collapse: collapse; }
.details td { padding: 2px 10px 2px 0; vertical-align: top; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12px; }
.details td.k { color: #6b7280; }
.details h4 { margin: 8px 0 2px; font-size: 12px; }
.details pre { margin: 2px 0; white-space: pre-wrap; font-size: 12px; }
.logs { margin-top: 14px; background: #fff; padding: 8px 12px; }
.logs pre { margin: 2px 0; white-space: pre-wrap; }
`;
