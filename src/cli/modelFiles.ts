// What the importers and exporters of models share on the command line: writing a set of
// files all or nothing, and listing every problem of the input (exit code 2).

import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import type { ModelProblem } from "../models/ModelProblem";

/** Bad input: printed as one line, exit code 2. */
export class InputError extends Error {}

/** Writes nothing unless every file may be written. */
export function writeAll(out: string, files: { file: string; text: string }[], force: boolean): void {
  const existing = files.filter((f) => existsSync(f.file));
  if (existing.length > 0 && !force) {
    throw new InputError(
      `${existing.map((f) => basename(f.file)).join(", ")} already exist${existing.length === 1 ? "s" : ""} in ${out}; nothing was written. Add --force to overwrite.`,
    );
  }
  mkdirSync(out, { recursive: true });
  for (const f of files) writeFileSync(f.file, f.text);
}

/** Lists every problem on stderr; returns exit code 2. */
export function report(problems: ModelProblem[]): number {
  process.stderr.write(`${problems.length} problem${problems.length === 1 ? "" : "s"}; nothing was written:\n`);
  for (const p of problems) process.stderr.write(`  - ${p.file} at ${p.path === "" ? "the root" : p.path}: ${p.message} Fix: ${p.fix}\n`);
  return 2;
}
