// Replicas on one PostgreSQL converge as one process would: batches sent at the same time by
// two mirrors (two pools, as two processes), over overlapping keys of two datasets, with
// out-of-order versions, deletes, duplicate changes, invalid rows and the same batch id sent by
// both, leave exactly the state, history, ledger and receipts of one mirror applying the same
// batches one after another in the ledger's order; and the state is the one a single mirror
// reaches applying them in the order they were generated.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DatasetChanges } from "../../src/merge/applyBatch";
import type { Receipt } from "../../src/merge/Receipt";
import type { Mirror } from "../../src/mirror";
import { FIXED_NOW, keyed, POSTGRES_URL, withReplicas } from "./replicas";

const DATASETS = ["alpha", "beta"] as const;
const MODELS = DATASETS.map(keyed);

type Sender = "A" | "B" | "both";
interface Batch {
  id: string;
  items: DatasetChanges[];
  sender: Sender;
  /** Milliseconds the sender waits before sending it, to vary the interleaving. */
  delay: number;
}

/** A change from a small domain (4 keys, 4 versions, 2 values): equal versions, duplicates and stale changes are frequent. */
const rowArb: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ id: fc.constantFrom("k0", "k1", "k2", "k3"), v: fc.integer({ min: 0, max: 3 }), val: fc.constantFrom("a", "b", null) }) },
  { weight: 2, arbitrary: fc.record({ id: fc.constantFrom("k0", "k1", "k2", "k3"), v: fc.integer({ min: 0, max: 3 }), _change_request_type: fc.constant("d") }) },
  { weight: 1, arbitrary: fc.constantFrom<Record<string, unknown>>({ id: null, v: 1 }, { id: "k1", v: "late" }) },
);

const itemsArb: fc.Arbitrary<DatasetChanges[]> = fc.oneof(
  fc.record({ dataset: fc.constantFrom(...DATASETS), rows: fc.array(rowArb, { minLength: 1, maxLength: 8 }) }).map((item) => [item]),
  // Both datasets in one batch, in either order: the locks are taken in one order whatever the items' order.
  fc.tuple(fc.array(rowArb, { minLength: 1, maxLength: 6 }), fc.array(rowArb, { minLength: 1, maxLength: 6 }), fc.boolean()).map(([a, b, flip]) => {
    const items = [
      { dataset: "alpha", rows: a },
      { dataset: "beta", rows: b },
    ];
    return flip ? items.reverse() : items;
  }),
);

const batchesArb: fc.Arbitrary<Batch[]> = fc
  .array(fc.record({ items: itemsArb, sender: fc.constantFrom<Sender>("A", "B", "A", "B", "both"), delay: fc.integer({ min: 0, max: 3 }) }), { minLength: 2, maxLength: 10 })
  .map((batches) => batches.map((b, i) => ({ ...b, id: `b${i}` })));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Everything a mirror keeps of its datasets. */
async function stateOf(m: Mirror) {
  const state: Record<string, unknown> = {};
  for (const d of DATASETS) state[d] = { rows: await m.rows(d), tombstones: await m.tombstones(d), history: await m.history(d), quarantine: await m.quarantine(d) };
  return state;
}

/** The same without which batch wrote what (that depends on the order batches arrived in). */
async function contentOf(m: Mirror) {
  const content: Record<string, unknown> = {};
  for (const d of DATASETS) {
    content[d] = {
      rows: (await m.rows(d)).map((r) => r.row),
      tombstones: (await m.tombstones(d)).map((t) => [t.key, t.version]),
      history: (await m.history(d)).map(({ key, version, op, row, hash, validFrom, validTo }) => ({ key, version, op, row, hash, validFrom, validTo })),
    };
  }
  return content;
}

describe.skipIf(!POSTGRES_URL)("postgres replicas", () => {
  it("concurrent batches from two replicas leave the state, history, ledger and receipts of one serial order", async () => {
    await fc.assert(
      fc.asyncProperty(batchesArb, (batches) =>
        withReplicas(2, MODELS, { now: FIXED_NOW }, async ([a, b]) => {
          const send = async (m: Mirror, who: "A" | "B") => {
            const mine = batches.filter((x) => x.sender === who || x.sender === "both");
            return Promise.all(mine.map(async (x) => [x.id, await (await sleep(x.delay), m.applyBatch(x.items, { batchId: x.id }))] as const));
          };
          const [fromA, fromB] = await Promise.all([send(a!, "A"), send(b!, "B")]);
          const received = [...fromA, ...fromB];
          const ledger = (await a!.batches({ limit: 1000 })).reverse();
          expect(ledger.map((e) => e.receipt.batchId).sort()).toEqual(batches.map((x) => x.id).sort());

          // The serial order is the ledger's: replayed on a mirror of its own, one batch after another.
          await withReplicas(1, MODELS, { now: FIXED_NOW }, async ([serial]) => {
            const serialReceipts = new Map<string, Receipt>();
            for (const { receipt } of ledger) {
              const batch = batches.find((x) => x.id === receipt.batchId)!;
              serialReceipts.set(batch.id, await serial!.applyBatch(batch.items, { batchId: batch.id }));
            }
            for (const batch of batches) {
              const got = received.filter(([id]) => id === batch.id).map(([, r]) => r);
              // Sent twice, it was applied once: one first receipt, and the same receipt marked replayed.
              expect(got.filter((r) => !r.replayed)).toHaveLength(1);
              for (const r of got) expect({ ...r, replayed: false }, `batch ${batch.id}`).toEqual(serialReceipts.get(batch.id));
            }
            expect(ledger.map((e) => e.receipt)).toEqual((await serial!.batches({ limit: 1000 })).reverse().map((e) => e.receipt));
            expect(await stateOf(a!)).toEqual(await stateOf(serial!));
            expect(await stateOf(b!)).toEqual(await stateOf(serial!));
          });

          // Whatever the interleaving, the content is that of the batches applied in generated order.
          await withReplicas(1, MODELS, { now: FIXED_NOW }, async ([inOrder]) => {
            for (const batch of batches) await inOrder!.applyBatch(batch.items, { batchId: batch.id });
            expect(await contentOf(a!)).toEqual(await contentOf(inOrder!));
          });
        }),
      ),
      { numRuns: 25 },
    );
  }, 180_000);
});
