/**
 * A request through a JS-engine harness instead of the edge emulator: the shipped pre and post hooks
 * run on the request as the gateway would run them (test/otto: real otto v0.5.1), and the headers
 * they set are forwarded to the BFF, as Tyk's proxy would. Any harness with the same `call` shape
 * (the goja one, when it lands) plugs in here.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { classify, multipartImage, type ClassifyAnswer } from '../e2e/classify-client';
import type { HeaderMap, HarnessRequest, OttoHarness } from '../otto/otto-harness';

const API = JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', 'deploy', 'tyk', 'apps', 'inference-api.json'), 'utf8')) as { api_id: string; config_data: Record<string, unknown> };

/** The one thing used of a harness: run a hook on a request. */
export type HookHarness = Pick<OttoHarness, 'call'>;

/** What the hooks set that the upstream must see: sw8 and the x-sw-edge-* headers. */
function edgeHeaders(headers: HeaderMap): Record<string, string> {
  const forwarded: Record<string, string> = {};
  for (const [name, values] of Object.entries(headers)) {
    if (/^(sw8|x-sw-edge-.*)$/i.test(name)) forwarded[name.toLowerCase()] = values[0];
  }
  return forwarded;
}

export async function classifyThroughHooks(harness: HookHarness, bffUrl: string, image: Buffer): Promise<ClassifyAnswer> {
  const { body, contentType } = multipartImage(image);
  const spec = { APIID: API.api_id, config_data: API.config_data };
  const request: HarnessRequest = { method: 'POST', url: '/inference/api/v1/classify', headers: { 'Content-Type': [contentType] }, bodyB64: body.toString('base64') };
  const pre = await harness.call({ hook: 'swEdgePre', request, spec });
  assert.ok(pre.ok, `the pre hook failed: ${JSON.stringify(pre)}`);
  const post = await harness.call({ hook: 'swEdgePost', request: { ...request, headers: pre.headers }, spec });
  assert.ok(post.ok, `the post hook failed: ${JSON.stringify(post)}`);
  return classify(bffUrl, image, { path: '/api/v1/classify', headers: edgeHeaders(post.headers) });
}
