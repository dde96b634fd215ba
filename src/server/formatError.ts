// Every error a client sees carries a code from the public list (docs/errors.md).
// Expected errors keep their message; anything unexpected is masked as INTERNAL
// with an id that is logged with the cause. SQL and stack traces never leave the server.

import type { GraphQLFormattedError } from "graphql";
import { GraphQLError } from "graphql";
import { randomUUID } from "node:crypto";
import { unwrapResolverError } from "@apollo/server/errors";
import { MirrorError } from "../errors";
import { log } from "./log";

export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  // A request refused before execution (its limits) carries its MirrorError as the original error, without a path.
  const unwrapped = unwrapResolverError(error);
  const cause = unwrapped instanceof GraphQLError && unwrapped.originalError instanceof MirrorError ? unwrapped.originalError : unwrapped;
  const { locations, path } = formatted;
  const base = { ...(locations ? { locations } : {}), ...(path ? { path } : {}) };
  if (cause instanceof MirrorError) {
    return { ...base, message: cause.message, extensions: { code: cause.code, ...cause.details } };
  }
  // GraphQL's own errors (syntax, validation, variable coercion, scalar parsing) describe the
  // request and carry a code already; an error without one is the server's and is masked.
  if (cause instanceof GraphQLError) {
    const code = (cause.originalError instanceof GraphQLError ? cause.originalError.extensions?.code : undefined) ?? formatted.extensions?.code;
    if (typeof code === "string" && code !== "INTERNAL_SERVER_ERROR") return { ...base, message: formatted.message, extensions: { code } };
  }
  const id = randomUUID();
  const err = cause instanceof Error ? cause : new Error(String(cause));
  log("error", "internal_error", { id, message: err.message, stack: err.stack, path });
  return { ...base, message: `Internal error ${id}; the server log has the details.`, extensions: { code: "INTERNAL", id } };
}
