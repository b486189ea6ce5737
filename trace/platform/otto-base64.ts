import type { Base64Codec } from '../base64';

// Tyk's Go-side globals (gateway/mw_js_plugin.go, LoadTykJSApi): standard padded encoding of the
// UTF-8 bytes; b64dec retries without padding and returns undefined when both fail.
declare function b64enc(text: string): string;
declare function b64dec(base64: string): string | undefined;

// The Go functions themselves, not wrappers: a JavaScript call costs otto several microseconds.
export const ottoBase64: Base64Codec = {
  encode: b64enc,
  decode: b64dec,
};
