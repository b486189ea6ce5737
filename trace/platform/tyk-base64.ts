import type { Base64Codec } from '../base64';

// Tyk's Go-side globals (gateway/mw_js_plugin.go and mw_js_plugin_goja.go, registerAPI): standard padded
// encoding of the UTF-8 bytes; b64dec retries without padding and returns undefined when both fail.
declare function b64enc(text: string): string;
declare function b64dec(base64: string): string | undefined;

/**
 * The codec over Tyk's globals, looked up when a request runs, never when the file loads: Tyk's goja
 * driver (5.15, `javascript`) replays each file on a fresh runtime *before* it registers b64enc/b64dec,
 * so a load-time read throws ReferenceError and the hook is never defined (every request a 500).
 * The Go functions themselves go in the object, not wrappers: otto pays for every function object on
 * each per-call vm.Copy() and for every JavaScript call.
 */
export function tykBase64(): Base64Codec {
  return { encode: b64enc, decode: b64dec };
}
