// Memory stays flat: a 1,000,000-row file loads with the client (the `mirrorql ingest`
// command, in its own process) under 200 MB of peak RSS, as printed by --stats.
// Slow (about a minute per file, the server's merge being the bottleneck): runs only
// with MIRRORQL_SLOW=1, e.g. `MIRRORQL_SLOW=1 npx vitest run test/ingest/memoryStaysFlat`.

import { closeSync, openSync, statSync, writeSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { BACKENDS } from "../backends";
import { count, ingestCommand as cli, useServer } from "./helpers";

const ROWS = 1_000_000;
const LIMIT = 200 * 1024 * 1024;

/** Writes the file 10,000 rows at a time, never holding it whole. */
function writeRows(file: string, header: string, line: (i: number) => string, gzip: boolean) {
  const fd = openSync(file, "w");
  try {
    if (header) writeSync(fd, gzip ? gzipSync(header) : Buffer.from(header));
    for (let start = 0; start < ROWS; start += 10_000) {
      let text = "";
      for (let i = start; i < start + 10_000; i++) text += line(i);
      // Concatenated gzip members are one gzip stream.
      writeSync(fd, gzip ? gzipSync(text) : Buffer.from(text));
    }
  } finally {
    closeSync(fd);
  }
}

const csvLine = (i: number) => `c${i},acc-${i % 500},First${i},"Last, ${i}",user${i}@example.com,"Director of ""Sales""",${i % 100},${i % 2 ? "true" : "false"},${i + 1}\n`;
const jsonLine = (i: number) =>
  `${JSON.stringify({ contact_id: `c${i}`, account_id: `acc-${i % 500}`, first_name: `First${i}`, last_name: `Last ${i}`, email: `user${i}@example.com`, lead_score: i % 100, email_opt_in: i % 2 === 1, row_scn: String(i + 1) })}\n`;

describe.skipIf(!process.env.MIRRORQL_SLOW).each(BACKENDS)("memory (MIRRORQL_SLOW=1, $name)", (backend) => {
  const served = useServer(backend);

  for (const [name, header, line, gzip] of [
    ["contacts-1m.csv", "contact_id,account_id,first_name,last_name,email,title,lead_score,email_opt_in,row_scn\n", csvLine, false],
    ["contacts-1m.jsonl.gz", "", jsonLine, true],
  ] as const) {
    it(`loads a ${ROWS.toLocaleString("en-US")}-row ${name} with the client under 200 MB RSS`, async () => {
      const { dir, url, mirror } = served();
      const file = join(dir, name);
      writeRows(file, header, line, gzip);
      const run = await cli([file, "--dataset", "contacts", "--server", url, "--batch-size", "5000", "--stats"]);
      expect(run.code, run.stderr).toBe(0);
      const stats = JSON.parse(/stats: (\{.*\})/.exec(run.stderr)![1]!) as { maxRssBytes: number; rows: number; elapsedMs: number; rowsPerSecond: number };
      console.log(
        `${name} (${(statSync(file).size / 1048576).toFixed(0)} MB): ${stats.rows} rows in ${(stats.elapsedMs / 1000).toFixed(1)} s, ${stats.rowsPerSecond} rows/s, client max RSS ${(stats.maxRssBytes / 1048576).toFixed(0)} MB`,
      );
      expect(stats.rows).toBe(ROWS);
      expect(await count(backend, mirror, "contacts")).toBe(ROWS);
      expect(stats.maxRssBytes).toBeLessThan(LIMIT);
    }, 600_000);
  }
});
