/** The pages a user of the repo reads: README.md and docs/*.md, as repo-relative paths. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../service-kit/repo-paths';

export const DOC_PAGES: string[] = [
  'README.md',
  ...readdirSync(path.join(REPO_ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => path.join('docs', f)),
];

export function readDocPage(page: string): string {
  return readFileSync(path.join(REPO_ROOT, page), 'utf8');
}
