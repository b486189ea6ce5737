// Links the spans of a trace the way OAP's trace view does: a span's parent is
// `ref.parentTraceSegmentId + "S" + ref.parentSpanId` when it is a segment's first span with
// refs, else its own segment's span `parentSpanId`. A parent that is not there makes the span a root.
import type { SegmentJson, SpanJson } from '../segment-json';

export interface SpanNode {
  key: string;
  segment: SegmentJson;
  span: SpanJson;
  parentKey: string | null;
  /** The parent the span asked for, even when it never arrived. */
  wantedParentKey: string | null;
  children: SpanNode[];
  depth: number;
}

export function spanKey(segmentId: string, spanId: number): string {
  return `${segmentId}S${spanId}`;
}

function wantedParent(segment: SegmentJson, span: SpanJson): string | null {
  if (span.parentSpanId === -1 || span.parentSpanId === undefined) {
    const ref = span.refs[0];
    return ref ? spanKey(ref.parentTraceSegmentId, ref.parentSpanId) : null;
  }
  return spanKey(segment.traceSegmentId, span.parentSpanId);
}

/**
 * Roots in start order, each with its children in start order; `flatten` gives the waterfall rows.
 * Linear in the number of spans and free of recursion: one hostile segment of 50,000 chained spans
 * must not wedge the collector or overflow the stack (issue 9).
 */
export function buildSpanTree(segments: SegmentJson[]): SpanNode[] {
  const nodes = new Map<string, SpanNode>();
  for (const segment of segments) {
    for (const span of segment.spans) {
      const key = spanKey(segment.traceSegmentId, span.spanId);
      const wanted = wantedParent(segment, span);
      nodes.set(key, { key, segment, span, parentKey: null, wantedParentKey: wanted, children: [], depth: 0 });
    }
  }
  for (const node of nodes.values()) {
    const parent = node.wantedParentKey ? nodes.get(node.wantedParentKey) : undefined;
    if (parent && parent !== node) node.parentKey = parent.key;
  }
  breakCycles(nodes);
  const roots: SpanNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentKey ? nodes.get(node.parentKey) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const byStart = (a: SpanNode, b: SpanNode) => a.span.startTime - b.span.startTime || a.span.spanId - b.span.spanId;
  roots.sort(byStart);
  const pending = [...roots];
  for (let node = pending.pop(); node; node = pending.pop()) {
    node.children.sort(byStart);
    for (const child of node.children) {
      child.depth = node.depth + 1;
      pending.push(child);
    }
  }
  return roots;
}

/**
 * A cycle of refs (a corrupt or forged report) would turn the tree into a loop: each node has at
 * most one parent, so walk up from every node once, stamping the walk; meeting the walk's own stamp
 * means a cycle. It is cut at its member that arrived last (that one becomes a root). O(n) in all.
 */
function breakCycles(nodes: Map<string, SpanNode>): void {
  const order = new Map<SpanNode, number>();
  for (const node of nodes.values()) order.set(node, order.size);
  const parentOf = (node: SpanNode) => (node.parentKey ? nodes.get(node.parentKey) : undefined);
  const stamp = new Map<SpanNode, number>();
  let walk = 0;
  for (const start of nodes.values()) {
    walk++;
    let cursor: SpanNode | undefined = start;
    while (cursor && !stamp.has(cursor)) {
      stamp.set(cursor, walk);
      cursor = parentOf(cursor);
    }
    if (!cursor || stamp.get(cursor) !== walk) continue;
    let last = cursor;
    for (let member = parentOf(cursor); member && member !== cursor; member = parentOf(member)) {
      if ((order.get(member) ?? 0) > (order.get(last) ?? 0)) last = member;
    }
    last.parentKey = null;
  }
}

export function flatten(roots: SpanNode[]): SpanNode[] {
  const out: SpanNode[] = [];
  const pending = [...roots].reverse();
  for (let node = pending.pop(); node; node = pending.pop()) {
    out.push(node);
    for (let i = node.children.length - 1; i >= 0; i--) pending.push(node.children[i]);
  }
  return out;
}
