// `npm run trace -- <traceId | --last> [--oap http://host:12800] [--no-color] [--width N]`
// Reads one trace through OAP's GraphQL (our collector answers the same query), prints it as a
// terminal waterfall and adds the trace doctor's findings.
import { graphql, getJson } from './oap-client';
import { LAST_TRACE_QUERY, TRACE_QUERY, lastTraceCondition, type QuerySpan } from './queries';
import { spansToSegments } from './spans-to-segments';
import { renderFindings, renderWaterfall } from './waterfall';
import { diagnose, RULES, type Finding } from '../query/doctor';
import { peerMismatch } from '../query/doctor/rules/peer-mismatch';

export const USAGE = `usage: npm run trace -- <traceId | --last> [--oap http://host:12800] [--no-color] [--width N]
  Prints one trace as a waterfall, then the trace doctor's findings.
  --oap     OAP (or embedded collector) REST URL; default $SW_OAP_HTTP_URL or http://127.0.0.1:12800
  --last    the most recent trace
  --no-color  no ANSI colours (also NO_COLOR=1 or when stdout is not a terminal)`;

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
  isTty: boolean;
  columns?: number;
}

interface Args {
  traceId: string | null;
  last: boolean;
  oap: string;
  color: boolean;
  width: number;
}

function parseArgs(argv: string[], io: CliIo): Args | string {
  const args: Args = {
    traceId: null,
    last: false,
    oap: io.env.SW_OAP_HTTP_URL || 'http://127.0.0.1:12800',
    color: io.isTty && !io.env.NO_COLOR,
    width: io.columns && io.columns >= 60 ? io.columns : 120,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--last') args.last = true;
    else if (a === '--no-color') args.color = false;
    else if (a === '--color') args.color = true;
    else if (a === '--oap' || a.startsWith('--oap=')) {
      const v = a === '--oap' ? argv[++i] : a.slice('--oap='.length);
      if (!v || !/^https?:\/\//.test(v)) return `--oap needs an http(s) URL, got ${JSON.stringify(v ?? '')}`;
      args.oap = v;
    } else if (a === '--width' || a.startsWith('--width=')) {
      const v = Number(a === '--width' ? argv[++i] : a.slice('--width='.length));
      if (!Number.isInteger(v) || v < 60) return '--width needs an integer of at least 60';
      args.width = v;
    } else if (a === '-h' || a === '--help') return '';
    else if (a.startsWith('-')) return `unknown option ${a}`;
    else if (args.traceId === null) args.traceId = a;
    else return `one trace id only, got ${args.traceId} and ${a}`;
  }
  if (!args.last && !args.traceId) return 'give a trace id or --last';
  if (args.last && args.traceId) return 'give a trace id or --last, not both';
  return args;
}

/** Runs the CLI; resolves with the exit code (0 shown, 1 not found / unreachable, 2 usage). */
export async function runTraceCli(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(argv, io);
  if (typeof parsed === 'string') {
    if (parsed) io.err(`trace: ${parsed}`);
    io.err(USAGE);
    return parsed ? 2 : 0;
  }
  const base = parsed.oap.replace(/\/+$/, '');
  let traceId = parsed.traceId ?? '';
  if (parsed.last) {
    const recent = await graphql<{ data: { traces: { traceIds: string[] }[] } | null }>(base, LAST_TRACE_QUERY, { condition: lastTraceCondition() });
    if (!recent.ok) {
      io.err(`trace: ${recent.reason}`);
      return 1;
    }
    const id = recent.data.data?.traces[0]?.traceIds[0];
    if (!id) {
      io.err(`trace: ${base} has no trace from the last hour.`);
      return 1;
    }
    traceId = id;
  }
  const result = await graphql<{ trace: { spans: QuerySpan[] } | null }>(base, TRACE_QUERY, { traceId });
  if (!result.ok) {
    io.err(`trace: ${result.reason}`);
    return 1;
  }
  const spans = result.data.trace?.spans ?? [];
  if (spans.length === 0) {
    io.err(`trace: ${base} has no spans for trace ${traceId} (not reported yet, evicted, or a wrong id).`);
    return 1;
  }
  const segments = spansToSegments(spans);
  for (const line of renderWaterfall(traceId, segments, { width: parsed.width, color: parsed.color })) io.out(line);

  // Our collector has the doctor with full segment data; a real OAP's query API lacks the
  // addresses the peer rule compares, so that rule is skipped there.
  const remote = await getJson<{ findings: Finding[] }>(`${base}/api/traces/${encodeURIComponent(traceId)}/doctor`);
  const findings =
    remote?.findings ??
    diagnose(
      { traceId, segments, logs: [] },
      RULES.filter((r) => r !== peerMismatch),
    );
  const note = remote ? undefined : "peer/address check skipped: OAP's query API does not return networkAddressUsedAtPeer";
  for (const line of renderFindings(findings, { color: parsed.color, note })) io.out(line);
  return 0;
}

if (require.main === module) {
  // `npm run trace -- --last | head -3`: the reader left; stop quietly, as cat or grep would.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  runTraceCli(process.argv.slice(2), {
    out: (l) => process.stdout.write(`${l}\n`),
    err: (l) => process.stderr.write(`${l}\n`),
    env: process.env,
    isTty: process.stdout.isTTY === true,
    columns: process.stdout.columns,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: Error) => {
      process.stderr.write(`trace: ${err.stack ?? err.message}\n`);
      process.exitCode = 1;
    },
  );
}
