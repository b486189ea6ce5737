/** The emulator's error answers (errors.json); the sentences are Tyk's own where Tyk answers the same case. */
import type { ServerResponse } from 'node:http';
import { defineErrors, sendError } from '../service-kit/errors';
import catalogue from './errors.json';

export const EDGE_ERRORS = defineErrors('EDGE', catalogue);

export type EdgeErrorCode = keyof typeof EDGE_ERRORS.specs;

export function sendEdgeError(res: ServerResponse, code: EdgeErrorCode, detail: string | null, traceId: string | null): void {
  sendError(res, EDGE_ERRORS.answerFor(code, { detail, traceId }));
}
