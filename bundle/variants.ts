/**
 * The bundles the build ships, all from the same hook files. `sw-edge` has both hooks for otto
 * (released Tyk); `sw-edge-goja` the same for Tyk 5.15's goja driver (`javascript`: ~20–35× cheaper
 * per request at 0 B, dearer with big bodies; see docs/edge.md); `sw-edge-pre-only` skips post for APIs where a
 * second pass over a large body is not worth telling the gateway's own middleware time apart from the
 * upstream's (the edge segment then has no `tyk/middleware` split).
 */
import type { HookFile, JsDriver } from './manifest';

export interface BundleVariant {
  baseName: string;
  driver: JsDriver;
  hooks: HookFile[];
}

const PRE: HookFile = { phase: 'pre', name: 'swEdgePre', fileName: 'sw-edge-pre.js' };
const POST: HookFile = { phase: 'post', name: 'swEdgePost', fileName: 'sw-edge-post.js' };

export const BUNDLE_VARIANTS: readonly BundleVariant[] = [
  { baseName: 'sw-edge', driver: 'otto', hooks: [PRE, POST] },
  { baseName: 'sw-edge-goja', driver: 'javascript', hooks: [PRE, POST] },
  { baseName: 'sw-edge-pre-only', driver: 'otto', hooks: [PRE] },
];

/** Tyk caches a bundle by file name forever, so the version is part of the name. */
export function bundleFileName(variant: BundleVariant, version: string): string {
  return `${variant.baseName}-${version}.zip`;
}
