// Verifies the JWTs an identity provider issues and reads who they name and what scopes they
// grant. Every refusal is UNAUTHENTICATED with a reason a client or an operator can act on;
// the token itself is never quoted back.

import { errors, jwtVerify, type JWTPayload, type JWTVerifyOptions } from "jose";
import { MirrorError } from "../errors";
import { readJwtKeys, type JwtKeys } from "./jwtKeys";
import { instant, quote, refusal, refused } from "./jwtRefusal";

export type { JwtRefusalReason } from "./jwtRefusal";

const { JWKSMultipleMatchingKeys, JWSSignatureVerificationFailed } = errors;

export interface JwtSettings {
  /** HS256 shared secret (text as given; at least 32 bytes, refused otherwise). */
  secret?: string;
  /** PEM public keys (SPKI "-----BEGIN PUBLIC KEY-----" or X.509 certificates), for RS256 / ES256; each key of the token's algorithm is tried in turn (PEM keys carry no kid). */
  publicKeys?: string[];
  /** The content of a JWKS file ({"keys": [...]}), for RS256 / ES256; a token's kid chooses the key. */
  jwks?: unknown;
  /** Checked when given: the token's "iss" must equal it. */
  issuer?: string;
  /** Checked when given: the token's "aud" must be or contain it. */
  audience?: string;
  /** Tolerance for "exp" and "nbf" against this server's clock. Default 30. */
  clockSkewSeconds?: number;
  /**
   * Claim holding the scopes: a space-separated string (OAuth "scope") or an array of strings.
   * A claim of exactly that name is read first, so namespaced claims such as
   * "https://example.com/roles" work; otherwise a dot path such as "realm_access.roles" reaches
   * nested claims. Default "scope".
   */
  scopesClaim?: string;
  /** Claim naming the principal (read as scopesClaim is). Default "sub". */
  nameClaim?: string;
  /**
   * Whether a token must carry "exp". Default true: a token without an expiry stays valid
   * forever once leaked, so it is refused unless the operator opts out here.
   */
  requireExpiry?: boolean;
}

export interface JwtIdentity {
  name: string;
  scopes: string[];
  /** The token's "exp" as an ISO-8601 UTC instant, when it has one. */
  expiresAt?: string;
}

const DEFAULT_CLOCK_SKEW_SECONDS = 30;

/**
 * Checks the settings once and returns the verifier of tokens. Bad settings are refused with
 * BAD_USER_INPUT naming the setting; a refused token with UNAUTHENTICATED and `details.reason`.
 * @example const verify = await jwtVerifier({ jwks, issuer: "https://id.example.com/" }); const { name, scopes } = await verify(token);
 */
export async function jwtVerifier(settings: JwtSettings): Promise<(token: string) => Promise<JwtIdentity>> {
  const keys = await readJwtKeys(settings);
  const skew = settings.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS;
  if (typeof skew !== "number" || !Number.isFinite(skew) || skew < 0) {
    throw new MirrorError("BAD_USER_INPUT", `clockSkewSeconds must be a number of seconds, 0 or more; received ${String(skew)}.`, {
      setting: "clockSkewSeconds",
      expected: "a finite number >= 0",
      received: String(skew),
    });
  }
  const nameClaim = claimSetting(settings.nameClaim, "nameClaim", "sub");
  const scopesClaim = claimSetting(settings.scopesClaim, "scopesClaim", "scope");
  const issuer = optionalText(settings.issuer, "issuer");
  const audience = optionalText(settings.audience, "audience");
  const options: JWTVerifyOptions = {
    algorithms: keys.algorithms,
    clockTolerance: skew,
    ...(issuer === undefined ? {} : { issuer }),
    ...(audience === undefined ? {} : { audience }),
    requiredClaims: settings.requireExpiry === false ? [] : ["exp"],
  };
  const context = { keys, skew, issuer, audience };

  return async (token) => {
    let payload: JWTPayload;
    try {
      payload = (await verifySignedToken(token, keys, options)).payload;
    } catch (error) {
      throw refusal(error, token, context);
    }
    const name = claimAt(payload, nameClaim);
    if (typeof name !== "string" || name === "") {
      throw refused(
        "no_name",
        `The token has no "${nameClaim}" claim naming the principal (a non-empty string). Fix: have the identity provider include it, or set nameClaim to the claim that names the user.`,
      );
    }
    return {
      name,
      scopes: readScopes(claimAt(payload, scopesClaim), scopesClaim),
      ...(typeof payload.exp === "number" ? { expiresAt: instant(payload.exp) } : {}),
    };
  };
}

async function verifySignedToken(token: string, keys: JwtKeys, options: JWTVerifyOptions) {
  if (keys.kind === "secret") return jwtVerify(token, keys.secret, options);
  try {
    return await jwtVerify(token, keys.keySet, options);
  } catch (error) {
    if (!(error instanceof JWKSMultipleMatchingKeys)) throw error;
    // Keys without a kid (every PEM key) match any token of their algorithm: try each in turn;
    // the first whose signature verifies decides, claims included.
    for await (const key of error) {
      try {
        return await jwtVerify(token, key, options);
      } catch (inner) {
        if (!(inner instanceof JWSSignatureVerificationFailed)) throw inner;
      }
    }
    throw new JWSSignatureVerificationFailed();
  }
}

/** A claim named exactly `path`, else the claim the dot path reaches. */
export function claimAt(payload: JWTPayload, path: string): unknown {
  if (Object.hasOwn(payload, path)) return payload[path];
  let value: unknown = payload;
  for (const step of path.split(".")) {
    if (typeof value !== "object" || value === null || Array.isArray(value) || !Object.hasOwn(value, step)) return undefined;
    value = (value as Record<string, unknown>)[step];
  }
  return value;
}

function readScopes(value: unknown, claim: string): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === "string") return value.split(/\s+/).filter((s) => s !== "");
  if (Array.isArray(value) && value.every((s) => typeof s === "string")) return value.filter((s) => s !== "");
  // Refused rather than read as no scopes, so a misconfigured scopesClaim shows at once.
  throw refused(
    "malformed",
    `The token's "${claim}" claim is ${Array.isArray(value) ? "an array holding non-strings" : `a ${typeof value}`}; scopes must be a space-separated string or an array of strings. Fix: set scopesClaim to the claim holding the scopes.`,
  );
}

function claimSetting(value: unknown, setting: string, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value === "string" && value !== "") return value;
  throw new MirrorError("BAD_USER_INPUT", `${setting} must be a claim name or dot path such as "realm_access.roles"; received ${quote(value)}.`, {
    setting,
    expected: "a non-empty string",
    received: String(value),
  });
}

function optionalText(value: unknown, setting: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "string" && value !== "") return value;
  throw new MirrorError("BAD_USER_INPUT", `${setting} must be a non-empty string when given; received ${quote(value)}.`, {
    setting,
    expected: "a non-empty string",
    received: String(value),
  });
}
