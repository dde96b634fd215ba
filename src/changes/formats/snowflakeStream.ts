// Snowflake streams (`SELECT * FROM my_stream`): the table's columns plus METADATA$ACTION,
// METADATA$ISUPDATE and METADATA$ROW_ID. An update appears as a pair, DELETE and INSERT,
// both with METADATA$ISUPDATE true. Streams carry no per-row order: the model's own version
// field orders Snowflake changes (a model cannot name "snowflake-stream" as versionSource).

import type { Model } from "../../models/Model";
import { describeReceived } from "../coerceValue";
import { ignored, invalid, isRow, notARow, remove, upsert, withoutColumns, type Translator } from "./Translated";

export const SNOWFLAKE_ACTION = "METADATA$ACTION";
export const SNOWFLAKE_ISUPDATE = "METADATA$ISUPDATE";
export const SNOWFLAKE_ROW_ID = "METADATA$ROW_ID";
const CONTROL = [SNOWFLAKE_ACTION, SNOWFLAKE_ISUPDATE, SNOWFLAKE_ROW_ID];

/** METADATA$ISUPDATE as Snowflake returns it: a boolean, or "TRUE"/"FALSE" in text exports (any case). */
function isUpdateFlag(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (typeof value === "string") {
    const upper = value.toUpperCase();
    if (upper === "TRUE") return true;
    if (upper === "FALSE") return false;
  }
  return undefined;
}

export function compileSnowflakeStream(_model: Model): Translator {
  return (raw) => {
    if (!isRow(raw)) return notARow(raw);
    const action = raw[SNOWFLAKE_ACTION];
    if (action !== "INSERT" && action !== "DELETE") {
      return invalid(
        "SNOWFLAKE_STREAM_INVALID_ACTION",
        SNOWFLAKE_ACTION,
        '"INSERT" or "DELETE"',
        action ?? null,
        `Snowflake stream column ${SNOWFLAKE_ACTION} must be "INSERT" or "DELETE", received ${describeReceived(action ?? null)}.`,
      );
    }
    const isUpdate = isUpdateFlag(raw[SNOWFLAKE_ISUPDATE]);
    if (isUpdate === undefined) {
      return invalid(
        "SNOWFLAKE_STREAM_INVALID_ISUPDATE",
        SNOWFLAKE_ISUPDATE,
        'true or false (or "TRUE"/"FALSE")',
        raw[SNOWFLAKE_ISUPDATE] ?? null,
        `Snowflake stream column ${SNOWFLAKE_ISUPDATE} must be true or false, received ${describeReceived(raw[SNOWFLAKE_ISUPDATE] ?? null)}.`,
      );
    }
    if (action === "DELETE" && isUpdate) {
      return ignored("Snowflake DELETE with METADATA$ISUPDATE true: the old half of an update pair; its INSERT carries the new row.");
    }
    const row = withoutColumns(raw, CONTROL);
    return action === "INSERT" ? upsert(row) : remove(row);
  };
}
