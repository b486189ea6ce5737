// Runs a parsed GraphQL document against root resolvers that return plain typed objects
// (`__typename` plus fields); the result is projected on the selection set. Unknown fields are
// validation errors with `data: null`, like graphql-java (OAP's engine) answers them.
import { parseGraphql, type Document, type Selection, type Value } from './parse';

export type Typed = { __typename: string; [field: string]: unknown };
export type RootResolver = (args: Record<string, unknown>) => unknown;

export interface GraphqlRequest {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

export interface GraphqlResponse {
  data: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[] }[];
}

class QueryError extends Error {
  constructor(message: string, readonly path?: (string | number)[]) {
    super(message);
  }
}

function toJs(value: Value, variables: Record<string, unknown>): unknown {
  switch (value.kind) {
    case 'var':
      return variables[value.name] ?? null;
    case 'int':
    case 'float':
    case 'string':
    case 'bool':
    case 'enum':
      return value.value;
    case 'null':
      return null;
    case 'list':
      return value.items.map((item) => toJs(item, variables));
    case 'object':
      return Object.fromEntries(Object.entries(value.fields).map(([k, v]) => [k, toJs(v, variables)]));
  }
}

function collectFields(selections: Selection[], typename: string, doc: Document, seen = new Set<string>()): Extract<Selection, { kind: 'field' }>[] {
  const out: Extract<Selection, { kind: 'field' }>[] = [];
  for (const sel of selections) {
    if (sel.kind === 'field') out.push(sel);
    else if (sel.kind === 'inline') {
      if (sel.typeCondition === null || sel.typeCondition === typename) out.push(...collectFields(sel.selections, typename, doc, seen));
    } else {
      const frag = Object.hasOwn(doc.fragments, sel.name) ? doc.fragments[sel.name] : undefined;
      if (!frag) throw new QueryError(`Validation error (UndefinedFragment): Undefined fragment ${sel.name}`);
      if (seen.has(sel.name)) throw new QueryError(`Validation error (NoFragmentCycles): Fragment cycle at ${sel.name}`);
      if (frag.typeCondition === typename) out.push(...collectFields(frag.selections, typename, doc, new Set([...seen, sel.name])));
    }
  }
  return out;
}

function project(value: unknown, selections: Selection[] | null, doc: Document, path: (string | number)[]): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((item, i) => project(item, selections, doc, [...path, i]));
  const isObject = typeof value === 'object' && '__typename' in (value as object);
  if (!isObject) {
    if (selections) throw new QueryError(`Validation error (SubselectionNotAllowed): Sub selection not allowed on leaf field ${path.join('/')}`, path);
    return value;
  }
  const typed = value as Typed;
  if (!selections) throw new QueryError(`Validation error (SubselectionRequired): Sub selection required for type ${typed.__typename} of field ${path.join('/')}`, path);
  const out: Record<string, unknown> = {};
  for (const field of collectFields(selections, typed.__typename, doc)) {
    if (field.name === '__typename') {
      out[field.alias] = typed.__typename;
      continue;
    }
    if (!Object.hasOwn(typed, field.name)) {
      throw new QueryError(`Validation error (FieldUndefined@${[...path, field.name].join('/')}) : Field '${field.name}' in type '${typed.__typename}' is undefined`, [...path, field.alias]);
    }
    out[field.alias] = project(typed[field.name], field.selections, doc, [...path, field.alias]);
  }
  return out;
}

export function executeGraphql(request: GraphqlRequest, roots: Record<string, RootResolver>): { status: number; body: GraphqlResponse } {
  if (typeof request.query !== 'string') {
    return { status: 400, body: { data: null, errors: [{ message: 'The request needs "query" as a string.' }] } };
  }
  const variables = request.variables && typeof request.variables === 'object' && !Array.isArray(request.variables) ? (request.variables as Record<string, unknown>) : {};
  const parsed = parseGraphql(request.query);
  if (!parsed.ok) return { status: 200, body: { data: null, errors: [{ message: parsed.reason }] } };
  const doc = parsed.document;
  const operationName = typeof request.operationName === 'string' ? request.operationName : null;
  const op = operationName ? doc.operations.find((o) => o.name === operationName) : doc.operations.length === 1 ? doc.operations[0] : undefined;
  if (!op) {
    const why = operationName ? `Unknown operation named '${operationName}'.` : 'Must provide operation name if query contains multiple operations.';
    return { status: 200, body: { data: null, errors: [{ message: why }] } };
  }
  if (op.type !== 'query') return { status: 200, body: { data: null, errors: [{ message: `This collector answers queries only, not ${op.type}s.` }] } };
  const vars: Record<string, unknown> = {};
  for (const def of op.variables) vars[def.name] = def.name in variables ? variables[def.name] : def.defaultValue ? toJs(def.defaultValue, {}) : null;
  try {
    const data: Record<string, unknown> = {};
    for (const field of collectFields(op.selections, 'Query', doc)) {
      if (field.name === '__typename') {
        data[field.alias] = 'Query';
        continue;
      }
      const resolver = Object.hasOwn(roots, field.name) ? roots[field.name] : undefined;
      if (!resolver) throw new QueryError(`Validation error (FieldUndefined@${field.name}) : Field '${field.name}' in type 'Query' is undefined`, [field.alias]);
      const args = Object.fromEntries(Object.entries(field.args).map(([k, v]) => [k, toJs(v, vars)]));
      data[field.alias] = project(resolver(args), field.selections, doc, [field.alias]);
    }
    return { status: 200, body: { data } };
  } catch (err) {
    if (err instanceof QueryError) return { status: 200, body: { data: null, errors: [{ message: err.message, ...(err.path ? { path: err.path } : {}) }] } };
    throw err;
  }
}
