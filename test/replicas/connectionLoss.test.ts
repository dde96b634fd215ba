// A connection the server ends (a restart, a failover, an administrator) costs at most the
// transaction on it: an idle pooled connection that dies is logged and replaced without ending
// the process, and one that dies inside a batch is closed rather than pooled again, so the
// batch sent again with its id applies once.

import pg from "pg";
import { describe, expect, it } from "vitest";
import { datasetLock } from "../../src/storage/postgres/advisoryLocks";
import type { PostgresStorage } from "../../src/storage/postgres/PostgresStorage";
import { FIXED_NOW, keyed, POSTGRES_URL, sql, until, waitingFor, withReplicas } from "./replicas";

const backendPid = async (storage: PostgresStorage) => (await storage.database.pool.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;

describe.skipIf(!POSTGRES_URL)("postgres replicas: connections ended by the server", () => {
  it("an idle pooled connection ended by the server is replaced, and the mirror goes on", async () => {
    await withReplicas(1, [keyed("alpha")], { now: FIXED_NOW }, async ([m]) => {
      const storage = m!.storage as PostgresStorage;
      const pool = storage.database.pool;
      const pid = await backendPid(storage);
      const dropped = new Promise((resolve) => pool.once("error", resolve));
      await sql("SELECT pg_terminate_backend($1)", [pid]);
      await dropped;
      expect((await m!.applyChanges("alpha", [{ id: "k", v: 1 }])).datasets[0]!.upserted).toBe(1);
      expect(await backendPid(storage)).not.toBe(pid);
    });
  });

  it("a batch whose connection the server ends fails; sent again with its id it applies once", async () => {
    await withReplicas(1, [keyed("alpha")], { now: FIXED_NOW }, async ([m], schema) => {
      const rows = [{ id: "k", v: 1 }];
      // Hold the dataset's lock elsewhere, so that the batch waits inside its transaction; then end its connection.
      const holder = new pg.Client(POSTGRES_URL!);
      await holder.connect();
      try {
        await holder.query("BEGIN");
        await holder.query("SELECT pg_advisory_xact_lock($1::bigint)", [datasetLock(schema, "alpha")]);
        const sent = m!.applyChanges("alpha", rows, { batchId: "cut" }).then(
          () => undefined,
          (e: unknown) => e,
        );
        let waiting: number[] = [];
        await until(async () => (waiting = await waitingFor(datasetLock(schema, "alpha"))).length > 0);
        await sql("SELECT pg_terminate_backend($1)", [waiting[0]]);
        expect(await sent).toMatchObject({ code: "57P01" });
        await holder.query("COMMIT");
      } finally {
        await holder.end();
      }
      const again = await m!.applyChanges("alpha", rows, { batchId: "cut" });
      expect(again).toMatchObject({ replayed: false, datasets: [{ upserted: 1 }] });
      expect(await m!.batches({ limit: 10 })).toHaveLength(1);
    });
  });
});
