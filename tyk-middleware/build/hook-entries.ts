import path from 'node:path';
import { REPO_ROOT } from '../../service-kit/repo-paths';

/** The hooks Tyk loads: the global each file defines, its TypeScript entry, and the file name Tyk sees. */
export interface HookEntry {
  globalName: 'swEdgePre' | 'swEdgePost';
  phase: 'pre' | 'post';
  source: string;
  fileName: string;
}

export const HOOKS_OUT_DIR = path.join(REPO_ROOT, 'dist', 'tyk-middleware');

export const HOOK_ENTRIES: readonly HookEntry[] = [
  { globalName: 'swEdgePre', phase: 'pre', source: path.join(REPO_ROOT, 'tyk-middleware', 'hooks', 'pre.ts'), fileName: 'sw-edge-pre.js' },
  { globalName: 'swEdgePost', phase: 'post', source: path.join(REPO_ROOT, 'tyk-middleware', 'hooks', 'post.ts'), fileName: 'sw-edge-post.js' },
];
