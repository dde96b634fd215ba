// A key sent on its own (to purge it, for example): exactly the model's primary-key
// fields, coerced as a change's values are, with the same rejection codes.

import { hash } from "node:crypto";
import { fieldOf, type Model } from "../models/Model";
import { COERCE, EXPECTED, describeName, describeReceived, type StorageValue } from "./coerceValue";
import { canonicalEncoder } from "./normalizeChange";
import type { RowProblem } from "./RejectionCode";

export type KeyRead =
  | {
      ok: true;
      /** Stored values of the key fields, in the model's primary-key order. */
      values: StorageValue[];
      /** Hex SHA-256 of the key's canonical encoding: names a key without holding its values. */
      digest: string;
    }
  | { ok: false; problem: RowProblem };

export function compileKeyReader(model: Model): (input: unknown) => KeyRead {
  const fields = model.primaryKey.map((name) => fieldOf(model, name));
  const encode = canonicalEncoder(model.primaryKey);
  return (input) => {
    if (typeof input !== "object" || input === null || Array.isArray(input)) {
      const received = describeReceived(input);
      return {
        ok: false,
        problem: {
          code: "INVALID_ROW",
          expected: `an object of the key fields ${model.primaryKey.join(", ")}`,
          received,
          message: `A key must be an object of the fields ${model.primaryKey.join(", ")}, received ${received}.`,
        },
      };
    }
    const row = input as Record<string, unknown>;
    const unknown = Object.keys(row).find((name) => !model.primaryKey.includes(name));
    if (unknown !== undefined) {
      return {
        ok: false,
        problem: {
          code: "UNKNOWN_FIELD",
          field: describeName(unknown),
          expected: `only the key fields ${model.primaryKey.join(", ")}`,
          received: describeReceived(row[unknown]),
          message: `Field "${describeName(unknown)}" is not part of the key of ${model.name} (${model.primaryKey.join(", ")}).`,
        },
      };
    }
    const values: StorageValue[] = [];
    for (const field of fields) {
      const raw = row[field.name];
      if (raw === undefined || raw === null) {
        return {
          ok: false,
          problem: {
            code: "NULL_KEY",
            field: field.name,
            expected: EXPECTED[field.type],
            received: describeReceived(raw ?? null),
            message: `Key field "${field.name}" must be present and non-null.`,
          },
        };
      }
      const value = COERCE[field.type](raw);
      if (value === undefined) {
        return {
          ok: false,
          problem: {
            code: "INVALID_VALUE",
            field: field.name,
            expected: EXPECTED[field.type],
            received: describeReceived(raw),
            message: `Key field "${field.name}" expects ${EXPECTED[field.type]}, received ${describeReceived(raw)}.`,
          },
        };
      }
      values.push(value);
    }
    return { ok: true, values, digest: hash("sha256", encode(values), "hex") };
  };
}
