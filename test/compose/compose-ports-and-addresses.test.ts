/**
 * Ports agree with docs/architecture.md, and every address one service uses to reach another names that
 * service and the port it listens on: the BFF's MODEL_URL, both agents' collector, the BFF's OAP
 * REST URL, the UI's OAP address, OAP's BanyanDB target, and Tyk's target and upstream peer.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { envOf, hostAndPort, loadCompose, publishedPorts } from './compose-file';
import { parseDockerfile, envOfTarget } from './dockerfile';
import { DESIGN, readRepoJson, readRepoText } from './repo';

const compose = loadCompose();
const services = compose.services;
const dockerfile = parseDockerfile(readRepoText('deploy', 'docker', 'Dockerfile'));
const api = readRepoJson('deploy', 'tyk', 'apps', 'inference-api.json');
const tykConf = readRepoJson('deploy', 'tyk', 'tyk.conf');

/** The port a built service listens on: compose env PORT, else the image's ENV PORT. */
function listenPort(name: string): number {
  const service = services[name];
  const target = typeof service.build === 'object' ? service.build.target : undefined;
  const fromImage = target ? envOfTarget(dockerfile, target).PORT : undefined;
  return Number(envOf(service).PORT ?? fromImage);
}

describe('ports agree with docs/architecture.md', () => {
  it('the BFF listens on 3000 and the model on 5001, in the image and in compose', () => {
    assert.equal(listenPort('bff'), DESIGN.bffPort);
    assert.equal(listenPort('model'), DESIGN.modelPort);
    assert.equal(envOfTarget(dockerfile, 'bff').PORT, String(DESIGN.bffPort));
    assert.equal(envOfTarget(dockerfile, 'model').PORT, String(DESIGN.modelPort));
  });

  it('the host sees Tyk on 8080 and the UI on 8088; OAP REST only on loopback; nothing else', () => {
    const published = Object.entries(services).flatMap(([name, s]) => publishedPorts(s).map((p) => ({ name, ...p })));
    assert.deepEqual(
      published.map((p) => `${p.name} ${p.hostIp ?? '*'}:${p.host}->${p.container}`).sort(),
      [
        `oap 127.0.0.1:${DESIGN.oapHttpPort}->${DESIGN.oapHttpPort}`,
        `tyk-gateway *:${DESIGN.edgePort}->${tykConf.listen_port}`,
        `ui *:${DESIGN.uiHostPort}->8080`,
      ].sort(),
    );
    assert.equal(tykConf.listen_port, DESIGN.edgePort);
  });

  it('the BFF and the model are not published on the host (only the gateway reaches them)', () => {
    assert.deepEqual(services.bff.ports ?? [], []);
    assert.deepEqual(services.model.ports ?? [], []);
  });

  it('the BFF and the model bind 0.0.0.0 in their containers (their default, 127.0.0.1, would be unreachable from Tyk and the BFF)', async () => {
    const { BFF_CONFIG } = await import('../../bff/config');
    assert.equal(BFF_CONFIG.settings.host.default, '127.0.0.1');
    assert.equal(envOf(services.bff).HOST, '0.0.0.0');
    assert.equal(envOf(services.model).HOST, '0.0.0.0');
  });

  it("Tyk's control API is on its own port, which is not published", () => {
    assert.ok(Number.isInteger(tykConf.control_api_port) && tykConf.control_api_port !== tykConf.listen_port);
    assert.ok(!publishedPorts(services['tyk-gateway']).some((p) => p.container === tykConf.control_api_port));
  });
});

describe('addresses agree across services', () => {
  it("the BFF's MODEL_URL is the model service at its port", () => {
    const { host, port } = hostAndPort(envOf(services.bff).MODEL_URL);
    assert.ok(services[host], `MODEL_URL names ${host}, which is no service`);
    assert.equal(host, 'model');
    assert.equal(port, listenPort('model'));
  });

  it("both agents report to oap:11800 (OAP's gRPC) under the design's service names", () => {
    for (const [name, agentName] of [
      ['bff', DESIGN.bffAgentName],
      ['model', DESIGN.modelAgentName],
    ] as const) {
      const env = envOf(services[name]);
      assert.equal(env.SW_AGENT_COLLECTOR_BACKEND_SERVICES, `oap:${DESIGN.oapGrpcPort}`, name);
      assert.equal(env.SW_AGENT_NAME, agentName, name);
    }
  });

  it("the BFF's edge reporter and the UI both reach OAP's REST port by service name", () => {
    assert.equal(envOf(services.bff).SW_OAP_HTTP_URL, `http://oap:${DESIGN.oapHttpPort}`);
    // The UI wants the scheme (apache/skywalking-booster-ui, SW_OAP_ADDRESS).
    assert.equal(envOf(services.ui).SW_OAP_ADDRESS, `http://oap:${DESIGN.oapHttpPort}`);
  });

  it('OAP stores in BanyanDB at banyandb:17912 (its gRPC port)', () => {
    const env = envOf(services.oap);
    assert.equal(env.SW_STORAGE, 'banyandb');
    assert.equal(env.SW_STORAGE_BANYANDB_TARGETS, 'banyandb:17912');
    assert.ok(services.banyandb);
  });

  it("Tyk's target is the BFF at its port, and the upstream peer is that same host:port", () => {
    const target = hostAndPort(api.proxy.target_url);
    assert.equal(target.host, 'bff');
    assert.equal(target.port, listenPort('bff'));
    // sw8 field 8 and the edge exit span's peer: OAP aliases the BFF to it byte for byte (docs/architecture.md).
    assert.equal(api.config_data.sw_upstream_peer, `${target.host}:${target.port}`);
  });

  it("Tyk's Redis is the tyk-redis service", () => {
    assert.equal(tykConf.storage.host, 'tyk-redis');
    assert.ok(services[tykConf.storage.host]);
    assert.equal(tykConf.storage.port, 6379);
  });
});
