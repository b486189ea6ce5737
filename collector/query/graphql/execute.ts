// Runs a parsed GraphQL document against root resolvers that return plain typed objects
// (`__typename` plus fields); the result is projected on the selection set. Unknown fields are
// validation errors with `data: null`, like graphql-java (OAP's engine) answers them.
import { COLLECTOR_ERRORS } from '../../errors';
import { GRAPHQL_MAX_ANSWER_VALUES, GRAPHQL_MAX_DEPTH, GRAPHQL_MAX_FIELDS, GRAPHQL_MAX_QUERY_LENGTH } from '../../limits';
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
  constructor(
    message: string,
    readonly path?: (string | number)[],
  ) {
    super(message);
  }
}

/** A query past one of the collector's bounds (limits.ts); answered 400 with COLLECTOR_ERR_QUERY_TOO_COMPLEX. */
class TooComplex extends Error {}

/** What one answer may still cost: every selected field expanded and every value projected counts. */
class Budget {
  private left = GRAPHQL_MAX_ANSWER_VALUES;
  spend(path: (string | number)[]): void {
    if (--this.left < 0)
      throw new TooComplex(
        `the answer would hold more than ${GRAPHQL_MAX_ANSWER_VALUES} values (at ${path.join('/') || 'the root'}); ask for fewer fields, aliases or traces`,
      );
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

type FieldSelection = Extract<Selection, { kind: 'field' }>;

/**
 * Fields the operation selects once every fragment is expanded, counted without expanding them
 * (each fragment's count memoised, cycles left to collectFields to report), so a fragment bomb is
 * refused before any work; saturates just past the bound.
 */
function selectedFieldCount(selections: Selection[], doc: Document, memo = new Map<string, number>(), open = new Set<string>()): number {
  let count = 0;
  for (const sel of selections) {
    if (sel.kind === 'field') count += 1 + (sel.selections ? selectedFieldCount(sel.selections, doc, memo, open) : 0);
    else if (sel.kind === 'inline') count += selectedFieldCount(sel.selections, doc, memo, open);
    else if (Object.hasOwn(doc.fragments, sel.name) && !open.has(sel.name)) {
      let fragmentCount = memo.get(sel.name);
      if (fragmentCount === undefined) {
        open.add(sel.name);
        fragmentCount = selectedFieldCount(doc.fragments[sel.name].selections, doc, memo, open);
        open.delete(sel.name);
        memo.set(sel.name, fragmentCount);
      }
      count += fragmentCount;
    }
    if (count > GRAPHQL_MAX_FIELDS) return GRAPHQL_MAX_FIELDS + 1;
  }
  return count;
}

function collectFields(
  selections: Selection[],
  typename: string,
  doc: Document,
  budget: Budget,
  path: (string | number)[],
  seen = new Set<string>(),
  out: FieldSelection[] = [],
): FieldSelection[] {
  for (const sel of selections) {
    if (sel.kind === 'field') {
      // Counted while expanding, so that fragments spreading fragments cannot grow the list exponentially first.
      budget.spend(path);
      out.push(sel);
    } else if (sel.kind === 'inline') {
      if (sel.typeCondition === null || sel.typeCondition === typename) collectFields(sel.selections, typename, doc, budget, path, seen, out);
    } else {
      const frag = Object.hasOwn(doc.fragments, sel.name) ? doc.fragments[sel.name] : undefined;
      if (!frag) throw new QueryError(`Validation error (UndefinedFragment): Undefined fragment ${sel.name}`);
      if (seen.has(sel.name)) throw new QueryError(`Validation error (NoFragmentCycles): Fragment cycle at ${sel.name}`);
      if (frag.typeCondition === typename) collectFields(frag.selections, typename, doc, budget, path, new Set([...seen, sel.name]), out);
    }
  }
  return out;
}

function project(value: unknown, selections: Selection[] | null, doc: Document, path: (string | number)[], depth: number, budget: Budget): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) {
    return value.map((item, i) => {
      budget.spend(path);
      return project(item, selections, doc, [...path, i], depth, budget);
    });
  }
  const isObject = typeof value === 'object' && '__typename' in (value as object);
  if (!isObject) {
    if (selections) throw new QueryError(`Validation error (SubselectionNotAllowed): Sub selection not allowed on leaf field ${path.join('/')}`, path);
    return value;
  }
  const typed = value as Typed;
  if (!selections)
    throw new QueryError(`Validation error (SubselectionRequired): Sub selection required for type ${typed.__typename} of field ${path.join('/')}`, path);
  if (depth > GRAPHQL_MAX_DEPTH) throw new TooComplex(`selections nest deeper than ${GRAPHQL_MAX_DEPTH} levels (at ${path.join('/')})`);
  const out: Record<string, unknown> = {};
  for (const field of collectFields(selections, typed.__typename, doc, budget, path)) {
    if (field.name === '__typename') {
      out[field.alias] = typed.__typename;
      continue;
    }
    if (!Object.hasOwn(typed, field.name)) {
      throw new QueryError(
        `Validation error (FieldUndefined@${[...path, field.name].join('/')}) : Field '${field.name}' in type '${typed.__typename}' is undefined`,
        [...path, field.alias],
      );
    }
    out[field.alias] = project(typed[field.name], field.selections, doc, [...path, field.alias], depth + 1, budget);
  }
  return out;
}

/** Both shapes in one body: GraphQL clients read `errors`, the rest of our contract reads `code`. */
function tooComplex(detail: string): { status: number; body: GraphqlResponse } {
  const { status, body } = COLLECTOR_ERRORS.answerFor('COLLECTOR_ERR_QUERY_TOO_COMPLEX', { detail });
  return { status, body: { ...body, data: null, errors: [{ message: `${body.error} ${detail}` }] } };
}

export function executeGraphql(request: GraphqlRequest, roots: Record<string, RootResolver>): { status: number; body: GraphqlResponse } {
  if (typeof request.query !== 'string') {
    return { status: 400, body: { data: null, errors: [{ message: 'The request needs "query" as a string.' }] } };
  }
  if (request.query.length > GRAPHQL_MAX_QUERY_LENGTH)
    return tooComplex(`the query is ${request.query.length} characters; at most ${GRAPHQL_MAX_QUERY_LENGTH} are read`);
  const variables =
    request.variables && typeof request.variables === 'object' && !Array.isArray(request.variables) ? (request.variables as Record<string, unknown>) : {};
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
  if (selectedFieldCount(op.selections, doc) > GRAPHQL_MAX_FIELDS) {
    return tooComplex(`the query selects more than ${GRAPHQL_MAX_FIELDS} fields once its fragments are expanded`);
  }
  const budget = new Budget();
  try {
    const data: Record<string, unknown> = {};
    for (const field of collectFields(op.selections, 'Query', doc, budget, [])) {
      if (field.name === '__typename') {
        data[field.alias] = 'Query';
        continue;
      }
      const resolver = Object.hasOwn(roots, field.name) ? roots[field.name] : undefined;
      if (!resolver)
        throw new QueryError(`Validation error (FieldUndefined@${field.name}) : Field '${field.name}' in type 'Query' is undefined`, [field.alias]);
      const args = Object.fromEntries(Object.entries(field.args).map(([k, v]) => [k, toJs(v, vars)]));
      data[field.alias] = project(resolver(args), field.selections, doc, [field.alias], 1, budget);
    }
    return { status: 200, body: { data } };
  } catch (err) {
    if (err instanceof TooComplex) return tooComplex(err.message);
    if (err instanceof QueryError) return { status: 200, body: { data: null, errors: [{ message: err.message, ...(err.path ? { path: err.path } : {}) }] } };
    throw err;
  }
}
