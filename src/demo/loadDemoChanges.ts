// Loads the sample change streams (demo/changes/<dataset>.ndjson) through the merge core.
// Each file is one batch with a fixed id, so loading again is a no-op replay (R9).

import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Mirror } from "../mirror";
import type { Receipt } from "../merge/Receipt";

/** The package's demo: its models and change streams, wherever the command runs from. */
export const DEMO_SCHEMA_DIR = fileURLToPath(new URL("../../schema", import.meta.url));
export const DEMO_CHANGES_DIR = fileURLToPath(new URL("../../demo/changes", import.meta.url));

export function readNdjson(file: string): unknown[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line, i) => {
      try {
        return JSON.parse(line) as unknown;
      } catch (e) {
        throw new Error(`${file}:${i + 1}: not valid JSON (${(e as Error).message})`);
      }
    });
}

/** Applies every stream in file-name order (children before parents on purpose: R11). */
export async function loadDemoChanges(mirror: Mirror, dir = DEMO_CHANGES_DIR): Promise<Receipt[]> {
  const receipts: Receipt[] = [];
  for (const f of readdirSync(dir)
    .filter((name) => name.endsWith(".ndjson"))
    .sort()) {
    const dataset = basename(f, ".ndjson");
    receipts.push(await mirror.applyChanges(dataset, readNdjson(join(dir, f)), { batchId: `demo:${dataset}` }));
  }
  return receipts;
}
