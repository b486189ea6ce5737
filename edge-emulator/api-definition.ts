/**
 * The parts of a Tyk API definition (classic format) the emulator honours: the same file compose
 * mounts into the real gateway, so local runs and Tyk read one `config_data`.
 */
import { readFileSync } from 'node:fs';

export interface ApiDefinition {
  apiId: string;
  orgId: string;
  listenPath: string;
  stripListenPath: boolean;
  bundleName: string;
  configData: { [key: string]: unknown } | null;
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
  const configData = raw.config_data_disabled === true ? null : raw.config_data ?? null;
  return {
    apiId: raw.api_id,
    orgId: typeof raw.org_id === 'string' ? raw.org_id : '',
    listenPath: raw.proxy.listen_path,
    stripListenPath: raw.proxy.strip_listen_path === true,
    bundleName: raw.custom_middleware_bundle,
    configData: configData && typeof configData === 'object' ? configData : null,
  };
}
