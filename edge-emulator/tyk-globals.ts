/**
 * The Go-side globals Tyk puts into every JSVM (gateway/mw_js_plugin.go, LoadTykJSApi), with
 * the same semantics: b64enc encodes UTF-8 bytes, standard padded; b64dec accepts standard base64,
 * falls back to unpadded, and gives undefined when both fail (Buffer alone would accept anything).
 * Underscore (`_`) is not provided: our hooks never use it; the real-otto harness has it.
 */
const STANDARD = /^[A-Za-z0-9+/]*={0,2}$/;
const RAW = /^[A-Za-z0-9+/]*$/;

function decodeBase64(text: string): string | undefined {
  const standard = STANDARD.test(text) && text.length % 4 === 0;
  const raw = RAW.test(text) && text.length % 4 !== 1;
  if (!standard && !raw) return undefined;
  return Buffer.from(text, 'base64').toString('utf8');
}

export function tykGlobals(log: (line: string) => void): { [name: string]: unknown } {
  return {
    log: (message: unknown) => log(String(message)),
    rawlog: (message: unknown) => log(String(message)),
    b64enc: (text: unknown) => Buffer.from(String(text), 'utf8').toString('base64'),
    b64dec: (text: unknown) => decodeBase64(String(text)),
    rawb64enc: (text: unknown) => Buffer.from(String(text), 'utf8').toString('base64').replace(/=+$/, ''),
    rawb64dec: (text: unknown) => (RAW.test(String(text)) && String(text).length % 4 !== 1 ? Buffer.from(String(text), 'base64').toString('utf8') : undefined),
  };
}
