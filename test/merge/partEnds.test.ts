// How the merge cuts a dataset's rows into parts (applyBatch.ts): the storage writes one part while
// the next is normalized, so the first is small, and there are a handful whatever the batch's size.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { partEnds } from "../../src/merge/applyBatch";

describe("parts of a batch", () => {
  it("covers every row once, in order, in at most four parts of at least 1,000 rows (a smaller batch is one part)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2_000_000 }), (rows) => {
        const ends = partEnds(rows);
        expect(ends.at(-1)).toBe(rows);
        expect(ends.length).toBeLessThanOrEqual(4);
        const sizes = ends.map((end, i) => end - (i === 0 ? 0 : ends[i - 1]!));
        if (ends.length > 1) for (const size of sizes) expect(size).toBeGreaterThanOrEqual(1_000);
        if (rows < 2_000) expect(ends).toEqual([rows]);
      }),
    );
  });

  it("makes the first part a tenth of a large batch, so that the database starts early", () => {
    expect(partEnds(10_000)).toEqual([1_000, 4_000, 7_000, 10_000]);
    expect(partEnds(100_000)).toEqual([10_000, 40_000, 70_000, 100_000]);
    expect(partEnds(2_500)).toEqual([1_000, 2_500]);
  });
});
