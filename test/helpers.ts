// Builds small mirrors for tests from inline model documents.

import { Mirror, type MirrorOptions } from "../src/mirror";
import type { CursorKey } from "../src/query/cursor";
import { parseModels } from "../src/models/loadModels";

export type ModelJson = Record<string, unknown>;

export function models(...docs: ModelJson[]) {
  return parseModels(docs.map((doc, i) => ({ file: `model${i}.json`, text: JSON.stringify(doc) })));
}

/**
 * The cursor secret of mirrors whose cursors a test compares with another mirror's or with a
 * golden file: cursors are signed with the database's secret, random otherwise.
 */
export const TEST_CURSOR_SECRET = Buffer.from("mirrorql test cursor secret, 32b");

/** A cursor signed with `key` over any payload: the forgery of someone who holds the database's secret, to reach the checks behind the signature. */
export function signedCursor(key: CursorKey, payload: unknown): string {
  const text = JSON.stringify(payload);
  return `${Buffer.from(text).toString("base64url")}.${key.mac(text).toString("base64url")}`;
}

/** The payload of a cursor the server made: [fingerprint, order values]. */
export const cursorPayload = (cursor: string) => JSON.parse(Buffer.from(cursor.split(".")[0]!, "base64url").toString()) as [string, unknown[]];

export function mirrorOf(docs: ModelJson[], options: Omit<MirrorOptions, "models"> = {}): Promise<Mirror> {
  return Mirror.open({ ...options, models: models(...docs) });
}

/** A record model: key `id`, integer version `v`, a few typed fields. */
export const CONTACT: ModelJson = {
  name: "Contact",
  dataset: "contacts",
  fields: {
    id: { type: "string", required: true },
    email: { type: "string" },
    name: { type: "string", required: true },
    score: { type: "integer" },
    balance: { type: "number" },
    active: { type: "boolean" },
    born: { type: "date" },
    seen_at: { type: "datetime" },
    v: { type: "integer", required: true },
  },
  primaryKey: ["id"],
  version: "v",
};

export const del = (row: Record<string, unknown>) => ({ ...row, _change_request_type: "d" });

/** The current rows' plain field values. */
export const rowsOf = async (mirror: Mirror, dataset: string) => (await mirror.rows(dataset)).map((r) => r.row);
