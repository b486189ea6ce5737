/** One reason `npm run verify:tyk` refuses an API definition: the file, the field, and why. */
export interface Problem {
  file: string;
  field: string;
  message: string;
}

export interface CheckContext {
  file: string;
  /** The parsed classic API definition. */
  api: any;
  /** Where the bundles the definitions name are (`npm run build` writes dist/bundle). */
  bundleDir: string;
  /** Where our webhook templates are, looked up by the file name of `template_path`. */
  templateDir: string;
  /** The JSVM driver the gateway runs: `otto` for Tyk ≤ 5.14, `javascript` (goja) from 5.15. */
  driver: string;
}

export type ApiRule = (context: CheckContext) => Problem[];

export function problem(context: CheckContext, field: string, message: string): Problem {
  return { file: context.file, field, message };
}

/** The definition's default version (classic format), where the black list lives. */
export function defaultVersion(api: any): { name: string; version: any } {
  const name = api?.version_data?.default_version || 'Default';
  return { name, version: api?.version_data?.versions?.[name] };
}
