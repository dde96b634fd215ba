// serve --watch: the model files' folder reconciled with the registry while the server runs.
// A change of the folder (debounced) reads the files again and defines their models through
// the registry, as defineModels does, so that evolution rules, revisions, the audit log and the
// schema swap are the same; models the folder no longer holds are left alone (dropping a
// dataset's data is dropDataset's, asked for on purpose). Files that do not check are logged
// with every problem, and the models served stay as they were.

import { watch, type FSWatcher } from "node:fs";
import { userInfo } from "node:os";
import { loadModels } from "../models/loadModels";
import { modelDocument } from "../models/modelDocument";
import { ModelValidationError } from "../models/ModelProblem";
import { log } from "./log";
import type { ModelRegistry } from "./modelRegistry";

/** Changes closer together than this are read as one (an editor writes a file in several steps). */
const SETTLE_MS = 300;

export interface ModelFileWatch {
  /** Stops watching; resolves once a reconciliation under way has finished. */
  stop(): Promise<void>;
}

/** Watches `dir` and defines its models through `registry` after each change. */
export function watchModelFiles(dir: string, registry: ModelRegistry): ModelFileWatch {
  const principal = `process:${userInfo().username} (--watch)`;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const reconcile = async () => {
    let models;
    try {
      models = loadModels(dir);
    } catch (e) {
      const problems = e instanceof ModelValidationError ? e.problems : [{ message: (e as Error).message }];
      return log("error", "model_files_not_applied", { dir, problems });
    }
    try {
      const plan = await registry.define(models.map(modelDocument), { dryRun: false, principal });
      const changed = plan.datasets.filter((d) => d.change !== "unchanged").map((d) => ({ dataset: d.dataset, change: d.change }));
      if (changed.length > 0) log("info", "model_files_applied", { dir, changed, schemaVersion: plan.schemaVersion });
    } catch (e) {
      log("error", "model_files_not_applied", {
        dir,
        message: (e as Error).message,
        ...(e instanceof Error && "details" in e ? { details: (e as { details: unknown }).details } : {}),
      });
    }
  };
  const watcher: FSWatcher = watch(dir, () => {
    clearTimeout(timer);
    timer = setTimeout(() => (running = running.then(reconcile)), SETTLE_MS);
  });
  watcher.on("error", (e) => log("error", "model_files_watch_failed", { dir, message: e.message }));
  return {
    async stop() {
      clearTimeout(timer);
      watcher.close();
      await running;
    },
  };
}
