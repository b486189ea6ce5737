/**
 * Every setting of a service in one typed table: env name, default, parser and a doc line. Read once
 * at start; a value that does not parse stops the service with a message naming the variable, the
 * value and what is allowed (an unset or empty variable takes the default), because a typo that
 * silently falls back to a default is found only in production. The documented env tables are
 * checked against these tables by test/service-kit/settings-documented.test.ts.
 */

/** Turns a raw env value into a setting, or throws InvalidValue saying what would be allowed. */
export type Parser<T> = (raw: string) => T;

export interface Setting<T> {
  env: string;
  /** A function where the default depends on the machine (cores) or the repo's location. */
  default: T | (() => T);
  parse: Parser<T>;
  doc: string;
}

export class InvalidValue extends Error {
  /** e.g. "an integer from 0 to 65535" */
  readonly allowed: string;
  constructor(allowed: string) {
    super(allowed);
    this.allowed = allowed;
  }
}

/** A setting that stops the service at start; main entries exit with code 2 on it. */
export class ConfigError extends Error {
  readonly env: string;
  readonly value: string;
  constructor(env: string, value: string, allowed: string) {
    super(`${env}=${JSON.stringify(value)} is not valid: ${env} must be ${allowed}`);
    this.name = 'ConfigError';
    this.env = env;
    this.value = value;
  }
}

/** A setting's type is what its parser returns; its default is checked against that. */
type ParsedBy<S> = S extends { parse: Parser<infer T> } ? T : never;
export type ConfigOf<Table> = { -readonly [K in keyof Table]: ParsedBy<Table[K]> };

export interface ConfigDefinition<Table extends Record<string, Setting<unknown>>> {
  readonly settings: Table;
  /** Throws ConfigError on the first value that does not parse; overrides (tests, callers) win over env. */
  load(env?: NodeJS.ProcessEnv, overrides?: Partial<ConfigOf<Table>>): ConfigOf<Table>;
}

export function defineConfig<const Table extends Record<string, Setting<unknown>>>(
  settings: Table & { [K in keyof Table]: Setting<ParsedBy<Table[K]>> },
): ConfigDefinition<Table> {
  return {
    settings,
    load(env = process.env, overrides = {}) {
      const config: Record<string, unknown> = {};
      for (const [key, setting] of Object.entries(settings)) {
        const raw = env[setting.env];
        if (raw === undefined || raw === '') {
          config[key] = typeof setting.default === 'function' ? (setting.default as () => unknown)() : setting.default;
          continue;
        }
        try {
          config[key] = setting.parse(raw);
        } catch (err) {
          if (err instanceof InvalidValue) throw new ConfigError(setting.env, raw, err.allowed);
          throw err;
        }
      }
      // An override left undefined (`{ port: options.port }`) keeps the env's value.
      for (const [key, value] of Object.entries(overrides)) if (value !== undefined) config[key] = value;
      return config as ConfigOf<Table>;
    },
  };
}

// Parsers shared by every service.

export const text: Parser<string> = (raw) => raw;

export const optionalText: Parser<string | undefined> = (raw) => raw;

/** A base URL without its trailing slashes, so paths can be appended. */
export const baseUrl: Parser<string> = (raw) => {
  if (!URL.canParse(raw) || !/^https?:$/.test(new URL(raw).protocol)) throw new InvalidValue('an http:// or https:// URL');
  return raw.replace(/\/+$/, '');
};

export const bool: Parser<boolean> = (raw) => {
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new InvalidValue('true or false (also 1/0, yes/no, on/off)');
};

export function integer(min: number, max = Number.MAX_SAFE_INTEGER): Parser<number> {
  return (raw) => {
    const n = Number(raw.trim());
    if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidValue(max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer from ${min} to ${max}`);
    }
    return n;
  };
}

export const port: Parser<number> = integer(0, 65535);

/** Comma-separated, blanks dropped. */
export const list: Parser<string[]> = (raw) =>
  raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

/** For a main's catch: a ConfigError ends the process with exit code 2 and its one line; anything else is left to the caller. */
export function exitOnConfigError(service: string, err: unknown): void {
  if (!(err instanceof ConfigError)) return;
  console.error(`${service}: ${err.message}`);
  process.exit(2);
}
