// Why a JWT was refused: jose's errors become UNAUTHENTICATED with a stable reason and a
// message saying what to fix. Messages quote claims and header fields cut short, never the token.

import { decodeProtectedHeader, errors } from "jose";
import { MirrorError } from "../errors";
import type { JwtKeys } from "./jwtKeys";

const { JOSEAlgNotAllowed, JOSEError, JWKSNoMatchingKey, JWSSignatureVerificationFailed, JWTClaimValidationFailed, JWTExpired } = errors;

export type JwtRefusalReason = "expired" | "not_yet_valid" | "no_expiry" | "wrong_issuer" | "wrong_audience" | "bad_signature" | "bad_algorithm" | "malformed" | "no_name";

interface RefusalContext {
  keys: JwtKeys;
  skew: number;
  issuer: string | undefined;
  audience: string | undefined;
}

/** An UNAUTHENTICATED error with its reason. */
export function refused(reason: JwtRefusalReason, message: string): MirrorError {
  return new MirrorError("UNAUTHENTICATED", message, { reason });
}

/** The refusal for an error jose raised; anything that is not jose's is a bug here and passes through. */
export function refusal(error: unknown, token: string, { keys, skew, issuer, audience }: RefusalContext): unknown {
  if (!(error instanceof JOSEError)) return error;
  const keysNamed = keys.kind === "secret" ? "the configured secret" : `the configured ${keys.source === "jwks" ? "JWKS" : "public keys"}`;
  const newToken = "Fix: get a new token from the identity provider.";
  if (error instanceof JWTExpired) {
    const exp = Number(error.payload.exp);
    return refused("expired", `The token expired at ${instant(exp)}; it is now ${new Date().toISOString()}, beyond the ${skew} s of clock skew allowed. ${newToken}`);
  }
  if (error instanceof JWTClaimValidationFailed) {
    const received = error.payload[error.claim];
    const missing = error.reason === "missing";
    switch (error.claim) {
      case "nbf":
        if (error.reason !== "check_failed") break;
        return refused(
          "not_yet_valid",
          `The token is not valid before ${instant(Number(error.payload.nbf))}; it is now ${new Date().toISOString()}, beyond the ${skew} s of clock skew allowed. Fix: check the clocks of the identity provider and of this server.`,
        );
      case "exp":
        if (!missing) break;
        return refused(
          "no_expiry",
          `The token has no "exp" claim; tokens that never expire are refused. Fix: have the identity provider set an expiry, or set requireExpiry to false.`,
        );
      case "iss":
        return refused(
          "wrong_issuer",
          `The token was issued by ${missing ? 'nobody (no "iss" claim)' : quote(received)}; this server accepts tokens from ${quote(issuer)} only. Fix: get a token from that issuer, or correct the issuer setting.`,
        );
      case "aud":
        return refused(
          "wrong_audience",
          `The token is meant for ${missing ? 'no audience (no "aud" claim)' : quote(received)}; this server is ${quote(audience)}. Fix: request a token for that audience, or correct the audience setting.`,
        );
    }
    return refused("malformed", `The token's claims are malformed: ${cut(error.message)}.`);
  }
  if (error instanceof JOSEAlgNotAllowed) {
    const alg = headerField(token, "alg");
    const what = alg === "none" ? 'unsigned (alg "none")' : `signed with ${quote(alg)}`;
    return refused("bad_algorithm", `The token is ${what}; with ${keysNamed}, this server accepts ${keys.algorithms.join(" and ")} only.`);
  }
  if (error instanceof JWSSignatureVerificationFailed) {
    return refused("bad_signature", `The token's signature does not verify with ${keysNamed}: it was signed with another key, or altered. ${newToken}`);
  }
  if (error instanceof JWKSNoMatchingKey) {
    const kid = headerField(token, "kid");
    return refused(
      "bad_signature",
      `No key of ${keysNamed} matches the token${kid === undefined ? "" : ` (kid ${quote(kid)})`}: it was signed with a key this server does not know. Fix: update the JWKS, or get a new token.`,
    );
  }
  // JWSInvalid, JWTInvalid, JOSENotSupported (an unknown "crit" extension) and the rest.
  return refused("malformed", `The token is not a well-formed signed JWT (header.payload.signature, each base64url): ${cut(error.message)}.`);
}

/** A field of the token's header, read only to explain a refusal. */
function headerField(token: string, field: "alg" | "kid"): unknown {
  try {
    return decodeProtectedHeader(token)[field];
  } catch {
    return undefined;
  }
}

/** A NumericDate (seconds since the epoch) as an ISO-8601 UTC instant. */
export function instant(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? String(seconds) : date.toISOString();
}

/** A value quoted for a message, cut short: claims and header fields come from the token's sender. */
export function quote(value: unknown): string {
  return cut(JSON.stringify(value) ?? String(value));
}

/** jose's messages may name a header field of the token; a long one is cut. */
function cut(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
