// The optional `indexes` of a model: ordered field lists that the state table is indexed
// on, so that reads filtering and sorting by them need not scan it. Every declared index
// must be one that nothing else provides: the state table is stored in primary-key order,
// and an index serves every query that a shorter index on its leading fields would.

import { didYouMean } from "./ModelProblem";

type Report = (path: string, message: string, fix: string) => void;

const show = (v: unknown) => (v === undefined ? "nothing" : JSON.stringify(v));
const fieldsOf = (index: readonly string[]) => JSON.stringify(index);
const startsWith = (index: readonly string[], prefix: readonly string[]) => prefix.length <= index.length && prefix.every((f, i) => index[i] === f);

/**
 * Reads `indexes` (absent: none). `fieldNames` are the declared fields (empty when the
 * fields themselves are broken: then unknown names are not reported), `primaryKey` the key.
 */
export function readIndexes(value: unknown, fieldNames: readonly string[], primaryKey: readonly string[], problem: Report): string[][] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problem(
      "$.indexes",
      `must be an array of indexes, each a list of field names, received ${show(value)}.`,
      'write it like "indexes": [["region"], ["score", "account_id"]], or remove it.',
    );
    return [];
  }
  const indexes: { fields: string[]; at: number }[] = [];
  value.forEach((entry: unknown, i) => {
    const path = `$.indexes[${i}]`;
    if (!Array.isArray(entry) || entry.length === 0 || !entry.every((f) => typeof f === "string")) {
      const hint = typeof entry === "string" ? ` To index "${entry}" alone, write ["${entry}"].` : "";
      problem(path, `must be a non-empty array of field names, received ${show(entry)}.${hint}`, 'list the fields of the index in order, like ["region", "score"].');
      return;
    }
    let ok = true;
    const seen = new Set<string>();
    entry.forEach((f: string, j) => {
      if (seen.has(f)) {
        problem(`${path}[${j}]`, `names field "${f}" twice; a field can sort an index only once.`, `list "${f}" once in this index.`);
        ok = false;
      }
      seen.add(f);
      if (fieldNames.length > 0 && !fieldNames.includes(f)) {
        problem(`${path}[${j}]`, `names field "${f}", which the model does not declare.${didYouMean(f, fieldNames)}`, `declare "${f}" under "fields" or name a declared field.`);
        ok = false;
      }
    });
    if (ok) indexes.push({ fields: entry as string[], at: i });
  });

  // Redundant indexes are reported once the list is known, so that each names what serves it instead.
  const kept: string[][] = [];
  for (const { fields, at } of indexes) {
    const path = `$.indexes[${at}]`;
    const same = indexes.find((o) => o.at < at && fieldsOf(o.fields) === fieldsOf(fields));
    const longer = indexes.find((o) => o.fields.length > fields.length && startsWith(o.fields, fields));
    if (primaryKey.length > 0 && fieldsOf(fields) === fieldsOf(primaryKey)) {
      problem(path, `repeats the primary key ${fieldsOf(primaryKey)}, which the dataset is already stored and found by.`, "remove this index.");
    } else if (primaryKey.length > 0 && startsWith(primaryKey, fields)) {
      problem(
        path,
        `${fieldsOf(fields)} is the start of the primary key ${fieldsOf(primaryKey)}: the dataset is stored in key order, so it is already found and sorted by these fields.`,
        "remove this index.",
      );
    } else if (primaryKey.length > 0 && startsWith(fields, primaryKey)) {
      problem(
        path,
        `${fieldsOf(fields)} starts with the whole primary key ${fieldsOf(primaryKey)}: the key is unique, so the fields after it never change the order and the dataset's own key order serves it.`,
        "remove this index, or index the fields after the key on their own.",
      );
    } else if (same) {
      problem(path, `repeats index $.indexes[${same.at}] ${fieldsOf(fields)}.`, "list each index once.");
    } else if (longer) {
      problem(path, `${fieldsOf(fields)} is the start of index $.indexes[${longer.at}] ${fieldsOf(longer.fields)}, which serves every query this one would.`, "remove this index.");
    } else kept.push(fields);
  }
  return kept;
}
