// Source formats (docs/change-formats.md): each warehouse's change rows, as that system emits them,
// translated into the native form and merged by the unchanged normalizer and merge (R1-R10).
// Translation is pure and runs once; merging runs on each backend (test/backends.ts).
// Each test name states the rule it pins down.

import { describe, expect, it } from "vitest";
import { compileTranslator, encodeBinlogPosition, encodeSequenceNumber, translateAll, type ChangeFormat } from "../../src/changes/formats";
import { REJECTION_CODES } from "../../src/changes/RejectionCode";
import type { Mirror } from "../../src/mirror";
import type { Model } from "../../src/models/Model";
import { BACKENDS, type Backend } from "../backends";
import { models, rowsOf, type ModelJson } from "../helpers";

const modelOf = (doc: ModelJson): Model => models(doc)[0]!;

/** Translates raw source rows and merges the changes, as a loader would; returns the receipt and what was skipped. */
async function feed(m: Mirror, format: ChangeFormat, raw: readonly unknown[], batchId?: string) {
  const dataset = m.models[0]!.dataset;
  const t = translateAll(format, m.model(dataset), raw);
  const receipt = await m.applyChanges(
    dataset,
    t.changes.map((c) => c.row),
    batchId ? { batchId } : {},
  );
  return { receipt: receipt.datasets[0]!, ...t };
}

/** Every table of the dataset holds only model fields and the mirror's own `_mq_` columns. */
async function expectNoControlColumns(backend: Backend, m: Mirror, dataset: string, control: string[]) {
  for (const table of [dataset, `${dataset}__state`, `${dataset}__history`]) {
    const columns = await backend.columns(m, table);
    expect(columns, table).not.toHaveLength(0);
    for (const c of [...control, "_change_request_type"]) expect(columns, table).not.toContain(c);
  }
  for (const row of await rowsOf(m, dataset)) for (const c of control) expect(Object.keys(row)).not.toContain(c);
  for (const h of await m.history(dataset)) if (h.row) for (const c of control) expect(Object.keys(h.row)).not.toContain(c);
}

describe("native format", () => {
  const model = modelOf({
    name: "Thing",
    dataset: "things",
    fields: { id: { type: "string", required: true }, v: { type: "integer", required: true } },
    primaryKey: ["id"],
    version: "v",
  });

  it("passes native rows through unchanged: the normalizer reads them as before", () => {
    const row = { id: "a", v: 1, _change_request_type: "d" };
    expect(compileTranslator("native", model)(row)).toEqual({ kind: "change", row });
  });

  it("refuses a row that is not an object with INVALID_ROW, like the normalizer", () => {
    const t = compileTranslator("native", model)([1, 2]);
    expect(t).toMatchObject({ kind: "invalid", problem: { code: "INVALID_ROW", received: "[1,2] (array)" } });
  });
});

describe("every source-format code is a public rejection code", () => {
  it.each([
    "DEBEZIUM_INVALID_OP",
    "DEBEZIUM_TRUNCATE_UNSUPPORTED",
    "DEBEZIUM_MISSING_ROW_IMAGE",
    "DEBEZIUM_MISSING_POSITION",
    "DEBEZIUM_INVALID_POSITION",
    "DELTA_CDF_INVALID_CHANGE_TYPE",
    "DELTA_CDF_INVALID_COMMIT_VERSION",
    "SNOWFLAKE_STREAM_INVALID_ACTION",
    "SNOWFLAKE_STREAM_INVALID_ISUPDATE",
    "BIGQUERY_CDC_INVALID_CHANGE_TYPE",
    "BIGQUERY_CDC_INVALID_SEQUENCE_NUMBER",
  ])("%s", (code) => expect(REJECTION_CODES).toContain(code));
});

// ---------------------------------------------------------------------------------------------
// Debezium
// ---------------------------------------------------------------------------------------------

/** Postgres table inventory.customers, mirrored with the LSN as version. */
const PG_CUSTOMER: ModelJson = {
  name: "Customer",
  dataset: "customers",
  fields: {
    id: { type: "integer", required: true },
    first_name: { type: "string" },
    last_name: { type: "string" },
    email: { type: "string" },
    balance: { type: "number" },
    created_at: { type: "datetime" },
    birth_date: { type: "date" },
    lsn: { type: "integer", required: true },
  },
  primaryKey: ["id"],
  version: "lsn",
  versionSource: "debezium",
};

/** The columns as the Postgres connector describes them (numeric as Decimal bytes, timestamp as micros, date as days). */
const PG_COLUMNS = [
  { type: "int32", optional: false, default: 0, field: "id" },
  { type: "string", optional: false, field: "first_name" },
  { type: "string", optional: false, field: "last_name" },
  { type: "string", optional: false, field: "email" },
  { type: "bytes", optional: true, name: "org.apache.kafka.connect.data.Decimal", version: 1, parameters: { scale: "2", "connect.decimal.precision": "10" }, field: "balance" },
  { type: "int64", optional: true, name: "io.debezium.time.MicroTimestamp", version: 1, field: "created_at" },
  { type: "int32", optional: true, name: "io.debezium.time.Date", version: 1, field: "birth_date" },
];

const PG_SCHEMA = {
  type: "struct",
  fields: [
    { type: "struct", fields: PG_COLUMNS, optional: true, name: "dbserver1.inventory.customers.Value", field: "before" },
    { type: "struct", fields: PG_COLUMNS, optional: true, name: "dbserver1.inventory.customers.Value", field: "after" },
    {
      type: "struct",
      fields: [
        { type: "string", optional: false, field: "version" },
        { type: "string", optional: false, field: "connector" },
        { type: "string", optional: false, field: "name" },
        { type: "int64", optional: false, field: "ts_ms" },
        { type: "string", optional: true, name: "io.debezium.data.Enum", version: 1, parameters: { allowed: "true,last,false,incremental" }, default: "false", field: "snapshot" },
        { type: "string", optional: false, field: "db" },
        { type: "string", optional: true, field: "sequence" },
        { type: "string", optional: false, field: "schema" },
        { type: "string", optional: false, field: "table" },
        { type: "int64", optional: true, field: "txId" },
        { type: "int64", optional: true, field: "lsn" },
        { type: "int64", optional: true, field: "xmin" },
      ],
      optional: false,
      name: "io.debezium.connector.postgresql.Source",
      field: "source",
    },
    { type: "string", optional: false, field: "op" },
    { type: "int64", optional: true, field: "ts_ms" },
  ],
  optional: false,
  name: "dbserver1.inventory.customers.Envelope",
  version: 1,
};

type PgRow = { id: number; first_name: string; last_name: string; email: string; balance: string | null; created_at: number | null; birth_date: number | null };

const ada: PgRow = { id: 1001, first_name: "Ada", last_name: "Lovelace", email: "ada@example.com", balance: "AeI6", created_at: 1709287200123456, birth_date: 7441 };
const alan: PgRow = { id: 1002, first_name: "Alan", last_name: "Turing", email: "alan@example.com", balance: "/gw=", created_at: null, birth_date: null };

/** A Postgres change event as Kafka's JsonConverter writes it (schemas.enable=true). */
function pg(op: string, before: PgRow | null, after: PgRow | null, lsn: number, txId = 780, snapshot = "false") {
  return {
    schema: PG_SCHEMA,
    payload: {
      before,
      after,
      source: {
        version: "2.7.3.Final",
        connector: "postgresql",
        name: "dbserver1",
        ts_ms: 1709287200000 + (lsn % 1000),
        snapshot,
        db: "inventory",
        sequence: JSON.stringify([String(lsn - 96), String(lsn)]),
        schema: "inventory",
        table: "customers",
        txId,
        lsn,
        xmin: null,
      },
      op,
      ts_ms: 1709287200500 + (lsn % 1000),
    },
  };
}

describe("Debezium envelope: translation", () => {
  const translate = compileTranslator("debezium", modelOf(PG_CUSTOMER));

  it("c, u and r upsert the after image, with the source position as the version", () => {
    for (const op of ["c", "u", "r"]) {
      const t = translate(pg(op, op === "u" ? ada : null, ada, 34910104));
      expect(t).toEqual({
        kind: "change",
        row: {
          id: 1001,
          first_name: "Ada",
          last_name: "Lovelace",
          email: "ada@example.com",
          balance: "1234.50",
          created_at: "2024-03-01T10:00:00.123456Z",
          birth_date: "1990-05-17",
          lsn: 34910104,
          _change_request_type: "u",
        },
      });
    }
  });

  it("accepts the bare payload as well as the Kafka JSON {schema, payload}", () => {
    const event = pg("u", null, { ...ada, balance: null, created_at: null, birth_date: null }, 34910104);
    expect(translate(event.payload)).toEqual(translate(event));
  });

  it("decodes Kafka Connect logical types only from the record's schema: a bare payload passes values as sent", () => {
    const t = translate(pg("c", null, alan, 34910200).payload);
    expect(t).toMatchObject({ kind: "change", row: { balance: "/gw=" } });
    expect(translate(pg("c", null, alan, 34910200))).toMatchObject({ kind: "change", row: { balance: "-5.00" } });
  });

  it("d deletes the key of the before image, and the delete carries the position as its version", () => {
    expect(translate(pg("d", ada, null, 34911000))).toEqual({
      kind: "change",
      row: {
        id: 1001,
        first_name: "Ada",
        last_name: "Lovelace",
        email: "ada@example.com",
        balance: "1234.50",
        created_at: "2024-03-01T10:00:00.123456Z",
        birth_date: "1990-05-17",
        lsn: 34911000,
        _change_request_type: "d",
      },
    });
  });

  it("ignores a Kafka tombstone (null value), with or without the JSON converter's schema wrapper", () => {
    expect(translate(null)).toMatchObject({ kind: "ignored", reason: expect.stringContaining("tombstone") });
    expect(translate({ schema: null, payload: null })).toMatchObject({ kind: "ignored", reason: expect.stringContaining("tombstone") });
  });

  it('ignores op "m" (a logical decoding message)', () => {
    const message = { op: "m", ts_ms: 1709287200000, source: { connector: "postgresql", lsn: 34912000 }, message: { prefix: "audit", content: "aGVsbG8=" } };
    expect(translate(message)).toMatchObject({ kind: "ignored" });
  });

  it('refuses op "t" (truncate carries no key) with DEBEZIUM_TRUNCATE_UNSUPPORTED, saying to delete rows explicitly', () => {
    const t = translate({ before: null, after: null, source: { connector: "postgresql", lsn: 34913000 }, op: "t", ts_ms: 1709287200000 });
    expect(t).toMatchObject({ kind: "invalid", problem: { code: "DEBEZIUM_TRUNCATE_UNSUPPORTED", field: "op", received: '"t" (string)' } });
    if (t.kind === "invalid") expect(t.problem.message).toContain("Delete the rows explicitly");
  });

  it("refuses an unknown or missing op with DEBEZIUM_INVALID_OP naming the column", () => {
    expect(translate({ ...pg("c", null, ada, 1).payload, op: "x" })).toMatchObject({
      kind: "invalid",
      problem: { code: "DEBEZIUM_INVALID_OP", field: "op", received: '"x" (string)' },
    });
    const { op: _op, ...noOp } = pg("c", null, ada, 1).payload;
    expect(translate(noOp)).toMatchObject({ kind: "invalid", problem: { code: "DEBEZIUM_INVALID_OP", field: "op", received: "null (null)" } });
  });

  it("refuses a delete without before (Postgres REPLICA IDENTITY NOTHING) or an upsert without after with DEBEZIUM_MISSING_ROW_IMAGE", () => {
    const d = translate(pg("d", null, null, 34914000));
    expect(d).toMatchObject({ kind: "invalid", problem: { code: "DEBEZIUM_MISSING_ROW_IMAGE", field: "before" } });
    if (d.kind === "invalid") expect(d.problem.message).toContain("REPLICA IDENTITY");
    expect(translate(pg("u", ada, null, 34914000))).toMatchObject({ kind: "invalid", problem: { code: "DEBEZIUM_MISSING_ROW_IMAGE", field: "after" } });
  });

  it("refuses an event that is not an object with INVALID_ROW", () => {
    expect(translate("c")).toMatchObject({ kind: "invalid", problem: { code: "INVALID_ROW" } });
    expect(translate({ schema: {}, payload: 42 })).toMatchObject({ kind: "invalid", problem: { code: "INVALID_ROW" } });
  });
});

describe("Debezium native order: the version field's type picks the source position", () => {
  it("integer version: Postgres source.lsn, as Debezium's number, a decimal string or the text form X/Y", () => {
    const translate = compileTranslator("debezium", modelOf(PG_CUSTOMER));
    const withLsn = (lsn: unknown) => ({ ...pg("c", null, alan, 1).payload, source: { connector: "postgresql", lsn } });
    expect(translate(withLsn(24023928))).toMatchObject({ row: { lsn: 24023928 } });
    expect(translate(withLsn("9007199254740993"))).toMatchObject({ row: { lsn: "9007199254740993" } });
    expect(translate(withLsn("16/B374D848"))).toMatchObject({ row: { lsn: 0x16b374d848 } });
  });

  it("integer version: an event without source.lsn (e.g. from a MySQL connector) is quarantined with DEBEZIUM_MISSING_POSITION", () => {
    const translate = compileTranslator("debezium", modelOf(PG_CUSTOMER));
    const t = translate({ ...pg("c", null, alan, 1).payload, source: { connector: "mysql", file: "mysql-bin.000003", pos: 154, row: 0 } });
    expect(t).toMatchObject({ kind: "invalid", problem: { code: "DEBEZIUM_MISSING_POSITION", field: "source.lsn" } });
    if (t.kind === "invalid") expect(t.problem.message).toContain('declare it a "string"');
    expect(translate({ ...pg("c", null, alan, 1).payload, source: { connector: "postgresql", lsn: -5 } })).toMatchObject({
      kind: "invalid",
      problem: { code: "DEBEZIUM_INVALID_POSITION", field: "source.lsn" },
    });
  });

  it("string version: MySQL file/pos/row, zero-padded so that text order is binlog order across file rotation", () => {
    const a = encodeBinlogPosition("mysql-bin.000009", 99999n, 3n)!;
    const b = encodeBinlogPosition("mysql-bin.000010", 4n, 0n)!;
    const c = encodeBinlogPosition("mysql-bin.000010", 4n, 1n)!;
    const d = encodeBinlogPosition("mysql-bin.000010", 120n, 0n)!;
    expect(a).toBe("mysql-bin.0000000009:00000000000000099999:0000000003");
    expect([d, c, b, a].sort()).toEqual([a, b, c, d]);
    expect(encodeBinlogPosition("mysql-bin", 4n, 0n)).toBeUndefined();
  });

  it("string version: a MySQL event without source.file or source.pos is quarantined with DEBEZIUM_MISSING_POSITION, a malformed one with DEBEZIUM_INVALID_POSITION", () => {
    const translate = compileTranslator("debezium", modelOf(MYSQL_PRODUCT));
    const event = mysql("c", null, hammer, "mysql-bin.000003", 154);
    expect(translate({ ...event, source: { ...event.source, file: undefined } })).toMatchObject({
      kind: "invalid",
      problem: { code: "DEBEZIUM_MISSING_POSITION", field: "source.file" },
    });
    expect(translate({ ...event, source: { connector: "postgresql", lsn: 5 } })).toMatchObject({
      kind: "invalid",
      problem: { code: "DEBEZIUM_MISSING_POSITION", field: "source.file" },
    });
    expect(translate({ ...event, source: { ...event.source, pos: null } })).toMatchObject({ kind: "invalid", problem: { code: "DEBEZIUM_MISSING_POSITION", field: "source.pos" } });
    expect(translate({ ...event, source: { ...event.source, file: "binlog" } })).toMatchObject({
      kind: "invalid",
      problem: { code: "DEBEZIUM_INVALID_POSITION", field: "source.file" },
    });
  });

  it("datetime version: source.ts_ms as the last resort, chosen explicitly by the model; the envelope ts_ms only when the source block has none", () => {
    const doc = { ...PG_CUSTOMER, fields: { ...(PG_CUSTOMER.fields as object), lsn: undefined, changed_at: { type: "datetime", required: true } }, version: "changed_at" };
    delete (doc.fields as Record<string, unknown>).lsn;
    const translate = compileTranslator("debezium", modelOf(doc));
    const event = pg("c", null, alan, 34910200).payload;
    expect(translate(event)).toMatchObject({ row: { changed_at: "2024-03-01T10:00:00.200Z" } });
    expect(translate({ ...event, source: { connector: "postgresql" } })).toMatchObject({ row: { changed_at: "2024-03-01T10:00:00.700Z" } });
    expect(translate({ ...event, source: {}, ts_ms: undefined })).toMatchObject({ kind: "invalid", problem: { code: "DEBEZIUM_MISSING_POSITION", field: "source.ts_ms" } });
  });
});

describe.each(BACKENDS)("Debezium envelope: merged into the mirror ($name)", (backend) => {
  /** A Postgres stream: snapshot, an update, a key-changing update (1002 -> 1003), a delete, and tombstones. */
  const stream = () => [
    pg("r", null, ada, 34910008, 770, "true"),
    pg("r", null, alan, 34910008, 770, "last"),
    pg("u", ada, { ...ada, email: "ada@lovelace.org" }, 34910104),
    // UPDATE customers SET id = 1003 WHERE id = 1002: delete of the old key, tombstone, create of the new key.
    pg("d", alan, null, 34910520, 781),
    null,
    pg("c", null, { ...alan, id: 1003 }, 34910520, 781),
    { schema: null, payload: null },
  ];

  it("ends in the source's state: updates applied, the old key of a key-changing update deleted and the new one created", async () => {
    const m = await backend.mirror([PG_CUSTOMER]);
    const { receipt, ignored, invalid } = await feed(m, "debezium", stream());
    expect(invalid).toEqual([]);
    expect(ignored.map((i) => i.index)).toEqual([4, 6]);
    expect(receipt).toMatchObject({ received: 5, upserted: 4, deleted: 1, stale: 0, quarantined: [] });
    expect(await rowsOf(m, "customers")).toEqual([
      {
        id: 1001n,
        first_name: "Ada",
        last_name: "Lovelace",
        email: "ada@lovelace.org",
        balance: 1234.5,
        created_at: "2024-03-01T10:00:00.123456000Z",
        birth_date: "1990-05-17",
        lsn: 34910104n,
      },
      { id: 1003n, first_name: "Alan", last_name: "Turing", email: "alan@example.com", balance: -5, created_at: null, birth_date: null, lsn: 34910520n },
    ]);
    expect(await m.tombstones("customers")).toMatchObject([{ key: { id: 1002n }, version: 34910520n }]);
  });

  it("keeps the LSN as the version, so that history shows it", async () => {
    const m = await backend.mirror([PG_CUSTOMER]);
    await feed(m, "debezium", stream());
    expect((await m.history("customers", { id: 1001n })).map((h) => [h.op, h.version, h.validTo])).toEqual([
      ["upsert", 34910008n, 34910104n],
      ["upsert", 34910104n, null],
    ]);
    expect((await m.history("customers", { id: 1002n })).map((h) => [h.op, h.version])).toEqual([
      ["upsert", 34910008n],
      ["delete", 34910520n],
    ]);
    expect((await m.rows("customers"))[0]!.version).toBe(34910104n);
  });

  it("treats at-least-once duplicates as no-ops: a redelivered stream changes nothing", async () => {
    const m = await backend.mirror([PG_CUSTOMER]);
    await feed(m, "debezium", stream());
    const before = { rows: await rowsOf(m, "customers"), history: (await m.history("customers")).length };
    const { receipt } = await feed(m, "debezium", [...stream(), ...stream()]);
    expect(receipt).toMatchObject({ upserted: 0, deleted: 0, stale: 0, conflicts: 0, unchanged: 10 });
    expect(await rowsOf(m, "customers")).toEqual(before.rows);
    expect(await m.history("customers")).toHaveLength(before.history);
  });

  it("converges by LSN whatever the arrival order", async () => {
    const inOrder = await backend.mirror([PG_CUSTOMER]);
    await feed(inOrder, "debezium", stream());
    const reversed = await backend.mirror([PG_CUSTOMER]);
    for (const event of stream().reverse()) await feed(reversed, "debezium", [event]);
    expect(await rowsOf(reversed, "customers")).toEqual(await rowsOf(inOrder, "customers"));
  });

  it("never stores envelope fields (op, source, ts_ms) as dataset fields", async () => {
    const m = await backend.mirror([PG_CUSTOMER]);
    await feed(m, "debezium", stream());
    await expectNoControlColumns(backend, m, "customers", ["op", "source", "ts_ms", "before", "after", "schema", "payload"]);
  });

  it("quarantines truncate and position-less events through the merge, keeping the valid ones", async () => {
    const m = await backend.mirror([PG_CUSTOMER]);
    const truncate = { before: null, after: null, source: { connector: "postgresql", lsn: 34913000 }, op: "t", ts_ms: 1 };
    const { receipt, invalid } = await feed(m, "debezium", [pg("c", null, ada, 5), truncate]);
    expect(receipt.upserted).toBe(1);
    expect(invalid).toMatchObject([{ index: 1, problem: { code: "DEBEZIUM_TRUNCATE_UNSUPPORTED" } }]);
  });

  it("without versionSource the row's own version column orders changes, read from before on deletes (REPLICA IDENTITY FULL)", async () => {
    const doc: ModelJson = {
      name: "Account",
      dataset: "accounts",
      fields: { id: { type: "integer", required: true }, name: { type: "string" }, row_version: { type: "integer", required: true } },
      primaryKey: ["id"],
      version: "row_version",
    };
    const m = await backend.mirror([doc]);
    const source = { connector: "postgresql", lsn: 1 };
    const { receipt } = await feed(m, "debezium", [
      { before: null, after: { id: 1, name: "a", row_version: 1 }, source, op: "c", ts_ms: 1 },
      { before: { id: 1, name: "a", row_version: 1 }, after: { id: 1, name: "b", row_version: 2 }, source, op: "u", ts_ms: 2 },
      { before: null, after: { id: 2, name: "z", row_version: 7 }, source, op: "c", ts_ms: 3 },
      { before: { id: 2, name: "z", row_version: 7 }, after: null, source, op: "d", ts_ms: 4 },
    ]);
    expect(receipt).toMatchObject({ upserted: 3, deleted: 1, quarantined: [] });
    expect(await rowsOf(m, "accounts")).toEqual([{ id: 1n, name: "b", row_version: 2n }]);
    expect(await m.tombstones("accounts")).toMatchObject([{ key: { id: 2n }, version: 7n }]);
  });
});

/** MySQL table inventory.products, mirrored with the binlog position as version. */
const MYSQL_PRODUCT: ModelJson = {
  name: "Product",
  dataset: "products",
  fields: {
    id: { type: "integer", required: true },
    name: { type: "string", required: true },
    description: { type: "string" },
    weight: { type: "number" },
    binlog_position: { type: "string", required: true },
  },
  primaryKey: ["id"],
  version: "binlog_position",
  versionSource: "debezium",
};

type MyRow = { id: number; name: string; description: string; weight: number };
const hammer: MyRow = { id: 107, name: "hammer", description: "16oz carpenter's hammer", weight: 1.0 };
const rocks: MyRow = { id: 108, name: "rocks", description: "box of assorted rocks", weight: 5.3 };

/** A MySQL change event, bare payload (schemas.enable=false), as the Debezium MySQL connector emits it. */
function mysql(op: string, before: MyRow | null, after: MyRow | null, file: string, pos: number, row = 0) {
  return {
    before,
    after,
    source: {
      version: "2.7.3.Final",
      connector: "mysql",
      name: "dbserver1",
      ts_ms: 1709287200000,
      snapshot: "false",
      db: "inventory",
      sequence: null,
      table: "products",
      server_id: 223344,
      gtid: null,
      file,
      pos,
      row,
      thread: 12,
      query: null,
    },
    op,
    ts_ms: 1709287200412,
    transaction: null,
  };
}

describe.each(BACKENDS)("Debezium MySQL: binlog position as a string version ($name)", (backend) => {
  // One statement updating two rows is one binlog event (same pos, rows 0 and 1); then the
  // server rotates from mysql-bin.000009 to mysql-bin.000010, where positions restart low.
  const stream = () => [
    mysql("r", null, hammer, "mysql-bin.000009", 157),
    mysql("r", null, rocks, "mysql-bin.000009", 157),
    mysql("u", hammer, { ...hammer, weight: 0.75 }, "mysql-bin.000009", 99_812, 0),
    mysql("u", rocks, { ...rocks, weight: 5.1 }, "mysql-bin.000009", 99_812, 1),
    mysql("u", { ...hammer, weight: 0.75 }, { ...hammer, weight: 0.8 }, "mysql-bin.000010", 236),
    mysql("d", { ...rocks, weight: 5.1 }, null, "mysql-bin.000010", 512),
  ];

  it("orders changes by (file number, pos, row): the later file wins although its pos is smaller", async () => {
    const m = await backend.mirror([MYSQL_PRODUCT]);
    for (const event of stream().reverse()) await feed(m, "debezium", [event]);
    expect(await rowsOf(m, "products")).toEqual([
      { id: 107n, name: "hammer", description: "16oz carpenter's hammer", weight: 0.8, binlog_position: "mysql-bin.0000000010:00000000000000000236:0000000000" },
    ]);
    expect(await m.tombstones("products")).toMatchObject([{ key: { id: 108n }, version: "mysql-bin.0000000010:00000000000000000512:0000000000" }]);
  });

  it("history shows the encoded binlog position of every change, in binlog order", async () => {
    const m = await backend.mirror([MYSQL_PRODUCT]);
    await feed(m, "debezium", stream());
    expect((await m.history("products", { id: 107n })).map((h) => h.version)).toEqual([
      "mysql-bin.0000000009:00000000000000000157:0000000000",
      "mysql-bin.0000000009:00000000000000099812:0000000000",
      "mysql-bin.0000000010:00000000000000000236:0000000000",
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Delta Lake change data feed
// ---------------------------------------------------------------------------------------------

/** main.sales.orders, mirrored with _commit_version as version. */
const DELTA_ORDER: ModelJson = {
  name: "Order",
  dataset: "orders",
  fields: {
    order_id: { type: "string", required: true },
    customer_id: { type: "string" },
    status: { type: "string" },
    amount: { type: "number" },
    commit_version: { type: "integer", required: true },
  },
  primaryKey: ["order_id"],
  version: "commit_version",
  versionSource: "delta-cdf",
};

const DELTA_CONTROL = ["_change_type", "_commit_version", "_commit_timestamp"];

/** Rows of `SELECT * FROM table_changes('main.sales.orders', 2)`, as JSON. */
const deltaFeed = () => [
  { order_id: "o-1", customer_id: "c-7", status: "placed", amount: 120.5, _change_type: "insert", _commit_version: 2, _commit_timestamp: "2024-03-01T10:00:00.000Z" },
  { order_id: "o-2", customer_id: "c-9", status: "placed", amount: 18, _change_type: "insert", _commit_version: 2, _commit_timestamp: "2024-03-01T10:00:00.000Z" },
  // UPDATE orders SET status = 'shipped' WHERE order_id = 'o-1'
  { order_id: "o-1", customer_id: "c-7", status: "placed", amount: 120.5, _change_type: "update_preimage", _commit_version: 3, _commit_timestamp: "2024-03-01T11:30:00.000Z" },
  { order_id: "o-1", customer_id: "c-7", status: "shipped", amount: 120.5, _change_type: "update_postimage", _commit_version: 3, _commit_timestamp: "2024-03-01T11:30:00.000Z" },
  // DELETE FROM orders WHERE order_id = 'o-2'
  { order_id: "o-2", customer_id: "c-9", status: "placed", amount: 18, _change_type: "delete", _commit_version: 4, _commit_timestamp: "2024-03-02T08:00:00.000Z" },
];

describe("Delta change data feed: translation", () => {
  const translate = compileTranslator("delta-cdf", modelOf(DELTA_ORDER));
  const [insert, , pre, post, del] = deltaFeed();

  it("insert and update_postimage upsert, with the metadata columns removed and _commit_version as the version", () => {
    expect(translate(insert)).toEqual({
      kind: "change",
      row: { order_id: "o-1", customer_id: "c-7", status: "placed", amount: 120.5, commit_version: 2, _change_request_type: "u" },
    });
    expect(translate(post)).toEqual({
      kind: "change",
      row: { order_id: "o-1", customer_id: "c-7", status: "shipped", amount: 120.5, commit_version: 3, _change_request_type: "u" },
    });
  });

  it("update_preimage is ignored: the postimage of the same commit carries the row", () => {
    expect(translate(pre)).toMatchObject({ kind: "ignored", reason: expect.stringContaining("update_preimage") });
  });

  it("delete deletes, carrying the commit version of the delete", () => {
    expect(translate(del)).toMatchObject({ kind: "change", row: { order_id: "o-2", commit_version: 4, _change_request_type: "d" } });
  });

  it("accepts _commit_version as a decimal string (a long beyond 2^53 in JSON)", () => {
    expect(translate({ ...insert, _commit_version: "9007199254740993" })).toMatchObject({ row: { commit_version: "9007199254740993" } });
  });

  it.each([["merge"], ["INSERT"], [null], [undefined]])("refuses the _change_type %j with DELTA_CDF_INVALID_CHANGE_TYPE", (type) => {
    expect(translate({ ...insert, _change_type: type })).toMatchObject({ kind: "invalid", problem: { code: "DELTA_CDF_INVALID_CHANGE_TYPE", field: "_change_type" } });
  });

  it.each([[undefined], [-1], [2.5], ["v2"]])("refuses the _commit_version %j with DELTA_CDF_INVALID_COMMIT_VERSION when the model orders by it", (v) => {
    expect(translate({ ...insert, _commit_version: v })).toMatchObject({ kind: "invalid", problem: { code: "DELTA_CDF_INVALID_COMMIT_VERSION", field: "_commit_version" } });
  });

  it("without versionSource the model's own version column orders changes and the metadata columns are removed unread", () => {
    const doc = {
      ...DELTA_ORDER,
      version: "updated_at",
      versionSource: undefined,
      fields: { ...(DELTA_ORDER.fields as object), updated_at: { type: "datetime", required: true } },
    };
    delete (doc.fields as Record<string, unknown>).commit_version;
    const t = compileTranslator(
      "delta-cdf",
      modelOf(doc),
    )({ order_id: "o-1", updated_at: "2024-03-01T10:00:00Z", _change_type: "insert", _commit_timestamp: "2024-03-01T10:00:00Z" });
    expect(t).toEqual({ kind: "change", row: { order_id: "o-1", updated_at: "2024-03-01T10:00:00Z", _change_request_type: "u" } });
  });
});

describe.each(BACKENDS)("Delta change data feed: merged into the mirror ($name)", (backend) => {
  it("ends in the table's state, with _commit_version as the version in history", async () => {
    const m = await backend.mirror([DELTA_ORDER]);
    const { receipt, ignored } = await feed(m, "delta-cdf", deltaFeed());
    expect(ignored.map((i) => i.index)).toEqual([2]);
    expect(receipt).toMatchObject({ upserted: 3, deleted: 1, quarantined: [] });
    expect(await rowsOf(m, "orders")).toEqual([{ order_id: "o-1", customer_id: "c-7", status: "shipped", amount: 120.5, commit_version: 3n }]);
    expect((await m.history("orders", { order_id: "o-1" })).map((h) => [h.version, h.row?.status])).toEqual([
      [2n, "placed"],
      [3n, "shipped"],
    ]);
    expect(await m.tombstones("orders")).toMatchObject([{ key: { order_id: "o-2" }, version: 4n }]);
  });

  it("converges whatever the order the commits are read in", async () => {
    const m = await backend.mirror([DELTA_ORDER]);
    await feed(m, "delta-cdf", deltaFeed().reverse());
    expect(await rowsOf(m, "orders")).toMatchObject([{ order_id: "o-1", status: "shipped", commit_version: 3n }]);
  });

  it("never stores _change_type, _commit_version or _commit_timestamp", async () => {
    const m = await backend.mirror([DELTA_ORDER]);
    await feed(m, "delta-cdf", deltaFeed());
    await expectNoControlColumns(backend, m, "orders", DELTA_CONTROL);
  });
});

// ---------------------------------------------------------------------------------------------
// Snowflake streams
// ---------------------------------------------------------------------------------------------

/** Snowflake table CUSTOMERS (unquoted identifiers come out in upper case); no native order, so UPDATED_AT orders. */
const SNOWFLAKE_CUSTOMER: ModelJson = {
  name: "SfCustomer",
  dataset: "sf_customers",
  fields: {
    ID: { type: "string", required: true },
    NAME: { type: "string" },
    TIER: { type: "string" },
    UPDATED_AT: { type: "datetime", required: true },
  },
  primaryKey: ["ID"],
  version: "UPDATED_AT",
};

const SNOWFLAKE_CONTROL = ["METADATA$ACTION", "METADATA$ISUPDATE", "METADATA$ROW_ID"];

/** `SELECT * FROM CUSTOMERS_STREAM`: net changes since the stream's offset. */
const snowflakeStream = () => [
  {
    ID: "C1",
    NAME: "Acme",
    TIER: "gold",
    UPDATED_AT: "2024-03-01 10:00:00.000 -0800",
    METADATA$ACTION: "INSERT",
    METADATA$ISUPDATE: false,
    METADATA$ROW_ID: "1b9b3c2a7d6f4e20a1c1e5b4f0f7e001",
  },
  // UPDATE CUSTOMERS SET TIER = 'platinum' WHERE ID = 'C2': the old row as DELETE, the new as INSERT, both ISUPDATE.
  {
    ID: "C2",
    NAME: "Globex",
    TIER: "silver",
    UPDATED_AT: "2024-02-01 09:00:00.000 -0800",
    METADATA$ACTION: "DELETE",
    METADATA$ISUPDATE: true,
    METADATA$ROW_ID: "1b9b3c2a7d6f4e20a1c1e5b4f0f7e002",
  },
  {
    ID: "C2",
    NAME: "Globex",
    TIER: "platinum",
    UPDATED_AT: "2024-03-01 11:00:00.000 -0800",
    METADATA$ACTION: "INSERT",
    METADATA$ISUPDATE: true,
    METADATA$ROW_ID: "1b9b3c2a7d6f4e20a1c1e5b4f0f7e002",
  },
  // DELETE FROM CUSTOMERS WHERE ID = 'C3' (exported as text: ISUPDATE "FALSE").
  {
    ID: "C3",
    NAME: "Initech",
    TIER: "bronze",
    UPDATED_AT: "2024-01-15 08:00:00.000 -0800",
    METADATA$ACTION: "DELETE",
    METADATA$ISUPDATE: "FALSE",
    METADATA$ROW_ID: "1b9b3c2a7d6f4e20a1c1e5b4f0f7e003",
  },
];

/** What the mirror held before the stream was read (an earlier load). */
const snowflakeEarlier = [
  { ID: "C2", NAME: "Globex", TIER: "silver", UPDATED_AT: "2024-02-01T17:00:00Z" },
  { ID: "C3", NAME: "Initech", TIER: "bronze", UPDATED_AT: "2024-01-15T16:00:00Z" },
];

describe("Snowflake stream: translation", () => {
  const translate = compileTranslator("snowflake-stream", modelOf(SNOWFLAKE_CUSTOMER));
  const [insert, oldHalf, newHalf, del] = snowflakeStream();

  it("INSERT upserts (whether or not it is the new half of an update), with the METADATA$ columns removed", () => {
    expect(translate(insert)).toEqual({ kind: "change", row: { ID: "C1", NAME: "Acme", TIER: "gold", UPDATED_AT: "2024-03-01 10:00:00.000 -0800", _change_request_type: "u" } });
    expect(translate(newHalf)).toMatchObject({ kind: "change", row: { ID: "C2", TIER: "platinum", _change_request_type: "u" } });
  });

  it("DELETE with METADATA$ISUPDATE true is ignored: it is the old half of an update pair", () => {
    expect(translate(oldHalf)).toMatchObject({ kind: "ignored", reason: expect.stringContaining("old half of an update") });
  });

  it('DELETE with METADATA$ISUPDATE false deletes; ISUPDATE may be a boolean or "TRUE"/"FALSE" text', () => {
    expect(translate(del)).toMatchObject({ kind: "change", row: { ID: "C3", _change_request_type: "d" } });
    expect(translate({ ...del, METADATA$ISUPDATE: false })).toMatchObject({ kind: "change", row: { _change_request_type: "d" } });
    expect(translate({ ...oldHalf, METADATA$ISUPDATE: "TRUE" })).toMatchObject({ kind: "ignored" });
  });

  it.each([["UPDATE"], ["insert"], [null], [undefined]])("refuses the METADATA$ACTION %j with SNOWFLAKE_STREAM_INVALID_ACTION", (action) => {
    expect(translate({ ...insert, METADATA$ACTION: action })).toMatchObject({ kind: "invalid", problem: { code: "SNOWFLAKE_STREAM_INVALID_ACTION", field: "METADATA$ACTION" } });
  });

  it.each([["yes"], [1], [null], [undefined]])("refuses the METADATA$ISUPDATE %j with SNOWFLAKE_STREAM_INVALID_ISUPDATE", (flag) => {
    expect(translate({ ...del, METADATA$ISUPDATE: flag })).toMatchObject({ kind: "invalid", problem: { code: "SNOWFLAKE_STREAM_INVALID_ISUPDATE", field: "METADATA$ISUPDATE" } });
  });
});

describe.each(BACKENDS)("Snowflake stream: merged into the mirror ($name)", (backend) => {
  it("applies the net delta, ordered by the model's own version field (streams carry no per-row order)", async () => {
    const m = await backend.mirror([SNOWFLAKE_CUSTOMER]);
    await m.applyChanges("sf_customers", snowflakeEarlier);
    const { receipt, ignored } = await feed(m, "snowflake-stream", snowflakeStream());
    expect(ignored.map((i) => i.index)).toEqual([1]);
    expect(receipt).toMatchObject({ upserted: 2, deleted: 1, quarantined: [] });
    expect(await rowsOf(m, "sf_customers")).toEqual([
      { ID: "C1", NAME: "Acme", TIER: "gold", UPDATED_AT: "2024-03-01T18:00:00.000000000Z" },
      { ID: "C2", NAME: "Globex", TIER: "platinum", UPDATED_AT: "2024-03-01T19:00:00.000000000Z" },
    ]);
    // The DELETE row carries the deleted row's values: its version equals the current row's, and a delete wins ties (R4.2).
    expect(await m.tombstones("sf_customers")).toMatchObject([{ key: { ID: "C3" }, version: "2024-01-15T16:00:00.000000000Z" }]);
    expect((await m.history("sf_customers", { ID: "C2" })).map((h) => [h.version, h.row?.TIER])).toEqual([
      ["2024-02-01T17:00:00.000000000Z", "silver"],
      ["2024-03-01T19:00:00.000000000Z", "platinum"],
    ]);
  });

  it("never stores METADATA$ACTION, METADATA$ISUPDATE or METADATA$ROW_ID", async () => {
    const m = await backend.mirror([SNOWFLAKE_CUSTOMER]);
    await feed(m, "snowflake-stream", snowflakeStream());
    await expectNoControlColumns(backend, m, "sf_customers", SNOWFLAKE_CONTROL);
  });
});

// ---------------------------------------------------------------------------------------------
// BigQuery CDC
// ---------------------------------------------------------------------------------------------

/** A table written through the Storage Write API with _CHANGE_SEQUENCE_NUMBER, mirrored with it as version. */
const BQ_SUBSCRIPTION: ModelJson = {
  name: "Subscription",
  dataset: "subscriptions",
  fields: {
    subscription_id: { type: "string", required: true },
    plan: { type: "string" },
    seats: { type: "integer" },
    change_sequence: { type: "string", required: true },
  },
  primaryKey: ["subscription_id"],
  version: "change_sequence",
  versionSource: "bigquery-cdc",
};

const BQ_CONTROL = ["_CHANGE_TYPE", "_CHANGE_SEQUENCE_NUMBER"];

/** BigQuery's order: sections left to right as unsigned 64-bit numbers; a missing section lower than any present one. */
function bigQueryCompare(a: string, b: string): number {
  const [x, y] = [a.split("/").map((s) => BigInt(`0x${s}`)), b.split("/").map((s) => BigInt(`0x${s}`))];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] === undefined || y[i] === undefined) return x[i] === undefined ? (y[i] === undefined ? 0 : -1) : 1;
    if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  }
  return 0;
}
const textCompare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

describe("BigQuery _CHANGE_SEQUENCE_NUMBER encoding", () => {
  it('pads each section to 16 uppercase hex digits so that "10" sorts after "F" as text', () => {
    expect(encodeSequenceNumber("F")).toBe("000000000000000F");
    expect(encodeSequenceNumber("10")).toBe("0000000000000010");
    expect(encodeSequenceNumber("10")! > encodeSequenceNumber("F")!).toBe(true);
    expect(encodeSequenceNumber("ff/1a")).toBe("00000000000000FF/000000000000001A");
  });

  it('keeps the number of sections, so that a missing section compares lower: "1" < "1/0" < "1/0/0"', () => {
    const [one, oneZero, oneZeroZero] = ["1", "1/0", "1/0/0"].map((s) => encodeSequenceNumber(s)!) as [string, string, string];
    expect(one < oneZero && oneZero < oneZeroZero).toBe(true);
    // The first section decides before the number of sections does.
    expect(encodeSequenceNumber("FFFFFFFFFFFFFFFF")! > encodeSequenceNumber("1/0")!).toBe(true);
    expect(encodeSequenceNumber("1/FFFFFFFFFFFFFFFF/FFFFFFFFFFFFFFFF")! < encodeSequenceNumber("2")!).toBe(true);
  });

  it("orders as text exactly as BigQuery orders sequence numbers", () => {
    const samples = [
      "0",
      "1",
      "9",
      "A",
      "F",
      "10",
      "FF",
      "100",
      "1/0",
      "1/1",
      "1/F",
      "1/10",
      "2",
      "FFFFFFFFFFFFFFFF",
      "FFFFFFFFFFFFFFFF/0",
      "A/B/C",
      "A/B/C/D",
      "A/B/C/0",
      "A/B/10",
      "0/0/0/0",
      "0/0/0",
    ];
    for (const a of samples)
      for (const b of samples) {
        expect(Math.sign(textCompare(encodeSequenceNumber(a)!, encodeSequenceNumber(b)!)), `${a} vs ${b}`).toBe(bigQueryCompare(a, b));
      }
  });

  it.each([[""], ["G"], ["12345678901234567"], ["1/2/3/4/5"], ["1//2"], ["/1"], ["0x1F"], [31], [null]])("refuses %j", (s) => {
    expect(encodeSequenceNumber(s)).toBeUndefined();
  });
});

describe("BigQuery CDC: translation", () => {
  const translate = compileTranslator("bigquery-cdc", modelOf(BQ_SUBSCRIPTION));

  it("UPSERT upserts and DELETE deletes, with _CHANGE_TYPE and _CHANGE_SEQUENCE_NUMBER removed and the encoded sequence as version", () => {
    expect(translate({ subscription_id: "s-1", plan: "team", seats: 5, _CHANGE_TYPE: "UPSERT", _CHANGE_SEQUENCE_NUMBER: "A/1" })).toEqual({
      kind: "change",
      row: { subscription_id: "s-1", plan: "team", seats: 5, change_sequence: "000000000000000A/0000000000000001", _change_request_type: "u" },
    });
    expect(translate({ subscription_id: "s-1", _CHANGE_TYPE: "DELETE", _CHANGE_SEQUENCE_NUMBER: "B" })).toEqual({
      kind: "change",
      row: { subscription_id: "s-1", change_sequence: "000000000000000B", _change_request_type: "d" },
    });
  });

  it.each([["INSERT"], ["upsert"], [null], [undefined]])("refuses the _CHANGE_TYPE %j with BIGQUERY_CDC_INVALID_CHANGE_TYPE", (type) => {
    expect(translate({ subscription_id: "s-1", _CHANGE_TYPE: type, _CHANGE_SEQUENCE_NUMBER: "1" })).toMatchObject({
      kind: "invalid",
      problem: { code: "BIGQUERY_CDC_INVALID_CHANGE_TYPE", field: "_CHANGE_TYPE" },
    });
  });

  it.each([["1/2/3/4/5"], ["XYZ"], [42], [undefined]])("refuses the _CHANGE_SEQUENCE_NUMBER %j with BIGQUERY_CDC_INVALID_SEQUENCE_NUMBER when the model orders by it", (seq) => {
    expect(translate({ subscription_id: "s-1", _CHANGE_TYPE: "UPSERT", _CHANGE_SEQUENCE_NUMBER: seq })).toMatchObject({
      kind: "invalid",
      problem: { code: "BIGQUERY_CDC_INVALID_SEQUENCE_NUMBER", field: "_CHANGE_SEQUENCE_NUMBER" },
    });
  });

  it("without versionSource the sequence number is optional, checked when present, and removed", () => {
    const doc = { ...BQ_SUBSCRIPTION, version: "seats", versionSource: undefined, fields: { ...(BQ_SUBSCRIPTION.fields as object), seats: { type: "integer", required: true } } };
    delete (doc.fields as Record<string, unknown>).change_sequence;
    const t = compileTranslator("bigquery-cdc", modelOf(doc));
    expect(t({ subscription_id: "s-1", seats: 3, _CHANGE_TYPE: "UPSERT" })).toEqual({ kind: "change", row: { subscription_id: "s-1", seats: 3, _change_request_type: "u" } });
    expect(t({ subscription_id: "s-1", seats: 3, _CHANGE_TYPE: "UPSERT", _CHANGE_SEQUENCE_NUMBER: "2" })).toMatchObject({
      kind: "change",
      row: { subscription_id: "s-1", seats: 3 },
    });
    expect(t({ subscription_id: "s-1", seats: 3, _CHANGE_TYPE: "UPSERT", _CHANGE_SEQUENCE_NUMBER: "2/" })).toMatchObject({
      kind: "invalid",
      problem: { code: "BIGQUERY_CDC_INVALID_SEQUENCE_NUMBER" },
    });
  });
});

describe.each(BACKENDS)("BigQuery CDC: merged into the mirror ($name)", (backend) => {
  const rows = () => [
    { subscription_id: "s-1", plan: "team", seats: 10, _CHANGE_TYPE: "UPSERT", _CHANGE_SEQUENCE_NUMBER: "10" },
    { subscription_id: "s-1", plan: "starter", seats: 3, _CHANGE_TYPE: "UPSERT", _CHANGE_SEQUENCE_NUMBER: "F" },
    { subscription_id: "s-2", plan: "team", seats: 4, _CHANGE_TYPE: "UPSERT", _CHANGE_SEQUENCE_NUMBER: "1/FFFFFFFFFFFFFFFF" },
    { subscription_id: "s-2", plan: "enterprise", seats: 40, _CHANGE_TYPE: "UPSERT", _CHANGE_SEQUENCE_NUMBER: "2/0" },
    { subscription_id: "s-2", plan: "team", seats: 5, _CHANGE_TYPE: "UPSERT", _CHANGE_SEQUENCE_NUMBER: "2" },
  ];

  it('orders by _CHANGE_SEQUENCE_NUMBER section by section: "10" beats "F", "2/0" beats "2" and "1/FFFFFFFFFFFFFFFF"', async () => {
    const m = await backend.mirror([BQ_SUBSCRIPTION]);
    const { receipt } = await feed(m, "bigquery-cdc", rows());
    expect(receipt).toMatchObject({ upserted: 3, stale: 2, quarantined: [] });
    expect(await rowsOf(m, "subscriptions")).toEqual([
      { subscription_id: "s-1", plan: "team", seats: 10n, change_sequence: "0000000000000010" },
      { subscription_id: "s-2", plan: "enterprise", seats: 40n, change_sequence: "0000000000000002/0000000000000000" },
    ]);
  });

  it("converges whatever the arrival order", async () => {
    const m = await backend.mirror([BQ_SUBSCRIPTION]);
    for (const r of rows().reverse()) await feed(m, "bigquery-cdc", [r]);
    expect((await rowsOf(m, "subscriptions")).map((r) => r.plan)).toEqual(["team", "enterprise"]);
  });

  it("history shows the encoded sequence numbers in BigQuery's order", async () => {
    const m = await backend.mirror([BQ_SUBSCRIPTION]);
    await feed(m, "bigquery-cdc", rows());
    expect((await m.history("subscriptions", { subscription_id: "s-2" })).map((h) => h.version)).toEqual([
      "0000000000000001/FFFFFFFFFFFFFFFF",
      "0000000000000002",
      "0000000000000002/0000000000000000",
    ]);
  });

  it("a delete of a key that does not exist is not an error: it leaves a tombstone", async () => {
    const m = await backend.mirror([BQ_SUBSCRIPTION]);
    const { receipt } = await feed(m, "bigquery-cdc", [{ subscription_id: "s-404", _CHANGE_TYPE: "DELETE", _CHANGE_SEQUENCE_NUMBER: "5" }]);
    expect(receipt).toMatchObject({ deleted: 1, quarantined: [] });
    expect(await m.tombstones("subscriptions")).toMatchObject([{ key: { subscription_id: "s-404" }, version: "0000000000000005" }]);
    // An older upsert of that key stays out; a newer one re-creates the row (R6).
    await feed(m, "bigquery-cdc", [{ subscription_id: "s-404", plan: "team", seats: 1, _CHANGE_TYPE: "UPSERT", _CHANGE_SEQUENCE_NUMBER: "4" }]);
    expect(await rowsOf(m, "subscriptions")).toEqual([]);
    await feed(m, "bigquery-cdc", [{ subscription_id: "s-404", plan: "team", seats: 1, _CHANGE_TYPE: "UPSERT", _CHANGE_SEQUENCE_NUMBER: "5/1" }]);
    expect(await rowsOf(m, "subscriptions")).toMatchObject([{ subscription_id: "s-404" }]);
  });

  it("never stores _CHANGE_TYPE or _CHANGE_SEQUENCE_NUMBER", async () => {
    const m = await backend.mirror([BQ_SUBSCRIPTION]);
    await feed(m, "bigquery-cdc", rows());
    await expectNoControlColumns(backend, m, "subscriptions", BQ_CONTROL);
  });
});
