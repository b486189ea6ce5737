// What one report or one query may cost the collector. Each bound keeps a single hostile request
// from wedging it for everyone (issue 9); past it the client gets a COLLECTOR_ERR_* answer.

/**
 * Spans in one segment. Agents cap far lower (Java 300 by default; the Node agent's segments hold a
 * request's spans), so only a broken or forged reporter gets here.
 */
export const MAX_SPANS_PER_SEGMENT = 2000;

/** Characters in one GraphQL query document; trace tools send a few KB. */
export const GRAPHQL_MAX_QUERY_LENGTH = 64 * 1024;

/** Fields one query selects once fragments are expanded: OAP's own default query complexity (SW_QUERY_MAX_QUERY_COMPLEXITY). */
export const GRAPHQL_MAX_FIELDS = 3000;

/** Nesting of selections in an answer: `queryTrace { spans { refs { … } } }` is 3. */
export const GRAPHQL_MAX_DEPTH = 12;

/**
 * Values one answer may hold (every field of every object and every list item counts one): bounds
 * aliases and fragment spreads that repeat a large answer. A 2,000-span trace with every span field
 * selected is about 60,000.
 */
export const GRAPHQL_MAX_ANSWER_VALUES = 1_000_000;
