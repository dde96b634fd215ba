// Checks a set of model documents already parsed, without the file system: the one path
// every model takes, whether read from a folder (loadModels) or built by an importer.

import type { Model } from "./Model";
import type { ModelProblem } from "./ModelProblem";
import { readModelDocument, type ModelDraft, type ReadModelResult } from "./readModel";
import { checkModelSet } from "./checkModelSet";

export interface ModelDocument {
  /** Names the document in problems, like a model file would. */
  file: string;
  json: unknown;
}

/**
 * Every rule of every document, then the rules across them; models only when nothing is wrong.
 * @example const { models, problems } = checkModels([{ file: "Contact.json", json: contactModel }]);
 */
export function checkModels(documents: ModelDocument[]): { models: Model[]; problems: ModelProblem[] } {
  return checkReadModels(documents.map((d) => readModelDocument(d.file, d.json)));
}

/** The set rules over models read one by one; a model refused on its own still lets references to it be told from typos. */
export function checkReadModels(results: ReadModelResult[]): { models: Model[]; problems: ModelProblem[] } {
  const problems: ModelProblem[] = [];
  const drafts: ModelDraft[] = [];
  const refused = new Set<string>();
  for (const result of results) {
    problems.push(...result.problems);
    if (result.draft) drafts.push(result.draft);
    else if (result.name) refused.add(result.name);
  }
  const set = checkModelSet(drafts, refused);
  problems.push(...set.problems);
  return problems.length > 0 ? { models: [], problems } : { models: set.models, problems };
}
