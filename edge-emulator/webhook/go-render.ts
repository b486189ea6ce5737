/**
 * What Tyk's webhook handler does with a template (gateway/event_handler_webhooks.go): Go's
 * html/template fills `{{.Type}}`, `{{.TimeStamp}}` and `{{.Meta.X}}`, escaping each value for
 * HTML text (`"` `'` `+` `&` `<` `>` as entities, NUL as U+FFFD). A field the event's metadata
 * does not have fails the render, and Tyk then sends nothing; so does it here.
 */
const ESCAPES: { [char: string]: string } = { '\u0000': '\uFFFD', '"': '&#34;', "'": '&#39;', '&': '&amp;', '+': '&#43;', '<': '&lt;', '>': '&gt;' };

export function escapeGoHtml(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: Go's html/template escapes NUL too, and so must we
  return text.replace(/[\u0000"'&+<>]/g, (c) => ESCAPES[c]);
}

/** Go's `time.Time.String()` of a local time in UTC, as `time.Now().Local().String()` gives on a UTC host. */
export function goTimeString(epochMs: number, extraNanos = 0): string {
  const date = new Date(epochMs);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const nanos = (date.getUTCMilliseconds() * 1_000_000 + extraNanos).toString().padStart(9, '0').replace(/0+$/, '');
  const clock = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${clock}${nanos ? `.${nanos}` : ''} +0000 UTC`;
}

export interface EventMessage {
  Type: string;
  TimeStamp: string;
  Meta: { [field: string]: string };
}

export type RenderResult = { ok: true; body: string } | { ok: false; error: string };

export function renderTemplate(template: string, message: EventMessage): RenderResult {
  let error: string | undefined;
  const body = template.replace(/\{\{\s*\.([A-Za-z]+)(?:\.([A-Za-z]+))?\s*\}\}/g, (_whole, top: string, field: string | undefined) => {
    let value: string | undefined;
    if (top === 'Meta' && field !== undefined) value = message.Meta[field];
    else if (field === undefined && (top === 'Type' || top === 'TimeStamp')) value = message[top];
    if (value === undefined) {
      error ??= `can't evaluate field ${field ?? top} of the ${message.Type} event`;
      return '';
    }
    return escapeGoHtml(value);
  });
  return error === undefined ? { ok: true, body } : { ok: false, error };
}
