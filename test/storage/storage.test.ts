// Storage rules: tables from models, WAL, migrations, and loading models again on an existing database.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Mirror } from "../../src/mirror";
import { ModelValidationError } from "../../src/models/ModelProblem";
import { CONTACT, models, rowsOf, type ModelJson } from "../helpers";

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "mirrorql-"));
  file = join(dir, "nested", "mirror.db");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const ORDER: ModelJson = {
  name: "Order", dataset: "orders",
  fields: { id: { type: "string", required: true }, contact_id: { type: "string" }, v: { type: "integer", required: true } },
  primaryKey: ["id"], version: "v",
  relationships: [{ field: "contact_id", target: "Contact", cardinality: "M:1" }],
};

async function withMirror<T>(docs: ModelJson[], fn: (m: Mirror) => T | Promise<T>): Promise<T> {
  const m = await Mirror.open({ database: file, models: models(...docs) });
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

const seed = (m: Mirror) => m.applyChanges("contacts", [{ id: "a", name: "Ann", score: "9007199254740993", v: 1 }]);

describe("storage", () => {
  it("creates the file (and its folder) in WAL mode with the internal tables migrated", async () => {
    await withMirror([CONTACT], (m) => {
      expect(m.database.sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
      const tables = (m.database.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
      expect(tables).toEqual(expect.arrayContaining(["_mq_batches", "_mq_models", "contacts__state", "contacts__history", "contacts__quarantine", "__drizzle_migrations"]));
      const views = m.database.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'view'").pluck().all();
      expect(views).toEqual(["contacts"]);
    });
  });

  it("indexes every relationship field", async () => {
    await withMirror([CONTACT, ORDER], (m) => {
      const indexes = (m.database.sqlite.prepare(`PRAGMA index_list("orders__state")`).all() as { name: string }[]).map((i) => i.name);
      expect(indexes).toContain("orders__state__by_contact_id");
    });
  });

  it("round-trips 64-bit integers exactly through a file database", async () => {
    await withMirror([CONTACT], seed);
    await withMirror([CONTACT], async (m) => expect((await rowsOf(m, "contacts"))[0]!.score).toBe(9007199254740993n));
  });

  it("reuses the tables of unchanged models on an existing database", async () => {
    await withMirror([CONTACT], seed);
    await withMirror([CONTACT], async (m) => expect(await rowsOf(m, "contacts")).toHaveLength(1));
  });

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
    ["retyping a field", { ...CONTACT, fields: { ...fields, score: { type: "number" } } }, "$.fields.score.type", "retypes field \"score\" from integer to number"],
    ["changing the key", { ...CONTACT, primaryKey: ["id", "name"] }, "$.primaryKey", "changes the primary key"],
    ["changing the version", { ...CONTACT, fields: { ...fields, v2: { type: "integer", required: true } }, version: "v2" }, "$.version", "changes the version"],
    ["making a field required", { ...CONTACT, fields: { ...fields, email: { type: "string", required: true } } }, "$.fields.email.required", "makes field \"email\" required"],
    ["adding a required field", { ...CONTACT, fields: { ...fields, phone: { type: "string", required: true } } }, "$.fields.phone.required", "adds required field \"phone\""],
    ["changing the behavior", { ...CONTACT, behavior: "time-series", fields: { ...fields, at: { type: "datetime", required: true } }, timestamp: "at", primaryKey: ["id", "at"] }, "$.behavior", "changes behavior"],
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

  it("moves a database of the earlier layout (a rows table and a tombstones table) into the state table", async () => {
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
      expect((await m.tombstones("contacts")).map((t) => [t.key.id, t.version])).toEqual([["b", 2n], ["c", 5n]]);
      const receipt = await m.applyChanges("contacts", [{ id: "b", name: "Bo", v: 2 }, { id: "c", name: "Cy", v: 6 }]);
      expect(receipt.datasets[0]).toMatchObject({ stale: 1, upserted: 1 });
    });
  });

  it("refuses a dataset whose table exists but was not created by mirrorql", async () => {
    await withMirror([CONTACT], (m) => m.database.sqlite.exec(`CREATE TABLE "orders" (x)`));
    const e = await refusal([CONTACT, ORDER]);
    expect(e.problems[0]).toMatchObject({ path: "$.dataset", message: expect.stringContaining("not created by mirrorql") });
  });
});
