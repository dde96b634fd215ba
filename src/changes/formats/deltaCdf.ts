// Delta Lake change data feed (Databricks `table_changes`, `readChangeFeed`): every row
// carries `_change_type`, `_commit_version` and `_commit_timestamp` beside the table's columns.

import type { Model } from "../../models/Model";
import { describeReceived } from "../coerceValue";
import { ignored, invalid, isRow, jsonInteger, notARow, remove, unsignedInteger, upsert, withoutColumns, type Translator } from "./Translated";

export const DELTA_CHANGE_TYPE = "_change_type";
export const DELTA_COMMIT_VERSION = "_commit_version";
export const DELTA_COMMIT_TIMESTAMP = "_commit_timestamp";
const CONTROL = [DELTA_CHANGE_TYPE, DELTA_COMMIT_VERSION, DELTA_COMMIT_TIMESTAMP];
const CHANGE_TYPES = '"insert", "update_postimage", "delete" or "update_preimage"';

/**
 * insert / update_postimage upsert, delete deletes, update_preimage (the old half of an
 * update) is ignored. With `"versionSource": "delta-cdf"` the model's version field takes
 * `_commit_version`, on deletes too; otherwise `_commit_version` is removed unread.
 */
export function compileDeltaCdf(model: Model): Translator {
  const versionField = model.versionSource === "delta-cdf" ? model.version[0]! : undefined;
  return (raw) => {
    if (!isRow(raw)) return notARow(raw);
    const type = raw[DELTA_CHANGE_TYPE];
    if (type === "update_preimage") return ignored("Delta update_preimage: the old half of an update; its update_postimage carries the new row.");
    if (type !== "insert" && type !== "update_postimage" && type !== "delete") {
      return invalid(
        "DELTA_CDF_INVALID_CHANGE_TYPE",
        DELTA_CHANGE_TYPE,
        CHANGE_TYPES,
        type ?? null,
        `Delta change data feed column ${DELTA_CHANGE_TYPE} must be ${CHANGE_TYPES}, received ${describeReceived(type ?? null)}.`,
      );
    }
    const row = withoutColumns(raw, CONTROL);
    if (versionField !== undefined) {
      const version = unsignedInteger(raw[DELTA_COMMIT_VERSION]);
      if (version === undefined) {
        return invalid(
          "DELTA_CDF_INVALID_COMMIT_VERSION",
          DELTA_COMMIT_VERSION,
          "the commit version: a non-negative integer (number or decimal string)",
          raw[DELTA_COMMIT_VERSION] ?? null,
          `Model ${model.name} orders changes by Delta's ${DELTA_COMMIT_VERSION} ("versionSource": "delta-cdf"), which must be a non-negative integer, received ${describeReceived(raw[DELTA_COMMIT_VERSION] ?? null)}.`,
        );
      }
      row[versionField] = jsonInteger(version);
    }
    return type === "delete" ? remove(row) : upsert(row);
  };
}
