/** A client of the edge: multipart upload of field `image`, over keep-alive, like curl -F. */
import http from 'node:http';
import { imageUpload } from '../../testkit/bff/multipart';
import { send, type Answer } from '../../testkit/raw-http';

export type ClassifyAnswer = Answer;

export interface ClassifyOptions {
  headers?: Record<string, string>;
  agent?: http.Agent;
  /** Default the edge's route, /inference/api/v1/classify; /api/v1/classify to call the BFF itself. */
  path?: string;
  /** The multipart field; default "image". */
  field?: string;
}

export function classify(edgeUrl: string, image: Buffer, options: ClassifyOptions = {}): Promise<ClassifyAnswer> {
  const { body, contentType } = imageUpload(image, options.field);
  return send(edgeUrl, body, {
    method: 'POST',
    path: options.path ?? '/inference/api/v1/classify',
    headers: { 'content-type': contentType, ...options.headers },
    agent: options.agent ?? http.globalAgent,
  });
}
