// Golden tests: each operations/<case>.graphql runs over the demo mirror on each backend
// (test/backends.ts). One result per case for both: operations/<case>.golden.json holds it
// with the statements SQLite ran, and PostgreSQL's answer must be that result byte for byte;
// the statements PostgreSQL ran are kept beside it in operations/<case>.postgres.sql.json,
// so that a change of statement (or of their number) on either dialect shows in review.
// A first line `# variables: {...}` gives variables. Update with `npx vitest run -u`.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BACKENDS, type Backend } from "../backends";
import { demoApi, type Executed } from "./fixture";

const dir = join(import.meta.dirname, "operations");
const cases = readdirSync(dir)
  .filter((f) => f.endsWith(".graphql"))
  .sort();
const fileOf = (file: string, suffix: string) => join(dir, file.replace(/\.graphql$/, suffix));

const json = (value: unknown) => JSON.stringify(value, null, 2) + "\n";

/**
 * SQLite's result of each case in this run, checked against <case>.golden.json: vitest writes
 * updated snapshot files only when the file's tests end, so during an update (-u) the file
 * still holds the old result.
 */
const sqliteResults = new Map<string, unknown>();

/** How each dialect's run is checked against the snapshots of its case. */
const SNAPSHOTS: Record<Backend["name"], (file: string, executed: Executed) => Promise<void>> = {
  // SQLite writes the case's result, beside its own statements.
  sqlite: async (file, executed) => {
    await expect(json(executed)).toMatchFileSnapshot(fileOf(file, ".golden.json"));
    sqliteResults.set(file, executed.result);
  },
  postgres: async (file, executed) => {
    const golden = sqliteResults.has(file) ? sqliteResults.get(file) : (JSON.parse(readFileSync(fileOf(file, ".golden.json"), "utf8")) as Executed).result;
    expect(json(executed.result), "the result of <case>.golden.json").toBe(json(golden));
    await expect(json(executed.sql)).toMatchFileSnapshot(fileOf(file, ".postgres.sql.json"));
  },
};

describe.each(BACKENDS)("golden operations over the demo data ($name)", (backend) => {
  let api: Awaited<ReturnType<typeof demoApi>>;
  beforeAll(async () => {
    api = await demoApi({ defaultPageSize: 100, maxPageSize: 50 }, "compiled", backend.location({ lifetime: "file" }));
  }, 60_000);
  afterAll(() => api?.close());

  it.each(cases)("%s", async (file) => {
    const text = readFileSync(join(dir, file), "utf8");
    const vars = /^# variables: (.*)$/m.exec(text);
    await SNAPSHOTS[backend.name](file, await api.execute(text, vars ? JSON.parse(vars[1]!) : {}));
  });
});
