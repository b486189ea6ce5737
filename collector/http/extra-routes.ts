// Routes beyond OAP's receiver and our read API: OAP's GraphQL subset and the trace page.
import type { TraceStore } from '../store';
import { fail, type Route } from './router';
import { executeGraphql, type GraphqlRequest } from '../graphql/execute';
import { traceRoots } from '../graphql/trace-schema';

export function extraHttpRoutes(store: TraceStore): Route[] {
  const roots = traceRoots(store);
  return [
    {
      method: 'POST',
      path: '/graphql',
      json: true,
      handler: ({ body }) => {
        if (!body || typeof body !== 'object' || Array.isArray(body)) return fail('COLLECTOR_ERR_BAD_QUERY', 'the body must be {query, variables?, operationName?}');
        const { status, body: answer } = executeGraphql(body as GraphqlRequest, roots);
        return { status, body: answer };
      },
    },
  ];
}
