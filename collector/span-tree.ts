// Links the spans of a trace the way OAP's trace view does: a span's parent is
// `ref.parentTraceSegmentId + "S" + ref.parentSpanId` when it is a segment's first span with
// refs, else its own segment's span `parentSpanId`. A parent that is not there makes the span a root.
import type { SegmentJson, SpanJson } from './segment-json';

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

/** Roots in start order, each with its children in start order; `flatten` gives the waterfall rows. */
export function buildSpanTree(segments: SegmentJson[]): SpanNode[] {
  const nodes = new Map<string, SpanNode>();
  for (const segment of segments) {
    for (const span of segment.spans) {
      const key = spanKey(segment.traceSegmentId, span.spanId);
      const wanted = wantedParent(segment, span);
      nodes.set(key, { key, segment, span, parentKey: null, wantedParentKey: wanted, children: [], depth: 0 });
    }
  }
  const roots: SpanNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.wantedParentKey ? nodes.get(node.wantedParentKey) : undefined;
    if (parent && parent !== node && !isAncestor(node, parent, nodes)) {
      node.parentKey = parent.key;
      parent.children.push(node);
    } else {
      roots.push(node);
    }
  }
  const byStart = (a: SpanNode, b: SpanNode) => a.span.startTime - b.span.startTime || a.span.spanId - b.span.spanId;
  const setDepth = (node: SpanNode, depth: number) => {
    node.depth = depth;
    node.children.sort(byStart);
    for (const child of node.children) setDepth(child, depth + 1);
  };
  roots.sort(byStart);
  for (const root of roots) setDepth(root, 0);
  return roots;
}

// Guards against a cycle of refs (a corrupt report) turning the tree into a loop.
function isAncestor(node: SpanNode, candidateParent: SpanNode, nodes: Map<string, SpanNode>): boolean {
  let cursor: SpanNode | undefined = candidateParent;
  const seen = new Set<string>();
  while (cursor && !seen.has(cursor.key)) {
    if (cursor === node) return true;
    seen.add(cursor.key);
    cursor = cursor.parentKey ? nodes.get(cursor.parentKey) : undefined;
  }
  return false;
}

export function flatten(roots: SpanNode[]): SpanNode[] {
  const out: SpanNode[] = [];
  const walk = (node: SpanNode) => {
    out.push(node);
    for (const child of node.children) walk(child);
  };
  for (const root of roots) walk(root);
  return out;
}
