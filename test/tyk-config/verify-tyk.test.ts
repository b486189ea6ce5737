/**
 * `npm run verify:tyk` (issue 14, part 4): the shipped API definitions pass, and each mistake that
 * silently breaks the trace or the gateway is refused with a message naming the file and the field.
 * Each case is a copy of the shipped keyed API with one thing wrong.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { checkApiDefinition } from '../../tyk-config/check';
import { writeZip } from '../../bundle/zip';
import { REPO_ROOT } from '../../service-kit/repo-paths';

const APPS = path.join(REPO_ROOT, 'deploy', 'tyk', 'apps');
const OPTIONS = { bundleDir: path.join(REPO_ROOT, 'dist', 'bundle'), templateDir: path.join(REPO_ROOT, 'deploy', 'tyk', 'templates'), driver: 'otto' };
const shipped = () => JSON.parse(readFileSync(path.join(APPS, 'keyed-api.json'), 'utf8'));
const dir = mkdtempSync(path.join(tmpdir(), 'verify-tyk-'));

// A bundle whose manifest names Tyk 5.15's goja driver, beside the built one.
const GOJA_BUNDLE = 'sw-edge-goja-test.zip';
const manifest = {
  file_list: [],
  custom_middleware: { driver: 'javascript', pre: [{ name: 'swEdgePre', path: 'sw-edge-pre.js' }], post: [] },
  checksum: '',
  signature: '',
};
writeFileSync(path.join(dir, GOJA_BUNDLE), writeZip([{ name: 'manifest.json', bytes: Buffer.from(JSON.stringify(manifest)) }]));

function writeCase(name: string, change: (api: any) => void): string {
  const api = shipped();
  change(api);
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(api));
  return file;
}

test('the shipped API definitions pass', () => {
  for (const name of ['inference-api.json', 'keyed-api.json']) assert.deepEqual(checkApiDefinition(path.join(APPS, name), OPTIONS), [], name);
});

describe('refusals, each naming the file and the field', () => {
  const cases: { name: string; change: (api: any) => void; field: string; message: RegExp }[] = [
    {
      name: 'jsvmEventHandler',
      change: (api) =>
        api.event_handlers.events.AuthFailure.unshift({ handler_name: 'eh_dynamic_handler', handler_meta: { name: 'onAuth', path: 'events/auth.js' } }),
      field: 'event_handlers.events.AuthFailure[0].handler_name',
      message: /eh_dynamic_handler .*one otto VM shared by all goroutines.*concurrent map read and map write/,
    },
    {
      name: 'misspeltRateLimitEvent',
      change: (api) => {
        api.event_handlers.events.RateLimitExceeded = api.event_handlers.events.RatelimitExceeded;
      },
      field: 'event_handlers.events.RateLimitExceeded',
      message: /never fires an event named RateLimitExceeded.*spells it RatelimitExceeded/,
    },
    {
      name: 'rejectionEventWithoutWebhook',
      change: (api) => delete api.event_handlers.events.QuotaExceeded,
      field: 'event_handlers.events.QuotaExceeded',
      message: /no eh_web_hook_handler posting to the BFF's \/_edge\/rejected/,
    },
    {
      name: 'webhookWithoutSecret',
      change: (api) => delete api.event_handlers.events.KeyExpired[0].handler_meta.header_map,
      field: 'event_handlers.events.KeyExpired[0].handler_meta.header_map.x-sw-edge-key',
      message: /403/,
    },
    {
      name: 'otherTemplate',
      change: (api) => (api.event_handlers.events.AuthFailure[0].handler_meta.template_path = 'templates/default_webhook.json'),
      field: 'event_handlers.events.AuthFailure[0].handler_meta.template_path',
      message: /sw-edge-rejected\.json/,
    },
    {
      name: 'peerUnlikeTarget',
      change: (api) => (api.config_data.sw_upstream_peer = 'bff.internal:3000'),
      field: 'config_data.sw_upstream_peer',
      message: /"bff.internal:3000" differs from proxy.target_url's host:port "bff:3000"/,
    },
    {
      name: 'peerUnset',
      change: (api) => delete api.config_data.sw_upstream_peer,
      field: 'config_data.sw_upstream_peer',
      message: /unset .*tyk-upstream-keyed-api/,
    },
    {
      name: 'gojaBundleOnOtto',
      change: (api) => (api.custom_middleware_bundle = GOJA_BUNDLE),
      field: 'custom_middleware_bundle',
      message: /manifest driver "javascript", but the definition expects "otto"/,
    },
    {
      name: 'missingBundle',
      change: (api) => (api.custom_middleware_bundle = 'sw-edge-9.9.9.zip'),
      field: 'custom_middleware_bundle',
      message: /cannot be read/,
    },
    {
      name: 'noEdgeBlock',
      change: (api) => (api.version_data.versions.Default.extended_paths.black_list = []),
      field: 'version_data.versions.Default.extended_paths.black_list',
      message: /no entry for \/_edge\//,
    },
    // Issue 9 §7: the gateway proxies the public API only.
    {
      name: 'metricsPublic',
      change: (api) =>
        (api.version_data.versions.Default.extended_paths.black_list = api.version_data.versions.Default.extended_paths.black_list.filter(
          (e: any) => e.path !== '/metrics',
        )),
      field: 'version_data.versions.Default.extended_paths.black_list',
      message: /no entry for \/metrics: .*Prometheus/,
    },
    {
      name: 'readyzPublic',
      change: (api) =>
        (api.version_data.versions.Default.extended_paths.black_list = api.version_data.versions.Default.extended_paths.black_list.filter(
          (e: any) => e.path !== '/readyz',
        )),
      field: 'version_data.versions.Default.extended_paths.black_list',
      message: /no entry for \/readyz: .*model's URL/,
    },
    {
      name: 'edgeBlockGetOnly',
      change: (api) => (api.version_data.versions.Default.extended_paths.black_list[0].method_actions = { GET: { action: 'no_action', code: 200 } }),
      field: 'version_data.versions.Default.extended_paths.black_list[0].method_actions',
      message: /does not block POST/,
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const file = writeCase(c.name, c.change);
      const problems = checkApiDefinition(file, c.name === 'gojaBundleOnOtto' ? { ...OPTIONS, bundleDir: dir } : OPTIONS);
      const hit = problems.find((p) => p.field === c.field);
      assert.ok(hit, `no problem on ${c.field}; got ${JSON.stringify(problems)}`);
      assert.equal(hit.file, file);
      assert.match(hit.message, c.message);
    });
  }
});

test('the CLI prints file: field: message and exits 1 on any refusal, 0 when all pass', () => {
  const bad = writeCase('cliJsvm', (api) => (api.event_handlers.events.AuthFailure = [{ handler_name: 'eh_dynamic_handler', handler_meta: {} }]));
  const run = (files: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'tyk-config', 'verify-cli.ts'), ...files], { cwd: REPO_ROOT, encoding: 'utf8' });
  const refused = run([path.join(APPS, 'inference-api.json'), bad]);
  assert.equal(refused.status, 1, refused.stderr);
  assert.match(refused.stdout, /^ok .*inference-api\.json$/m);
  assert.ok(refused.stdout.includes(`${bad}: event_handlers.events.AuthFailure[0].handler_name: eh_dynamic_handler`), refused.stdout);
  const passed = run([path.join(APPS, 'inference-api.json'), path.join(APPS, 'keyed-api.json')]);
  assert.equal(passed.status, 0, passed.stdout);
});
