// The served set at start: the models given (the model files), plus the datasets whose latest
// revision in `_mq_model_revisions` is a definition made through the API (defineModels) that no
// model file declares. A file of the same dataset wins, with a warning when the two differ.

import { log } from "../server/log";
import type { Storage } from "../storage/Storage";
import { checkModels } from "./checkModels";
import type { Model } from "./Model";
import { modelDocument } from "./modelDocument";
import { ModelValidationError } from "./ModelProblem";

/** Every dataset's latest revision, at most this many datasets. */
const MAX_DATASETS = 100_000;

/** `files` with the API's definitions added; the same array when there are none to add. */
export async function withDefinedModels(storage: Storage, files: Model[]): Promise<Model[]> {
  const latest = (await storage.modelRevisions({ latest: true, limit: MAX_DATASETS })).filter((r) => r.action === "define" && r.definition);
  const added = [];
  for (const revision of latest) {
    const file = files.find((m) => m.dataset === revision.dataset);
    if (!file) {
      added.push({ file: `_mq_model_revisions (${revision.dataset}, revision ${revision.seq})`, json: revision.definition });
    } else if (JSON.stringify(modelDocument(file)) !== JSON.stringify(revision.definition)) {
      log("warn", "model_file_overrides_definition", {
        dataset: revision.dataset,
        file: file.file,
        revision: revision.seq,
        message: `The model file ${file.file} declares dataset "${revision.dataset}", which was defined differently through the API (revision ${revision.seq} by ${revision.principal}); the file's model is served. A change the API made (a field added) is refused at start while the dataset holds data: write the definition (the models query shows it) into the file.`,
      });
    }
  }
  if (added.length === 0) return files;
  const { models, problems } = checkModels([...files.map((m) => ({ file: m.file, json: modelDocument(m) })), ...added]);
  if (problems.length > 0) throw new ModelValidationError(problems);
  // Models read back from their documents keep the files' names.
  return models;
}
