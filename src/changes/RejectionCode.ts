// Why a change row was refused (docs/merge-rules.md, R1-R3; every code in docs/errors.md). These codes are public:
// they appear in receipts and in the quarantine, and never change meaning.

export const REJECTION_CODES = [
  "INVALID_CHANGE_TYPE",
  "NULL_KEY",
  "NULL_VERSION",
  "INVALID_VALUE",
  "UNKNOWN_FIELD",
  "MISSING_REQUIRED",
  "INVALID_ROW",
  // A row nesting objects or arrays deeper than any format needs (rowDepth.ts).
  "NESTED_TOO_DEEP",
  // Source formats (docs/change-formats.md): a control column missing or holding an unknown
  // value. Each code names the format and the column.
  "DEBEZIUM_INVALID_OP",
  "DEBEZIUM_TRUNCATE_UNSUPPORTED",
  "DEBEZIUM_MISSING_ROW_IMAGE",
  "DEBEZIUM_MISSING_POSITION",
  "DEBEZIUM_INVALID_POSITION",
  "DELTA_CDF_INVALID_CHANGE_TYPE",
  "DELTA_CDF_INVALID_COMMIT_VERSION",
  "SNOWFLAKE_STREAM_INVALID_ACTION",
  "SNOWFLAKE_STREAM_INVALID_ISUPDATE",
  "BIGQUERY_CDC_INVALID_CHANGE_TYPE",
  "BIGQUERY_CDC_INVALID_SEQUENCE_NUMBER",
] as const;
export type RejectionCode = (typeof REJECTION_CODES)[number];

export interface RowProblem {
  code: RejectionCode;
  /** The field (or control column) at fault; absent when the row as a whole is wrong. */
  field?: string;
  expected?: string;
  received?: string;
  message: string;
}
