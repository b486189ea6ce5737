/**
 * Undoes what Go's html/template does to a value it writes into HTML text (Tyk renders webhook
 * templates with html/template even for a `.json` file): `"` → `&#34;`, `'` → `&#39;`, `+` →
 * `&#43;`, `&` → `&amp;`, `<` → `&lt;`, `>` → `&gt;` (text/template's htmlReplacementTable, Go
 * 1.x). Numeric references in decimal or hex are undone in general; an unknown entity is kept.
 */
const NAMED: { [name: string]: string } = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

const ENTITY = /&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-z]{2,4});/g;

export function unescapeGoHtml(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (whole, body: string) => {
    if (body.startsWith('#')) {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return NAMED[body] ?? whole;
  });
}
