/**
 * Every host path compose.yaml mounts exists in the repository or is made by `npm run build`
 * (`npm test` builds first): a missing one would make Docker create an empty root-owned directory
 * and the gateway would start without its config, API or bundle.
 */
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { bindMounts, loadCompose } from './compose-file';
import { REPO_ROOT } from '../../service-kit/repo-paths';

const compose = loadCompose();

describe('mounted host paths exist', () => {
  const all = Object.entries(compose.services).flatMap(([name, s]) => bindMounts(s).map((m) => ({ service: name, ...m })));

  it('the gateway mounts its config, API definitions, policies, webhook templates and the bundle folder, all read-only', () => {
    const targets = all.filter((m) => m.service === 'tyk-gateway').map((m) => m.target);
    for (const t of ['/opt/tyk-gateway/tyk.conf', '/opt/tyk-gateway/apps', '/opt/tyk-gateway/policies', '/opt/tyk-gateway/sw-edge-templates'])
      assert.ok(targets.includes(t), `tyk-gateway does not mount ${t}`);
    assert.ok(
      all.filter((m) => m.service === 'tyk-gateway').every((m) => m.readOnly),
      'tyk-gateway mounts should be :ro',
    );
  });

  for (const mount of all) {
    it(`${mount.service}: ${mount.source} exists (file mounted as file, folder as folder)`, () => {
      const resolved = path.resolve(REPO_ROOT, mount.source);
      assert.ok(resolved.startsWith(REPO_ROOT + path.sep), `${mount.source} leaves the repository`);
      assert.ok(existsSync(resolved), `${mount.source} is missing (run npm run build?)`);
      const isFileTarget = /\.[a-z]+$/i.test(path.basename(mount.target));
      assert.equal(statSync(resolved).isFile(), isFileTarget, `${mount.source} → ${mount.target}: file/folder mismatch`);
    });
  }
});
