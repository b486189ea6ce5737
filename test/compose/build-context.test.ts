/**
 * The image build context (.dockerignore) holds the sources the Dockerfile copies and leaves out what
 * must not reach an image: node_modules and dist (the image installs and compiles itself), tests,
 * scratch folders and git history. The replay in dockerfile-commands-run.test.ts applies the same filter.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dockerignoreFilter } from './dockerignore';
import { parseCopy, parseDockerfile } from './dockerfile';
import { readRepoText } from './repo';

const inContext = dockerignoreFilter(readRepoText('.dockerignore'));

describe('the docker build context', () => {
  it('the matcher follows .dockerignore rules: names, **/, * and ! exceptions', () => {
    const match = dockerignoreFilter('node_modules\n**/.scratch\n*.md\n!README.md\n');
    assert.equal(match('node_modules'), false);
    assert.equal(match('node_modules/express/index.js'), false);
    assert.equal(match('model/.scratch/x.ts'), false);
    assert.equal(match('.scratch'), false);
    assert.equal(match('NOTES.md'), false);
    assert.equal(match('README.md'), true);
    assert.equal(match('bff/main.ts'), true);
    assert.equal(match('bff/node_modules_notes.ts'), true);
  });

  it('leaves out node_modules, dist, tests, benches, git and scratch folders', () => {
    for (const out of [
      'node_modules/x',
      'dist/node/bff/main.js',
      'test/compose/repo.ts',
      'bench/edge.ts',
      '.git/HEAD',
      'model/.scratch/dec.ts',
      'npm-debug.log',
    ]) {
      assert.equal(inContext(out), false, `${out} would be sent to the builder`);
    }
  });

  it('keeps the docs in the context: README.md and docs/', () => {
    for (const doc of ['README.md', 'docs/architecture.md', 'docs/errors.md']) assert.equal(inContext(doc), true, `${doc} is excluded by .dockerignore`);
  });

  it('keeps every source the Dockerfile copies from the context', () => {
    const copies = parseDockerfile(readRepoText('deploy', 'docker', 'Dockerfile'))
      .flatMap((s) => s.instructions)
      .filter((i) => i.keyword === 'COPY')
      .map(parseCopy)
      .filter((c) => c.fromStage === null);
    assert.ok(copies.length > 0);
    for (const copy of copies) for (const source of copy.sources) assert.equal(inContext(source), true, `${source} is excluded by .dockerignore`);
  });
});
