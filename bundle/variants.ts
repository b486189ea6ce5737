/**
 * The bundles the build ships. `sw-edge` has both hooks; `sw-edge-pre-only` skips post for APIs where
 * a second pass over a large body is not worth telling the gateway's own middleware time apart from
 * the upstream's (the edge segment then has no `tyk/middleware` split; see README).
 */
import type { HookFile } from './manifest';

export interface BundleVariant {
  baseName: string;
  hooks: HookFile[];
}

const PRE: HookFile = { phase: 'pre', name: 'swEdgePre', fileName: 'sw-edge-pre.js' };
const POST: HookFile = { phase: 'post', name: 'swEdgePost', fileName: 'sw-edge-post.js' };

export const BUNDLE_VARIANTS: readonly BundleVariant[] = [
  { baseName: 'sw-edge', hooks: [PRE, POST] },
  { baseName: 'sw-edge-pre-only', hooks: [PRE] },
];

/** Tyk caches a bundle by file name forever, so the version is part of the name. */
export function bundleFileName(variant: BundleVariant, version: string): string {
  return `${variant.baseName}-${version}.zip`;
}
