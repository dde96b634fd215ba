// Why a change row was refused (merge-semantics.md R1-R3). These codes are public:
// they appear in receipts and in the quarantine, and never change meaning.

export const REJECTION_CODES = [
  "INVALID_CHANGE_TYPE",
  "NULL_KEY",
  "NULL_VERSION",
  "INVALID_VALUE",
  "UNKNOWN_FIELD",
  "MISSING_REQUIRED",
  "INVALID_ROW",
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
