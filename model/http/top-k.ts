// Probabilities → the k most likely labels, highest first.
import { ModelError } from '../errors';

export interface Prediction {
  label: string;
  probability: number;
}

export function topK(probabilities: ArrayLike<number>, labels: readonly string[], k: number): Prediction[] {
  return Array.from(probabilities, (probability, i) => ({ label: labels[i], probability }))
    .sort((a, b) => b.probability - a.probability)
    .slice(0, k);
}

/** top_k from the query or a multipart field: an integer from 1 to the number of labels. */
export function parseTopK(raw: unknown, fallback: number, labelCount: number): number {
  if (raw === undefined || raw === null || raw === '') return Math.min(fallback, labelCount);
  const s = Array.isArray(raw) ? raw[0] : raw;
  const n = typeof s === 'string' && /^\d{1,6}$/.test(s) ? Number(s) : NaN;
  if (!(n >= 1 && n <= labelCount)) {
    throw new ModelError('MODEL_ERR_BAD_REQUEST', { detail: { field: 'top_k', got: String(s), expected: `integer from 1 to ${labelCount}` } });
  }
  return n;
}
