/**
 * A request through a JS-engine harness instead of the edge emulator: the shipped pre and post hooks
 * run on the request as the gateway would run them (testkit/jsvm: real otto v0.5.1 or goja at Tyk
 * 5.15's pin), and the edge headers they set are forwarded to the BFF, as Tyk's proxy would.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { classify, type ClassifyAnswer } from '../e2e/classify-client';
import { imageUpload } from '../../testkit/bff/multipart';
import type { EdgeGateway } from '../../testkit/jsvm/edge-gateway';

const API = JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', 'deploy', 'tyk', 'apps', 'inference-api.json'), 'utf8')) as {
  api_id: string;
  config_data: Record<string, unknown>;
};

/** What the hooks set that the upstream must see: sw8 and the x-sw-edge-* headers. */
function edgeHeaders(forward: Record<string, string>): Record<string, string> {
  const edge: Record<string, string> = {};
  for (const [name, value] of Object.entries(forward)) if (/^(sw8|x-sw-edge-.*)$/i.test(name)) edge[name.toLowerCase()] = value;
  return edge;
}

/** `edgeSecret`: the BFF's EDGE_SHARED_SECRET, which the gateway carries as `sw_edge_secret` (the stack makes one per start). */
export async function classifyThroughHooks(gateway: EdgeGateway, bffUrl: string, edgeSecret: string, image: Buffer): Promise<ClassifyAnswer> {
  const { body, contentType } = imageUpload(image);
  const spec = { APIID: API.api_id, OrgID: 'default', config_data: { ...API.config_data, sw_edge_secret: edgeSecret } };
  const pass = await gateway.through(
    { method: 'POST', url: '/inference/api/v1/classify', headers: { 'Content-Type': [contentType] }, bodyB64: body.toString('base64') },
    spec,
  );
  return classify(bffUrl, image, { path: '/api/v1/classify', headers: edgeHeaders(pass.forward) });
}
