// Checks a request's document before graphql-js validates it (validation's cost grows with
// the square of repeated selections): the number of tokens and the repeated selections of
// one response key in one selection set, fragments inlined as graphql-js inlines them.

import { Kind, parse, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from "graphql";
import { MirrorError } from "../../errors";
import type { QueryLimits } from "./QueryLimits";

/**
 * Throws LIMIT_EXCEEDED when `source` is over the limits; returns quietly otherwise, and also
 * for a document that does not parse (graphql-js then reports the syntax error itself).
 * @example checkDocument("{ a: regions { totalCount } }", DEFAULT_QUERY_LIMITS);
 */
export function checkDocument(source: string, limits: QueryLimits): void {
  let document: DocumentNode;
  try {
    document = parse(source, { maxTokens: limits.maxTokens, noLocation: true });
  } catch (e) {
    if (/Document contains more th\w+ \d+ tokens/.test((e as Error).message)) {
      throw new MirrorError("LIMIT_EXCEEDED", `The document has more than ${limits.maxTokens} tokens (maxTokens); split it into several requests.`, {
        limit: "maxTokens",
        maximum: limits.maxTokens,
      });
    }
    return;
  }
  const pairs = repeatedPairs(document);
  if (pairs.count > limits.maxRepeatedPairs) {
    throw new MirrorError(
      "LIMIT_EXCEEDED",
      `The document selects the same response key repeatedly in one selection set (${pairs.count} pairs of repeated selections, the most "${pairs.worstKey}" ${pairs.worstTimes} times), above the maximum of ${limits.maxRepeatedPairs} pairs (maxRepeatedPairs); select each field once per selection set, or give each copy its own alias.`,
      { limit: "maxRepeatedPairs", maximum: limits.maxRepeatedPairs, received: pairs.count },
    );
  }
}

/**
 * Pairs of same-key selections summed over every selection set, fragments inlined. Each
 * fragment's keys are counted once and reused, so that fragments spreading fragments twice
 * over cost linear time however many times they multiply.
 */
function repeatedPairs(document: DocumentNode): { count: number; worstKey: string; worstTimes: number } {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const fragmentKeys = new Map<string, Map<string, number>>();
  const result = { count: 0, worstKey: "", worstTimes: 0 };

  /** Response keys of `set` with how often each is selected, through inline fragments and spreads. */
  const keysOf = (set: SelectionSetNode): Map<string, number> => {
    const counts = new Map<string, number>();
    const add = (key: string, n: number) => counts.set(key, (counts.get(key) ?? 0) + n);
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) add(s.alias?.value ?? s.name.value, 1);
      else if (s.kind === Kind.INLINE_FRAGMENT) for (const [k, n] of keysOf(s.selectionSet)) add(k, n);
      else for (const [k, n] of spreadKeys(s.name.value)) add(k, n);
    }
    return counts;
  };
  const spreadKeys = (name: string): Map<string, number> => {
    const known = fragmentKeys.get(name);
    if (known) return known;
    // A spread cycle (which validation refuses) counts nothing past its first turn.
    fragmentKeys.set(name, new Map());
    const fragment = fragments.get(name);
    const keys = fragment ? keysOf(fragment.selectionSet) : new Map<string, number>();
    fragmentKeys.set(name, keys);
    return keys;
  };
  const visit = (set: SelectionSetNode) => {
    for (const [key, n] of keysOf(set)) {
      result.count += (n * (n - 1)) / 2;
      if (n > result.worstTimes) Object.assign(result, { worstKey: key, worstTimes: n });
    }
    children(set);
  };
  /** The selection sets under `set`'s fields, looking through its inline fragments (whose keys are `set`'s). */
  const children = (set: SelectionSetNode): void => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD && s.selectionSet) visit(s.selectionSet);
      else if (s.kind === Kind.INLINE_FRAGMENT) children(s.selectionSet);
    }
  };
  for (const d of document.definitions) {
    if (d.kind === Kind.OPERATION_DEFINITION || d.kind === Kind.FRAGMENT_DEFINITION) visit(d.selectionSet);
  }
  return result;
}
