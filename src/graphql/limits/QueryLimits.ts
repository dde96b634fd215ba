// How much one GraphQL request may ask of the server, checked before anything costly runs:
// its size when parsed, the repeated selections that make validation quadratic, and the
// rows it could read. Every refusal is LIMIT_EXCEEDED naming the limit, what was received
// and the maximum.

export interface QueryLimits {
  /** Lexical tokens of the document (graphql-js stops parsing past this). */
  maxTokens: number;
  /**
   * Pairs of selections with one response key in one selection set, fragments included
   * (a key selected n times makes n(n-1)/2 pairs). graphql-js compares every such pair
   * when it validates that fields merge, which is quadratic: 1,000 copies of one aliased
   * field take tens of seconds.
   */
  maxRepeatedPairs: number;
  /**
   * Objects a query could return: each connection counts its page size times the objects
   * it sits under (a page of 1,000 under a page of 1,000 is 1,000,000), each object edge one
   * per parent. Computed from the arguments, before any SQL runs.
   */
  maxNodes: number;
  /** Milliseconds a read statement may run before it is stopped (TIMEOUT); 0 for no limit. */
  timeoutMs: number;
}

/** Roomy for real queries (the demo's and the golden operations' need under 5,000 nodes), tight for abuse. */
export const DEFAULT_QUERY_LIMITS: QueryLimits = { maxTokens: 15_000, maxRepeatedPairs: 500, maxNodes: 200_000, timeoutMs: 10_000 };
