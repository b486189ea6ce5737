/**
 * tyk.conf and the API definition are what the real gateway needs (Tyk's docs and TykTechnologies/tyk), and they point
 * at the bundle the build produces: the name is `sw-edge-<package version>.zip`, the file is in the
 * mounted folder, and its manifest's hooks are the globals the hook files define.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { verifyBundle } from '../../bundle/verify';
import { readZip } from '../../bundle/zip';
import { bindMounts, envOf, loadCompose } from './compose-file';
import { checkApiDefinition } from '../../tyk-config/check';
import { REJECTION_EVENTS } from '../../bff/rejected/tyk-events';
import { REJECTED_PATH } from '../../bff/rejected/route';
import { DESIGN, PACKAGE_VERSION, readRepoJson, repoPath } from './repo';

const tykConf = readRepoJson('deploy', 'tyk', 'tyk.conf');
const api = readRepoJson('deploy', 'tyk', 'apps', 'inference-api.json');
const keyed = readRepoJson('deploy', 'tyk', 'apps', 'keyed-api.json');
const compose = loadCompose();
const gateway = compose.services['tyk-gateway'];

/** Go's textproto.CanonicalMIMEHeaderKey, then '-' → '_': how Tyk names `$tyk_context.headers_*`. */
function contextVarOfHeader(header: string): string {
  return (
    'headers_' +
    header
      .split('-')
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())
      .join('_')
  );
}

/**
 * JSON names of Tyk's gateway config (config/config.go, `Config`, `PoliciesConfig`, `StorageOptionsConf`;
 * stable from 2.x through 5.x) that a standalone gateway like ours may set. A key outside this list is
 * one Tyk would silently ignore (a typo), so it fails here; extend the list from Tyk's source.
 */
const TYK_CONFIG_KEYS = {
  top: [
    'hostname',
    'listen_address',
    'listen_port',
    'control_api_hostname',
    'control_api_port',
    'secret',
    'node_secret',
    'pid_file_location',
    'public_key_path',
    'http_server_options',
    'hash_keys',
    'template_path',
    'policies',
    'app_path',
    'use_db_app_configs',
    'storage',
    'enable_analytics',
    'analytics_config',
    'enable_bundle_downloader',
    'bundle_base_url',
    'enable_jsvm',
    'jsvm_timeout',
    'tyk_js_path',
    'middleware_path',
    'coprocess_options',
    'log_level',
    'tracing',
    'proxy_default_timeout',
    'close_connections',
    'hide_generator_header',
    'health_check_endpoint_name',
  ],
  policies: ['policy_source', 'policy_connection_string', 'policy_record_name', 'policy_path', 'allow_explicit_policy_id'],
  storage: [
    'type',
    'host',
    'port',
    'addrs',
    'master_name',
    'username',
    'password',
    'database',
    'optimisation_max_idle',
    'optimisation_max_active',
    'timeout',
    'enable_cluster',
    'use_ssl',
    'ssl_insecure_skip_verify',
  ],
};

/** JSON names of Tyk's classic API definition (apidef/api_definitions.go: APIDefinition, ProxyConfig, VersionData, VersionInfo). */
const API_DEFINITION_KEYS = {
  top: [
    'name',
    'api_id',
    'org_id',
    'active',
    'use_keyless',
    'enable_context_vars',
    'custom_middleware_bundle',
    'custom_middleware',
    'config_data',
    'config_data_disabled',
    'proxy',
    'version_data',
    'definition',
    'auth',
    'slug',
    'domain',
    'tags',
    'response_processors',
    'use_standard_auth',
    'event_handlers',
  ],
  auth: ['auth_header_name', 'use_param', 'param_name', 'use_cookie', 'cookie_name'],
  /** apidef.EventHandlerTriggerConfig and WebHookHandlerConf. */
  eventHandler: ['handler_name', 'handler_meta'],
  webhook: ['disabled', 'id', 'name', 'method', 'target_path', 'template_path', 'header_map', 'event_timeout'],
  /** apidef.ExtendedPathsSet (the part we use) and EndPointMeta / EndpointMethodMeta. */
  extendedPaths: ['black_list', 'white_list', 'ignored'],
  endpoint: ['disabled', 'path', 'method', 'ignore_case', 'method_actions'],
  methodAction: ['action', 'code', 'data', 'headers'],
  proxy: ['listen_path', 'target_url', 'strip_listen_path', 'preserve_host_header', 'disable_strip_slash'],
  versionData: ['not_versioned', 'default_version', 'versions'],
  version: [
    'name',
    'expires',
    'use_extended_paths',
    'extended_paths',
    'global_headers',
    'global_headers_remove',
    'global_response_headers',
    'global_response_headers_remove',
    'global_size_limit',
  ],
};

describe('tyk.conf', () => {
  it('sets only keys Tyk reads (no typo that Tyk would silently ignore)', () => {
    for (const key of Object.keys(tykConf)) assert.ok(TYK_CONFIG_KEYS.top.includes(key), `tyk.conf: ${key} is not a Tyk setting`);
    for (const key of Object.keys(tykConf.policies)) assert.ok(TYK_CONFIG_KEYS.policies.includes(key), `tyk.conf policies.${key}`);
    for (const key of Object.keys(tykConf.storage)) assert.ok(TYK_CONFIG_KEYS.storage.includes(key), `tyk.conf storage.${key}`);
  });

  it('is standalone: API definitions from files, policies from a file, Redis storage', () => {
    assert.equal(tykConf.use_db_app_configs, false);
    assert.equal(tykConf.app_path.replace(/\/$/, ''), '/opt/tyk-gateway/apps');
    assert.equal(tykConf.policies.policy_source, 'file');
    assert.equal(path.posix.dirname(tykConf.policies.policy_record_name), '/opt/tyk-gateway/policies');
    assert.deepEqual(readRepoJson('deploy', 'tyk', 'policies', path.posix.basename(tykConf.policies.policy_record_name)), {});
    assert.equal(tykConf.storage.type, 'redis');
    assert.equal(typeof tykConf.secret, 'string');
  });

  it('turns the JSVM and the bundle downloader on', () => {
    assert.equal(tykConf.enable_jsvm, true);
    assert.equal(tykConf.enable_bundle_downloader, true);
    assert.ok(Number.isInteger(tykConf.jsvm_timeout) && tykConf.jsvm_timeout > 0);
  });

  it('reads bundles over file:// from the folder compose mounts ./dist/bundle at', () => {
    const url = new URL(tykConf.bundle_base_url);
    assert.equal(url.protocol, 'file:');
    const mount = bindMounts(gateway).find((m) => m.source.replace(/^\.\//, '') === 'dist/bundle');
    assert.ok(mount, 'tyk-gateway does not mount ./dist/bundle');
    assert.equal(url.pathname.replace(/\/$/, ''), mount.target);
  });

  it('unpacks bundles into a writable tmpfs at middleware_path (the image runs as non-root)', () => {
    const tmpfs = ([] as string[]).concat(gateway.tmpfs ?? []);
    assert.ok(
      tmpfs.some((t) => t.split(':')[0] === tykConf.middleware_path),
      `no tmpfs at ${tykConf.middleware_path}`,
    );
  });

  it("has no setting that would switch Tyk's tracing off (tracing.name opentelemetry)", () => {
    if (tykConf.tracing) assert.ok(['jaeger', 'zipkin'].includes(tykConf.tracing.name), 'legacy tracing only knows jaeger and zipkin');
    assert.equal(JSON.stringify(tykConf).includes('"opentelemetry"'), false);
  });
});

describe('the inference API definition', () => {
  it('sets only fields of the classic API definition (no typo that Tyk would silently ignore)', () => {
    for (const key of Object.keys(api)) assert.ok(API_DEFINITION_KEYS.top.includes(key), `API definition: ${key}`);
    for (const key of Object.keys(api.proxy)) assert.ok(API_DEFINITION_KEYS.proxy.includes(key), `proxy.${key}`);
    for (const key of Object.keys(api.version_data)) assert.ok(API_DEFINITION_KEYS.versionData.includes(key), `version_data.${key}`);
    for (const [name, version] of Object.entries(api.version_data.versions as Record<string, object>)) {
      for (const key of Object.keys(version)) assert.ok(API_DEFINITION_KEYS.version.includes(key), `version_data.versions.${name}.${key}`);
    }
  });

  it('is keyless, listens on /inference/ stripped, and proxies to the BFF', () => {
    assert.equal(api.api_id, 'inference-api');
    assert.equal(api.active, true);
    assert.equal(api.use_keyless, true);
    assert.equal(api.proxy.listen_path, DESIGN.listenPath);
    assert.equal(api.proxy.strip_listen_path, true);
    assert.equal(api.proxy.target_url, `http://bff:${DESIGN.bffPort}/`);
  });

  it('names the versioned bundle the build produces, and that file is in dist/bundle', () => {
    assert.equal(api.custom_middleware_bundle, `sw-edge-${PACKAGE_VERSION}.zip`);
    assert.ok(readFileSync(repoPath('dist', 'bundle', api.custom_middleware_bundle)).length > 0);
  });

  it('uses only the config_data keys docs/edge.md documents, with values the hooks accept', () => {
    const known = ['sw_service', 'sw_instance', 'sw_upstream_peer', 'sw8_incoming', 'sw_edge_secret'];
    for (const key of Object.keys(api.config_data)) assert.ok(known.includes(key), `unknown config_data key ${key}`);
    for (const value of Object.values(api.config_data)) assert.equal(typeof value, 'string');
    assert.ok(['continue', 'restart'].includes(api.config_data.sw8_incoming ?? 'continue'));
    assert.equal(api.config_data_disabled ?? false, false);
  });

  it('the bundle it names passes the checks the gateway makes without public_key_path (manifest, files, MD5)', () => {
    assert.equal(tykConf.public_key_path ?? '', '', 'with public_key_path set, check the signature here too');
    const report = verifyBundle(readFileSync(repoPath('dist', 'bundle', api.custom_middleware_bundle)));
    assert.deepEqual(report.problems, []);
  });

  it("the bundle's manifest hooks are otto globals swEdgePre/swEdgePost that its files define", () => {
    const files = readZip(readFileSync(repoPath('dist', 'bundle', api.custom_middleware_bundle)));
    const manifest = JSON.parse(Buffer.from(files['manifest.json']).toString('utf8'));
    const hooks = manifest.custom_middleware;
    assert.equal(hooks.driver, 'otto');
    assert.deepEqual(
      hooks.pre.map((h: { name: string }) => h.name),
      ['swEdgePre'],
    );
    assert.deepEqual(
      hooks.post.map((h: { name: string }) => h.name),
      ['swEdgePost'],
    );
    for (const hook of [...hooks.pre, ...hooks.post]) {
      const source = Buffer.from(files[hook.path] ?? []).toString('utf8');
      assert.ok(source.length > 0, `${hook.path} is not in the bundle`);
      assert.match(source, new RegExp(`(^|[;\\s])(var\\s+)?${hook.name}\\s*=`), `${hook.path} does not define the global ${hook.name}`);
    }
    // The manifest replaces the API's custom_middleware; an inline one would only mislead readers.
    assert.equal(api.custom_middleware, undefined);
  });

  it('injects x-trace-id from the context variable of the x-sw-edge-trace-id header the pre hook sets', () => {
    assert.equal(api.enable_context_vars, true);
    const headers = api.version_data.versions.Default.global_response_headers;
    assert.equal(headers['x-trace-id'], `$tyk_context.${contextVarOfHeader('x-sw-edge-trace-id')}`);
    assert.equal(contextVarOfHeader('x-sw-edge-trace-id'), 'headers_X_Sw_Edge_Trace_Id');
  });
});

describe('the keyed API definition and the rejected-request webhooks', () => {
  const apps = { 'inference-api.json': api, 'keyed-api.json': keyed };

  it('sets only fields Tyk knows in auth, event handlers, webhooks and the black list', () => {
    for (const [file, def] of Object.entries(apps)) {
      for (const key of Object.keys(def)) assert.ok(API_DEFINITION_KEYS.top.includes(key), `${file}: ${key}`);
      for (const key of Object.keys(def.auth ?? {})) assert.ok(API_DEFINITION_KEYS.auth.includes(key), `${file}: auth.${key}`);
      assert.deepEqual(Object.keys(def.event_handlers), ['events'], `${file}: event_handlers`);
      for (const [event, handlers] of Object.entries(def.event_handlers.events as Record<string, any[]>)) {
        for (const handler of handlers) {
          for (const key of Object.keys(handler)) assert.ok(API_DEFINITION_KEYS.eventHandler.includes(key), `${file}: ${event}.${key}`);
          for (const key of Object.keys(handler.handler_meta)) assert.ok(API_DEFINITION_KEYS.webhook.includes(key), `${file}: ${event}.handler_meta.${key}`);
        }
      }
      const paths = def.version_data.versions.Default.extended_paths;
      for (const key of Object.keys(paths)) assert.ok(API_DEFINITION_KEYS.extendedPaths.includes(key), `${file}: extended_paths.${key}`);
      for (const entry of paths.black_list) {
        for (const key of Object.keys(entry)) assert.ok(API_DEFINITION_KEYS.endpoint.includes(key), `${file}: black_list.${key}`);
        for (const action of Object.values(entry.method_actions as Record<string, object>)) {
          for (const key of Object.keys(action)) assert.ok(API_DEFINITION_KEYS.methodAction.includes(key), `${file}: method_actions.${key}`);
        }
      }
    }
  });

  it('the keyed API listens on /keyed/ with an Authorization key, the same bundle and the same BFF', () => {
    assert.equal(keyed.api_id, 'keyed-api');
    assert.equal(keyed.use_keyless, false);
    assert.equal(keyed.auth.auth_header_name, 'Authorization');
    assert.equal(keyed.proxy.listen_path, '/keyed/');
    assert.equal(keyed.proxy.strip_listen_path, true);
    assert.equal(keyed.proxy.target_url, api.proxy.target_url);
    assert.equal(keyed.custom_middleware_bundle, api.custom_middleware_bundle);
    assert.deepEqual({ ...keyed.config_data }, { ...api.config_data });
  });

  it('npm run verify:tyk passes on every shipped API definition', () => {
    const options = { bundleDir: repoPath('dist', 'bundle'), templateDir: repoPath('deploy', 'tyk', 'templates'), driver: 'otto' };
    for (const file of ['inference-api.json', 'keyed-api.json'])
      assert.deepEqual(checkApiDefinition(repoPath('deploy', 'tyk', 'apps', file), options), [], file);
  });

  it('every rejection event posts to the BFF service at /_edge/rejected, with the secret compose gives the BFF', () => {
    const bffSecret = envOf(compose.services.bff).EDGE_SHARED_SECRET;
    assert.ok(bffSecret, 'compose gives the BFF an EDGE_SHARED_SECRET');
    for (const [file, def] of Object.entries(apps)) {
      assert.equal(def.config_data.sw_edge_secret, bffSecret, `${file}: sw_edge_secret`);
      for (const event of REJECTION_EVENTS) {
        const [hook] = def.event_handlers.events[event];
        assert.equal(hook.handler_name, 'eh_web_hook_handler', `${file}: ${event}`);
        assert.equal(hook.handler_meta.target_path, `http://bff:${DESIGN.bffPort}${REJECTED_PATH}`, `${file}: ${event}`);
        assert.equal(hook.handler_meta.header_map['x-sw-edge-key'], bffSecret, `${file}: ${event}`);
      }
    }
  });

  it('compose mounts the webhook templates where the API definitions name them, and no template sends .Meta.Key', () => {
    const mount = bindMounts(gateway).find((m) => m.source.replace(/^\.\//, '') === 'deploy/tyk/templates');
    assert.ok(mount, 'tyk-gateway does not mount ./deploy/tyk/templates');
    for (const [file, def] of Object.entries(apps)) {
      for (const [event, [hook]] of Object.entries(def.event_handlers.events as Record<string, any[]>)) {
        const templatePath: string = hook.handler_meta.template_path;
        assert.equal(path.posix.dirname(templatePath), mount.target, `${file}: ${event} template_path is outside the mount`);
        const text = readFileSync(repoPath('deploy', 'tyk', 'templates', path.posix.basename(templatePath)), 'utf8');
        assert.doesNotMatch(text, /\.Meta\.Key\b/);
        // Tyk sends application/json only for a template whose name ends in .json.
        assert.match(templatePath, /\.json$/);
      }
    }
  });
});
