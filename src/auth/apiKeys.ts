// API key material: the key text a client presents, `mq_<id>_<secret>`, made and read here.
// The id is public (it names the key in lists and logs); the storage keeps only a SHA-256 of
// the secret, which a presented secret is compared with in constant time.

import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** Base32 in lower case: 32 letters and digits, none confusable, the same in any collation. */
const ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
const ID_LENGTH = 12;
const SECRET_BYTES = 32;
/** `mq_`, 12 id characters, `_`, then 32 bytes as unpadded base64url (43 characters). */
const KEY_TEXT = /^mq_([a-z2-7]{12})_([A-Za-z0-9_-]{43})$/;

export interface ApiKeyText {
  id: string;
  secret: string;
  /** What the client presents: shown once, when the key is made. */
  text: string;
}

/**
 * A new key: a random 60-bit id and a random 256-bit secret.
 * @example const { id, secret, text } = generateApiKey(); // text: "mq_k3v9...._Zx8..."
 */
export function generateApiKey(): ApiKeyText {
  // 256 is a multiple of 32, so each byte's low 5 bits pick a letter uniformly.
  const id = Array.from(randomBytes(ID_LENGTH), (b) => ID_ALPHABET[b & 31]).join("");
  const secret = randomBytes(SECRET_BYTES).toString("base64url");
  return { id, secret, text: `mq_${id}_${secret}` };
}

/**
 * The id and secret of a key text, or undefined when the text is not exactly one key made by
 * generateApiKey (surrounding whitespace, another length, or a secret not in canonical base64url).
 * @example parseApiKey(request.headers["x-api-key"]) // { id: "k3v9...", secret: "Zx8..." } or undefined
 */
export function parseApiKey(text: string): { id: string; secret: string } | undefined {
  const match = KEY_TEXT.exec(text);
  if (!match) return undefined;
  const [, id, secret] = match as unknown as [string, string, string];
  // 43 characters carry 258 bits: the last one's two spare bits must be zero, so that one secret has one spelling.
  if (Buffer.from(secret, "base64url").toString("base64url") !== secret) return undefined;
  return { id, secret };
}

/** SHA-256 of a key's secret part (its text, as in the key), which is all the storage keeps. */
export function hashSecret(secret: string): Buffer {
  return createHash("sha256").update(secret, "utf8").digest();
}

/**
 * Whether a presented secret is the one a stored hash was made from; the comparison takes the
 * same time whichever byte differs, so that timing tells nothing of the stored hash.
 */
export function secretMatches(secret: string, hash: Buffer): boolean {
  const presented = hashSecret(secret);
  return hash.length === presented.length && timingSafeEqual(presented, hash);
}
