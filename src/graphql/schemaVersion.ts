// The version of the served API: a digest of the model set the schema is built from, so that
// every replica serving the same models answers the same version, and a client that cached the
// schema can tell, from the `schemaVersion` query, that it changed.

import { createHash } from "node:crypto";
import type { Model } from "../models/Model";
import { stored } from "../storage/compareModels";

/** 16 hex digits of the SHA-256 of the models as stored, in served order. */
export function schemaVersion(models: readonly Model[]): string {
  return createHash("sha256")
    .update(JSON.stringify(models.map(stored)))
    .digest("hex")
    .slice(0, 16);
}
