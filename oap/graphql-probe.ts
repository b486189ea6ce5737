/**
 * OAP is ready when its GraphQL answers: the REST server is the last thing OAP starts, after
 * storage, the receivers and the query module, so an answer means segments can be sent and queried.
 */
export async function graphqlAnswers(httpUrl: string): Promise<boolean> {
  try {
    const res = await fetch(`${httpUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
      signal: AbortSignal.timeout(2000),
    });
    const body = (await res.json()) as { data?: { __typename?: string } };
    return res.ok && body.data?.__typename === 'Query';
  } catch {
    return false;
  }
}
