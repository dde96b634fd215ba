// Erasure is complete (README "Erasing keys"): after purgeKeys nothing of the key is left in the
// mirror, not in its quarantine, the quarantine log, stored receipts, nor (SQLite) in the bytes of
// the database file. Every test runs on each storage backend (test/backends.ts).

import { existsSync, readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { Mirror } from "../../src/mirror";
import type { Receipt } from "../../src/merge/Receipt";
import { REDACTED } from "../../src/storage/redactReceipt";
import type { PostgresStorage } from "../../src/storage/postgres/PostgresStorage";
import { BACKENDS, type Backend, type Location } from "../backends";
import { CONTACT, models, rowsOf, type ModelJson } from "../helpers";

/** What must not survive the purge: the key, and a value only that key's rows carry. */
const SECRET = "erase-me-7f3a";
const KEY = `${SECRET}@example.com`;
const OTHER = "keep-b";

/** CONTACT with a field that the first model does not know, so that a quarantined row can be replayed. */
const GROWN: ModelJson = { ...CONTACT, fields: { ...(CONTACT.fields as object), phone: { type: "string" } } };

const c = (id: string, v: number, extra: Record<string, unknown> = {}) => ({ id, name: `n-${id}`, v, ...extra });
const debezium = (after: Record<string, unknown>, op: unknown = "c") => ({ op, after, source: { lsn: 1 }, ts_ms: 0 });

/** Every text of every table (as one string per row), to search for what should be gone. */
async function everyTableText(backend: Backend, m: Mirror): Promise<string[]> {
  if (backend.name === "sqlite") {
    const tables = await backend.sql(m, `SELECT name FROM sqlite_master WHERE type = 'table'`);
    const texts: string[] = [];
    for (const { name } of tables) {
      const columns = (await backend.sql(m, `PRAGMA table_info("${name as string}")`)).map((col) => `quote("${col.name as string}")`);
      for (const row of await backend.sql(m, `SELECT ${columns.join(" || ',' || ")} AS t FROM "${name as string}"`)) texts.push(`${name as string}: ${row.t as string}`);
    }
    return texts;
  }
  const { schema } = (m.storage as PostgresStorage).database;
  const tables = await backend.sql(m, `SELECT table_name FROM information_schema.tables WHERE table_schema = '${schema}' AND table_type = 'BASE TABLE'`);
  const texts: string[] = [];
  for (const { table_name } of tables) {
    for (const row of await backend.sql(m, `SELECT x::text AS t FROM "${schema}"."${table_name as string}" AS x`)) texts.push(`${table_name as string}: ${row.t as string}`);
  }
  return texts;
}

describe.each(BACKENDS)("$name", (backend) => {
  const opened: Mirror[] = [];
  afterEach(async () => {
    for (const m of opened.splice(0)) await m.close();
  });
  const open = async (at: Location, doc: ModelJson) => {
    const m = await Mirror.open({ ...at, models: models(doc) });
    opened.push(m);
    return m;
  };

  /**
   * The key goes through state and history, quarantine (native and Debezium rows, one a Debezium
   * event its format refuses), a discard and a replay (the quarantine log), and receipts; the
   * other key does the same, to show that only the purged key's records go.
   */
  async function seeded(at: Location) {
    const first = await open(at, CONTACT);
    await first.applyChanges("contacts", [c(KEY, 1, { email: KEY, name: SECRET }), c(OTHER, 1)], { batchId: "rows" });
    const bad = await first.applyChanges(
      "contacts",
      [
        c(KEY, 2, { score: `many ${SECRET}` }),
        c(KEY, 3, { phone: `+1 ${SECRET}` }),
        c(KEY, 4, { score: `more ${SECRET}` }),
        c(OTHER, 2, { score: "many" }),
        c(OTHER, 3, { phone: "+1 555" }),
      ],
      { batchId: "bad-native" },
    );
    const [kept, toReplay, toDiscard, otherKept, otherReplay] = bad.datasets[0]!.quarantined.map((q) => q.quarantineId!);
    const events = await first.applyBatch(
      [{ dataset: "contacts", format: "debezium", rows: [debezium(c(KEY, 5, { score: `x ${SECRET}` })), debezium(c(KEY, 6, { name: SECRET }), "no-such-op")] }],
      { batchId: "bad-debezium" },
    );
    expect(events.datasets[0]!.quarantined).toHaveLength(2);
    await first.discardQuarantine("contacts", [toDiscard!], "discarded before the purge");
    await first.close();
    opened.splice(opened.indexOf(first), 1);

    const grown = await open(at, GROWN);
    const replay = await grown.replayQuarantine("contacts", [toReplay!, otherReplay!], { batchId: "replay" });
    expect(replay.datasets[0]).toMatchObject({ upserted: 2, quarantined: [] });
    return { m: grown, kept: kept!, otherKept: otherKept!, debeziumIds: events.datasets[0]!.quarantined.map((q) => q.quarantineId!) };
  }

  it("rule 1: removes the quarantined rows carrying the key, native and Debezium, and logs only their count", async () => {
    const { m, otherKept } = await seeded(backend.location({ reopen: true }));
    const { keys } = await m.purgeKeys("contacts", [{ id: KEY }], "erasure request 4711");
    expect(keys[0]).toMatchObject({ state: "row", quarantinedRows: 3 });
    expect((await m.quarantine("contacts")).map((q) => q.id)).toEqual([otherKept]);
    const [logged] = await backend.sql(m, `SELECT quarantined_rows, reason FROM _mq_purges`);
    expect(Number(logged!.quarantined_rows)).toBe(3);
  });

  it("rule 2: replaces the payloads of the key's quarantine-log entries by a marker, keeping action, time, batch and reason", async () => {
    const { m } = await seeded(backend.location({ reopen: true }));
    const before = await backend.sql(m, `SELECT seq, action, batch_id, reason, code, at, payload FROM _mq_quarantine_log ORDER BY seq`);
    await m.purgeKeys("contacts", [{ id: KEY }], "erasure request 4711");
    const after = await backend.sql(m, `SELECT seq, action, batch_id, reason, code, at, payload FROM _mq_quarantine_log ORDER BY seq`);
    expect(after.map(({ payload, ...rest }) => rest)).toEqual(before.map(({ payload, ...rest }) => rest));
    const ofKey = before.filter((e) => (e.payload as string).includes(KEY)).map((e) => String(e.seq));
    expect(ofKey).toHaveLength(2); // one discarded, one replayed
    for (const entry of after) {
      if (ofKey.includes(String(entry.seq))) expect(JSON.parse(entry.payload as string)).toBe(REDACTED);
      else expect(JSON.parse(entry.payload as string)).toMatchObject({ id: OTHER });
    }
  });

  it("rule 3: redacts the received value and message of the key's entries in stored receipts; counts and other keys' entries stay", async () => {
    const { m } = await seeded(backend.location({ reopen: true }));
    const before = (await m.batch("bad-native"))!;
    await m.purgeKeys("contacts", [{ id: KEY }], "erasure request 4711");
    const after = (await m.batch("bad-native"))!;
    const strip = (r: Receipt) => ({ ...r, datasets: r.datasets.map((d) => ({ ...d, quarantined: d.quarantined.map(({ received, message, problems, ...rest }) => rest) })) });
    expect(strip(after)).toEqual(strip(before));
    const entries = after.datasets[0]!.quarantined;
    expect(entries.slice(0, 3).map((e) => [e.received, e.message, e.problems.map((p) => [p.received, p.message])])).toEqual(
      entries.slice(0, 3).map((e) => [REDACTED, REDACTED, e.problems.map(() => [REDACTED, REDACTED])]),
    );
    expect(entries.slice(3)).toEqual(before.datasets[0]!.quarantined.slice(3));
    const debeziumEntries = (await m.batch("bad-debezium"))!.datasets[0]!.quarantined;
    expect(debeziumEntries.map((e) => e.message)).toEqual([REDACTED, REDACTED]);
  });

  it("rule 5: after the purge no table holds any text of the key", async () => {
    const { m } = await seeded(backend.location({ reopen: true }));
    expect((await everyTableText(backend, m)).filter((t) => t.includes(SECRET)).length).toBeGreaterThan(5);
    await m.purgeKeys("contacts", [{ id: KEY }], "erasure request 4711");
    expect((await everyTableText(backend, m)).filter((t) => t.includes(SECRET))).toEqual([]);
    expect((await rowsOf(m, "contacts")).map((r) => r.id)).toEqual([OTHER]);
    expect((await m.history("contacts")).map((e) => e.key.id)).toEqual([OTHER, OTHER]);
  });

  if (backend.name === "sqlite") {
    it("rule 4/5: on SQLite no byte of the key is left in the database file or its WAL (secure_delete, checkpoint)", async () => {
      const at = backend.location({ reopen: true });
      const { m } = await seeded(at);
      const bytes = () =>
        [at.database, `${at.database}-wal`]
          .filter(existsSync)
          .map((file) => readFileSync(file).indexOf(SECRET))
          .filter((i) => i >= 0);
      expect(bytes().length).toBeGreaterThan(0);
      await m.purgeKeys("contacts", [{ id: KEY }], "erasure request 4711");
      await backend.sql(m, "PRAGMA wal_checkpoint(TRUNCATE)");
      expect(bytes()).toEqual([]);
      expect(await backend.sql(m, "PRAGMA secure_delete")).toEqual([{ secure_delete: 1n }]);
    });
  } else {
    it("rule 4: on PostgreSQL the purge VACUUMs the tables it erased from, after its commit", async () => {
      const { m } = await seeded(backend.location({ reopen: true }));
      const count = async () =>
        Object.fromEntries(
          (
            await backend.sql(
              m,
              `SELECT relname, vacuum_count FROM pg_stat_user_tables WHERE schemaname = current_schema() AND relname IN ('contacts__state', 'contacts__history', 'contacts__quarantine', '_mq_quarantine_log', '_mq_batches')`,
            )
          ).map((r) => [r.relname as string, Number(r.vacuum_count)]),
        );
      const before = await count();
      await m.purgeKeys("contacts", [{ id: KEY }], "erasure request 4711");
      const after = await count();
      expect(Object.keys(after).sort()).toEqual(["_mq_batches", "_mq_quarantine_log", "contacts__history", "contacts__quarantine", "contacts__state"]);
      for (const [table, n] of Object.entries(after)) expect(n, table).toBe((before[table] ?? 0) + 1);
    });
  }
});
