// The keys JWTs are verified with, read once from the settings: a shared secret for HS256, or
// public keys (PEM or a JWKS) for RS256 and ES256. Every mistake in them is reported here, when
// the server starts, rather than as refused tokens later.

import { createLocalJWKSet, exportJWK, importJWK, importSPKI, importX509, type CryptoKey, type JWK } from "jose";
import { MirrorError } from "../errors";

export type JwtAlgorithm = "HS256" | "RS256" | "ES256";
type PublicAlgorithm = Exclude<JwtAlgorithm, "HS256">;

export type JwtKeys =
  | { kind: "secret"; secret: Uint8Array; algorithms: ["HS256"] }
  | { kind: "public"; source: "publicKeys" | "jwks"; keySet: ReturnType<typeof createLocalJWKSet>; algorithms: PublicAlgorithm[] };

export interface JwtKeySettings {
  secret?: string;
  publicKeys?: string[];
  jwks?: unknown;
}

const MIN_SECRET_BYTES = 32;
const MIN_RSA_BITS = 2048;

function badSetting(setting: string, message: string, expected: string, received?: string): MirrorError {
  return new MirrorError("BAD_USER_INPUT", message, { setting, expected, ...(received === undefined ? {} : { received }) });
}

/** Reads the one key source of the settings. @example await readJwtKeys({ secret: "at least thirty-two bytes of random text" }) */
export async function readJwtKeys(settings: JwtKeySettings): Promise<JwtKeys> {
  const given = (["secret", "publicKeys", "jwks"] as const).filter((name) => settings[name] !== undefined);
  if (given.length !== 1) {
    const received = given.length === 0 ? "none" : given.join(" and ");
    throw badSetting(
      given.length === 0 ? "secret, publicKeys, jwks" : given.join(", "),
      `JWT verification needs exactly one of secret, publicKeys and jwks; received ${received}.`,
      "exactly one of secret, publicKeys, jwks",
      received,
    );
  }
  if (settings.secret !== undefined) return { kind: "secret", secret: readSecret(settings.secret), algorithms: ["HS256"] };
  const keys = settings.publicKeys !== undefined ? await readPemKeys(settings.publicKeys) : await readJwks(settings.jwks);
  const algorithms = [...new Set(keys.map((k) => k.alg as PublicAlgorithm))].sort();
  return { kind: "public", source: given[0] as "publicKeys" | "jwks", keySet: createLocalJWKSet({ keys }), algorithms };
}

function readSecret(secret: unknown): Uint8Array {
  if (typeof secret !== "string") throw badSetting("secret", `secret must be text; received ${typeof secret}.`, "a string of at least 32 bytes", typeof secret);
  const bytes = new TextEncoder().encode(secret);
  // The secret is never quoted back, not even in part.
  if (bytes.length < MIN_SECRET_BYTES) {
    throw badSetting(
      "secret",
      `secret is ${bytes.length} bytes; HS256 needs at least ${MIN_SECRET_BYTES} (256 bits). Fix: use a long random value, e.g. \`openssl rand -base64 48\`.`,
      `at least ${MIN_SECRET_BYTES} bytes`,
      `${bytes.length} bytes`,
    );
  }
  return bytes;
}

async function readPemKeys(pems: unknown): Promise<JWK[]> {
  if (!Array.isArray(pems) || pems.length === 0) {
    throw badSetting("publicKeys", "publicKeys must be a non-empty list of PEM public keys or certificates.", "a non-empty array of PEM strings", describe(pems));
  }
  return Promise.all(pems.map((pem, i) => readPemKey(pem, `publicKeys[${i}]`)));
}

/** A PEM key as a JWK with its algorithm, so PEM keys and JWKS share one key set. */
async function readPemKey(pem: unknown, setting: string): Promise<JWK> {
  const expected = 'a PEM "PUBLIC KEY" (SPKI) or "CERTIFICATE" holding an RSA or EC P-256 key';
  if (typeof pem !== "string") throw badSetting(setting, `${setting} must be PEM text.`, expected, describe(pem));
  const label = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(pem)?.[1];
  const read = label === "PUBLIC KEY" ? importSPKI : label === "CERTIFICATE" ? importX509 : undefined;
  if (!read) {
    const fix = label?.includes("PRIVATE")
      ? "it is a private key; give its public key (`openssl pkey -pubout`)."
      : label === "RSA PUBLIC KEY"
        ? "it is a PKCS#1 key; convert it with `openssl rsa -RSAPublicKey_in -pubout`."
        : "no PEM header was found.";
    throw badSetting(setting, `${setting} is not ${expected}: ${fix}`, expected, label ? `PEM "${label}"` : "no PEM header");
  }
  for (const alg of ["RS256", "ES256"] as const) {
    let key: CryptoKey;
    try {
      key = await read(pem, alg, { extractable: true });
    } catch {
      continue;
    }
    checkKeySize(key, setting);
    return { ...(await exportJWK(key)), alg };
  }
  throw badSetting(setting, `${setting} could not be read as an RSA key (RS256) or an EC P-256 key (ES256).`, expected, `PEM "${label}" of another kind, or damaged`);
}

async function readJwks(jwks: unknown): Promise<JWK[]> {
  const keys = (jwks as { keys?: unknown } | null)?.keys;
  if (typeof jwks !== "object" || jwks === null || !Array.isArray(keys)) {
    throw badSetting("jwks", 'jwks must be the content of a JWKS file: an object {"keys": [...]}.', 'an object with a "keys" array', describe(jwks));
  }
  const usable: JWK[] = [];
  const others: string[] = [];
  for (const [i, jwk] of keys.entries()) {
    const setting = `jwks.keys[${i}]`;
    if (typeof jwk !== "object" || jwk === null || Array.isArray(jwk)) throw badSetting(setting, `${setting} must be a JSON Web Key object.`, "a JWK object", describe(jwk));
    const { kty, crv, alg, use, kid, d, k } = jwk as JWK;
    const named = `${setting}${kid === undefined ? "" : ` (kid ${JSON.stringify(kid)})`}`;
    if (d !== undefined || k !== undefined) {
      throw badSetting(setting, `${named} holds a private or secret key; a JWKS given here must hold public keys only.`, "a public key", "a private or secret key");
    }
    const algorithm = signingAlgorithm(kty, crv, alg, use);
    // An identity provider's JWKS may also hold keys for other algorithms or for encryption;
    // they are left out, and a token naming one of them finds no key.
    if (!algorithm) {
      others.push(`${kty ?? "?"}${crv ? `/${crv}` : ""}${alg ? ` ${alg}` : ""}${use ? ` use ${use}` : ""}`);
      continue;
    }
    let key: CryptoKey;
    try {
      key = (await importJWK(jwk as JWK, algorithm)) as CryptoKey;
    } catch (error) {
      throw badSetting(setting, `${named} is not a valid ${algorithm} public key: ${(error as Error).message}.`, `a ${algorithm} public JWK`, "an unreadable key");
    }
    checkKeySize(key, named);
    usable.push({ ...(jwk as JWK), alg: algorithm });
  }
  if (usable.length === 0) {
    const held = others.length === 0 ? "no keys" : others.join(", ");
    throw badSetting("jwks", `jwks holds no signing key for RS256 or ES256 (an RSA key, or an EC key on P-256); it holds ${held}.`, "at least one RS256 or ES256 public key", held);
  }
  return usable;
}

function signingAlgorithm(kty: unknown, crv: unknown, alg: unknown, use: unknown): PublicAlgorithm | undefined {
  if (use !== undefined && use !== "sig") return undefined;
  if (kty === "RSA" && (alg === undefined || alg === "RS256")) return "RS256";
  if (kty === "EC" && crv === "P-256" && (alg === undefined || alg === "ES256")) return "ES256";
  return undefined;
}

function checkKeySize(key: CryptoKey, setting: string): void {
  const bits = (key.algorithm as { modulusLength?: number }).modulusLength;
  if (bits !== undefined && bits < MIN_RSA_BITS) {
    throw badSetting(setting, `${setting} is a ${bits}-bit RSA key; RS256 needs at least ${MIN_RSA_BITS} bits.`, `an RSA key of at least ${MIN_RSA_BITS} bits`, `${bits} bits`);
  }
}

function describe(value: unknown): string {
  return Array.isArray(value) ? "an array" : value === null ? "null" : typeof value;
}
