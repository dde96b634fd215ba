// CSV and JSON Lines files, plain or gzip-compressed, load completely: the mirror ends
// up holding exactly the file's rows, and the summary adds up the receipts.

import { describe, expect, it } from "vitest";
import { ingestFile } from "../../src/ingest/ingestFile";
import { BACKENDS } from "../backends";
import { contacts, csvOf, jsonlOf, mirroredContacts, useServer, writeFile } from "./helpers";

const byId = (a: Record<string, unknown>, b: Record<string, unknown>) => String(a.contact_id).localeCompare(String(b.contact_id));

describe.each(BACKENDS)("loading a file ($name)", (backend) => {
  const served = useServer(backend);

  it("loads a CSV file completely, values coerced by the server and empty fields absent", async () => {
    const { dir, url, mirror } = served();
    const rows = contacts(2_345);
    const file = writeFile(dir, "contacts.csv", csvOf(rows));
    const summary = await ingestFile({ file, dataset: "contacts", server: url, batchSize: 500 });
    expect(summary).toMatchObject({ complete: true, batches: 5, replayedBatches: 0, rows: 2_345, received: 2_345, upserted: 2_345, unchanged: 0, quarantined: 0 });
    expect(await mirroredContacts(mirror)).toEqual([...rows].sort(byId));
    expect(summary.bytesRead).toBe(summary.fileBytes);
  });

  it("loads a gzip-compressed JSON Lines file (.jsonl.gz) with upserts and deletes", async () => {
    const { dir, url, mirror } = served();
    const rows = contacts(1_200);
    const deletes = rows.filter((_, i) => i % 10 === 0).map((r) => ({ contact_id: r.contact_id, row_scn: r.row_scn + 5_000, _change_request_type: "d" }));
    const file = writeFile(dir, "changes.jsonl.gz", jsonlOf([...rows, ...deletes]), true);
    const summary = await ingestFile({ file, dataset: "contacts", server: url, batchSize: 1_000 });
    expect(summary).toMatchObject({ complete: true, batches: 2, rows: 1_320, received: 1_320, upserted: 1_200, deleted: 120, quarantined: 0 });
    expect(await mirroredContacts(mirror)).toEqual(rows.filter((_, i) => i % 10 !== 0));
    expect(await mirror.tombstones("contacts")).toHaveLength(120);
  });

  it("detects gzip by its magic bytes when the name has no .gz (.ndjson), and reads a gzip-compressed CSV", async () => {
    const { dir, url, mirror } = served();
    const a = contacts(300);
    const b = contacts(200, 300);
    const ndjson = writeFile(dir, "part-a.ndjson", jsonlOf(a), true);
    const csvGz = writeFile(dir, "part-b.csv.gz", csvOf(b), true);
    expect((await ingestFile({ file: ndjson, dataset: "contacts", server: url })).upserted).toBe(300);
    expect((await ingestFile({ file: csvGz, dataset: "contacts", server: url })).upserted).toBe(200);
    expect(await mirroredContacts(mirror)).toEqual([...a, ...b]);
  });

  it("loads a file of the other change formats (Snowflake stream rows as CSV)", async () => {
    const { dir, url, mirror } = served();
    const rows = contacts(50).map((r) => ({ ...r, METADATA$ACTION: "INSERT", METADATA$ISUPDATE: "FALSE", METADATA$ROW_ID: `r${r.contact_id}` }));
    const columns = ["contact_id", "account_id", "last_name", "email_opt_in", "row_scn", "METADATA$ACTION", "METADATA$ISUPDATE", "METADATA$ROW_ID"];
    const file = writeFile(dir, "stream.csv", csvOf(rows, columns));
    const summary = await ingestFile({ file, dataset: "contacts", server: url, format: "snowflake" });
    expect(summary).toMatchObject({ format: "SNOWFLAKE_STREAM", received: 50, upserted: 50, quarantined: 0 });
    expect(await mirror.rows("contacts")).toHaveLength(50);
  });

  it("reads a Debezium file's Kafka tombstones (a line null, the record after a delete) as ignored records, not as an error", async () => {
    const { dir, url, mirror } = served();
    const source = { version: "2.7.0.Final", connector: "postgresql", name: "crm", db: "crm", schema: "public", table: "contacts", lsn: 24023128 };
    const [c1, c2] = contacts(2);
    const lines = [
      { before: null, after: c1, source, op: "c", ts_ms: 1767225600000 },
      { before: null, after: c2, source, op: "c", ts_ms: 1767225600000 },
      { before: c2, after: null, source: { ...source, lsn: 24023129 }, op: "d", ts_ms: 1767225601000 },
      null,
    ]
      .map((r) => JSON.stringify(r))
      .join("\n");
    const file = writeFile(dir, "topic.jsonl", `${lines}\n`);
    const summary = await ingestFile({ file, dataset: "contacts", server: url, format: "debezium" });
    expect(summary).toMatchObject({ format: "DEBEZIUM", received: 4, upserted: 2, deleted: 1, ignored: 1, quarantined: 0 });
    expect((await mirror.rows("contacts")).map((r) => r.row.contact_id)).toEqual([c1!.contact_id]);
    // In the mirror's own format a null line is still not a row.
    const native = writeFile(dir, "native.jsonl", "null\n");
    await expect(ingestFile({ file: native, dataset: "contacts", server: url })).rejects.toMatchObject({ code: "JSONL_SYNTAX" });
  });

  it("loads a file with a header only, or a JSON Lines file with blank lines only, as nothing", async () => {
    const { dir, url } = served();
    const csv = writeFile(dir, "empty.csv", "contact_id,row_scn\n");
    const jsonl = writeFile(dir, "empty.jsonl", "\n\n");
    expect(await ingestFile({ file: csv, dataset: "contacts", server: url })).toMatchObject({ complete: true, batches: 0, rows: 0 });
    expect(await ingestFile({ file: jsonl, dataset: "contacts", server: url })).toMatchObject({ complete: true, batches: 0, rows: 0 });
  });

  it("refuses a file whose type its name does not tell, and a missing file, before sending anything", async () => {
    const { dir, url } = served();
    const txt = writeFile(dir, "rows.txt", "a,b\n1,2\n");
    await expect(ingestFile({ file: txt, dataset: "contacts", server: url })).rejects.toMatchObject({ code: "UNKNOWN_FILE_TYPE" });
    await expect(ingestFile({ file: `${dir}/missing.csv`, dataset: "contacts", server: url })).rejects.toMatchObject({ code: "FILE_NOT_FOUND" });
  });
});
