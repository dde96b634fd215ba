// The backends are one mirror: the same batches, sent at the same times, give identical receipts
// (upserted, deleted, stale, unchanged, conflicts, quarantined) and identical rows, tombstones and
// history on SQLite and PostgreSQL. Batches mix repeats, ties, deletes, invalid rows and keys
// re-opened by tombstone retention, so every way SQLite counts a conflict is met.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Mirror } from "../../src/mirror";
import { BACKENDS } from "../backends";
import type { ModelJson } from "../helpers";

const MODEL: ModelJson = {
  name: "Item",
  dataset: "items",
  fields: {
    id: { type: "string", required: true },
    name: { type: "string" },
    n: { type: "integer" },
    at: { type: "datetime" },
    v: { type: "integer", required: true },
  },
  primaryKey: ["id"],
  version: "v",
  tombstoneRetention: "PT1H",
};

const change = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      id: fc.constantFrom("a", "b", "c", "é", "B"),
      name: fc.constantFrom("x", "y", null),
      n: fc.constantFrom(null, "9007199254740993", 1),
      at: fc.constantFrom(null, "2026-03-01T10:00:00.000000001Z", "2026-03-01T12:00:00+02:00"),
      v: fc.integer({ min: 1, max: 3 }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ id: fc.constantFrom("a", "b", "c"), v: fc.integer({ min: 1, max: 3 }), _change_request_type: fc.constant("d") }) },
  { weight: 1, arbitrary: fc.constantFrom<Record<string, unknown>>({ id: "a", name: "x" }, { id: "b", v: 1, n: "many" }, { id: "c", v: 2, extra: 1 }) },
);
/** Batches, each sent some minutes after the one before (tombstones expire after an hour). */
const batches = fc.array(fc.record({ rows: fc.array(change, { minLength: 1, maxLength: 8 }), minutesLater: fc.constantFrom(0, 5, 70) }), { minLength: 1, maxLength: 6 });

const [sqlite, postgres] = BACKENDS;

/**
 * Batches of over 4,000 rows, which the merge reads in four parts (applyBatch.ts, partEnds): the
 * generated changes come first and last, so that a key's changes meet across parts, around filler
 * upserts of keys of their own.
 */
const largeBatches = fc
  .array(fc.record({ head: fc.array(change, { minLength: 1, maxLength: 8 }), tail: fc.array(change, { minLength: 1, maxLength: 8 }), minutesLater: fc.constantFrom(0, 70) }), {
    minLength: 1,
    maxLength: 3,
  })
  .map((list) =>
    list.map(({ head, tail, minutesLater }, b) => ({
      rows: [...head, ...Array.from({ length: 4_000 }, (_, i) => ({ id: `f${i}`, n: i, v: b + 1 })), ...tail],
      minutesLater,
    })),
  );

describe.runIf(postgres !== undefined)("SQLite and PostgreSQL", () => {
  /** The receipts of `sent` on each backend, then of its first batch sent again, and what each mirror holds after. */
  async function outcomesOf(sent: readonly { rows: Record<string, unknown>[]; minutesLater: number }[]) {
    const outcomes = [];
    for (const backend of [sqlite!, postgres!]) {
      let now = Date.parse("2026-03-01T00:00:00Z");
      const m: Mirror = await backend.mirror([MODEL], { now: () => new Date(now) });
      const receipts = [];
      for (const [i, { rows, minutesLater }] of sent.entries()) {
        now += minutesLater * 60_000;
        receipts.push(await m.applyChanges("items", rows, { batchId: `b${i}` }));
      }
      receipts.push(await m.applyChanges("items", sent[0]!.rows, { batchId: "b0" }));
      outcomes.push({
        receipts,
        rows: await m.rows("items"),
        tombstones: await m.tombstones("items"),
        history: await m.history("items"),
        quarantine: await m.quarantine("items"),
      });
    }
    return outcomes;
  }

  it("give identical receipts, rows, tombstones and history for the same batches at the same times", async () => {
    await fc.assert(
      fc.asyncProperty(batches, async (sent) => {
        const outcomes = await outcomesOf(sent);
        expect(outcomes[1], JSON.stringify(sent)).toEqual(outcomes[0]);
      }),
      { numRuns: 40 },
    );
  });

  it("give identical receipts and contents for batches read in parts, a key's changes meeting across parts", async () => {
    await fc.assert(
      fc.asyncProperty(largeBatches, async (sent) => {
        const outcomes = await outcomesOf(sent);
        expect(outcomes[1], JSON.stringify(sent.map(({ rows }) => [...rows.slice(0, 8), ...rows.slice(-8)]))).toEqual(outcomes[0]);
      }),
      { numRuns: 8 },
    );
  }, 120_000);
});
