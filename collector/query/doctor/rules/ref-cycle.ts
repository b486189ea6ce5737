// Spans whose parents lead back to themselves (a corrupt report): the tree breaks the loop at one
// of them, which then shows as a root.
import { at, nameSpan, type Rule } from '../finding';

export const refCycle: Rule = ({ nodes }) =>
  [...nodes.values()]
    .filter((node) => node.wantedParentKey !== null && node.parentKey === null && nodes.has(node.wantedParentKey))
    .map((node) => ({
      rule: 'ref-cycle',
      severity: 'error' as const,
      message: `${nameSpan(node.segment, node.span)} is its own ancestor through its parents and refs; the loop was cut here.`,
      ...at(node.segment, node.span),
    }));
