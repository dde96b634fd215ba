// `mirrorql backup` as an operator runs it: taken while a server ingests batches over HTTP, the
// copy opens as a mirror and holds whole batches only (each batch's rows with their versions,
// nothing of a batch its ledger does not list); PostgreSQL and an existing OUT are refused.

import { runMirrorql } from "../runMirrorql";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Mirror } from "../../src/mirror";
import { startServer } from "../../src/server/createServer";
import { CONTACT, models } from "../helpers";

const backup = (args: string[], env: Record<string, string> = {}) => runMirrorql(["backup", ...args], env);

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "mirrorql-backup-"));
  dirs.push(dir);
  return dir;
};

const APPLY = `mutation($changes: [JSONObject!]!, $batchId: ID) {
  applyChanges(dataset: "contacts", changes: $changes, batchId: $batchId) { batchId datasets { upserted } } }`;

const ROWS_PER_BATCH = 600;
/** Batch n: its own keys b<n>-<j> at version n, and the shared key "hot" at version n. */
const batchRows = (n: number) => [
  ...Array.from({ length: ROWS_PER_BATCH }, (_, j) => ({ id: `b${n}-${j}`, name: `row ${j} of batch ${n} `.padEnd(200, "."), v: n })),
  { id: "hot", name: `last written by batch ${n}`, v: n },
];

describe("mirrorql backup", () => {
  it("copies a mirror while a server ingests into it, and the copy holds whole batches only", async () => {
    const dir = freshDir();
    const database = join(dir, "mirror.db");
    const mirror = await Mirror.open({ database, models: models(CONTACT) });
    const server = await startServer(mirror, { port: 0 });
    let acknowledged = 0;
    let stop = false;
    const send = async (n: number) => {
      const res = await fetch(server.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: APPLY, variables: { changes: batchRows(n), batchId: `batch-${n}` } }),
      });
      const body = (await res.json()) as { data?: { applyChanges: { datasets: { upserted: number }[] } }; errors?: unknown };
      expect(body.errors).toBeUndefined();
      expect(body.data!.applyChanges.datasets[0]!.upserted).toBe(ROWS_PER_BATCH + 1);
    };
    try {
      for (let n = 1; n <= 10; n++) await send(n);
      acknowledged = 10;
      // Batches one after another, in order: the ledger of any consistent copy is batch-1..batch-k.
      const ingesting = (async () => {
        for (let n = 11; !stop; n++) {
          await send(n);
          acknowledged = n;
        }
      })();

      const copies: { out: string; before: number; after: number }[] = [];
      for (let i = 0; i < 3; i++) {
        const out = join(dir, `copy-${i}.db`);
        const before = acknowledged;
        const run = await backup(["--db", database, out]);
        expect(run.stderr).toBe("");
        expect(run.code).toBe(0);
        expect(run.stdout).toMatch(/^Backed up .* batches in .* s; the newest batch in it is "batch-\d+"/);
        copies.push({ out, before, after: acknowledged + 1 });
      }
      stop = true;
      await ingesting;
      for (const { before, after } of copies) expect(after - 1, "batches were acknowledged while each backup ran").toBeGreaterThan(before);

      for (const { out, before, after } of copies) {
        expect(existsSync(out)).toBe(true);
        const copy = await Mirror.open({ database: out, models: models(CONTACT) });
        try {
          const ledger = (await copy.batches({ limit: 10_000 })).map((e) => e.receipt.batchId);
          const k = ledger.length;
          // Every batch acknowledged before the backup started is in it; at most the one in flight when it ended.
          expect(k).toBeGreaterThanOrEqual(before);
          expect(k).toBeLessThanOrEqual(after);
          expect(new Set(ledger)).toEqual(new Set(Array.from({ length: k }, (_, i) => `batch-${i + 1}`)));

          const rows = await copy.rows("contacts");
          const byBatch = new Map<number, number>();
          for (const { row } of rows) {
            if (row.id === "hot") {
              expect(row.v, "the shared key holds the newest listed batch's version").toBe(BigInt(k));
              continue;
            }
            const n = Number(/^b(\d+)-/.exec(String(row.id))![1]);
            expect(n, `row ${String(row.id)} belongs to a batch of the ledger`).toBeLessThanOrEqual(k);
            expect(row.v).toBe(BigInt(n));
            byBatch.set(n, (byBatch.get(n) ?? 0) + 1);
          }
          for (let n = 1; n <= k; n++) expect(byBatch.get(n), `rows of batch-${n}`).toBe(ROWS_PER_BATCH);
          const history = await copy.history("contacts");
          expect(history).toHaveLength(k * (ROWS_PER_BATCH + 1));
          expect(history.every((h) => ledger.includes(h.batchId))).toBe(true);
        } finally {
          await copy.close();
        }
      }
    } finally {
      stop = true;
      await server.stop();
      await mirror.close();
    }
  }, 120_000);

  it("refuses a PostgreSQL database, naming pg_dump and never the password", async () => {
    const dir = freshDir();
    const run = await backup(["--db", "postgres://mirror:s3cret-pw@db.internal:5432/mirror", join(dir, "out.db")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("pg_dump --schema mirrorql");
    expect(run.stderr).not.toContain("s3cret-pw");
    expect(existsSync(join(dir, "out.db"))).toBe(false);
    const fromEnv = await backup([join(dir, "out.db")], { DATABASE_URL: "postgresql://mirror:s3cret-pw@db.internal/mirror" });
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.stderr).toContain("pg_dump");
  });

  it("refuses to overwrite an existing OUT unless --force, and replaces it with --force", async () => {
    const dir = freshDir();
    const database = join(dir, "mirror.db");
    const mirror = await Mirror.open({ database, models: models(CONTACT) });
    await mirror.applyChanges("contacts", [{ id: "a", name: "A", v: 1 }], { batchId: "one" });
    await mirror.close();
    const out = join(dir, "out.db");
    writeFileSync(out, "precious");

    const refused = await backup(["--db", database, out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/out\.db exists already; .* --force/);
    expect(readFileSync(out, "utf8")).toBe("precious");

    const forced = await backup(["--db", database, "--force", out]);
    expect(forced.stderr).toBe("");
    expect(forced.code).toBe(0);
    const copy = await Mirror.open({ database: out, models: models(CONTACT) });
    expect((await copy.rows("contacts")).map((r) => r.row)).toMatchObject([{ id: "a", name: "A", v: 1n }]);
    expect(await copy.batch("one")).toBeDefined();
    await copy.close();
  });

  it("refuses what it cannot copy: no database there, the database itself as OUT, no OUT", async () => {
    const dir = freshDir();
    const database = join(dir, "mirror.db");
    const missing = await backup(["--db", database, join(dir, "out.db")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`There is no SQLite database at ${database}`);

    const mirror = await Mirror.open({ database, models: models(CONTACT) });
    await mirror.close();
    const self = await backup(["--db", database, "--force", database]);
    expect(self.code).toBe(2);
    expect(self.stderr).toContain("cannot be written over the database it copies");
    const none = await backup(["--db", database]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("Name one file");

    const notMirror = join(dir, "other.db");
    writeFileSync(notMirror, "");
    const other = await backup(["--db", notMirror, join(dir, "x.db")]);
    expect(other.code).toBe(1);
    expect(other.stderr).toContain("is not a mirrorql database");
    expect(existsSync(join(dir, "x.db"))).toBe(false);
  });
});
