// Routes beyond OAP's receiver and our read API: GraphQL and the trace page (added as they grow).
import type { TraceStore } from '../store';
import type { Route } from './router';

export function extraHttpRoutes(_store: TraceStore): Route[] {
  return [];
}
