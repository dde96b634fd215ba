// Ingestion over HTTP against a started server, on each backend (test/backends.ts): every
// mutation, every format, replays, atomic and non-atomic batches with bad rows, the quarantine,
// and limits.

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Mirror } from "../../src/mirror";
import { startServer, type RunningServer, type ServerOptions } from "../../src/server/createServer";
import { BACKENDS, type Location } from "../backends";

const RECEIPT = `batchId status atomic replayed receivedAt datasets { dataset format received upserted deleted stale unchanged conflicts ignored
  quarantined { index quarantineId code field expected received message } rejected { index code field message } }`;
const APPLY = `mutation($dataset: String!, $changes: [JSONObject!]!, $batchId: ID, $atomic: Boolean, $format: ChangeFormat) {
  applyChanges(dataset: $dataset, changes: $changes, batchId: $batchId, atomic: $atomic, format: $format) { ${RECEIPT} } }`;

const contact = (id: string, scn: number | string, extra: Record<string, unknown> = {}) => ({
  contact_id: id,
  account_id: "acc-1",
  last_name: `L-${id}`,
  email_opt_in: true,
  row_scn: scn,
  ...extra,
});

describe.each(BACKENDS)("$name", (backend) => {
  let dir: string;
  let at: Location;
  let running: { server: RunningServer; mirror: Mirror }[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "mirrorql-ingest-"));
    // A file on SQLite: the server's writer thread opens it too.
    at = backend.location({ reopen: true });
  });
  afterEach(async () => {
    for (const { server, mirror } of running) {
      await server.stop();
      await mirror.close();
    }
    running = [];
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  async function serve(options: ServerOptions = {}, schemaDir = "schema") {
    const mirror = await Mirror.open({ ...at, schemaDir });
    const server = await startServer(mirror, { port: 0, ...options });
    running.push({ server, mirror });
    const gql = async (query: string, variables: Record<string, unknown> = {}) => {
      const res = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query, variables }) });
      return { status: res.status, body: (await res.json()) as { data?: any; errors?: { message: string; extensions: Record<string, unknown> }[] } };
    };
    return { mirror, server, gql };
  }

  describe("applyChanges", () => {
    it("applies native rows and returns the receipt, generating a batch id when none is given", async () => {
      const { gql, mirror } = await serve();
      const { body } = await gql(APPLY, { dataset: "contacts", changes: [contact("c1", 1), contact("c2", 1), { contact_id: "c3", row_scn: 2, _change_request_type: "d" }] });
      expect(body.errors).toBeUndefined();
      const r = body.data.applyChanges;
      expect(r).toMatchObject({
        status: "APPLIED",
        atomic: false,
        replayed: false,
        datasets: [{ dataset: "contacts", format: "NATIVE", received: 3, upserted: 2, deleted: 1, quarantined: [] }],
      });
      expect(r.batchId).toMatch(/^[0-9a-f-]{36}$/);
      expect((await mirror.rows("contacts")).map((x) => x.row.contact_id)).toEqual(["c1", "c2"]);
    });

    it("returns the first receipt for a batch id sent again and applies nothing", async () => {
      const { gql, mirror } = await serve();
      const first = (await gql(APPLY, { dataset: "contacts", changes: [contact("c1", 1)], batchId: "load-1" })).body.data.applyChanges;
      const again = (await gql(APPLY, { dataset: "contacts", changes: [contact("c1", 2), contact("c9", 1)], batchId: "load-1" })).body.data.applyChanges;
      expect(again).toEqual({ ...first, replayed: true });
      expect((await mirror.rows("contacts")).map((x) => [x.row.contact_id, x.row.row_scn])).toEqual([["c1", 1n]]);
    });

    it("quarantines bad rows of a non-atomic batch with index, field, code and message, and applies the rest", async () => {
      const { gql } = await serve();
      const { body } = await gql(APPLY, { dataset: "contacts", changes: [contact("c1", 1), contact("c2", 1, { lead_score: "high" }), { contact_id: "c3" }], batchId: "b" });
      const d = body.data.applyChanges.datasets[0];
      expect(d).toMatchObject({
        upserted: 1,
        quarantined: [
          { index: 1, code: "INVALID_VALUE", field: "lead_score", received: '"high" (string)' },
          { index: 2, code: "MISSING_REQUIRED" },
        ],
      });
      const q = await gql(`{ quarantine(dataset: "contacts") { nodes { id batchId rowIndex code field payload format } hasNextPage } }`);
      expect(q.body.data.quarantine.nodes).toEqual([
        {
          id: d.quarantined[0].quarantineId,
          batchId: "b",
          rowIndex: 1,
          code: "INVALID_VALUE",
          field: "lead_score",
          payload: contact("c2", 1, { lead_score: "high" }),
          format: "NATIVE",
        },
        expect.objectContaining({ rowIndex: 2, payload: { contact_id: "c3" } }),
      ]);
    });

    it("with atomic: true rejects the whole batch for one bad row, writes nothing and says why for every row", async () => {
      const { gql, mirror } = await serve();
      const { body } = await gql(APPLY, {
        dataset: "contacts",
        changes: [contact("c1", 1), contact("c2", "x"), { contact_id: "c3", last_name: "N" }],
        atomic: true,
        batchId: "at",
      });
      expect(body.data.applyChanges).toMatchObject({
        status: "REJECTED",
        datasets: [
          {
            upserted: 0,
            quarantined: [],
            rejected: [
              { index: 1, code: "INVALID_VALUE", field: "row_scn" },
              { index: 2, code: "MISSING_REQUIRED", field: "account_id" },
            ],
          },
        ],
      });
      expect(await mirror.rows("contacts")).toEqual([]);
      expect(await mirror.quarantine("contacts")).toEqual([]);
      expect((await gql(`{ batch(id: "at") { batchId } }`)).body.data.batch).toBeNull();
    });

    it("refuses an unknown dataset with UNKNOWN_DATASET and rows that are not objects with a validation error", async () => {
      const { gql } = await serve();
      const unknown = await gql(APPLY, { dataset: "contcts", changes: [] });
      expect(unknown.body.errors![0]!.extensions.code).toBe("UNKNOWN_DATASET");
      expect(unknown.body.errors![0]!.message).toContain("contacts");
      const notObjects = await gql(APPLY, { dataset: "contacts", changes: [1, "x"] });
      expect(notObjects.body.errors![0]!.extensions.code).toBe("BAD_USER_INPUT");
      const badFormat = await gql(APPLY, { dataset: "contacts", changes: [], format: "PARQUET" });
      expect(badFormat.body.errors![0]!.extensions.code).toBe("BAD_USER_INPUT");
      expect(badFormat.body.errors![0]!.message).toContain("ChangeFormat");
    });
  });

  describe("applyChangeBatch", () => {
    it("applies parents and children of several datasets in one batch, with a format per dataset", async () => {
      const { gql, mirror } = await serve();
      const { body } = await gql(`mutation($items: [DatasetChangesInput!]!) { applyChangeBatch(items: $items, batchId: "multi", atomic: true) { ${RECEIPT} } }`, {
        items: [
          { dataset: "contacts", changes: [contact("c1", 1, { account_id: "acc-9" })] },
          {
            dataset: "accounts",
            format: "SNOWFLAKE_STREAM",
            changes: [
              {
                account_id: "acc-9",
                name: "Nine",
                region_code: "NA",
                is_customer: "TRUE",
                updated_at: "2026-01-01T00:00:00Z",
                METADATA$ACTION: "INSERT",
                METADATA$ISUPDATE: false,
                METADATA$ROW_ID: "r1",
              },
            ],
          },
        ],
      });
      expect(body.data.applyChangeBatch.datasets.map((d: any) => [d.dataset, d.format, d.upserted])).toEqual([
        ["contacts", "NATIVE", 1],
        ["accounts", "SNOWFLAKE_STREAM", 1],
      ]);
      expect((await mirror.integrity()).find((i) => i.dataset === "contacts")!.dangling).toBe(0);
    });
  });

  describe("typed mutations", () => {
    it("check rows against the model's input type and apply them, deletes by ChangeRequestType", async () => {
      const { gql, mirror } = await serve();
      const typed = `mutation($changes: [ContactChangeInput!]!) { applyContactsChanges(changes: $changes, batchId: "typed") { ${RECEIPT} } }`;
      const ok = await gql(typed, { changes: [contact("c1", "9007199254740993", { lead_score: 7 }), { contact_id: "c0", row_scn: "5", _change_request_type: "DELETE" }] });
      expect(ok.body.data.applyContactsChanges.datasets[0]).toMatchObject({ upserted: 1, deleted: 1 });
      expect((await mirror.rows("contacts"))[0]!.row).toMatchObject({ row_scn: 9007199254740993n, lead_score: 7n });
      const wrongType = await gql(typed, { changes: [{ contact_id: "c2", row_scn: "5", email_opt_in: "yes" }] });
      expect(wrongType.body.errors![0]!.extensions.code).toBe("BAD_USER_INPUT");
      expect(wrongType.body.errors![0]!.message).toContain("email_opt_in");
    });
  });

  describe("formats over HTTP", () => {
    const apply = async (gql: Awaited<ReturnType<typeof serve>>["gql"], format: string, changes: unknown[]) =>
      (await gql(APPLY, { dataset: "contacts", changes, format })).body.data.applyChanges.datasets[0];

    it("DEBEZIUM: creates, updates, deletes from `before`, ignores Kafka tombstones (a record whose payload is null)", async () => {
      const { gql, mirror } = await serve();
      const source = { version: "2.7.0.Final", connector: "postgresql", name: "crm", db: "crm", schema: "public", table: "contacts", lsn: 24023128 };
      const d = await apply(gql, "DEBEZIUM", [
        { before: null, after: contact("c1", 1), source, op: "c", ts_ms: 1767225600000 },
        { before: contact("c1", 1), after: contact("c1", 2, { title: "CTO" }), source, op: "u", ts_ms: 1767225601000 },
        { before: contact("c2", 1), after: null, source, op: "d", ts_ms: 1767225602000 },
        { schema: null, payload: null },
      ]);
      expect(d).toMatchObject({ format: "DEBEZIUM", received: 4, upserted: 2, deleted: 1, ignored: 1 });
      expect((await mirror.rows("contacts")).map((r) => r.row.title)).toEqual(["CTO"]);
    });

    it("DELTA_CDF: inserts and update post-images apply, pre-images are ignored, metadata is never stored", async () => {
      const { gql, mirror } = await serve();
      const meta = (type: string, v: number) => ({ _change_type: type, _commit_version: v, _commit_timestamp: "2026-01-01T00:00:00.000Z" });
      const d = await apply(gql, "DELTA_CDF", [
        { ...contact("c1", 1), ...meta("insert", 3) },
        { ...contact("c1", 1), ...meta("update_preimage", 4) },
        { ...contact("c1", 2, { email: "a@b.c" }), ...meta("update_postimage", 4) },
      ]);
      expect(d).toMatchObject({ upserted: 2, ignored: 1 });
      expect(Object.keys((await mirror.rows("contacts"))[0]!.row)).not.toContain("_change_type");
    });

    it("SNOWFLAKE_STREAM: an update pair applies once, a plain DELETE deletes", async () => {
      const { gql, mirror } = await serve();
      const d = await apply(gql, "SNOWFLAKE_STREAM", [
        { ...contact("c1", 1), METADATA$ACTION: "INSERT", METADATA$ISUPDATE: false, METADATA$ROW_ID: "a" },
        { ...contact("c1", 1), METADATA$ACTION: "DELETE", METADATA$ISUPDATE: true, METADATA$ROW_ID: "a" },
        { ...contact("c1", 2, { title: "VP" }), METADATA$ACTION: "INSERT", METADATA$ISUPDATE: true, METADATA$ROW_ID: "a" },
        { ...contact("c2", 1), METADATA$ACTION: "DELETE", METADATA$ISUPDATE: "FALSE", METADATA$ROW_ID: "b" },
      ]);
      expect(d).toMatchObject({ upserted: 2, deleted: 1, ignored: 1 });
      expect((await mirror.rows("contacts")).map((r) => r.row.title)).toEqual(["VP"]);
    });

    it("BIGQUERY_CDC: UPSERT and DELETE apply; a delete of a key that does not exist is not an error", async () => {
      const { gql, mirror } = await serve();
      const d = await apply(gql, "BIGQUERY_CDC", [
        { ...contact("c1", 1), _CHANGE_TYPE: "UPSERT", _CHANGE_SEQUENCE_NUMBER: "F" },
        { contact_id: "ghost", row_scn: 1, _CHANGE_TYPE: "DELETE", _CHANGE_SEQUENCE_NUMBER: "10" },
        { ...contact("c2", 1), _CHANGE_TYPE: "MERGE", _CHANGE_SEQUENCE_NUMBER: "11" },
      ]);
      expect(d).toMatchObject({ upserted: 1, deleted: 1, quarantined: [{ index: 2, code: "BIGQUERY_CDC_INVALID_CHANGE_TYPE", field: "_CHANGE_TYPE" }] });
      expect((await mirror.tombstones("contacts")).map((t) => t.key.contact_id)).toEqual(["ghost"]);
      expect((await mirror.quarantine("contacts"))[0]).toMatchObject({ format: "bigquery-cdc" });
    });
  });

  describe("receipts", () => {
    it("reads receipts back by id and lists a dataset's batches newest first, page by page", async () => {
      const { gql } = await serve();
      for (const id of ["b1", "b2", "b3"]) await gql(APPLY, { dataset: "contacts", changes: [contact(id, 1)], batchId: id });
      await gql(APPLY, { dataset: "accounts", changes: [], batchId: "other" });
      expect((await gql(`{ batch(id: "b2") { batchId datasets { upserted } } }`)).body.data.batch).toEqual({ batchId: "b2", datasets: [{ upserted: 1 }] });
      const page1 = (await gql(`{ batches(dataset: "contacts", first: 2) { nodes { batchId } hasNextPage endCursor } }`)).body.data.batches;
      expect(page1.nodes.map((n: any) => n.batchId)).toEqual(["b3", "b2"]);
      expect(page1.hasNextPage).toBe(true);
      const page2 = (await gql(`query($after: String) { batches(dataset: "contacts", first: 2, after: $after) { nodes { batchId } hasNextPage } }`, { after: page1.endCursor }))
        .body.data.batches;
      expect(page2).toEqual({ nodes: [{ batchId: "b1" }], hasNextPage: false });
    });
  });

  describe("quarantine", () => {
    it("replays quarantined rows after the model grew a field, and records it", async () => {
      const schemaDir = join(dir, "schema");
      cpSync("schema", schemaDir, { recursive: true });
      const first = await serve({}, schemaDir);
      const sent = await first.gql(APPLY, { dataset: "contacts", changes: [contact("c1", 1, { phone: "+1 555" }), contact("c2", 1)], batchId: "with-phone" });
      const quarantineId = sent.body.data.applyChanges.datasets[0].quarantined[0].quarantineId;
      expect(sent.body.data.applyChanges.datasets[0].quarantined[0]).toMatchObject({ code: "UNKNOWN_FIELD", field: "phone" });
      await first.server.stop();
      await first.mirror.close();
      running = [];

      const model = JSON.parse(readFileSync(join(schemaDir, "Contact.json"), "utf8"));
      model.fields.phone = { type: "string" };
      writeFileSync(join(schemaDir, "Contact.json"), JSON.stringify(model));
      const grown = await serve({}, schemaDir);
      const replay = await grown.gql(`mutation($ids: [ID!]!) { replayQuarantine(dataset: "contacts", ids: $ids) { ${RECEIPT} } }`, { ids: [quarantineId] });
      expect(replay.body.data.replayQuarantine.datasets[0]).toMatchObject({ received: 1, upserted: 1, quarantined: [] });
      expect((await grown.mirror.rows("contacts")).find((r) => r.row.contact_id === "c1")!.row.phone).toBe("+1 555");
      expect(await grown.mirror.quarantine("contacts")).toEqual([]);
      const log = await backend.sql(grown.mirror, "SELECT action, quarantine_id, code FROM _mq_quarantine_log");
      expect(log).toEqual([{ action: "replayed", quarantine_id: BigInt(quarantineId), code: "UNKNOWN_FIELD" }]);
    });

    it("keeps rows that are still invalid on replay, with their new problems", async () => {
      const { gql, mirror } = await serve();
      const sent = await gql(APPLY, { dataset: "contacts", changes: [contact("c1", 1, { lead_score: "x" })] });
      const id = sent.body.data.applyChanges.datasets[0].quarantined[0].quarantineId;
      const replay = await gql(`mutation { replayQuarantine(dataset: "contacts", ids: ["${id}"]) { ${RECEIPT} } }`);
      expect(replay.body.data.replayQuarantine.datasets[0].quarantined).toMatchObject([{ index: 0, quarantineId: id, code: "INVALID_VALUE" }]);
      expect((await mirror.quarantine("contacts")).map((q) => q.id)).toEqual([Number(id)]);
    });

    it("discards rows on purpose with a reason, recorded with the payload; unknown ids are NOT_FOUND", async () => {
      const { gql, mirror } = await serve();
      const sent = await gql(APPLY, { dataset: "contacts", changes: [{ contact_id: "junk" }] });
      const id = sent.body.data.applyChanges.datasets[0].quarantined[0].quarantineId;
      const missing = await gql(`mutation { discardQuarantine(dataset: "contacts", ids: ["999"], reason: "test") { id } }`);
      expect(missing.body.errors![0]!.extensions).toMatchObject({ code: "NOT_FOUND", ids: [999] });
      const done = await gql(`mutation { discardQuarantine(dataset: "contacts", ids: ["${id}"], reason: "test row from a broken export") { id payload } }`);
      expect(done.body.data.discardQuarantine).toEqual([{ id, payload: { contact_id: "junk" } }]);
      expect(await mirror.quarantine("contacts")).toEqual([]);
      expect(await backend.sql(mirror, "SELECT action, reason, payload FROM _mq_quarantine_log")).toEqual([
        { action: "discarded", reason: "test row from a broken export", payload: '{"contact_id":"junk"}' },
      ]);
    });
  });

  describe("purgeKeys", () => {
    const PURGE = `mutation($dataset: String!, $keys: [JSONObject!]!, $reason: String!) {
      purgeKeys(dataset: $dataset, keys: $keys, reason: $reason) { dataset reason at keys { keyDigest state historyEntries quarantinedRows } } }`;

    it("erases keys with their history and quarantined rows through the writer thread and answers key by key", async () => {
      const { gql, mirror } = await serve();
      await gql(APPLY, { dataset: "contacts", changes: [contact("c1", 1), contact("c1", 2), contact("c2", 1), { ...contact("c1", 3), lead_score: "high" }] });
      expect(await mirror.quarantine("contacts")).toHaveLength(1);
      const { body } = await gql(PURGE, { dataset: "contacts", keys: [{ contact_id: "c1" }, { contact_id: "c9" }], reason: "erasure request 4711" });
      expect(body.errors).toBeUndefined();
      expect(body.data.purgeKeys).toMatchObject({
        dataset: "contacts",
        reason: "erasure request 4711",
        keys: [
          { state: "ROW", historyEntries: 2, quarantinedRows: 1 },
          { state: "NOTHING", historyEntries: 0, quarantinedRows: 0 },
        ],
      });
      expect(await mirror.quarantine("contacts")).toEqual([]);
      expect(body.data.purgeKeys.keys[0].keyDigest).toMatch(/^[0-9a-f]{64}$/);
      expect((await mirror.rows("contacts")).map((r) => r.row.contact_id)).toEqual(["c2"]);
      expect(await mirror.history("contacts", { contact_id: "c1" })).toEqual([]);
    });

    it("refuses an invalid key with BAD_USER_INPUT naming the key and the field, and removes nothing", async () => {
      const { gql, mirror } = await serve();
      await gql(APPLY, { dataset: "contacts", changes: [contact("c1", 1)] });
      const { body } = await gql(PURGE, { dataset: "contacts", keys: [{ contact_id: "c1" }, { id: "c1" }], reason: "test" });
      expect(body.errors![0]!.message).toContain('keys[1]: Field "id" is not part of the key');
      expect(body.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", index: 1, field: "id", rejectionCode: "UNKNOWN_FIELD" });
      expect(await mirror.rows("contacts")).toHaveLength(1);
    });
  });

  describe("limits", () => {
    it("refuses a batch with more rows than maxBatchRows with LIMIT_EXCEEDED, before any work", async () => {
      const { gql, mirror } = await serve({ ingestLimits: { maxBatchRows: 2 } });
      const { body } = await gql(APPLY, { dataset: "contacts", changes: [contact("a", 1), contact("b", 1), contact("c", 1)], batchId: "big" });
      expect(body.errors![0]!.extensions).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "maxBatchRows", maximum: 2, received: 3 });
      expect(await mirror.rows("contacts")).toEqual([]);
      expect(await mirror.batch("big")).toBeUndefined();
    });

    it("refuses a request body larger than maxBodyBytes with LIMIT_EXCEEDED and HTTP 413", async () => {
      const { server, mirror } = await serve({ ingestLimits: { maxBodyBytes: 2000 } });
      const changes = Array.from({ length: 50 }, (_, i) => contact(`c${i}`, 1));
      const res = await fetch(server.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: APPLY, variables: { dataset: "contacts", changes } }),
      });
      expect(res.status).toBe(413);
      const body = (await res.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
      expect(body.errors[0]!.extensions).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "maxBodyBytes", maximum: 2000 });
      expect(await mirror.rows("contacts")).toEqual([]);
    });
  });
});
