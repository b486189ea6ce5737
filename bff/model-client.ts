/**
 * The BFF → model request (docs/bff.md): `POST {MODEL_URL}/predict`, the raw image streamed as a
 * chunked body with the sniffed Content-Type, through got (which the agent traces, so the model's
 * segment refers to the BFF's exit span). Every outcome comes back as a value; the mapping of
 * model failures onto BFF errors is in docs/errors.md.
 */
import type { Readable } from 'node:stream';
import { loadGot } from './got-loader';
import { BffError } from './errors';
import { parseServerTiming, type Timings } from './server-timing';

export interface Prediction {
  label: string;
  probability: number;
}

export interface ModelAnswer {
  model: string;
  backend?: string;
  predictions: Prediction[];
}

export type ModelOutcome =
  | { ok: true; answer: ModelAnswer; timings: Timings; durationMs: number }
  | { ok: false; error: BffError; durationMs: number; aborted?: boolean };

export interface ModelCall {
  modelUrl: string;
  timeoutMs: number;
  body: Readable;
  contentType: string;
  signal?: AbortSignal;
}

/** Retry-After when the model is unreachable or says 503 without one (seconds). */
export const DEFAULT_RETRY_AFTER_S = '5';

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EPIPE']);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The model's error as it sent it: its JSON error object, else its status and (cut) text. */
function modelErrorDetail(status: number, text: string): unknown {
  const json = parseJson(text);
  if (json !== null && typeof json === 'object') return json;
  return { status, body: text.slice(0, 500) };
}

function isAnswer(value: unknown): value is ModelAnswer {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return typeof v.model === 'string' && Array.isArray(v.predictions);
}

export async function callModel(call: ModelCall): Promise<ModelOutcome> {
  const got = await loadGot();
  const started = performance.now();
  const elapsed = (): number => performance.now() - started;
  try {
    const response = await got.post(`${call.modelUrl}/predict`, {
      body: call.body,
      headers: { 'content-type': call.contentType },
      timeout: { connect: Math.min(call.timeoutMs, 5000), response: call.timeoutMs },
      retry: { limit: 0 },
      throwHttpErrors: false,
      followRedirect: false,
      signal: call.signal,
    });
    const durationMs = elapsed();
    const status = response.statusCode;
    const text = typeof response.body === 'string' ? response.body : String(response.body);
    if (status >= 200 && status < 300) {
      const json = parseJson(text);
      if (!isAnswer(json)) {
        return {
          ok: false,
          durationMs,
          error: new BffError('BFF_ERR_MODEL_FAILED', { detail: { status, body: text.slice(0, 500), reason: 'not a {model, predictions} answer' } }),
        };
      }
      return { ok: true, answer: json, timings: parseServerTiming(response.headers['server-timing']), durationMs };
    }
    const detail = modelErrorDetail(status, text);
    if (status === 503) {
      const retryAfter = response.headers['retry-after'];
      return {
        ok: false,
        durationMs,
        error: new BffError('BFF_ERR_MODEL_UNAVAILABLE', {
          detail,
          headers: { 'Retry-After': typeof retryAfter === 'string' && retryAfter !== '' ? retryAfter : DEFAULT_RETRY_AFTER_S },
        }),
      };
    }
    if (status >= 400 && status < 500) return { ok: false, durationMs, error: new BffError('BFF_ERR_MODEL_REJECTED', { status, detail }) };
    return { ok: false, durationMs, error: new BffError('BFF_ERR_MODEL_FAILED', { detail }) };
  } catch (err) {
    const durationMs = elapsed();
    const e = err as { name?: string; code?: string; message?: string };
    if (call.signal?.aborted) return { ok: false, durationMs, aborted: true, error: new BffError('BFF_ERR_INTERNAL', { detail: 'model call aborted' }) };
    const event = (err as { event?: string }).event;
    if (e.name === 'TimeoutError' && (event === 'connect' || event === 'lookup')) {
      return {
        ok: false,
        durationMs,
        error: new BffError('BFF_ERR_MODEL_DOWN', { detail: { code: e.code, event, message: e.message }, headers: { 'Retry-After': DEFAULT_RETRY_AFTER_S } }),
      };
    }
    if (e.name === 'TimeoutError' || e.code === 'ETIMEDOUT') {
      return { ok: false, durationMs, error: new BffError('BFF_ERR_MODEL_TIMEOUT', { detail: { timeoutMs: call.timeoutMs, message: e.message } }) };
    }
    if (e.code !== undefined && UNREACHABLE.has(e.code)) {
      return {
        ok: false,
        durationMs,
        error: new BffError('BFF_ERR_MODEL_DOWN', { detail: { code: e.code, message: e.message }, headers: { 'Retry-After': DEFAULT_RETRY_AFTER_S } }),
      };
    }
    return { ok: false, durationMs, error: new BffError('BFF_ERR_MODEL_FAILED', { detail: { code: e.code, message: e.message } }) };
  }
}
