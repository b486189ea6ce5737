import type { Base64Codec } from '../base64';

/** Buffer never rejects input, so the caller (sw8's parser) checks the alphabet first. */
export const nodeBase64: Base64Codec = {
  encode: (text) => Buffer.from(text, 'utf8').toString('base64'),
  decode: (base64) => Buffer.from(base64, 'base64').toString('utf8'),
};
