// The lists of the fixed API (receipts, quarantine, dangling references) are read in pages of at most 1,000.

import { MirrorError } from "../../errors";

export const MAX_LIST_SIZE = 1000;

/** Refuses a requested list size outside 0 to 1,000 with LIMIT_EXCEEDED naming the argument. */
export function checkListSize(argument: string, value: number): void {
  if (value < 0 || value > MAX_LIST_SIZE) {
    throw new MirrorError("LIMIT_EXCEEDED", `Argument "${argument}" must be between 0 and ${MAX_LIST_SIZE}, received ${value}.`, { argument });
  }
}
