// Notices models loaded by another process sharing the schema (a replica started with new
// model files): polls the latest model-set generation, one indexed read every interval, and
// hands a newer set to the caller, which adopts it (the server rebuilds its schema and planner).

import { log } from "../../server/log";
import { DEFAULT_MODEL_POLL_MS, type ModelWatch } from "../Storage";
import type { ModelSet } from "./modelSets";
import type { PostgresStorage } from "./PostgresStorage";

/**
 * Checks every `intervalMs` whether a model set newer than the storage's own was loaded, and if
 * so awaits `adopt(set)` before the next check. A failed check or adoption is logged and tried
 * again at the next interval.
 * @example const watch = watchModels(storage, async ({ models }) => { mirror.adoptModels(models); gateway.update(models); });
 */
export function watchModels(storage: PostgresStorage, adopt: (set: ModelSet) => Promise<void> | void, intervalMs = DEFAULT_MODEL_POLL_MS): ModelWatch {
  let known = storage.generation;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const check = async () => {
    try {
      // Models this process synced since (defineModels) are its own already.
      known = Math.max(known, storage.generation);
      const set = await storage.newerModels(known);
      if (set && !stopped) {
        log("info", "models_changed", { from: known, to: set.generation, datasets: set.models.map((m) => m.dataset) });
        await adopt(set);
        known = set.generation;
      }
    } catch (e) {
      log("error", "models_check_failed", { message: (e as Error).message });
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = check().finally(schedule);
    }, intervalMs);
    // A pending check does not keep the process alive.
    timer.unref();
  };
  schedule();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
