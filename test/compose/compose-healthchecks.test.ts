/**
 * Healthchecks call only what their images have (no curl in OAP or our Node images, nothing at all in
 * the distroless gateway), and the start order waits on health where it matters: OAP on BanyanDB,
 * the agents' services on OAP (so the first trace is not dropped), the BFF on the model, Tyk on Redis
 * and the BFF.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dependsOn, envOf, interpolateUnset, loadCompose } from './compose-file';
import { baseImage, effectiveInstructions, execForm, lastOf, parseDockerfile } from './dockerfile';
import { commandWords, executablesOf, toolsOf } from './image-commands';
import { readRepoText } from './repo';

const compose = loadCompose();
const services = compose.services;
const dockerfile = parseDockerfile(readRepoText('deploy', 'docker', 'Dockerfile'));

function composeTest(name: string): string[] | null {
  const test = services[name].healthcheck?.test;
  if (test === undefined) return null;
  return (Array.isArray(test) ? test : ['CMD-SHELL', test]).map(interpolateUnset);
}

describe('healthchecks use commands the images have', () => {
  it('commandWords finds every command of a script, not inside quotes', () => {
    assert.deepEqual(commandWords("exec 3<>/dev/tcp/x/1 && printf 'a && b' >&3 && read -r <&3 || curl x; nc -z y | head"), [
      'exec',
      'printf',
      'read',
      'curl',
      'nc',
      'head',
    ]);
  });

  it('executablesOf flags a curl in a bash script', () => {
    assert.deepEqual(executablesOf(['CMD', 'bash', '-c', 'curl -f http://x || exit 1']).executables, ['bash', 'curl']);
    assert.deepEqual(executablesOf(['CMD-SHELL', 'wget -q x']).executables, ['sh', 'wget']);
  });

  for (const [name, service] of Object.entries(services)) {
    if (service.build) continue;
    it(`${name}: its healthcheck, if any, needs only what ${service.image} has`, () => {
      const test = composeTest(name);
      if (test === null) return; // none: nothing to run (the gateway's absence is asserted below)
      const tools = toolsOf(service.image!);
      assert.ok(tools, `no record of what ${service.image} contains; add it to image-commands.ts from the facts`);
      const { executables } = executablesOf(test);
      const have = [...tools.commands, ...tools.shells];
      for (const exe of executables) assert.ok(have.includes(exe), `${name}: ${exe} is not in ${service.image} (has ${have.join(', ') || 'nothing'})`);
    });
  }

  it('the distroless gateway has no healthcheck (nothing in it could run one)', () => {
    assert.equal(composeTest('tyk-gateway'), null);
    assert.deepEqual(toolsOf(services['tyk-gateway'].image!), { commands: [], shells: [] });
  });

  it('OAP is probed with bash /dev/tcp on GET /healthcheck, with a start period for its slow boot', () => {
    const test = composeTest('oap')!;
    assert.equal(test[1], 'bash');
    assert.match(test.join(' '), /\/dev\/tcp\/127\.0\.0\.1\/12800/);
    assert.match(test.join(' '), /GET \/healthcheck /);
    assert.equal(services.oap.healthcheck?.start_period, '90s');
    // /healthcheck answers 404 unless the health checker is on, and the checker needs telemetry (OAP docs, backend-health-check).
    const env = envOf(services.oap);
    assert.equal(env.SW_HEALTH_CHECKER, 'default');
    assert.ok(env.SW_TELEMETRY !== undefined && !['none', '-', ''].includes(env.SW_TELEMETRY), 'SW_TELEMETRY must not be none for the health checker');
  });

  for (const target of ['bff', 'model']) {
    it(`the ${target} image's HEALTHCHECK is node only (its base has no curl)`, () => {
      const base = baseImage(dockerfile, target);
      const tools = toolsOf(base);
      assert.ok(tools, `no record of what ${base} contains`);
      const check = lastOf(effectiveInstructions(dockerfile, target), 'HEALTHCHECK');
      assert.ok(check, `${target} has no HEALTHCHECK`);
      const argv = execForm(check);
      assert.deepEqual(executablesOf(argv).executables, ['node']);
      assert.match(argv.join(' '), target === 'model' ? /\/readyz/ : /\/healthz/);
    });
  }
});

describe('start order waits on health where it matters', () => {
  const healthy = (name: string) =>
    Object.entries(dependsOn(services[name]))
      .filter(([, c]) => c === 'service_healthy')
      .map(([d]) => d)
      .sort();

  it('every service_healthy dependency has a healthcheck (in compose or in its image)', () => {
    for (const name of Object.keys(services)) {
      for (const dep of healthy(name)) {
        const builtTarget = typeof services[dep].build === 'object' ? (services[dep].build as { target?: string }).target : undefined;
        const hasCheck =
          composeTest(dep) !== null || (builtTarget !== undefined && lastOf(effectiveInstructions(dockerfile, builtTarget), 'HEALTHCHECK') !== undefined);
        assert.ok(hasCheck, `${name} waits for ${dep} to be healthy, but ${dep} has no healthcheck`);
      }
    }
  });

  it('OAP waits for BanyanDB; UI, model and BFF for OAP; the BFF for the model; Tyk for Redis and the BFF', () => {
    assert.deepEqual(healthy('oap'), ['banyandb']);
    assert.deepEqual(healthy('ui'), ['oap']);
    assert.deepEqual(healthy('model'), ['oap']);
    assert.deepEqual(healthy('bff'), ['model', 'oap']);
    assert.deepEqual(healthy('tyk-gateway'), ['bff', 'tyk-redis']);
  });
});
