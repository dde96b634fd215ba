// Rows of any depth are measured and written without recursion, exactly as JSON.stringify
// writes those it can.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deepJsonText, nestedDeeperThan } from "../../src/changes/rowDepth";

const depth = (v: unknown): number => (v !== null && typeof v === "object" ? 1 + Math.max(0, ...(Array.isArray(v) ? v : Object.values(v)).map(depth)) : 0);

describe("row depth", () => {
  it("deepJsonText writes every JSON value as JSON.stringify does (key order, escapes, numbers)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => deepJsonText(v) === JSON.stringify(v)),
      { numRuns: 2000 },
    );
  });

  it("nestedDeeperThan agrees with the recursive depth", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 9 }), (v, max) => nestedDeeperThan(v, max) === depth(v) > max),
      { numRuns: 2000 },
    );
  });

  it("values nested 100,000 deep are measured and written (JSON.stringify overflows at a few thousand)", () => {
    let v: unknown = { bottom: 1n };
    for (let i = 0; i < 100_000; i++) v = [v];
    expect(nestedDeeperThan(v, 32)).toBe(true);
    expect(() => JSON.stringify(v)).toThrow(RangeError);
    expect(deepJsonText(v)).toBe(`${"[".repeat(100_000)}{"bottom":1}${"]".repeat(100_000)}`);
  });
});
