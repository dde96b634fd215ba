// Deterministic batch ids: `${prefix}:${n}` for the n-th batch of a file. The default
// prefix is the file's name and a hash of what decides the batches' contents (the file's
// absolute path, size and modification time, the dataset, the format and how the rows are
// cut into batches), so a load that was interrupted and is run again sends the same ids:
// the server answers the batches it already applied with their first receipt (replayed)
// and applies the rest, nothing lost and nothing applied twice.

import { createHash } from "node:crypto";
import { basename, resolve } from "node:path";

export interface PrefixInputs {
  file: string;
  size: number;
  mtimeMs: number;
  dataset: string;
  format: string;
  batchSize: number;
  maxBytes: number;
  /** How the file is read when not as by default (a CSV delimiter or null marker): other rows, other ids. */
  reading?: string;
}

/** Batch ids are 1 to 200 printable ASCII characters without spaces (the server's rule). */
const PREFIX = /^[\x21-\x7e]{1,180}$/;

export function defaultBatchPrefix(inputs: PrefixInputs): string {
  const hash = createHash("sha256")
    // `reading` only when given, so that the ids of a default read stay those of earlier releases (a rerun resumes).
    .update(
      JSON.stringify([
        resolve(inputs.file),
        inputs.size,
        inputs.mtimeMs,
        inputs.dataset,
        inputs.format,
        inputs.batchSize,
        inputs.maxBytes,
        ...(inputs.reading ? [inputs.reading] : []),
      ]),
    )
    .digest("hex")
    .slice(0, 16);
  const name = basename(inputs.file)
    .replace(/[^A-Za-z0-9._-]/g, "_")
    .slice(0, 60);
  return `${name}@${hash}`;
}

/** Checks a prefix given by the user. */
export function checkBatchPrefix(prefix: string): string {
  if (!PREFIX.test(prefix)) {
    throw new RangeError(`The batch prefix must be 1 to 180 printable ASCII characters without spaces, received ${JSON.stringify(prefix).slice(0, 60)}.`);
  }
  return prefix;
}

export const batchIdOf = (prefix: string, n: number): string => `${prefix}:${n}`;
