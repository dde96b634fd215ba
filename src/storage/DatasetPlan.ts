// What loading a model would do to its dataset's tables, decided by each dialect's planner
// (sqlite/planDatasets.ts, postgres/planDatasets.ts) from the registry and the stored data, and
// shown by a dry run of defineModels before anything is applied.

import type { Model } from "../models/Model";
import type { ModelProblem } from "../models/ModelProblem";
import { stored, type StoredModel } from "./compareModels";

/**
 * `create`: new tables; `alter`: columns or indexes added or dropped in place (or only the
 * descriptions changed); `rebuild`: a change stored data could not take, applied by making the
 * empty tables again; `unchanged`: the model as recorded; `refused`: see `problems`.
 */
export type DatasetChange = "create" | "alter" | "rebuild" | "unchanged" | "refused";

export interface DatasetPlan {
  dataset: string;
  change: DatasetChange;
  /** Fields the tables gain (all of them for `create`). */
  addedFields: string[];
  /** Declared indexes added and removed, each a list of fields. */
  addedIndexes: string[][];
  removedIndexes: string[][];
  /** Why the change is refused; empty unless `refused`. */
  problems: ModelProblem[];
}

const key = (fields: readonly string[]) => JSON.stringify(fields);

/** JSON with object keys sorted, so that two models compare equal whatever order their properties were written in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

/** The report of a model against the one its tables were made for (none: a new dataset). */
export function describePlan(prev: StoredModel | undefined, next: Model, change: DatasetChange, problems: ModelProblem[] = []): DatasetPlan {
  const before = new Set((prev?.indexes ?? []).map(key));
  const after = new Set(next.indexes.map(key));
  const prevFields = new Set(prev?.fields.map((f) => f.name) ?? []);
  const unchanged = change === "alter" && prev !== undefined && canonical(prev) === canonical(stored(next));
  return {
    dataset: next.dataset,
    change: unchanged ? "unchanged" : change,
    addedFields: change === "create" ? next.fields.map((f) => f.name) : next.fields.filter((f) => !prevFields.has(f.name)).map((f) => f.name),
    addedIndexes: next.indexes.filter((ix) => !before.has(key(ix))),
    removedIndexes: (prev?.indexes ?? []).filter((ix) => !after.has(key(ix))),
    problems,
  };
}
