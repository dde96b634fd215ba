// Declared indexes on the state table: created from the model, used by reads through the
// dataset's view, and evolved (added, dropped, kept) when models are loaded again. On each
// backend (test/backends.ts); the query-plan test reads SQLite's plans and runs there only.

import { beforeEach, describe, expect, it } from "vitest";
import { Mirror } from "../../src/mirror";
import { stateIndexes } from "../../src/storage/datasetLayout";
import { BACKENDS, type Location } from "../backends";
import { models, type ModelJson } from "../helpers";

const REGION: ModelJson = {
  name: "Region",
  dataset: "regions",
  fields: { code: { type: "string", required: true }, v: { type: "integer", required: true } },
  primaryKey: ["code"],
  version: "v",
};

const account = (indexes?: string[][], relationships: unknown[] = []): ModelJson => ({
  name: "Account",
  dataset: "accounts",
  fields: {
    account_id: { type: "string", required: true },
    region: { type: "string" },
    score: { type: "integer" },
    name: { type: "string" },
    v: { type: "integer", required: true },
  },
  primaryKey: ["account_id"],
  version: "v",
  ...(indexes ? { indexes } : {}),
  relationships,
});

const BY_REGION = [{ field: "region", target: "Region", cardinality: "M:0", name: "regionRow" }];

const seed = async (m: Mirror) => {
  await m.applyChanges(
    "accounts",
    Array.from({ length: 200 }, (_, i) => ({ account_id: `a${i}`, region: `r${i % 7}`, score: i % 13, name: `n${i}`, v: 1 })),
  );
};

describe.each(BACKENDS)("$name", (backend) => {
  let at: Location;
  beforeEach(() => {
    at = backend.location({ reopen: true });
  });

  /** Opens the mirror on the test's database with these models, runs `fn`, closes it. */
  async function withMirror<T>(docs: ModelJson[], fn: (m: Mirror) => T | Promise<T>): Promise<T> {
    const m = await Mirror.open({ ...at, models: models(...docs) });
    try {
      return await fn(m);
    } finally {
      await m.close();
    }
  }

  /** The indexes mirrorql keeps on a state table (not the primary key's), by name, with their columns. */
  const indexesOf = (m: Mirror, table: string) => backend.indexes(m, table);
  const countOf = async (m: Mirror, dataset: string) => Number((await backend.sql(m, `SELECT count(*) AS n FROM "${dataset}"`))[0]!.n);

  describe("declared indexes", () => {
    it("creates each declared index on the state table, over current rows only", async () => {
      await withMirror([account([["region", "score"], ["name"]])], async (m) => {
        expect(await indexesOf(m, "accounts__state")).toEqual({
          accounts__state__ix__name: ["name"],
          accounts__state__ix__region__score: ["region", "score"],
        });
        if (backend.name === "sqlite") {
          const sql = m.database.sqlite.prepare("SELECT sql FROM sqlite_master WHERE name = 'accounts__state__ix__region__score'").pluck().get();
          expect(sql).toBe('CREATE INDEX "accounts__state__ix__region__score" ON "accounts__state" ("region", "score") WHERE "_mq_deleted" = 0');
        } else {
          const [ix] = await backend.sql(m, "SELECT indexdef FROM pg_indexes WHERE indexname = 'accounts__state__ix__region__score' AND schemaname = current_schema()");
          expect(ix!.indexdef).toMatch(/ON \S*accounts__state USING btree \(region, score\) WHERE \(NOT _mq_deleted\)$/);
        }
      });
    });

    it.runIf(backend.name === "sqlite")("serves a filtered and sorted read through the dataset's view with the declared index (SQLite query plan)", async () => {
      await withMirror([account([["region", "score"]])], async (m) => {
        await seed(m);
        m.database.sqlite.exec("ANALYZE");
        // A page as the read side asks for it: through the view, the key appended to the ordering.
        const sql = `SELECT t."account_id", t."name" FROM "accounts" AS t WHERE t."region" = ? ORDER BY t."score" DESC, t."account_id" ASC LIMIT ? OFFSET ?`;
        const params = ["r3", 21, 0];
        const plan = (m.database.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((p) => p.detail);
        expect(plan[0]).toMatch(/^SEARCH accounts__state USING (COVERING )?INDEX accounts__state__ix__region__score \(region=\?\)$/);
        // The index orders by score; only ties of score are sorted by the key afterwards.
        expect(plan.join("\n")).not.toContain("USE TEMP B-TREE FOR ORDER BY");
      });
    });

    it("names indexes after the dataset and the fields, in hex for field names that could be misread, so names never collide", async () => {
      const doc: ModelJson = {
        name: "Odd",
        dataset: "odd",
        fields: {
          id: { type: "string", required: true },
          a: { type: "string" },
          b: { type: "string" },
          a__b: { type: "string" },
          c_: { type: "string" },
          _c: { type: "string" },
          v: { type: "integer", required: true },
        },
        primaryKey: ["id"],
        version: "v",
        indexes: [["a", "b"], ["a__b"], ["c_", "a"], ["a", "_c"]],
      };
      const names = stateIndexes(models(doc)[0]!).map((ix) => ix.name);
      expect(names).toEqual(["odd__state__ix__a__b", "odd__state__ix__0x615f5f62", "odd__state__ix__0x635f__a", "odd__state__ix__a__0x5f63"]);
      await withMirror([doc], async (m) => {
        const made = await indexesOf(m, "odd__state");
        for (const [i, name] of names.entries()) expect(made[name]).toEqual(doc.indexes && (doc.indexes as string[][])[i]);
      });
    });

    it("does not duplicate the automatic index of a relationship field", async () => {
      await withMirror([REGION, account([["region"], ["score"]], BY_REGION)], async (m) => {
        expect(Object.keys(await indexesOf(m, "accounts__state"))).toEqual(["accounts__state__by_region", "accounts__state__ix__score"]);
        expect(stateIndexes(m.models[1]!)).toEqual([
          { fields: ["region"], name: "accounts__state__by_region", automatic: true },
          { fields: ["score"], name: "accounts__state__ix__score", automatic: false },
        ]);
      });
    });

    it("creates an added index and drops a removed one on a dataset holding rows, keeping the unchanged one", async () => {
      await withMirror([account([["region", "score"], ["name"]])], seed);
      await withMirror(
        [
          account([
            ["region", "score"],
            ["score", "name"],
          ]),
        ],
        async (m) => {
          expect(Object.keys(await indexesOf(m, "accounts__state"))).toEqual(["accounts__state__ix__region__score", "accounts__state__ix__score__name"]);
          expect(await countOf(m, "accounts")).toBe(200);
        },
      );
      // Opened again with the same models, nothing changes; without indexes, every declared one goes.
      await withMirror(
        [
          account([
            ["region", "score"],
            ["score", "name"],
          ]),
        ],
        async (m) => expect(Object.keys(await indexesOf(m, "accounts__state"))).toHaveLength(2),
      );
      await withMirror([account()], async (m) => {
        expect(Object.keys(await indexesOf(m, "accounts__state"))).toEqual([]);
        expect(await countOf(m, "accounts")).toBe(200);
      });
    });

    it("creates the declared index itself once the relationship whose index served it is removed, dropping the relationship's index", async () => {
      await withMirror([REGION, account([["region"]], BY_REGION)], seed);
      await withMirror([REGION, account([["region"]])], async (m) => {
        expect(Object.keys(await indexesOf(m, "accounts__state"))).toEqual(["accounts__state__ix__region"]);
      });
    });

    it("leaves alone indexes that a user made on the state table under names of their own", async () => {
      await withMirror([account([["name"]])], async (m) => {
        await seed(m);
        await backend.sql(m, `CREATE INDEX my_score ON accounts__state (score)`);
      });
      await withMirror([account()], async (m) => expect(Object.keys(await indexesOf(m, "accounts__state"))).toEqual(["my_score"]));
    });

    it("keeps tombstones indexed by batch only while the model sets a retention, the one purge that looks them up (R7)", async () => {
      await withMirror([account()], seed);
      await withMirror([{ ...account(), tombstoneRetention: "P7D" }], async (m) => {
        expect(await indexesOf(m, "accounts__state")).toEqual({ accounts__state__tombstones: ["_mq_batch"] });
      });
      await withMirror([account()], async (m) => {
        expect(await indexesOf(m, "accounts__state")).toEqual({});
        expect(await countOf(m, "accounts")).toBe(200);
      });
    });

    it.runIf(backend.name === "postgres")("leaves room in each page of a state table it makes for HOT updates (PostgreSQL)", async () => {
      await withMirror([account()], async (m) => {
        const [table] = await backend.sql(m, "SELECT reloptions FROM pg_class WHERE relname = 'accounts__state' AND relnamespace = current_schema()::regnamespace");
        expect(table!.reloptions).toEqual(["fillfactor=85"]);
      });
    });

    it("opens a database whose stored models predate indexes, then creates the declared ones", async () => {
      await withMirror([account()], async (m) => {
        await seed(m);
        const definition = JSON.parse((await backend.sql(m, "SELECT definition FROM _mq_models WHERE dataset = 'accounts'"))[0]!.definition as string);
        delete definition.indexes;
        await backend.sql(m, `UPDATE _mq_models SET definition = '${JSON.stringify(definition).replace(/'/g, "''")}' WHERE dataset = 'accounts'`);
      });
      await withMirror([account([["score"]])], async (m) => {
        expect(Object.keys(await indexesOf(m, "accounts__state"))).toContain("accounts__state__ix__score");
        expect(await countOf(m, "accounts")).toBe(200);
      });
    });
  });
});
