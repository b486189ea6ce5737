/**
 * Tyk's plugin bundle manifest (apidef/api_definitions.go `BundleManifest`; Tyk's JSVM docs
 * "Bundles"). The manifest replaces the API's own `custom_middleware`.
 */
export interface ManifestHook {
  /** The global Tyk calls: `<name>.DoProcessRequest(...)`. */
  name: string;
  /** Relative to the bundle's folder. */
  path: string;
  require_session: boolean;
  raw_body_only: boolean;
}

export interface BundleManifest {
  file_list: string[];
  custom_middleware: {
    pre: ManifestHook[];
    post: ManifestHook[];
    post_key_auth?: ManifestHook[];
    auth_check?: { name: string; path: string };
    response?: ManifestHook[];
    driver: string;
  };
  /** Lowercase hex MD5 of the `file_list` files' bytes, concatenated in list order. */
  checksum: string;
  /** Base64 RSA PKCS#1 v1.5 signature over SHA-256 of the same bytes; empty when unsigned. */
  signature: string;
}

export type HookPhase = 'pre' | 'post';

/** Tyk's JS drivers: `otto` (released Tyk, ES5), `javascript` (goja, Tyk ≥ 5.15). */
export type JsDriver = 'otto' | 'javascript';

export interface HookFile {
  phase: HookPhase;
  name: string;
  fileName: string;
}

export function createManifest(hooks: readonly HookFile[], checksum: string, signature: string, driver: JsDriver): BundleManifest {
  const entry = (hook: HookFile): ManifestHook => ({ name: hook.name, path: hook.fileName, require_session: false, raw_body_only: false });
  return {
    file_list: hooks.map((hook) => hook.fileName),
    custom_middleware: {
      pre: hooks.filter((hook) => hook.phase === 'pre').map(entry),
      post: hooks.filter((hook) => hook.phase === 'post').map(entry),
      driver,
    },
    checksum,
    signature,
  };
}
