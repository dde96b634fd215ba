// `mirrorql ingest` as a command against a started server: exit code 0 when loaded,
// 1 with the quarantine hint when rows were quarantined, 2 when stopped by an error
// (printed with its code); progress on stderr, the summary on stdout.

import { describe, expect, it } from "vitest";
import { BACKENDS } from "../backends";
import { contacts, csvOf, ingestCommand as cli, useServer, writeFile } from "./helpers";

describe.each(BACKENDS)("mirrorql ingest ($name)", (backend) => {
  const served = useServer(backend);

  it("exits 0 after a complete load, with the summary on stdout and progress lines on stderr", async () => {
    const { dir, url, mirror } = served();
    const file = writeFile(dir, "contacts.csv", csvOf(contacts(250)));
    const run = await cli([file, "--dataset", "contacts", "--server", url, "--batch-size", "100", "--stats"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Loaded ${file} into contacts (NATIVE)`);
    expect(run.stdout).toMatch(/3 batches \(0 replayed\), 250 rows/);
    expect(run.stdout).toMatch(/upserted\s+250/);
    expect(run.stderr).toMatch(/ingest: \d+ batches, [\d,]+ rows sent, [\d,]+ rows\/s, \d+% of the file read/);
    expect(run.stderr).toMatch(/stats: \{"maxRssBytes":\d+,"rows":250,/);
    expect(await mirror.rows("contacts")).toHaveLength(250);
  }, 60_000);

  it("exits 1 when rows were quarantined, listing the first ones and where to see and replay them", async () => {
    const { dir, url, mirror } = served();
    const rows: Record<string, unknown>[] = contacts(20);
    rows[4] = { ...rows[4], lead_score: "lots" };
    rows[17] = { ...rows[17], email_opt_in: "maybe" };
    const file = writeFile(dir, "contacts.csv", csvOf(rows));
    const run = await cli([file, "--dataset", "contacts", "--server", url, "--batch-size", "10"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/quarantined\s+2/);
    expect(run.stdout).toMatch(/batch contacts\.csv@[0-9a-f]{16}:1 row 4 \(line \d+\): INVALID_VALUE lead_score: .*"lots"/);
    expect(run.stdout).toMatch(/batch contacts\.csv@[0-9a-f]{16}:2 row 7 \(line \d+\): INVALID_VALUE email_opt_in/);
    expect(run.stdout).toContain('quarantine(dataset: "contacts"');
    expect(run.stdout).toContain('replayQuarantine(dataset: "contacts"');
    expect(await mirror.rows("contacts")).toHaveLength(18);
    expect(await mirror.quarantine("contacts")).toHaveLength(2);
  }, 60_000);

  it("exits 2 on a GraphQL error, printing its code, and on a usage error", async () => {
    const { dir, url } = served();
    const file = writeFile(dir, "contacts.csv", csvOf(contacts(5)));
    const unknown = await cli([file, "--dataset", "nope", "--server", url]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/mirrorql ingest: UNKNOWN_DATASET: Batch .* refused: Unknown dataset "nope"/);
    const noDataset = await cli([file, "--server", url]);
    expect(noDataset.code).toBe(2);
    expect(noDataset.stderr).toContain("--dataset");
    const badOption = await cli([file, "--dataset", "contacts", "--batch-size", "100000"]);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toContain("from 1 to 50000");
    const badFormat = await cli([file, "--dataset", "contacts", "--format", "parquet"]);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain("native, debezium, delta-cdf, snowflake, bigquery");
  }, 60_000);
});
