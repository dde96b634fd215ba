// A batch id is applied once across replicas (R9): two mirrors on one schema sending the same
// batch id at the same moment apply it once, and both answer with its one receipt.

import { describe, expect, it } from "vitest";
import type { DatasetChanges } from "../../src/merge/applyBatch";
import { FIXED_NOW, keyed, POSTGRES_URL, withReplicas } from "./replicas";

const MODELS = [keyed("alpha"), keyed("beta")];
const ROUNDS = 15;

const rows = (round: number) => [
  { id: `k${round}`, v: 1, val: "a" },
  { id: `k${round}`, v: 2 },
  { id: "shared", v: round, _change_request_type: "d" },
  { id: null, v: 1 },
];

describe.skipIf(!POSTGRES_URL)("postgres replicas: a batch id is applied once", () => {
  it("two replicas sending the same batch id at the same moment apply it once and both return its receipt", async () => {
    await withReplicas(2, MODELS, { now: FIXED_NOW }, async ([a, b]) => {
      for (let round = 0; round < ROUNDS; round++) {
        const batch: DatasetChanges[] = [
          { dataset: "alpha", rows: rows(round) },
          { dataset: "beta", rows: rows(round) },
        ];
        const receipts = await Promise.all([a!.applyBatch(batch, { batchId: `same-${round}` }), b!.applyBatch(batch, { batchId: `same-${round}` })]);
        expect(
          receipts.filter((r) => !r.replayed),
          `round ${round}`,
        ).toHaveLength(1);
        expect({ ...receipts[0]!, replayed: false }).toEqual({ ...receipts[1]!, replayed: false });
        expect(receipts[0]!.datasets.map((d) => [d.upserted, d.stale, d.deleted, d.unchanged, d.quarantined.length])).toEqual([
          [2, 0, 1, 0, 1],
          [2, 0, 1, 0, 1],
        ]);
      }
      // Once each: one ledger entry, one history entry per change, one quarantined row per invalid row.
      expect(await a!.batches({ limit: 100 })).toHaveLength(ROUNDS);
      for (const dataset of ["alpha", "beta"]) {
        expect(await a!.history(dataset)).toHaveLength(ROUNDS * 3);
        expect(await b!.quarantine(dataset)).toHaveLength(ROUNDS);
      }
    });
  });

  it("the same holds when the two sends of one id name different datasets (they wait on the ledger, not on a dataset lock)", async () => {
    await withReplicas(2, MODELS, { now: FIXED_NOW }, async ([a, b]) => {
      for (let round = 0; round < ROUNDS; round++) {
        const receipts = await Promise.all([
          a!.applyBatch([{ dataset: "alpha", rows: rows(round) }], { batchId: `split-${round}` }),
          b!.applyBatch([{ dataset: "beta", rows: rows(round) }], { batchId: `split-${round}` }),
        ]);
        const first = receipts.filter((r) => !r.replayed);
        expect(first, `round ${round}`).toHaveLength(1);
        expect(receipts.map((r) => ({ ...r, replayed: false }))).toEqual([first[0], first[0]]);
      }
      const applied = [...(await a!.history("alpha")), ...(await a!.history("beta"))];
      expect(applied).toHaveLength(ROUNDS * 3);
      expect(await a!.batches({ limit: 100 })).toHaveLength(ROUNDS);
    });
  });
});
