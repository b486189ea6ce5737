// Clients must not reach the BFF's /_edge/ endpoints through the gateway: the API's default
// version black-lists /_edge/ for every method (the BFF also refuses them without the secret).
import { defaultVersion, problem, type ApiRule } from '../problem';

export const EDGE_PATH = '/_edge/';
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export const edgePathBlocked: ApiRule = (context) => {
  const { name, version } = defaultVersion(context.api);
  const field = `version_data.versions.${name}.extended_paths.black_list`;
  const list: any[] = Array.isArray(version?.extended_paths?.black_list) ? version.extended_paths.black_list : [];
  const entry = list.find((e) => typeof e?.path === 'string' && e.path.replace(/\{[^}]*\}$/, '').startsWith(EDGE_PATH) && e.disabled !== true);
  if (!entry) return [problem(context, field, `no entry for ${EDGE_PATH}: clients could post to the BFF's ${EDGE_PATH}rejected through the gateway.`)];
  if (version?.use_extended_paths !== true) return [problem(context, `version_data.versions.${name}.use_extended_paths`, 'must be true, or Tyk ignores the black list.')];
  const missing = METHODS.filter((m) => !entry.method_actions || typeof entry.method_actions[m] !== 'object');
  return missing.length > 0 ? [problem(context, `${field}[${list.indexOf(entry)}].method_actions`, `does not block ${missing.join(', ')}.`)] : [];
};
