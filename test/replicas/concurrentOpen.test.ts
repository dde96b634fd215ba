// Several processes opening one new schema at the same moment all succeed: the schema is
// created, the internal tables migrated and the models' tables made once, under advisory locks.

import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Mirror } from "../../src/mirror";
import { dropSchema, freshSchema, keyed, openReplica, POSTGRES_URL, sql } from "./replicas";

const MODELS = [keyed("alpha"), keyed("beta")];
const OPENERS = 6;
const MIGRATIONS = readdirSync("drizzle/postgres").filter((f) => f.endsWith(".sql")).length;

describe.skipIf(!POSTGRES_URL)("postgres replicas: opening one schema at once", () => {
  it("several Mirror.open on one new schema at the same moment all succeed, migrating it once", async () => {
    const schema = freshSchema();
    const opened = await Promise.allSettled(Array.from({ length: OPENERS }, () => openReplica(MODELS, schema)));
    const mirrors = opened.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
    try {
      expect(opened.filter((o) => o.status === "rejected")).toEqual([]);
      expect(await sql(`SELECT count(*)::int AS n FROM "${schema}".__drizzle_migrations`)).toEqual([{ n: MIGRATIONS }]);
      expect((await sql(`SELECT dataset FROM "${schema}"._mq_models ORDER BY dataset`)).map((r) => r.dataset)).toEqual(["alpha", "beta"]);
      // Each replica writes and reads the one set of tables.
      await Promise.all(mirrors.map((m: Mirror, i) => m.applyChanges("alpha", [{ id: `k${i}`, v: 1 }])));
      for (const m of mirrors) expect(await m.rows("alpha")).toHaveLength(OPENERS);
    } finally {
      for (const m of mirrors) await m.close();
      await dropSchema(schema);
    }
  });
});
