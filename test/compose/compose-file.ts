/**
 * compose.yaml read the way `docker compose` reads it, for the parts the tests check: services, env
 * (map or list, `${VAR:-default}` resolved to its default), bind mounts, published ports, healthchecks.
 */
import { parse } from 'yaml';
import { readRepoText } from './repo';

export interface Healthcheck {
  test?: string[] | string;
  disable?: boolean;
  start_period?: string;
}

export interface Service {
  image?: string;
  build?: { context?: string; dockerfile?: string; target?: string } | string;
  command?: string | string[];
  environment?: { [name: string]: string | number | boolean | null } | string[];
  ports?: (string | number)[];
  volumes?: string[];
  tmpfs?: string[] | string;
  healthcheck?: Healthcheck;
  depends_on?: { [name: string]: { condition?: string } } | string[];
}

export interface ComposeFile {
  services: { [name: string]: Service };
}

export function loadCompose(text = readRepoText('compose.yaml')): ComposeFile {
  const doc = parse(text) as ComposeFile;
  if (!doc || typeof doc.services !== 'object') throw new Error('compose.yaml has no services');
  return doc;
}

/** `${VAR:-default}` / `${VAR-default}` → default, `${VAR}` → '' (what compose does with VAR unset); `$$` → `$`. */
export function interpolateUnset(value: string): string {
  return value.replace(/\$\{[A-Za-z_][A-Za-z0-9_]*(?::?-([^}]*))?\}/g, (_m, fallback: string | undefined) => fallback ?? '').replace(/\$\$/g, '$');
}

export function envOf(service: Service): { [name: string]: string } {
  const out: { [name: string]: string } = {};
  const env = service.environment;
  if (Array.isArray(env)) {
    for (const item of env) {
      const eq = item.indexOf('=');
      if (eq > 0) out[item.slice(0, eq)] = interpolateUnset(item.slice(eq + 1));
    }
  } else if (env) {
    for (const [name, value] of Object.entries(env)) out[name] = value === null ? '' : interpolateUnset(String(value));
  }
  return out;
}

export interface BindMount {
  source: string;
  target: string;
  readOnly: boolean;
}

/** Short-syntax volumes whose source is a host path (starts with `.` or `/`); named volumes are skipped. */
export function bindMounts(service: Service): BindMount[] {
  const mounts: BindMount[] = [];
  for (const spec of service.volumes ?? []) {
    const [source, target, mode] = spec.split(':');
    if (!source.startsWith('.') && !source.startsWith('/')) continue;
    mounts.push({ source, target, readOnly: (mode ?? '').split(',').includes('ro') });
  }
  return mounts;
}

export interface PublishedPort {
  hostIp: string | null;
  host: number;
  container: number;
}

/** `"HOST:CONTAINER"` or `"IP:HOST:CONTAINER"`; a bare container port publishes on a random host port. */
export function publishedPorts(service: Service): PublishedPort[] {
  return (service.ports ?? []).map((raw) => {
    const parts = String(raw)
      .replace(/\/tcp$/, '')
      .split(':');
    if (parts.length === 3) return { hostIp: parts[0], host: Number(parts[1]), container: Number(parts[2]) };
    if (parts.length === 2) return { hostIp: null, host: Number(parts[0]), container: Number(parts[1]) };
    return { hostIp: null, host: NaN, container: Number(parts[0]) };
  });
}

/** `http://model:5001/x` or `oap:11800` → { host, port } (port from the scheme when absent). */
export function hostAndPort(address: string): { host: string; port: number } {
  if (/^[a-z]+:\/\//i.test(address)) {
    const url = new URL(address);
    const port = url.port !== '' ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
    return { host: url.hostname, port };
  }
  const [host, port] = address.split(':');
  return { host, port: Number(port) };
}

export function dependsOn(service: Service): { [name: string]: string } {
  const deps = service.depends_on;
  if (!deps) return {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((name) => [name, 'service_started']));
  return Object.fromEntries(Object.entries(deps).map(([name, dep]) => [name, dep?.condition ?? 'service_started']));
}
