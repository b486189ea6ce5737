/**
 * Every image the stack runs or builds from names a fixed version: no `latest`, no bare name, and the
 * versions the facts pin (Tyk 5.8 LTS, OAP and UI 10.4.0, BanyanDB 0.10.x for OAP 10.4's API check).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCompose } from './compose-file';
import { parseDockerfile } from './dockerfile';
import { PACKAGE_VERSION, readRepoText } from './repo';

const compose = loadCompose();
const dockerfile = parseDockerfile(readRepoText('deploy', 'docker', 'Dockerfile'));

/** A tag that is a version: digits first (`7.2.4`, `v5.8.15`, `20.20.2-bookworm-slim`), or a digest. */
function pinned(image: string): boolean {
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return true;
  const tag = /:([^/:]+)$/.exec(image)?.[1];
  return tag !== undefined && /^v?\d+\.\d+\.\d+/.test(tag) && !/latest/i.test(tag);
}

describe('images are pinned', () => {
  it('pinned() itself refuses latest, bare names and major-only tags', () => {
    for (const bad of ['redis', 'redis:latest', 'node:20', 'node:20-bookworm-slim', 'tykio/tyk-gateway:v5.8', 'localhost:5000/x'])
      assert.equal(pinned(bad), false, bad);
    for (const good of ['redis:7.2.4', 'tykio/tyk-gateway:v5.8.15', 'node:20.20.2-bookworm-slim']) assert.equal(pinned(good), true, good);
  });

  for (const [name, service] of Object.entries(compose.services)) {
    it(`service ${name} runs a pinned image (or is built here and tagged with the package version)`, () => {
      if (service.build) {
        assert.ok(service.image, `${name} is built; give it an image name so compose tags it`);
        assert.match(service.image!, new RegExp(`:${PACKAGE_VERSION.replace(/\./g, '\\.')}$`), `${name}: tag it with package.json's version`);
      } else {
        assert.ok(service.image, `${name} has neither image nor build`);
        assert.ok(pinned(service.image!), `${name}: ${service.image} is not pinned to a version`);
      }
    });
  }

  it('every FROM of the Dockerfile is a pinned image or an earlier stage', () => {
    const seen = new Set<string>();
    for (const stage of dockerfile) {
      assert.ok(seen.has(stage.from) || pinned(stage.from), `FROM ${stage.from} (stage ${stage.name}) is not pinned`);
      seen.add(stage.name);
    }
  });

  it('the versions the facts require: Tyk 5.8 LTS, OAP/UI 10.4.0, BanyanDB 0.10.x', () => {
    const image = (name: string) => compose.services[name]?.image ?? '';
    assert.match(image('tyk-gateway'), /^tykio\/tyk-gateway:v5\.8\.\d+$/);
    assert.equal(image('oap'), 'apache/skywalking-oap-server:10.4.0');
    assert.equal(image('ui'), 'apache/skywalking-ui:10.4.0');
    assert.match(image('banyandb'), /^apache\/skywalking-banyandb:0\.10\.\d+$/);
    assert.match(image('tyk-redis'), /^redis:\d+\.\d+\.\d+/);
  });

  it('the Node base image is the major the project runs on (engines, @types/node 20)', () => {
    const engines = JSON.parse(readRepoText('package.json')).engines.node as string;
    const major = /(\d+)/.exec(engines)![1];
    for (const stage of dockerfile.filter((s) => s.from.startsWith('node:'))) assert.match(stage.from, new RegExp(`^node:${major}\\.`));
  });
});
