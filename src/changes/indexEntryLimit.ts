// The most a row may put into one index entry, the same on every backend. PostgreSQL's btree
// refuses an entry above 2,704 bytes (error 54000) and with it the whole batch, while SQLite has
// no such limit; a row over this smaller, dialect-free limit is refused alone (INVALID_VALUE) and
// quarantined, so that both backends store the same rows and the rest of the batch applies.

import type { Model } from "../models/Model";
import type { StorageValue } from "./coerceValue";
import type { RowProblem } from "./RejectionCode";

/**
 * Bytes of the values of one index entry. 2,000 leaves PostgreSQL's 2,704 room for its tuple
 * header, each column's length header and alignment (at most 32 columns) and the history's
 * 16-byte change hash.
 */
export const MAX_INDEX_ENTRY_BYTES = 2000;

/** What a value counts: strings (dates and datetimes are stored as text too) their UTF-8 bytes, integers, numbers and booleans 8. */
const FIXED_BYTES = 8;

export const EXPECTED_INDEX_ENTRY = `at most ${MAX_INDEX_ENTRY_BYTES} bytes (UTF-8) in the fields of one index`;

/**
 * The field lists whose values make one index entry: the primary key (the state's key, and the
 * history's change index on the key and the change hash), each relationship field, each declared index.
 */
export function indexedFieldLists(model: Model): string[][] {
  const lists = [model.primaryKey, ...model.relationships.map((r) => [r.field]), ...model.indexes];
  const seen = new Set<string>();
  return lists.filter((list) => {
    const id = JSON.stringify(list);
    return seen.has(id) ? false : (seen.add(id), true);
  });
}

/** Checks the stored values of a row against the limit; `names` are the model's fields in value order. Runs for every row. */
/** No problem: one shared list, so that the common case allocates nothing per row. */
const NONE: readonly RowProblem[] = Object.freeze([]);

export function compileIndexEntryCheck(model: Model, names: readonly string[]): (values: readonly StorageValue[]) => readonly RowProblem[] {
  const lists = indexedFieldLists(model).map((fields) => ({ fields, at: fields.map((f) => names.indexOf(f)) }));
  const bytes = (v: StorageValue) => (v === null ? 0 : typeof v === "string" ? Buffer.byteLength(v, "utf8") : FIXED_BYTES);
  return (values) => {
    let problems: RowProblem[] | undefined;
    for (const { fields, at } of lists) {
      // A UTF-16 unit is at most 3 UTF-8 bytes: most rows pass on this bound without measuring.
      let bound = 0;
      for (const i of at) {
        const v = values[i]!;
        bound += v === null ? 0 : typeof v === "string" ? v.length * 3 : FIXED_BYTES;
      }
      if (bound <= MAX_INDEX_ENTRY_BYTES) continue;
      const sizes = at.map((i) => bytes(values[i]!));
      const total = sizes.reduce((a, b) => a + b, 0);
      if (total <= MAX_INDEX_ENTRY_BYTES) continue;
      // Named after the largest value: the one to shorten. Reported once per field.
      const largest = sizes.indexOf(Math.max(...sizes));
      const field = fields[largest]!;
      if (problems?.some((p) => p.field === field)) continue;
      const together = fields.length === 1 ? "" : ` together with ${fields.filter((f) => f !== field).join(", ")} (index [${fields.join(", ")}])`;
      const received = fields.length === 1 ? `${total} bytes` : `${total} bytes (${fields.map((f, k) => `${f}: ${sizes[k]}`).join(", ")})`;
      (problems ??= []).push({
        code: "INVALID_VALUE",
        field,
        expected: EXPECTED_INDEX_ENTRY,
        received,
        message: `Field "${field}"${together} holds ${received}, above the ${MAX_INDEX_ENTRY_BYTES} bytes one index entry may hold on every backend (key, relationship and indexed fields are indexed); shorten the value or keep it in a field that is not indexed.`,
      });
    }
    return problems ?? NONE;
  };
}
