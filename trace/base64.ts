/**
 * Base64 sits behind this seam because the two runtimes differ: Node has Buffer, Tyk's otto VM has
 * only the Go-side globals `b64enc`/`b64dec`. Both encode the UTF-8 bytes of the text with the
 * standard, padded alphabet (`+/=`), which is what sw8 requires.
 */
export interface Base64Codec {
  encode(text: string): string;
  /** The decoded text, or undefined when the input is not base64. */
  decode(base64: string): string | undefined;
}
