/**
 * The parts of a Tyk API definition (classic format) the emulator honours: the same files compose
 * mounts into the real gateway, so local runs and Tyk read one `config_data`, one auth setting,
 * one black list and one set of webhooks.
 */
import { readFileSync } from 'node:fs';

export interface WebhookConfig {
  method: string;
  targetPath: string;
  templatePath: string;
  headers: { [name: string]: string };
}

export interface ApiDefinition {
  file: string;
  apiId: string;
  orgId: string;
  listenPath: string;
  stripListenPath: boolean;
  bundleName: string;
  configData: { [key: string]: unknown } | null;
  /** Auth token APIs (`use_keyless: false`): the header the key comes in; undefined = keyless. */
  authHeaderName: string | undefined;
  /** `extended_paths.black_list` paths of the default version: Tyk answers 403 for them. */
  blockedPaths: string[];
  /** `eh_web_hook_handler` webhooks by Tyk event name. */
  webhooks: { [event: string]: WebhookConfig[] };
}

function webhooksOf(raw: any): { [event: string]: WebhookConfig[] } {
  const out: { [event: string]: WebhookConfig[] } = {};
  const events = raw?.event_handlers?.events;
  if (!events || typeof events !== 'object') return out;
  for (const [event, handlers] of Object.entries(events)) {
    if (!Array.isArray(handlers)) continue;
    for (const handler of handlers) {
      const meta = handler?.handler_meta;
      if (handler?.handler_name !== 'eh_web_hook_handler' || typeof meta?.target_path !== 'string' || meta.disabled === true) continue;
      (out[event] ??= []).push({
        method: typeof meta.method === 'string' ? meta.method.toUpperCase() : 'GET',
        targetPath: meta.target_path,
        templatePath: typeof meta.template_path === 'string' ? meta.template_path : '',
        headers: meta.header_map && typeof meta.header_map === 'object' ? { ...meta.header_map } : {},
      });
    }
  }
  return out;
}

export function readApiDefinition(file: string): ApiDefinition {
  let raw: any;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the API definition ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const missing = (what: string) => new Error(`the API definition ${file} has no ${what}`);
  if (typeof raw?.api_id !== 'string' || raw.api_id === '') throw missing('api_id');
  if (typeof raw.proxy?.listen_path !== 'string' || !raw.proxy.listen_path.startsWith('/')) throw missing('proxy.listen_path starting with /');
  if (typeof raw.custom_middleware_bundle !== 'string' || raw.custom_middleware_bundle === '') throw missing('custom_middleware_bundle');
  const configData = raw.config_data_disabled === true ? null : (raw.config_data ?? null);
  const version = raw.version_data?.versions?.[raw.version_data?.default_version ?? 'Default'];
  const blackList: unknown[] = Array.isArray(version?.extended_paths?.black_list) ? version.extended_paths.black_list : [];
  return {
    file,
    apiId: raw.api_id,
    orgId: typeof raw.org_id === 'string' ? raw.org_id : '',
    listenPath: raw.proxy.listen_path,
    stripListenPath: raw.proxy.strip_listen_path === true,
    bundleName: raw.custom_middleware_bundle,
    configData: configData && typeof configData === 'object' ? configData : null,
    authHeaderName:
      raw.use_keyless === true
        ? undefined
        : typeof raw.auth?.auth_header_name === 'string' && raw.auth.auth_header_name !== ''
          ? raw.auth.auth_header_name
          : 'Authorization',
    blockedPaths: blackList.map((entry: any) => entry?.path).filter((p): p is string => typeof p === 'string' && p !== ''),
    webhooks: webhooksOf(raw),
  };
}
