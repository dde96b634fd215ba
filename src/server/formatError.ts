// Every error a client sees carries a code from the public list (docs/errors.md).
// Expected errors keep their message; anything unexpected is masked as INTERNAL
// with an id that is logged with the cause. SQL and stack traces never leave the server.

import type { GraphQLFormattedError } from "graphql";
import { GraphQLError } from "graphql";
import { randomUUID } from "node:crypto";
import { unwrapResolverError } from "@apollo/server/errors";
import { MirrorError } from "../errors";
import { log } from "./log";

/** An error the client is told about as it is: a MirrorError, or GraphQL's own (syntax, validation, variables). */
type Expected = { kind: "mirror"; error: MirrorError } | { kind: "graphql"; code: string };

/** What an error is to the client: expected (with its code), or the server's own (the cause, masked). */
function classify(error: unknown): Expected | { kind: "internal"; cause: Error } {
  // A request refused before execution (its limits) carries its MirrorError as the original error, without a path.
  const unwrapped = unwrapResolverError(error);
  const cause = unwrapped instanceof GraphQLError && unwrapped.originalError instanceof MirrorError ? unwrapped.originalError : unwrapped;
  if (cause instanceof MirrorError) return { kind: "mirror", error: cause };
  // GraphQL's own errors (syntax, validation, variable coercion, scalar parsing) describe the
  // request and carry a code already; an error without one is the server's and is masked.
  if (cause instanceof GraphQLError) {
    const code = (cause.originalError instanceof GraphQLError ? cause.originalError.extensions?.code : undefined) ?? cause.extensions?.code;
    if (typeof code === "string" && code !== "INTERNAL_SERVER_ERROR") return { kind: "graphql", code };
  }
  return { kind: "internal", cause: cause instanceof Error ? cause : new Error(String(cause)) };
}

/** The id of each masked cause, the same for the log line and the client's message. */
const ids = new WeakMap<Error, string>();
const idOf = (cause: Error) => {
  let id = ids.get(cause);
  if (!id) ids.set(cause, (id = randomUUID()));
  return id;
};
/** Causes logged already with their request's id (logInternalErrors), so that formatError does not log them twice. */
const logged = new WeakSet<Error>();

/**
 * Logs the server's own errors among `errors` with the id the client will see and the id of the
 * request (Apollo's didEncounterErrors runs before formatError).
 */
export function logInternalErrors(errors: readonly unknown[], requestId: string | undefined): void {
  for (const error of errors) {
    const c = classify(error);
    if (c.kind !== "internal" || logged.has(c.cause)) continue;
    logged.add(c.cause);
    const path = error instanceof GraphQLError ? error.path : undefined;
    log("error", "internal_error", { id: idOf(c.cause), ...(requestId ? { requestId } : {}), message: c.cause.message, stack: c.cause.stack, path });
  }
}

export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const { locations, path } = formatted;
  const base = { ...(locations ? { locations } : {}), ...(path ? { path } : {}) };
  const c = classify(error);
  switch (c.kind) {
    case "mirror":
      return { ...base, message: c.error.message, extensions: { code: c.error.code, ...c.error.details } };
    case "graphql":
      return { ...base, message: formatted.message, extensions: { code: c.code } };
    case "internal": {
      // Outside an HTTP request (tests through executeOperation without a request) nothing logged it yet.
      logInternalErrors([error], undefined);
      const id = idOf(c.cause);
      return { ...base, message: `Internal error ${id}; the server log has the details.`, extensions: { code: "INTERNAL", id } };
    }
  }
}
