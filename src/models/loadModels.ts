// Loads every model file of a folder; refuses the whole set if any rule fails.

import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Model } from "./Model";
import { ModelValidationError } from "./ModelProblem";
import { readModel } from "./readModel";
import { checkReadModels } from "./checkModels";

export interface ModelSource {
  file: string;
  text: string;
}

/** Checks model documents given as text; throws ModelValidationError listing every problem. */
export function parseModels(sources: ModelSource[]): Model[] {
  const { models, problems } = checkReadModels(sources.map(({ file, text }) => readModel(file, text)));
  if (problems.length > 0) throw new ModelValidationError(problems);
  return models;
}

/**
 * Reads every `*.json` model in `dir` (default `schema/`).
 * @example const models = loadModels("schema");
 */
export function loadModels(dir = "schema"): Model[] {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith(".json"))
      .sort();
  } catch (e) {
    throw new ModelValidationError([
      { file: dir, path: "$", message: `cannot read the model folder (${(e as NodeJS.ErrnoException).code ?? "error"}).`, fix: "point --schema at a folder of model JSON files." },
    ]);
  }
  const sources = names
    .map((n) => join(dir, n))
    .filter((f) => statSync(f).isFile())
    .map((file) => ({ file, text: readFileSync(file, "utf8") }));
  if (sources.length === 0) {
    throw new ModelValidationError([{ file: dir, path: "$", message: "the folder holds no model file (*.json).", fix: "add one JSON model per dataset." }]);
  }
  return parseModels(sources);
}
