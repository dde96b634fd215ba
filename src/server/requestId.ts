// Every request carries an id: the caller's own `x-request-id` when it is a plain token (a
// proxy's or a client's, so that their logs and ours name the same request), else a fresh UUID.
// The id goes back as `x-request-id`, into error extensions (`requestId`) and the access log.

import { randomUUID } from "node:crypto";

export const REQUEST_ID_HEADER = "x-request-id";

/**
 * What an incoming id may be: 1 to 128 letters, digits and `._:/+=@-` (UUIDs, ULIDs, base64,
 * trace ids). Anything else (control characters, quotes, spaces, a longer text) could forge log
 * lines or fill them, and is replaced.
 */
const SANE_ID = /^[A-Za-z0-9._:/+=@-]{1,128}$/;

/**
 * The id of a request, from its `x-request-id` header when sane.
 * @example requestIdOf(req.headers["x-request-id"]) // "4bf92f35..." as sent, or a new UUID
 */
export function requestIdOf(header: string | string[] | undefined): string {
  return typeof header === "string" && SANE_ID.test(header) ? header : randomUUID();
}
