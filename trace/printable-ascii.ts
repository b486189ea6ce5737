/**
 * What may travel in an sw8 field (docs/architecture.md): printable ASCII, 0x20–0x7E; ids also without spaces.
 * Anything taken from an sw8 is echoed in headers, logged and stored, so the edge escapes what it
 * puts in and every reader refuses the rest. ES5-safe: runs in otto (no lookaround, no `u` flag).
 */
const PRINTABLE_ASCII = /^[\x20-\x7E]+$/;
const ID_CHARACTERS = /^[\x21-\x7E]+$/;
const NOT_PRINTABLE = /[^\x20-\x7E]/g;

export function isPrintableAscii(text: string): boolean {
  return PRINTABLE_ASCII.test(text);
}

export function isIdText(text: string): boolean {
  return ID_CHARACTERS.test(text);
}

/** Percent-encodes (UTF-8) every character outside printable ASCII, as a URL would carry it. */
export function escapeToPrintableAscii(text: string): string {
  if (PRINTABLE_ASCII.test(text) || text === '') return text;
  return text.replace(NOT_PRINTABLE, function (character) {
    try {
      return encodeURIComponent(character);
    } catch (_loneSurrogate) {
      return '%EF%BF%BD';
    }
  });
}
