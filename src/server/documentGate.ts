// Refuses request documents over the request limits before Apollo Server parses and
// validates them (src/graphql/limits/checkDocument.ts): validation of repeated selections
// is quadratic, so the check must come first, and Apollo's plugins cannot refuse a request
// at that stage without answering 500. Documents that passed are remembered, so that a
// client repeating a query pays the check once.

import { MirrorError } from "../errors";
import { checkDocument } from "../graphql/limits/checkDocument";
import type { QueryLimits } from "../graphql/limits/QueryLimits";

/** Documents that passed, forgotten all at once past this many; longer ones are checked each time, so that the memory stays small. */
const REMEMBERED = 1_000;
const REMEMBERED_LENGTH = 8_192;

/** The GraphQL document of a request as Apollo Server will read it: the `query` of a JSON body, or of the URL for GET. */
export function documentOf(method: string, body: unknown, search: URLSearchParams): string | undefined {
  if (method === "GET") return search.get("query") ?? undefined;
  const query = body !== null && typeof body === "object" && !Array.isArray(body) ? (body as { query?: unknown }).query : undefined;
  return typeof query === "string" ? query : undefined;
}

/** A check of documents against `limits`: the refusal, or undefined to go on. */
export function documentGate(limits: QueryLimits): (document: string) => MirrorError | undefined {
  const passed = new Set<string>();
  return (document) => {
    if (passed.has(document)) return undefined;
    try {
      checkDocument(document, limits);
    } catch (e) {
      if (e instanceof MirrorError) return e;
      throw e;
    }
    if (document.length > REMEMBERED_LENGTH) return undefined;
    if (passed.size >= REMEMBERED) passed.clear();
    passed.add(document);
    return undefined;
  };
}
