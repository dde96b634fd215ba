// A transaction that PostgreSQL aborts as a deadlock victim (40P01) or a serialization failure
// (40001) is run again inside the server, a bounded number of times, each retry logged; the
// caller gets the result (a batch: the receipt) it would have had without the abort.

import { afterEach, describe, expect, it, vi } from "vitest";
import pg from "pg";
import { datasetLocks } from "../../src/storage/postgres/advisoryLocks";
import { openDatabase, type PostgresDatabase } from "../../src/storage/postgres/openDatabase";
import { transaction } from "../../src/storage/postgres/transaction";
import { dropSchema, FIXED_NOW, freshSchema, keyed, POSTGRES_URL, until, url, waitingFor, withReplicas } from "./replicas";

const MODELS = [keyed("alpha"), keyed("beta")];

/** The retry lines logged while `run` runs. */
async function retriesLogged<T>(run: () => Promise<T>): Promise<{ result: T; retries: Record<string, unknown>[] }> {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => (lines.push(String(chunk)), true));
  try {
    const result = await run();
    return {
      result,
      retries: lines
        .flatMap((l) => l.split("\n"))
        .filter((l) => l.includes('"transaction_retry"'))
        .map((l) => JSON.parse(l)),
    };
  } finally {
    spy.mockRestore();
  }
}

describe.skipIf(!POSTGRES_URL)("postgres transaction retries", () => {
  const opened: { database: PostgresDatabase; schema: string }[] = [];
  afterEach(async () => {
    for (const { database, schema } of opened.splice(0)) {
      await database.pool.end();
      await dropSchema(schema);
    }
  });
  const database = async () => {
    const schema = freshSchema();
    const db = await openDatabase(url(), schema);
    opened.push({ database: db, schema });
    return db;
  };

  it("a batch chosen as a deadlock victim is run again and returns the receipt it would have had", async () => {
    const batch = [
      {
        dataset: "beta",
        rows: [
          { id: "k1", v: 2, val: "b" },
          { id: "k1", v: 1 },
        ],
      },
      {
        dataset: "alpha",
        rows: [
          { id: "k0", v: 1, val: "a" },
          { id: "k0", v: 1, val: "a" },
          { id: null, v: 1 },
        ],
      },
    ];
    const expected = await withReplicas(1, MODELS, { now: FIXED_NOW }, ([m]) => m!.applyBatch(batch, { batchId: "victim" }));

    await withReplicas(1, MODELS, { now: FIXED_NOW }, async ([m], schema) => {
      const [first, second] = datasetLocks(schema, ["alpha", "beta"]);
      // Another transaction takes the batch's locks in the opposite order: the second, then (once the batch holds the first and waits) the first.
      const rogue = new pg.Client(url());
      await rogue.connect();
      try {
        await rogue.query("BEGIN");
        // The batch, waiting first, runs the deadlock check first and is the one aborted.
        await rogue.query("SET LOCAL deadlock_timeout = '20s'");
        await rogue.query("SELECT pg_advisory_xact_lock($1::bigint)", [second]);
        const { result, retries } = await retriesLogged(async () => {
          const applied = m!.applyBatch(batch, { batchId: "victim" });
          await until(async () => (await waitingFor(second!)).length > 0);
          await rogue.query("SELECT pg_advisory_xact_lock($1::bigint)", [first]);
          await rogue.query("COMMIT");
          return applied;
        });
        expect(retries).toMatchObject([{ level: "warn", code: "40P01", attempt: 1 }]);
        expect(result).toEqual(expected);
        expect((await m!.batches({ limit: 10 })).map((e) => e.receipt)).toEqual([expected]);
        expect((await m!.history("alpha")).length + (await m!.history("beta")).length).toBe(3);
      } finally {
        await rogue.end();
      }
    });
  });

  it("a serialization failure (write skew under SERIALIZABLE) is run again until it commits", async () => {
    const db = await database();
    await db.pool.query("CREATE TABLE skew (n int NOT NULL)");
    // Both first runs read before either writes: a dangerous structure, so one of them is aborted.
    let arrived = 0;
    let release!: () => void;
    const bothRead = new Promise<void>((resolve) => (release = resolve));
    let runs = 0;
    const writer = () =>
      transaction(db, async (client) => {
        runs++;
        await client.query("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE");
        const { rows } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM skew");
        if (++arrived === 2) release();
        if (arrived <= 2) await bothRead;
        await client.query("INSERT INTO skew (n) VALUES ($1)", [rows[0]!.n]);
        return rows[0]!.n;
      });
    const { result, retries } = await retriesLogged(() => Promise.all([writer(), writer()]));
    expect(retries).toMatchObject([{ code: "40001", attempt: 1 }]);
    expect(runs).toBe(3);
    // A serial order: one saw the empty table, the other the first's row.
    expect([...result].sort()).toEqual([0, 1]);
    expect((await db.pool.query("SELECT n FROM skew ORDER BY n")).rows).toEqual([{ n: 0 }, { n: 1 }]);
  });

  it("retries are bounded: after the last run the abort is thrown; other errors are not retried", async () => {
    const db = await database();
    const policy = { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 };
    const failing = (code: string) => {
      let runs = 0;
      const run = transaction(
        db,
        async (client) => {
          runs++;
          await client.query(`DO $$ BEGIN RAISE EXCEPTION 'forced' USING ERRCODE = '${code}'; END $$`);
        },
        policy,
      );
      return { run, runs: () => runs };
    };
    const serialization = failing("40001");
    const { retries } = await retriesLogged(() => expect(serialization.run).rejects.toMatchObject({ code: "40001" }));
    expect(serialization.runs()).toBe(3);
    expect(retries.map((r) => r.attempt)).toEqual([1, 2]);
    const unique = failing("23505");
    await expect(unique.run).rejects.toMatchObject({ code: "23505" });
    expect(unique.runs()).toBe(1);
  });
});
