// Whether a model may replace the one a dataset's tables were made for: the compatibility
// rules of every dialect (a change that would lose or reinterpret stored data is refused
// while the dataset holds data), compared on the resolved models alone.

import type { Model } from "../models/Model";
import type { ModelProblem } from "../models/ModelProblem";

export type StoredModel = Omit<Model, "file">;

export function stored(model: Model): StoredModel {
  const { file: _file, ...rest } = model;
  return rest;
}

/** Problems that make `next` unsafe for the data stored under `prev`, and the fields it adds. */
export function compareModels(prev: StoredModel, next: Model): { problems: ModelProblem[]; added: string[] } {
  const problems: ModelProblem[] = [];
  const at = (path: string, message: string, fix: string) => problems.push({ file: next.file, path, message, fix });
  const keep = "keep it as it was, or clear the dataset first (its rows, history and tombstones).";
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

  if (prev.behavior !== next.behavior) at("$.behavior", `changes behavior from "${prev.behavior}" to "${next.behavior}" while the dataset holds data.`, keep);
  if (!same(prev.primaryKey, next.primaryKey))
    at("$.primaryKey", `changes the primary key from ${JSON.stringify(prev.primaryKey)} to ${JSON.stringify(next.primaryKey)} while the dataset holds data.`, keep);
  if (!same(prev.version, next.version))
    at("$.version", `changes the version from ${JSON.stringify(prev.version)} to ${JSON.stringify(next.version)} while the dataset holds data.`, keep);
  if (prev.versionSource !== next.versionSource)
    at(
      "$.versionSource",
      `changes the version source from ${JSON.stringify(prev.versionSource ?? null)} to ${JSON.stringify(next.versionSource ?? null)} while the dataset holds data: stored versions would be read in another order.`,
      keep,
    );
  if (prev.timestamp !== next.timestamp)
    at("$.timestamp", `changes the timestamp from ${JSON.stringify(prev.timestamp)} to ${JSON.stringify(next.timestamp)} while the dataset holds data.`, keep);

  const nextFields = new Map(next.fields.map((f) => [f.name, f]));
  for (const f of prev.fields) {
    const n = nextFields.get(f.name);
    if (!n) {
      at(`$.fields`, `removes or renames field "${f.name}" while the dataset holds data; a model may only grow.`, `restore field "${f.name}" (${f.type}).`);
    } else if (n.type !== f.type) {
      at(
        `$.fields.${f.name}.type`,
        `retypes field "${f.name}" from ${f.type} to ${n.type} while the dataset holds data.`,
        `keep "${f.name}" a ${f.type}, or add a new field with the new type.`,
      );
    } else if (n.required && !f.required) {
      at(`$.fields.${f.name}.required`, `makes field "${f.name}" required while stored rows may lack it.`, `keep "${f.name}" optional.`);
    }
  }
  const prevNames = new Set(prev.fields.map((f) => f.name));
  const added = next.fields.filter((f) => !prevNames.has(f.name));
  for (const f of added) {
    if (f.required) at(`$.fields.${f.name}.required`, `adds required field "${f.name}", which the stored rows lack.`, `add "${f.name}" as optional.`);
  }
  return { problems, added: added.map((f) => f.name) };
}
