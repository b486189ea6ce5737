/**
 * One error registry per service, in the spirit of fastify's `createError`: a stable code, its HTTP
 * status and a short sentence. Each service keeps its catalogue as data, in an errors.json beside its
 * errors.ts, and docs/errors.md documents it; test/service-kit/error-registries.test.ts checks one
 * against the other. Codes are never reused once retired.
 *
 * Every error answer of every service has one body, `{code, error, detail, traceId}`, with every key
 * present (`detail` is null when there is nothing to add), so a client parses all four the same way.
 */
import type { ServerResponse } from 'node:http';

export interface ErrorSpec {
  readonly status: number;
  readonly error: string;
}

export interface ErrorBody<Code extends string = string> {
  code: Code;
  error: string;
  detail: unknown;
  traceId: string | null;
}

export interface ErrorOptions {
  detail?: unknown;
  /** Only where the status is passed on from elsewhere (the BFF relays the model's 4xx). */
  status?: number;
  headers?: Record<string, string>;
}

/** An expected failure, carried as a value up to the one place that answers it. */
export class ServiceError<Code extends string = string> extends Error {
  readonly code: Code;
  readonly status: number;
  readonly detail: unknown;
  readonly headers: Record<string, string>;

  constructor(spec: ErrorSpec, code: Code, options: ErrorOptions = {}) {
    super(spec.error);
    this.name = 'ServiceError';
    this.code = code;
    this.status = options.status ?? spec.status;
    this.detail = options.detail ?? null;
    this.headers = options.headers ?? {};
  }

  body(traceId: string | null): ErrorBody<Code> {
    return { code: this.code, error: this.message, detail: this.detail, traceId };
  }
}

export interface ErrorAnswer<Code extends string = string> {
  status: number;
  headers: Record<string, string>;
  body: ErrorBody<Code>;
  /** False for anything that was not a ServiceError of this registry: a bug, to be logged with its stack. */
  expected: boolean;
}

export interface ErrorRegistry<Code extends string> {
  readonly prefix: string;
  readonly specs: { readonly [K in Code]: ErrorSpec };
  /** The code for our own bugs; its answer never carries the thrown error's message or stack. */
  readonly internal: Code;
  /** This registry's error class: `new BFF_ERRORS.Error('BFF_ERR_NO_IMAGE', { detail })`. */
  readonly Error: new (
    code: Code,
    options?: ErrorOptions,
  ) => ServiceError<Code>;
  isError(value: unknown): value is ServiceError<Code>;
  answer(err: unknown, traceId: string | null): ErrorAnswer<Code>;
  /** The answer for a code, without an Error: for handlers that return replies rather than throw. */
  answerFor(code: Code, options?: ErrorOptions & { traceId?: string | null }): ErrorAnswer<Code>;
}

export function defineErrors<const Table extends Record<string, ErrorSpec>>(prefix: string, table: Table): ErrorRegistry<keyof Table & string> {
  type Code = keyof Table & string;
  const internal = `${prefix}_ERR_INTERNAL`;
  for (const [code, spec] of Object.entries(table)) {
    if (!code.startsWith(`${prefix}_ERR_`)) throw new Error(`error code ${code} does not start with ${prefix}_ERR_`);
    if (!(Number.isInteger(spec.status) && spec.status >= 400 && spec.status <= 599))
      throw new Error(`error code ${code} has status ${spec.status}, not 4xx/5xx`);
  }
  if (!Object.hasOwn(table, internal)) throw new Error(`error registry ${prefix} has no ${internal}`);

  class RegistryError extends ServiceError<Code> {
    constructor(code: Code, options?: ErrorOptions) {
      super(table[code], code, options);
    }
  }
  const isError = (value: unknown): value is ServiceError<Code> => value instanceof RegistryError;
  return {
    prefix,
    specs: table,
    internal: internal as Code,
    Error: RegistryError,
    isError,
    answer(err, traceId) {
      const expected = isError(err);
      const error = expected ? err : new RegistryError(internal as Code);
      return { status: error.status, headers: error.headers, body: error.body(traceId), expected };
    },
    answerFor(code, options = {}) {
      const error = new RegistryError(code, options);
      return { status: error.status, headers: error.headers, body: error.body(options.traceId ?? null), expected: true };
    },
  };
}

/** Writes an answer on a plain Node response; a response already started can only be cut. */
export function sendError(res: ServerResponse, answer: ErrorAnswer): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const json = JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    ...answer.headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(json)),
  });
  res.end(json);
}
