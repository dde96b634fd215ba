// Opaque cursors: the order values of a row plus a fingerprint of the ordering, authenticated
// with an HMAC under the database's secret, so that a cursor the server did not make (forged,
// edited, or made for another ordering or another database) is refused.
//
// A cursor is base64url(payload) "." base64url(mac): the payload is the JSON text
// ["<fingerprint>",[<order values>]], and the mac the first 16 bytes of HMAC-SHA256(secret,
// payload). Each dialect's read compiler writes cursors in SQL, byte for byte as cursorOf does.

import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { StorageValue } from "../changes/coerceValue";
import { canonicalDate } from "../changes/datetime";
import { MirrorError } from "../errors";
import type { FieldType } from "../models/Model";
import type { OrderTerm } from "./ConnectionQuery";

/** Ties a cursor to its dataset and ordering; the same for every row of one ordering. */
export const cursorFingerprint = (dataset: string, order: OrderTerm[]) =>
  createHash("sha256")
    .update(dataset + JSON.stringify(order))
    .digest("base64url")
    .slice(0, 8);
const fingerprint = cursorFingerprint;

type Encoded = string | number | boolean | null | { i: string };

/** Bytes of a cursor's MAC: 128 bits, as much as any forger would have to guess. */
export const MAC_BYTES = 16;
/** SHA-256's block: HMAC pads its key to this length. */
const BLOCK_BYTES = 64;

/**
 * The key cursors are signed with: the database's secret (Storage.secret), so that every process
 * serving one database makes and accepts the same cursors.
 */
export class CursorKey {
  /**
   * The secret's HMAC blocks (zero-padded, xor 0x36 and xor 0x5c), for SQL that computes the MAC
   * from SHA-256 alone: sha256(outerPad || sha256(innerPad || payload)) is HMAC-SHA256 (RFC 2104).
   */
  readonly innerPad: Buffer;
  readonly outerPad: Buffer;

  constructor(readonly secret: Buffer) {
    if (secret.length < 16 || secret.length > BLOCK_BYTES) throw new Error("invariant: a cursor secret has 16 to 64 bytes");
    const block = Buffer.alloc(BLOCK_BYTES);
    secret.copy(block);
    this.innerPad = Buffer.from(block.map((b) => b ^ 0x36));
    this.outerPad = Buffer.from(block.map((b) => b ^ 0x5c));
  }

  /** The MAC of a cursor's payload, as the raw truncated digest. */
  mac(payload: string): Buffer {
    return createHmac("sha256", this.secret).update(payload, "utf8").digest().subarray(0, MAC_BYTES);
  }
}

/**
 * The cursor of a row from its order values as columns store them (booleans as 1/0, 64-bit
 * integers as bigint). Both read paths call this, so a cursor is the same whichever made it.
 */
export function cursorOf(key: CursorKey, fingerprint: string, values: readonly StorageValue[]): string {
  const parts: Encoded[] = values.map((v) => (typeof v === "bigint" ? { i: v.toString() } : v));
  const payload = JSON.stringify([fingerprint, parts]);
  return `${Buffer.from(payload).toString("base64url")}.${key.mac(payload).toString("base64url")}`;
}

export function encodeCursor(key: CursorKey, dataset: string, order: OrderTerm[], values: StorageValue[]): string {
  return cursorOf(key, fingerprint(dataset, order), values);
}

/**
 * Whether a decoded order value is one a column of `type` can hold, as cursorOf writes it. A cursor
 * whose fingerprint matches but whose values do not (forged by hand) is refused, rather than
 * compared across types, which each database would do its own way (or fail to bind).
 */
function fits(v: StorageValue, type: FieldType): boolean {
  if (v === null) return true;
  switch (type) {
    case "integer":
      return typeof v === "bigint";
    case "number":
      return typeof v === "number";
    case "boolean":
      return v === 0 || v === 1;
    case "date":
      return typeof v === "string" && canonicalDate(v) === v;
    case "string":
    case "datetime":
      return typeof v === "string";
  }
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** The order values of `cursor`; with `types` (the order fields' types), each value must fit its column. */
export function decodeCursor(key: CursorKey, dataset: string, order: OrderTerm[], cursor: string, arg: string, types?: readonly FieldType[]): StorageValue[] {
  const invalid = (why: string) =>
    new MirrorError("BAD_USER_INPUT", `Argument "${arg}" holds an invalid cursor: ${why}. Use a cursor returned by the same field with the same orderBy.`, {
      argument: arg,
      expected: "a cursor returned by the same field with the same orderBy",
      received: cursor.length > 100 ? `${cursor.slice(0, 100)}... (${cursor.length} characters)` : cursor,
    });
  const [encoded, mac, ...extra] = cursor.split(".");
  if (mac === undefined || extra.length > 0 || !BASE64URL.test(encoded!) || !BASE64URL.test(mac)) throw invalid("it is not a mirrorql cursor");
  const payload = Buffer.from(encoded!, "base64url").toString("utf8");
  const sent = Buffer.from(mac, "base64url");
  if (sent.length !== MAC_BYTES || !timingSafeEqual(sent, key.mac(payload))) throw invalid("this server did not make it (its signature does not match)");
  let decoded: unknown;
  try {
    decoded = JSON.parse(payload);
  } catch {
    throw invalid("it is not a mirrorql cursor");
  }
  if (!Array.isArray(decoded) || decoded.length !== 2 || !Array.isArray(decoded[1])) throw invalid("it is not a mirrorql cursor");
  if (decoded[0] !== fingerprint(dataset, order)) throw invalid("it was made for another dataset or ordering");
  const values = decoded[1] as Encoded[];
  if (values.length !== order.length) throw invalid("it does not match the ordering");
  const decodedValues = values.map((v) => {
    if (v !== null && typeof v === "object") {
      if (typeof v.i !== "string" || !/^-?\d{1,19}$/.test(v.i)) throw invalid("it is not a mirrorql cursor");
      const n = BigInt(v.i);
      // A 64-bit column never holds more: a value beyond is forged, and the database would refuse to bind it.
      if (n < -(2n ** 63n) || n >= 2n ** 63n) throw invalid("it is not a mirrorql cursor");
      return n;
    }
    if (typeof v === "boolean") throw invalid("it is not a mirrorql cursor");
    return v;
  });
  if (types && decodedValues.some((v, i) => !fits(v, types[i]!))) throw invalid("its values do not fit the ordering's fields");
  return decodedValues;
}
