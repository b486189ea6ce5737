// Routes beyond OAP's receiver and our read API: OAP's GraphQL subset and the trace page.
import type { TraceStore } from '../store';
import { fail, type Route } from './router';
import { executeGraphql, type GraphqlRequest } from '../../query/graphql/execute';
import { traceRoots } from '../../query/graphql/trace-schema';
import { tracePageHtml } from '../../web/page';

export function extraHttpRoutes(store: TraceStore): Route[] {
  const roots = traceRoots(store);
  const page = { status: 200, raw: { contentType: 'text/html; charset=utf-8', data: tracePageHtml() } };
  return [
    { method: 'GET', path: '/', handler: () => page },
    { method: 'GET', path: '/trace/:traceId', handler: () => page },
    {
      method: 'POST',
      path: '/graphql',
      json: true,
      handler: ({ body }) => {
        if (!body || typeof body !== 'object' || Array.isArray(body))
          return fail('COLLECTOR_ERR_BAD_QUERY', 'the body must be {query, variables?, operationName?}');
        const { status, body: answer } = executeGraphql(body as GraphqlRequest, roots);
        return { status, body: answer };
      },
    },
  ];
}
