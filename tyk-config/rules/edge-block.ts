// The gateway proxies the public API only. Clients must not reach the BFF's /_edge/ endpoints
// (the BFF also refuses them without the secret), nor its metrics and readiness, which name the
// model's URL (issue 9 §7), nor its liveness: the API's default version black-lists each for every
// method. Health and metrics stay on the service ports; the gateway's own liveness is Tyk's /hello.
import { defaultVersion, problem, type ApiRule } from '../problem';

export const EDGE_PATH = '/_edge/';
export const INTERNAL_PATHS = [EDGE_PATH, '/metrics', '/readyz', '/healthz'];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const WHY: Record<string, string> = {
  [EDGE_PATH]: `clients could post to the BFF's ${EDGE_PATH}rejected through the gateway`,
  '/metrics': "the BFF's Prometheus metrics would be public",
  '/readyz': "the BFF's readiness (which names the model's URL) would be public",
  '/healthz': "the BFF's liveness would be public (the gateway's own is /hello)",
};

export const edgePathBlocked: ApiRule = (context) => {
  const { name, version } = defaultVersion(context.api);
  const field = `version_data.versions.${name}.extended_paths.black_list`;
  const list: any[] = Array.isArray(version?.extended_paths?.black_list) ? version.extended_paths.black_list : [];
  const problems = [];
  for (const path of INTERNAL_PATHS) {
    const entry = list.find((e) => typeof e?.path === 'string' && e.path.replace(/\{[^}]*\}$/, '').startsWith(path) && e.disabled !== true);
    if (!entry) {
      problems.push(problem(context, field, `no entry for ${path}: ${WHY[path]}.`));
      continue;
    }
    const missing = METHODS.filter((m) => !entry.method_actions || typeof entry.method_actions[m] !== 'object');
    if (missing.length > 0)
      problems.push(problem(context, `${field}[${list.indexOf(entry)}].method_actions`, `does not block ${missing.join(', ')} on ${path}.`));
  }
  if (problems.length === 0 && version?.use_extended_paths !== true)
    return [problem(context, `version_data.versions.${name}.use_extended_paths`, 'must be true, or Tyk ignores the black list.')];
  return problems;
};
