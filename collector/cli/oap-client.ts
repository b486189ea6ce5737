// POSTs a GraphQL query to `<base>/graphql`; the outcome is a value, never a throw.
export type QueryOutcome<T> = { ok: true; data: T } | { ok: false; reason: string };

export async function graphql<T>(baseUrl: string, query: string, variables: Record<string, unknown>, timeoutMs = 10_000): Promise<QueryOutcome<T>> {
  const url = `${baseUrl.replace(/\/+$/, '')}/graphql`;
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return { ok: false, reason: `cannot reach ${url}: ${cause?.code ?? cause?.message ?? (err as Error).message}` };
  }
  const text = await res.text().catch(() => '');
  let body: { data?: T | null; errors?: { message: string }[] };
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, reason: `${url} answered ${res.status} with no JSON: ${text.slice(0, 200)}` };
  }
  if (body.errors?.length) return { ok: false, reason: `${url}: ${body.errors.map((e) => e.message).join('; ')}` };
  if (!res.ok || !body.data) return { ok: false, reason: `${url} answered ${res.status}` };
  return { ok: true, data: body.data };
}

/** GET JSON; undefined when the server does not answer 200 with JSON (e.g. a real OAP has no such path). */
export async function getJson<T>(url: string, timeoutMs = 5000): Promise<T | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (res.status !== 200) return undefined;
    return (await res.json()) as T;
  } catch {
    return undefined;
  }
}
