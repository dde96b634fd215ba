// `mirrorql import ddl` as a user runs it: one model file per table that `mirrorql check`
// accepts, notes on stderr, no overwrite without --force, and exit code 2 with every problem
// (file, line, table, column, fix) and nothing written when the DDL breaks a rule.

import { runMirrorql } from "../runMirrorql";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const FIXTURES = resolve("test/models/ddl");

const mirrorql = (args: string[]) => runMirrorql(args);

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "mirrorql-ddl-"));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("mirrorql import ddl", () => {
  it("writes one model file per table, notes narrowed types, and the folder passes mirrorql check", async () => {
    const out = join(tempDir(), "models");
    const run = await mirrorql(["import", "ddl", join(FIXTURES, "bigquery.sql"), "--version", "version", "--table", "page_views:timestamp=viewed_at", "--out", out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`wrote ${join(out, "PageView.json")}`);
    expect(run.stdout).toContain("3 models imported from bigquery DDL");
    expect(run.stderr).toMatch(/^note: .*customers\.balance NUMERIC \(line 6\)/m);
    expect(readdirSync(out).sort()).toEqual(["Customer.json", "Order.json", "PageView.json"]);
    expect(JSON.parse(readFileSync(join(out, "PageView.json"), "utf8"))).toMatchObject({ behavior: "time-series", timestamp: "viewed_at" });
    const check = await mirrorql(["check", "--schema", out]);
    expect(check.stderr).toBe("");
    expect(check.code).toBe(0);
  }, 60_000);

  it("each warehouse's fixture imports and checks, Databricks with several --table options", async () => {
    const cases: [string, string[]][] = [
      ["snowflake.sql", ["--version", "UPDATED_AT", "--table", "CONTACTS:name=Person,dataset=people"]],
      [
        "databricks.sql",
        ["--version", "commit_version", "--timestamp", "event_time", "--table", "accounts:timestamp=", "--table", "account_notes:timestamp=", "--dialect", "databricks"],
      ],
    ];
    for (const [file, args] of cases) {
      const out = tempDir();
      const run = await mirrorql(["import", "ddl", join(FIXTURES, file), ...args, "--out", out]);
      expect(run.code, run.stderr).toBe(0);
      const check = await mirrorql(["check", "--schema", out]);
      expect(check.code, check.stderr).toBe(0);
    }
  }, 60_000);

  it("exits 2 listing every problem with file, line, table, column and fix; writes nothing", async () => {
    const out = join(tempDir(), "models");
    const file = join(FIXTURES, "problems.sql");
    const run = await mirrorql(["import", "ddl", file, "--version", "UPDATED_AT", "--out", out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^9 problems; nothing was written:/);
    expect(run.stderr).toContain(`  - ${file} at line 4, table SALES.PUBLIC.CUSTOMERS, column TAGS: column "TAGS" has type ARRAY, an array`);
    expect(run.stderr).toMatch(/at line 10, table SALES\.PUBLIC\.AUDIT_LOG: table SALES\.PUBLIC\.AUDIT_LOG has no primary key; .* Fix: add the columns/);
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  it("refuses to overwrite without --force, and a malformed --table option", async () => {
    const out = tempDir();
    writeFileSync(join(out, "Account.json"), "{}");
    const args = ["import", "ddl", join(FIXTURES, "databricks.sql"), "--version", "commit_version", "--out", out];
    const refused = await mirrorql(args);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/Account\.json already exists .* nothing was written\. Add --force/);
    expect(existsSync(join(out, "Event.json"))).toBe(false);
    const forced = await mirrorql([...args, "--force"]);
    expect(forced.code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, "Account.json"), "utf8"))).toMatchObject({ name: "Account" });
    const malformed = await mirrorql([...args, "--table", "accounts:versoin=x"]);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/--table "accounts:versoin=x" is not T:KEY=VALUE/);
  }, 60_000);
});
