// Model changes in the audit log: each time a process loads a model set that differs from the
// last one recorded (a dataset added, removed or changed), one entry says which, with a digest
// of each model, so that the log shows every change of the served API and who made it.

import { createHash } from "node:crypto";
import { userInfo } from "node:os";
import type { Model } from "../models/Model";
import type { Storage } from "../storage/Storage";

export const MODELS_LOADED = "models.load";

/** A model's digest: its definition without where it was read from. */
function digestOf(model: Model): string {
  const { file: _file, ...definition } = model;
  return createHash("sha256").update(JSON.stringify(definition)).digest("hex").slice(0, 16);
}

/** Who loads models: the operating-system user of the process (models come from its files). */
function loader(): string {
  try {
    return `process:${userInfo().username}`;
  } catch {
    return "process";
  }
}

/** Appends a `models.load` entry when `models` differ from the last set recorded; returns whether it did. */
export async function auditModelChange(storage: Storage, models: readonly Model[], at: Date): Promise<boolean> {
  const digests = Object.fromEntries(models.map((m) => [m.dataset, digestOf(m)]).sort(([a], [b]) => (a! < b! ? -1 : 1)));
  const [last] = await storage.auditLog({ limit: 1, action: MODELS_LOADED });
  const before = (last?.target.models ?? {}) as Record<string, string>;
  const added = Object.keys(digests).filter((d) => !(d in before));
  const removed = Object.keys(before).filter((d) => !(d in digests));
  const changed = Object.keys(digests).filter((d) => d in before && before[d] !== digests[d]);
  if (last && added.length + removed.length + changed.length === 0) return false;
  await storage.appendAudit({ at: at.toISOString(), principal: loader(), action: MODELS_LOADED, target: { added, removed, changed, models: digests } });
  return true;
}
