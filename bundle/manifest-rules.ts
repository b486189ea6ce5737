/**
 * What `tyk bundle build` refuses (cli/bundler/bundler.go): no hook at all, no driver, a listed file
 * that does not exist. There is no Tyk binary here, so these rules are checked by the build before
 * writing a zip and by the verify command on any zip.
 */
import type { BundleManifest } from './manifest';

type HookList = { name?: unknown; path?: unknown }[] | undefined;

function hooksOf(manifest: BundleManifest): { phase: string; hook: { name?: unknown; path?: unknown } }[] {
  const middleware = manifest.custom_middleware as unknown as { [phase: string]: HookList } | undefined;
  if (!middleware || typeof middleware !== 'object') return [];
  const found: { phase: string; hook: { name?: unknown; path?: unknown } }[] = [];
  for (const phase of ['pre', 'post', 'post_key_auth', 'response']) {
    const list = middleware[phase];
    if (Array.isArray(list)) for (const hook of list) found.push({ phase, hook });
  }
  const auth = (middleware as unknown as { auth_check?: { name?: unknown; path?: unknown } }).auth_check;
  if (auth && typeof auth.name === 'string' && auth.name !== '') found.push({ phase: 'auth_check', hook: auth });
  return found;
}

/** Problems in plain words; empty when Tyk's bundler would accept the manifest with these files. */
export function manifestProblems(manifest: BundleManifest, fileExists: (name: string) => boolean): string[] {
  const problems: string[] = [];
  if (!Array.isArray(manifest.file_list) || manifest.file_list.length === 0) problems.push('file_list is missing or empty');
  else {
    for (const name of manifest.file_list) {
      if (typeof name !== 'string' || !fileExists(name)) problems.push(`file_list names "${String(name)}", which is not in the bundle`);
    }
  }
  if (!manifest.custom_middleware || typeof manifest.custom_middleware !== 'object') {
    problems.push('custom_middleware is missing');
    return problems;
  }
  if (typeof manifest.custom_middleware.driver !== 'string' || manifest.custom_middleware.driver === '')
    problems.push('custom_middleware.driver is missing (Tyk has no default; use "otto", or "javascript" for goja on Tyk ≥ 5.15)');
  const hooks = hooksOf(manifest);
  if (hooks.length === 0) problems.push('custom_middleware defines no hook (Tyk requires at least one)');
  for (const { phase, hook } of hooks) {
    if (typeof hook.name !== 'string' || hook.name === '') problems.push(`a ${phase} hook has no name`);
    if (typeof hook.path !== 'string' || !fileExists(hook.path))
      problems.push(`the ${phase} hook "${String(hook.name)}" points at "${String(hook.path)}", which is not in the bundle`);
    else if (Array.isArray(manifest.file_list) && manifest.file_list.indexOf(hook.path) === -1)
      problems.push(`the ${phase} hook file "${hook.path}" is not in file_list, so the checksum does not cover it`);
  }
  return problems;
}
