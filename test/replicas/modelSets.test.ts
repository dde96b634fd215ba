// Models loaded by one replica reach the others through the database: each distinct set of
// models loaded is a new generation, which other processes read (with its models as stored),
// notice by polling (watchModels) and adopt without DDL; loading the same models again is no
// new generation, so an adopting replica never brings older models back.

import { describe, expect, it } from "vitest";
import type { ModelSet } from "../../src/storage/postgres/modelSets";
import type { PostgresStorage } from "../../src/storage/postgres/PostgresStorage";
import { watchModels } from "../../src/storage/postgres/watchModels";
import { models } from "../helpers";
import { keyed, openReplica, POSTGRES_URL, withReplicas } from "./replicas";

const V1 = [keyed("alpha")];
const alpha = V1[0]!;
const V2 = [{ ...alpha, fields: { ...(alpha.fields as object), phone: { type: "string" } } }, keyed("beta")];
const storageOf = (m: { storage: unknown }) => m.storage as PostgresStorage;
/** The models as the database gives them back: without the file they were read from. */
const withoutFile = (list: readonly { file: string }[]) => list.map(({ file: _file, ...rest }) => rest);

describe.skipIf(!POSTGRES_URL)("postgres replicas: model changes", () => {
  it("a replica loading other models records a new generation that the others read with its models; the same models again record none", async () => {
    await withReplicas(2, V1, {}, async ([a, b], schema) => {
      const first = storageOf(a!).generation;
      expect(first).toBeGreaterThan(0);
      expect(storageOf(b!).generation).toBe(first);
      expect(await storageOf(a!).newerModels(first)).toBeUndefined();

      const grown = await openReplica(V2, schema);
      try {
        const second = storageOf(grown).generation;
        expect(second).toBeGreaterThan(first);
        const set = await storageOf(a!).newerModels(first);
        expect(set?.generation).toBe(second);
        expect(withoutFile(set!.models)).toEqual(withoutFile(models(...V2)));
        expect(await storageOf(a!).newerModels(second)).toBeUndefined();

        // Adopted, the old replica writes and reads the new field and the new dataset, with no DDL of its own.
        a!.adoptModels(set!.models);
        await a!.applyChanges("alpha", [{ id: "k", v: 1, phone: "+1 555" }]);
        await a!.applyChanges("beta", [{ id: "k", v: 1 }]);
        expect((await grown.rows("alpha")).map((r) => r.row)).toEqual([{ id: "k", v: 1n, val: null, phone: "+1 555" }]);
        expect(await storageOf(a!).newerModels(first)).toMatchObject({ generation: second });
      } finally {
        await grown.close();
      }
      // Opening with the latest models again changes nothing.
      const again = await openReplica(V2, schema);
      try {
        expect(await storageOf(again).newerModels(0)).toMatchObject({ generation: storageOf(again).generation });
        expect(storageOf(again).generation).toBe((await storageOf(a!).newerModels(first))!.generation);
      } finally {
        await again.close();
      }
    });
  });

  it("watchModels hands a replica each newer model set once, then stops", async () => {
    await withReplicas(1, V1, {}, async ([a], schema) => {
      const seen: ModelSet[] = [];
      let notify!: () => void;
      const adopted = new Promise<void>((resolve) => (notify = resolve));
      const watch = watchModels(
        storageOf(a!),
        (set) => {
          seen.push(set);
          a!.adoptModels(set.models);
          notify();
        },
        20,
      );
      try {
        const grown = await openReplica(V2, schema);
        await grown.close();
        await adopted;
        // Further checks find nothing newer: the set is handed over once.
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(seen.map((s) => s.models.map((m) => m.dataset))).toEqual([["alpha", "beta"]]);
        expect(a!.models.map((m) => m.dataset)).toEqual(["alpha", "beta"]);
      } finally {
        await watch.stop();
      }
    });
  });
});
