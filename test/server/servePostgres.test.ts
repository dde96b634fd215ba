// `mirrorql serve` on PostgreSQL, as a user starts it: DATABASE_URL or --db with a postgres://
// URL, --pg-schema, the demo loaded, reads and writes over HTTP, a clean stop, and clear
// refusals for what cannot work there.

import { spawn } from "node:child_process";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";

const url = inject("postgresUrl");
const schema = `mq_serve_${process.pid}`;

afterAll(async () => {
  if (!url) return;
  const client = new pg.Client(url);
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
});

/** Runs `mirrorql serve` with `args` and `env`; resolves with its URL once listening (and its log so far). */
function serve(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ["bin/mirrorql.js", "serve", "--port", "0", ...args], { env: { ...process.env, ...env } });
  let out = "";
  let err = "";
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /at (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on("exit", (code) => reject(new Error(`exited with ${code}: ${out}${err}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  return { child, listening, exited, log: () => out + err };
}

const post = async (endpoint: string, query: string) =>
  (await fetch(endpoint, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) })).json();

describe.skipIf(!url)("mirrorql serve on PostgreSQL", () => {
  it("serves the demo models from the schema DATABASE_URL and --pg-schema name, reads and writes, and stops cleanly", async () => {
    // Trust authentication accepts any password: this one must never reach the log.
    const withPassword = url!.replace("postgres://postgres@", "postgres://postgres:s3cret@");
    const server = serve(["--pg-schema", schema, "--demo"], { DATABASE_URL: withPassword });
    const endpoint = await server.listening;
    expect(await post(endpoint, `{ regions { totalCount } account(account_id: "acc-1001") { name contacts { totalCount } } }`)).toEqual({
      data: { regions: { totalCount: 7 }, account: { name: "Northwind Traders", contacts: { totalCount: 2 } } },
    });
    const applied = await post(
      endpoint,
      `mutation { applyChanges(dataset: "regions", batchId: "serve-pg-1", changes: [{ region_code: "zz", name: "Zed", revision: "1" }]) { status datasets { upserted } } }`,
    );
    expect(applied).toEqual({ data: { applyChanges: { status: "APPLIED", datasets: [{ upserted: 1 }] } } });
    expect(await post(endpoint, `{ region(region_code: "zz") { name } }`)).toEqual({ data: { region: { name: "Zed" } } });
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    expect(server.log()).toContain("postgres://postgres:***@");
    expect(server.log()).not.toContain("s3cret");

    // The data is in the named schema, where a second start finds it (the demo is not loaded twice).
    const client = new pg.Client(url!);
    await client.connect();
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM ${schema}.regions`);
    await client.end();
    expect(rows).toEqual([{ n: 8 }]);
    const again = serve(["--db", url!, "--pg-schema", schema, "--demo"]);
    expect(await post(await again.listening, `{ regions { totalCount } }`)).toEqual({ data: { regions: { totalCount: 8 } } });
    again.child.kill("SIGTERM");
    expect(await again.exited).toBe(0);
  });

  it.each([
    [["--engine", "resolvers"], "--engine resolvers reads SQLite only"],
    [["--pg-schema", "Not-A-Name"], "The PostgreSQL schema name must be lower-case letters"],
  ])("refuses %j on PostgreSQL with a clear message", async (args, message) => {
    const server = serve(["--db", url!, ...args]);
    server.listening.catch(() => undefined);
    expect(await server.exited).toBe(1);
    expect(server.log()).toContain(message);
  });

  it("says which database it cannot open, without the password", async () => {
    const server = serve(["--db", "postgres://postgres:s3cret@127.0.0.1:1/test"]);
    server.listening.catch(() => undefined);
    expect(await server.exited).toBe(1);
    expect(server.log()).toContain("Cannot open the PostgreSQL database postgres://postgres:***@127.0.0.1:1/test: connect ECONNREFUSED");
    expect(server.log()).not.toContain("s3cret");
  });
});

describe("mirrorql serve on SQLite", () => {
  it("refuses --pg-schema, which names a PostgreSQL schema", async () => {
    const server = serve(["--db", ":memory:", "--pg-schema", "mirrorql"], { DATABASE_URL: "" });
    server.listening.catch(() => undefined);
    expect(await server.exited).toBe(1);
    expect(server.log()).toContain("--pg-schema applies to a PostgreSQL database only");
  });
});
