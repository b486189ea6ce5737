/** Every relative link in README.md and docs/*.md points to a file that exists, so the table of contents cannot rot. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DOC_PAGES, readDocPage } from '../helpers/doc-pages';

const root = path.join(__dirname, '..', '..');

test('every relative markdown link in README.md and docs/*.md resolves to a file', () => {
  let links = 0;
  for (const page of DOC_PAGES) {
    const text = readDocPage(page).replace(/```[\s\S]*?```/g, '');
    for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1];
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // URLs
      const file = target.split('#')[0];
      if (file === '') continue; // a same-page anchor: the second test refuses it
      links++;
      assert.ok(existsSync(path.join(root, path.dirname(page), file)), `${page} links to ${target}, which does not exist`);
    }
  }
  assert.ok(links >= 10, `README.md and docs/ have relative links (found ${links})`);
});

test('relative links are anchor-free (headings move between pages; files are what the test can check)', () => {
  for (const page of DOC_PAGES) {
    const text = readDocPage(page).replace(/```[\s\S]*?```/g, '');
    for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(m[1])) continue;
      assert.ok(!m[1].includes('#'), `${page} links to ${m[1]}: link to the page, not an anchor`);
    }
  }
});
