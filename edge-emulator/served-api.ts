/**
 * One API the emulator serves: its definition, the hooks of the bundle it names and a JSVM for
 * them (Tyk keeps one VM per API). EDGE_SHARED_SECRET, when set, replaces the definition's
 * `sw_edge_secret` and its webhooks' `x-sw-edge-key`, as an operator sets both to the BFF's value.
 */
import path from 'node:path';
import type { Logger } from 'pino';
import { readApiDefinition, type ApiDefinition } from './api-definition';
import { loadBundleHooks, type BundleHooks } from './bundle-hooks';
import type { EdgeConfig } from './config';
import { Jsvm, type JsvmSpec } from './jsvm';

export interface ServedApi {
  definition: ApiDefinition;
  hooks: BundleHooks;
  bundlePath: string;
  jsvm: Jsvm;
  spec: JsvmSpec;
}

export function loadApis(config: EdgeConfig, tykjsSource: string, logger: Logger): ServedApi[] {
  if (config.apiDefinitionPaths.length === 0) throw new Error('no API definition to serve (EDGE_API_DEFINITION)');
  return config.apiDefinitionPaths.map((file) => {
    const definition = readApiDefinition(file);
    if (config.sharedSecret !== undefined) {
      definition.configData = { ...(definition.configData ?? {}), sw_edge_secret: config.sharedSecret };
      for (const hooks of Object.values(definition.webhooks)) for (const hook of hooks) hook.headers['x-sw-edge-key'] = config.sharedSecret;
    }
    const bundlePath = path.join(config.bundleDir, definition.bundleName);
    const hooks = loadBundleHooks(bundlePath);
    const exports: { [fileName: string]: string[] } = {};
    for (const hook of [...hooks.pre, ...hooks.post]) (exports[hook.fileName] ??= []).push(hook.name);
    const jsvm = new Jsvm({
      tykjsSource,
      files: hooks.files,
      driver: hooks.driver,
      exports,
      timeoutMs: config.jsvmTimeoutMs,
      log: (line) => logger.info({ prefix: 'jsvm', apiId: definition.apiId }, line),
    });
    return { definition, hooks, bundlePath, jsvm, spec: { APIID: definition.apiId, OrgID: definition.orgId, config_data: definition.configData } };
  });
}
