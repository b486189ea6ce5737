/**
 * compose.yaml passes Compose's own validation (`config -q`: schema, interpolation, depends_on
 * conditions, healthcheck and tmpfs syntax), which needs no engine. Debian's `docker-compose`
 * (Compose v1, Python) is enough; a `docker compose` v2 plugin is used when present. CI installs the
 * Debian package (.ci/run).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { readRepoText } from './repo';
import { REPO_ROOT } from '../../service-kit/repo-paths';

/** argv prefix of an available Compose, v2 first. */
function composeCommand(): string[] {
  const v2 = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' });
  if (v2.status === 0) return ['docker', 'compose'];
  const v1 = spawnSync('docker-compose', ['version'], { encoding: 'utf8' });
  if (v1.status === 0) return ['docker-compose'];
  assert.fail('neither `docker compose` nor `docker-compose` is installed: apt-get install docker-compose (Debian) to validate compose.yaml');
}

function validate(file: string, cwd: string): { status: number | null; output: string } {
  const [program, ...prefix] = composeCommand();
  // The variables compose.yaml reads are left unset, as on a fresh machine.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !['TYK_GW_SECRET', 'EDGE_SHARED_SECRET'].includes(name)));
  const result = spawnSync(program, [...prefix, '-f', file, 'config', '-q'], { cwd, env, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("Compose's own validation", () => {
  it('accepts compose.yaml as it is', () => {
    const { status, output } = validate(path.join(REPO_ROOT, 'compose.yaml'), REPO_ROOT);
    assert.equal(status, 0, output);
  });

  it('rejects a copy with a misspelt depends_on condition (the validator does validate)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sw-edge-compose-'));
    try {
      const broken = readRepoText('compose.yaml').replace('condition: service_healthy', 'condition: service_healty');
      writeFileSync(path.join(dir, 'compose.yaml'), broken);
      const { status, output } = validate(path.join(dir, 'compose.yaml'), dir);
      assert.notEqual(status, 0);
      assert.match(output, /service_healty/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
