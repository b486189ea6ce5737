// Small DOM helpers of the trace page. Text always goes in as text nodes: span names and tags come
// from agents and may be anything (an `<img onerror>` in an operation name must stay text).

type Attrs = Record<string, string | ((event: Event) => void)>;

export function el(tag: string, attrs: Attrs = {}, children: (Node | string | null | undefined)[] = []): HTMLElement {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (typeof value === 'function') node.addEventListener(key.slice(2), value);
    else if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) if (child) node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  return node;
}

export async function getJson<T>(url: string): Promise<{ status: number; body: T }> {
  const res = await fetch(url, { cache: 'no-store' });
  return { status: res.status, body: (await res.json()) as T };
}

export function fmtTime(ms: number): string {
  const d = new Date(ms);
  return `${d.toLocaleString(undefined, { hour12: false })}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

const PALETTE = ['#1a73e8', '#e37400', '#9334e6', '#188038', '#c5221f', '#12b5cb', '#b06000', '#5f6368'];
const serviceColors = new Map<string, string>();

/** One colour per service, in the order services are first seen, the same on the list and the waterfall. */
export function colorOf(service: string): string {
  let color = serviceColors.get(service);
  if (!color) {
    color = PALETTE[serviceColors.size % PALETTE.length];
    serviceColors.set(service, color);
  }
  return color;
}
