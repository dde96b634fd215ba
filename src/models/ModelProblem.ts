// A broken model is refused whole; every problem of every file is reported at once.

export interface ModelProblem {
  /** The model file, as given to the loader. */
  file: string;
  /** JSON path inside the file, e.g. `$.fields.score.type`. */
  path: string;
  /** What is wrong, quoting what was received. */
  message: string;
  /** What to change. */
  fix: string;
}

export function formatProblem(p: ModelProblem): string {
  return `${p.file} at ${p.path}: ${p.message} Fix: ${p.fix}`;
}

export class ModelValidationError extends Error {
  constructor(
    readonly problems: ModelProblem[],
    /** INVALID_MODEL for a broken model; INCOMPATIBLE_MODEL_CHANGE when it no longer fits stored data. */
    readonly code: "INVALID_MODEL" | "INCOMPATIBLE_MODEL_CHANGE" = "INVALID_MODEL",
  ) {
    super(`${problems.length} problem${problems.length === 1 ? "" : "s"} in the models:\n` + problems.map((p) => `  - ${formatProblem(p)}`).join("\n"));
    this.name = "ModelValidationError";
  }
}

/** Suggests the closest of `options` to a mistyped `input`, for "did you mean" hints. */
export function closest(input: string, options: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const option of options) {
    const d = editDistance(input.toLowerCase(), option.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [option, d];
  }
  return bestDistance <= Math.max(2, Math.floor(input.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

export function didYouMean(input: string, options: readonly string[]): string {
  const guess = closest(input, options);
  return guess ? ` Did you mean "${guess}"?` : "";
}
