// Renders one trace as a terminal waterfall: a row per span, indented under its parent, with
// start offset, duration, service, operation and a bar on a shared timeline; errors marked.
import type { SegmentJson } from '../segment-json';
import { buildSpanTree, flatten } from '../query/span-tree';
import type { Finding } from '../query/doctor';

export interface WaterfallOptions {
  /** Total line width (default 120, at least 60). */
  width?: number;
  /** ANSI colours per service and red errors (default false). */
  color?: boolean;
}

const PALETTE = [36, 33, 35, 32, 34, 96, 93, 95];
const RED = 31;

function paint(on: boolean, code: number, text: string): string {
  return on ? `\u001b[${code}m${text}\u001b[0m` : text;
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

export function renderWaterfall(traceId: string, segments: SegmentJson[], options: WaterfallOptions = {}): string[] {
  const width = Math.max(60, options.width ?? 120);
  const color = options.color ?? false;
  const rows = flatten(buildSpanTree(segments));
  if (rows.length === 0) return [`Trace ${traceId}: no spans.`];

  const t0 = Math.min(...rows.map((r) => r.span.startTime));
  const t1 = Math.max(...rows.map((r) => Math.max(r.span.endTime, r.span.startTime)));
  const total = Math.max(1, t1 - t0);
  const services: string[] = [];
  for (const r of [...rows].sort((a, b) => a.span.startTime - b.span.startTime)) {
    if (!services.includes(r.segment.service)) services.push(r.segment.service);
  }
  const colorOf = (service: string) => PALETTE[services.indexOf(service) % PALETTE.length];

  const serviceWidth = Math.min(18, Math.max(7, ...services.map((s) => s.length)));
  const fixed = 7 + 1 + 7 + 2 + serviceWidth + 2; // offset, duration, service and gaps
  const barWidth = Math.max(20, Math.floor((width - fixed) * 0.4));
  const opWidth = Math.max(16, width - fixed - barWidth - 3);

  const errors = rows.filter((r) => r.span.isError).length;
  const lines: string[] = [];
  lines.push(
    `Trace ${traceId} · ${rows.length} span${rows.length === 1 ? '' : 's'} in ${segments.length} segment${segments.length === 1 ? '' : 's'} · ${total} ms · ` +
      `${services.join(' → ')}${errors ? ` · ${paint(color, RED, `${errors} error${errors === 1 ? '' : 's'}`)}` : ''}`,
  );
  lines.push(`started ${new Date(t0).toISOString()}`);
  lines.push('');
  lines.push(
    `${'start'.padStart(7)} ${'dur'.padStart(7)}  ${'service'.padEnd(serviceWidth)}  ${'operation'.padEnd(opWidth)} |${`0 … ${total} ms`.padEnd(barWidth)}|`,
  );

  for (const row of rows) {
    const { span, segment } = row;
    const offset = `+${span.startTime - t0}`.padStart(7);
    const dur = `${Math.max(0, span.endTime - span.startTime)} ms`.padStart(7);
    const kind = span.spanType === 'Entry' ? '▶ ' : span.spanType === 'Exit' ? '↗ ' : '· ';
    const suffix = (span.spanType === 'Exit' && span.peer ? ` → ${span.peer}` : '') + (span.isError ? ' ✗ ERROR' : '');
    const op = cut(`${'  '.repeat(row.depth)}${kind}${span.operationName}${suffix}`, opWidth).padEnd(opWidth);
    const from = Math.min(barWidth - 1, Math.floor(((span.startTime - t0) / total) * barWidth));
    const to = Math.min(barWidth, Math.max(from + 1, Math.ceil(((span.endTime - t0) / total) * barWidth)));
    const bar = ' '.repeat(from) + (span.isError ? '▓' : '█').repeat(to - from) + ' '.repeat(barWidth - to);
    const c = span.isError ? RED : colorOf(segment.service);
    lines.push(
      `${offset} ${dur}  ${paint(color, colorOf(segment.service), cut(segment.service, serviceWidth).padEnd(serviceWidth))}  ${span.isError ? paint(color, RED, op) : op} |${paint(color, c, bar)}|`,
    );
  }
  return lines;
}

export function renderFindings(findings: Finding[], options: { color?: boolean; note?: string } = {}): string[] {
  const color = options.color ?? false;
  const lines: string[] = [''];
  if (findings.length === 0) {
    lines.push('Doctor: nothing wrong found (one root, every parent present, peers match, no skew, no errors).');
  } else {
    lines.push(`Doctor: ${findings.length} finding${findings.length === 1 ? '' : 's'}`);
    for (const f of findings) {
      const mark = f.severity === 'error' ? paint(color, RED, '✗') : paint(color, 33, '!');
      lines.push(`  ${mark} [${f.rule}] ${f.message}`);
    }
  }
  if (options.note) lines.push(`  (${options.note})`);
  return lines;
}
