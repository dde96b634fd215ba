// Storage rules: tables from models, migrations, and loading models again on an existing database,
// on each backend (test/backends.ts). Tests that read SQLite's own tables say so and run there only.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Mirror } from "../../src/mirror";
import { ModelValidationError } from "../../src/models/ModelProblem";
import { BACKENDS, type Location } from "../backends";
import { CONTACT, models, rowsOf, type ModelJson } from "../helpers";

const ORDER: ModelJson = {
  name: "Order",
  dataset: "orders",
  fields: { id: { type: "string", required: true }, contact_id: { type: "string" }, v: { type: "integer", required: true } },
  primaryKey: ["id"],
  version: "v",
  relationships: [{ field: "contact_id", target: "Contact", cardinality: "M:1" }],
};

const seed = (m: Mirror) => m.applyChanges("contacts", [{ id: "a", name: "Ann", score: "9007199254740993", v: 1 }]);

describe.each(BACKENDS)("$name", (backend) => {
  let at: Location;
  let dir: string;
  beforeEach(() => {
    at = backend.location({ reopen: true });
    // SQLite: a file in a folder that does not exist yet.
    dir = mkdtempSync(join(tmpdir(), "mirrorql-"));
    if (backend.name === "sqlite") at = { database: join(dir, "nested", "mirror.db") };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function withMirror<T>(docs: ModelJson[], fn: (m: Mirror) => T | Promise<T>): Promise<T> {
    const m = await Mirror.open({ ...at, models: models(...docs) });
    try {
      return await fn(m);
    } finally {
      await m.close();
    }
  }

  async function refusal(docs: ModelJson[]): Promise<ModelValidationError> {
    try {
      await withMirror(docs, () => undefined);
    } catch (e) {
      if (e instanceof ModelValidationError) return e;
      throw e;
    }
    throw new Error("expected the models to be refused");
  }

  describe("storage", () => {
    it.runIf(backend.name === "sqlite")("creates the file (and its folder) in WAL mode with the internal tables migrated (SQLite file)", async () => {
      await withMirror([CONTACT], (m) => {
        expect(m.database.sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
        const tables = (m.database.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
        expect(tables).toEqual(expect.arrayContaining(["_mq_batches", "_mq_models", "contacts__state", "contacts__history", "contacts__quarantine", "__drizzle_migrations"]));
        const views = m.database.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'view'").pluck().all();
        expect(views).toEqual(["contacts"]);
      });
    });

    it.runIf(backend.name === "postgres")("creates the schema with the internal tables migrated, the dataset's tables and its view", async () => {
      await withMirror([CONTACT], async (m) => {
        const rows = await backend.sql(m, "SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name");
        const tables = rows.filter((r) => r.table_type === "BASE TABLE").map((r) => r.table_name);
        expect(tables).toEqual(
          expect.arrayContaining([
            "_mq_batches",
            "_mq_batch_datasets",
            "_mq_models",
            "_mq_purges",
            "_mq_quarantine_log",
            "contacts__state",
            "contacts__history",
            "contacts__quarantine",
            "__drizzle_migrations",
          ]),
        );
        expect(rows.filter((r) => r.table_type === "VIEW").map((r) => r.table_name)).toEqual(["contacts"]);
        // Datetimes are canonical text in the tables and timestamptz in the view, for SQL tools.
        await m.applyChanges("contacts", [{ id: "a", name: "Ann", seen_at: "2026-03-01T10:00:00.123456789+02:00", v: 1 }]);
        expect((await backend.sql(m, "SELECT seen_at FROM contacts__state"))[0]!.seen_at).toBe("2026-03-01T08:00:00.123456789Z");
        expect((await backend.sql(m, "SELECT seen_at FROM contacts"))[0]!.seen_at).toEqual(new Date("2026-03-01T08:00:00.123Z"));
      });
    });

    it("indexes every relationship field", async () => {
      await withMirror([CONTACT, ORDER], async (m) => {
        expect(Object.keys(await backend.indexes(m, "orders__state"))).toContain("orders__state__by_contact_id");
      });
    });

    it("round-trips every type exactly through a database opened again: 64-bit integers, doubles, booleans, dates, nanosecond datetimes", async () => {
      const row = {
        id: "b",
        name: "Ann ☃ \u{1F600}",
        score: "-9223372036854775808",
        balance: 0.1 + 0.2,
        active: false,
        born: "2024-02-29",
        seen_at: "2026-03-01T10:00:00.000000001Z",
        v: "9223372036854775807",
      };
      await withMirror([CONTACT], async (m) => {
        await seed(m);
        await m.applyChanges("contacts", [row]);
      });
      await withMirror([CONTACT], async (m) => {
        const rows = await rowsOf(m, "contacts");
        expect(rows[0]!.score).toBe(9007199254740993n);
        expect(rows[1]).toEqual({ ...row, email: null, score: -9223372036854775808n, v: 9223372036854775807n });
      });
    });

    it("reuses the tables of unchanged models on an existing database", async () => {
      await withMirror([CONTACT], seed);
      await withMirror([CONTACT], async (m) => expect(await rowsOf(m, "contacts")).toHaveLength(1));
    });

    it.runIf(backend.name === "postgres")(
      "keys a history of the earlier layout (a _mq_seq key) by (key, hash) when the database is opened again; history and merge go on",
      async () => {
        await withMirror([CONTACT], async (m) => {
          await seed(m);
          await m.applyChanges("contacts", [
            { id: "a", name: "Ann", v: 2 },
            { id: "b", name: "Bo", v: 1 },
          ]);
          // The layout before: a bigserial primary key and a unique index on (key, hash).
          await backend.sql(m, "ALTER TABLE contacts__history DROP CONSTRAINT contacts__history_pk");
          await backend.sql(m, "ALTER TABLE contacts__history ADD COLUMN _mq_seq bigserial PRIMARY KEY");
          await backend.sql(m, "CREATE UNIQUE INDEX contacts__history__change ON contacts__history (id, _mq_hash)");
        });
        const before = await withMirror([CONTACT], async (m) => {
          expect(await backend.columns(m, "contacts__history")).not.toContain("_mq_seq");
          expect(await backend.sql(m, "SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'contacts__history'::regclass")).toEqual([
            { conname: "contacts__history_pk", def: "PRIMARY KEY (id, _mq_hash)" },
          ]);
          expect(await backend.indexes(m, "contacts__history")).toEqual({});
          return m.history("contacts");
        });
        expect(before.map((e) => [e.key.id, e.version])).toEqual([
          ["a", 1n],
          ["a", 2n],
          ["b", 1n],
        ]);
        await withMirror([CONTACT], async (m) => {
          expect(await m.history("contacts")).toEqual(before);
          const receipt = await m.applyChanges("contacts", [
            { id: "a", name: "Ann", v: 2 },
            { id: "b", name: "Bo", v: 3 },
          ]);
          expect(receipt.datasets[0]).toMatchObject({ upserted: 1, unchanged: 1, stale: 0 });
          expect((await m.history("contacts")).map((e) => [e.key.id, e.version])).toEqual([
            ["a", 1n],
            ["a", 2n],
            ["b", 1n],
            ["b", 3n],
          ]);
        });
      },
    );

    it.runIf(backend.name === "postgres")(
      "lists a dataset made before _mq_states_cover_history once its history holds nothing above its states, and not otherwise; merges stay exact either way",
      async () => {
        const listed = async (m: Mirror) => (await backend.sql(m, "SELECT dataset FROM _mq_states_cover_history")).map((r) => r.dataset);
        await withMirror([CONTACT], async (m) => {
          await seed(m);
          await m.applyChanges("contacts", [
            { id: "a", name: "Ann", v: 2 },
            { id: "b", name: "Bo", v: 1 },
          ]);
          expect(await listed(m)).toEqual(["contacts"]);
          // As a release before the table left it.
          await backend.sql(m, "DELETE FROM _mq_states_cover_history");
        });
        await withMirror([CONTACT], async (m) => {
          expect(await listed(m)).toEqual(["contacts"]);
          // A state gone while its history stays (as a tombstone purge leaves it), and the listing gone too.
          await backend.sql(m, "DELETE FROM contacts__state WHERE id = 'b'");
          await backend.sql(m, "DELETE FROM _mq_states_cover_history");
        });
        await withMirror([CONTACT], async (m) => {
          expect(await listed(m)).toEqual([]);
          // Looked up change by change: the change the history holds is unchanged, though its key has no state.
          const receipt = await m.applyChanges("contacts", [{ id: "b", name: "Bo", v: 1 }]);
          expect(receipt.datasets[0]).toMatchObject({ upserted: 0, unchanged: 1 });
        });
      },
    );

    it("adds a column when a model adds an optional field; stored rows read null", async () => {
      await withMirror([CONTACT], seed);
      const grown = { ...CONTACT, fields: { ...(CONTACT.fields as object), phone: { type: "string" } } };
      await withMirror([grown], async (m) => {
        expect((await rowsOf(m, "contacts"))[0]!.phone).toBeNull();
        await m.applyChanges("contacts", [{ id: "b", name: "Bo", phone: "+1", v: 1 }]);
        expect((await rowsOf(m, "contacts"))[1]!.phone).toBe("+1");
      });
    });

    const fields = CONTACT.fields as Record<string, object>;
    const { email: _removed, ...withoutEmail } = fields;
    it.each([
      ["removing a field", { ...CONTACT, fields: withoutEmail }, "$.fields", 'removes or renames field "email"'],
      ["retyping a field", { ...CONTACT, fields: { ...fields, score: { type: "number" } } }, "$.fields.score.type", 'retypes field "score" from integer to number'],
      ["changing the key", { ...CONTACT, primaryKey: ["id", "name"] }, "$.primaryKey", "changes the primary key"],
      ["changing the version", { ...CONTACT, fields: { ...fields, v2: { type: "integer", required: true } }, version: "v2" }, "$.version", "changes the version"],
      ["making a field required", { ...CONTACT, fields: { ...fields, email: { type: "string", required: true } } }, "$.fields.email.required", 'makes field "email" required'],
      ["adding a required field", { ...CONTACT, fields: { ...fields, phone: { type: "string", required: true } } }, "$.fields.phone.required", 'adds required field "phone"'],
      [
        "changing the behavior",
        { ...CONTACT, behavior: "time-series", fields: { ...fields, at: { type: "datetime", required: true } }, timestamp: "at", primaryKey: ["id", "at"] },
        "$.behavior",
        "changes behavior",
      ],
    ])("refuses %s while the dataset holds data, with INCOMPATIBLE_MODEL_CHANGE", async (_what, changed, path, message) => {
      await withMirror([CONTACT], seed);
      const e = await refusal([changed]);
      expect(e.code).toBe("INCOMPATIBLE_MODEL_CHANGE");
      expect(e.problems).toContainEqual(expect.objectContaining({ file: "model0.json", path, message: expect.stringContaining(message) }));
      // Refused means untouched: the old model still opens with its data.
      await withMirror([CONTACT], async (m) => expect(await rowsOf(m, "contacts")).toHaveLength(1));
    });

    it("allows any change while the dataset holds no data", async () => {
      await withMirror([CONTACT], () => undefined);
      await withMirror([{ ...CONTACT, fields: { ...fields, score: { type: "string" } } }], async (m) => {
        await m.applyChanges("contacts", [{ id: "a", name: "Ann", score: "high", v: 1 }]);
        expect((await rowsOf(m, "contacts"))[0]!.score).toBe("high");
      });
    });

    it.runIf(backend.name === "sqlite")("moves a database of the earlier layout (a rows table and a tombstones table) into the state table (SQLite tables)", async () => {
      const hashes = await withMirror([CONTACT], async (m) => {
        await m.applyChanges("contacts", [
          { id: "a", name: "Ann", score: "9007199254740993", v: 1 },
          { id: "b", name: "Bo", v: 1 },
          { id: "b", v: 2, _change_request_type: "d" },
          { id: "c", v: 5, _change_request_type: "d" },
        ]);
        const sqlite = m.database.sqlite;
        const stateHashes = sqlite.prepare(`SELECT id, _mq_hash FROM contacts__state ORDER BY id`).all();
        // Back to the layout earlier versions made: the rows under the dataset's name, tombstones beside them.
        const columns = (sqlite.prepare(`PRAGMA table_info("contacts__state")`).all() as { name: string }[]).map((c) => `"${c.name}"`).filter((c) => c !== '"_mq_deleted"');
        sqlite.exec(`
          CREATE TABLE contacts_rows AS SELECT ${columns.join(", ")} FROM contacts__state WHERE _mq_deleted = 0;
          CREATE TABLE contacts__tombstones AS SELECT id, v, _mq_batch FROM contacts__state WHERE _mq_deleted = 1;
          DROP VIEW contacts; DROP TABLE contacts__state; ALTER TABLE contacts_rows RENAME TO contacts;`);
        return stateHashes;
      });
      await withMirror([CONTACT], async (m) => {
        const sqlite = m.database.sqlite;
        expect(sqlite.prepare(`SELECT type FROM sqlite_master WHERE name = 'contacts'`).pluck().get()).toBe("view");
        expect(sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'contacts__tombstones'`).get()).toBeUndefined();
        // Tombstones get the identity their deletes had: the state is the one the merge would have made.
        expect(sqlite.prepare(`SELECT id, _mq_hash FROM contacts__state ORDER BY id`).all()).toEqual(hashes);
        expect(await rowsOf(m, "contacts")).toEqual([expect.objectContaining({ id: "a", score: 9007199254740993n })]);
        expect((await m.tombstones("contacts")).map((t) => [t.key.id, t.version])).toEqual([
          ["b", 2n],
          ["c", 5n],
        ]);
        const receipt = await m.applyChanges("contacts", [
          { id: "b", name: "Bo", v: 2 },
          { id: "c", name: "Cy", v: 6 },
        ]);
        expect(receipt.datasets[0]).toMatchObject({ stale: 1, upserted: 1 });
      });
    });

    it.runIf(backend.name === "postgres")("refuses a dataset whose table or index names would pass PostgreSQL's 63 bytes, naming the name", async () => {
      const long = { ...CONTACT, dataset: "contacts_of_the_north_western_regional_sales_organisation" };
      const e = await refusal([long]);
      expect(e.problems).toContainEqual(
        expect.objectContaining({ path: "$.dataset", message: expect.stringContaining('"contacts_of_the_north_western_regional_sales_organisation__quarantine" (69 bytes)') }),
      );
    });

    it("refuses a dataset whose table exists but was not created by mirrorql", async () => {
      await withMirror([CONTACT], (m) => backend.sql(m, `CREATE TABLE "orders" (x integer)`));
      const e = await refusal([CONTACT, ORDER]);
      expect(e.problems[0]).toMatchObject({ path: "$.dataset", message: expect.stringContaining("not created by mirrorql") });
    });
  });
});
