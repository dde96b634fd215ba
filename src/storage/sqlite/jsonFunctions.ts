// SQL functions the compiled read engine calls where SQLite cannot format a value exactly
// as the API defines it: a double as JavaScript writes it (the shortest text that reads back
// the same number), and an opaque cursor. Registered on every connection that reads.

import type { Database } from "better-sqlite3";
import type { StorageValue } from "../../changes/coerceValue";
import { cursorOf, type CursorKey } from "../../query/cursor";

export const FLOAT_JSON = "mq_float_json";
export const CURSOR = "mq_cursor";

/** How `mq_cursor` reads each order value: booleans arrive as 0/1 integers and go into the cursor as numbers. */
export type CursorKind = "b" | "v";

/** Registers the functions on `sqlite`; `mq_cursor` signs with `cursorKey`. */
export function registerJsonFunctions(sqlite: Database, cursorKey: CursorKey): void {
  sqlite.function(FLOAT_JSON, { deterministic: true, safeIntegers: true }, (v: unknown) => (v === null ? "null" : JSON.stringify(Number(v))));
  sqlite.function(CURSOR, { deterministic: true, safeIntegers: true, varargs: true }, (fingerprint: unknown, kinds: unknown, ...values: unknown[]) => {
    const k = kinds as string;
    return cursorOf(
      cursorKey,
      fingerprint as string,
      values.map((v, i) => (k[i] === "b" && v !== null ? Number(v) : (v as StorageValue))),
    );
  });
}
