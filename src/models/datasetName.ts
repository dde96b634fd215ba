// The rule a dataset's name follows, wherever a dataset is named: in a model, or in a scope
// such as "read:contacts". The name becomes table names on both dialects.

const DATASET_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** The rule, for messages: "must be {DATASET_NAME_RULE}". */
export const DATASET_NAME_RULE = "a table name of letters, digits and single underscores, starting with a letter";

/** Whether `text` may name a dataset: see DATASET_NAME_RULE; not "sqlite_..." (SQLite's own tables). */
export function isDatasetName(text: unknown): text is string {
  return typeof text === "string" && DATASET_NAME.test(text) && !text.includes("__") && !/^(_mq|sqlite_)/i.test(text);
}
