// Change formats: each warehouse's change rows translated into the mirror's native form
// (model fields plus `_change_request_type`), after which the normalizer and the merge apply
// unchanged (docs/change-formats.md; docs/merge-rules.md, R1).

import type { Model } from "../../models/Model";
import type { RowProblem } from "../RejectionCode";
import { compileBigqueryCdc } from "./bigqueryCdc";
import { compileDebezium } from "./debezium";
import { compileDeltaCdf } from "./deltaCdf";
import { translateNative } from "./native";
import { compileSnowflakeStream } from "./snowflakeStream";
import type { Translator, TranslatorFactory } from "./Translated";

export type { Translated, Translator } from "./Translated";
export { encodeSequenceNumber } from "./bigqueryCdc";
export { encodeBinlogPosition } from "./debezium";

export { CHANGE_FORMATS, FORMATS, formatNamed, type ChangeFormat } from "./registry";
import type { ChangeFormat } from "./registry";

const FACTORIES: Record<ChangeFormat, TranslatorFactory> = {
  native: () => translateNative,
  debezium: compileDebezium,
  "delta-cdf": compileDeltaCdf,
  "snowflake-stream": compileSnowflakeStream,
  "bigquery-cdc": compileBigqueryCdc,
};

/**
 * The translator of one format for one model: compile once, then call it for every raw row.
 * A model whose `versionSource` names the format gets its version field filled from the
 * format's native order; rows of other formats for that model must carry the version themselves.
 * @example const translate = compileTranslator("delta-cdf", model); translate({ id: 1, _change_type: "insert", ... })
 */
export function compileTranslator(format: ChangeFormat, model: Model): Translator {
  return FACTORIES[format](model);
}

export interface TranslatedBatch {
  /** Rows in the native form, with their index in the raw batch. */
  changes: { index: number; row: Record<string, unknown> }[];
  ignored: { index: number; reason: string }[];
  invalid: { index: number; problem: RowProblem }[];
}

/** Translates a whole batch, keeping each row's index in the raw batch for receipts and quarantine. */
export function translateAll(format: ChangeFormat, model: Model, rows: readonly unknown[]): TranslatedBatch {
  const translate = compileTranslator(format, model);
  const out: TranslatedBatch = { changes: [], ignored: [], invalid: [] };
  rows.forEach((raw, index) => {
    const t = translate(raw);
    if (t.kind === "change") out.changes.push({ index, row: t.row });
    else if (t.kind === "ignored") out.ignored.push({ index, reason: t.reason });
    else out.invalid.push({ index, problem: t.problem });
  });
  return out;
}
