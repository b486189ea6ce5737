import { generateKeyPairSync } from 'node:crypto';
import type { HookFile } from '../../bundle/manifest';

export const HOOKS: HookFile[] = [
  { phase: 'pre', name: 'swEdgePre', fileName: 'sw-edge-pre.js' },
  { phase: 'post', name: 'swEdgePost', fileName: 'sw-edge-post.js' },
];

export const HOOK_BYTES: { [name: string]: Buffer } = {
  'sw-edge-pre.js': Buffer.from('var swEdgePre = {};\n'),
  'sw-edge-post.js': Buffer.from('var swEdgePost = {};\n'),
};

export const readHook = (name: string): Buffer => HOOK_BYTES[name];

export function rsaKeyPair(): { privateKey: string; publicKey: string } {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}
