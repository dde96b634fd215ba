// The API over real HTTP against a started server.

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDemoChanges } from "../../src/demo/loadDemoChanges";
import { Mirror } from "../../src/mirror";
import { startServer, type RunningServer } from "../../src/server/createServer";

let dir: string;
let mirror: Mirror;
let server: RunningServer;
const base = () => server.url.replace(/\/graphql$/, "");

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "mirrorql-http-"));
  mirror = Mirror.open({ database: join(dir, "mirror.db"), schemaDir: "schema" });
  loadDemoChanges(mirror);
  server = await startServer(mirror, { port: 0 });
});
afterAll(async () => {
  await server.stop();
  mirror.close();
  rmSync(dir, { recursive: true, force: true });
});

const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(server.url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

describe("HTTP", () => {
  it("answers POST JSON queries with variables", async () => {
    const res = await post({ query: "query($id: String!) { account(account_id: $id) { name contacts { totalCount } } }", variables: { id: "acc-1001" } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { account: { name: "Northwind Traders", contacts: { totalCount: 2 } } } });
  });

  it("answers GET queries that carry a preflight header, and refuses them without (CSRF prevention)", async () => {
    const url = `${server.url}?query=${encodeURIComponent("{ regions(first: 1) { nodes { region_code } } }")}`;
    const ok = await fetch(url, { headers: { "apollo-require-preflight": "true" } });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { data: unknown }).data).toEqual({ regions: { nodes: [{ region_code: "APAC" }] } });
    const refused = await fetch(url);
    expect(refused.status).toBe(400);
  });

  it("keeps a 64-bit value beyond 2^53 unchanged end to end", async () => {
    const res = await post({ query: '{ contacts(where: { row_scn: { _eq: "9007199254740993" } }) { nodes { contact_id row_scn } } }' });
    expect(await res.text()).toContain('"row_scn":"9007199254740993"');
  });

  it("serves /healthz and a clear 404 elsewhere", async () => {
    expect(await (await fetch(`${base()}/healthz`)).json()).toEqual({ status: "ok", datasets: 7 });
    const missing = await fetch(`${base()}/nope`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: string }).error).toContain("/graphql");
  });

  it("refuses a body that is not JSON with BAD_REQUEST", async () => {
    const res = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json" }, body: "{nope" });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain("BAD_REQUEST");
  });

  it("answers introspection by default", async () => {
    const res = await post({ query: "{ __type(name: \"Contact\") { fields { name } } }" });
    const names = ((await res.json()) as { data: { __type: { fields: { name: string }[] } } }).data.__type.fields.map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(["contact_id", "row_scn", "_version", "_updatedAt", "account", "ownedOpportunities", "webEvents"]));
  });
});

describe("mirrorql serve", () => {
  it("starts from the command line, refuses introspection when switched off, and stops cleanly on SIGTERM", async () => {
    const db = join(dir, "cli.db");
    const child = spawn(process.execPath, ["bin/mirrorql.js", "serve", "--port", "0", "--db", db, "--demo", "--no-introspection"], {
      env: { ...process.env, MIRRORQL_LOG: "silent" },
    });
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        const m = /at (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on("exit", (code) => reject(new Error(`exited with ${code}: ${out}`)));
    });
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ __schema { types { name } } }" }) });
    expect(JSON.stringify(await res.json())).toContain("introspection");
    const data = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ regions { totalCount } }" }) });
    expect(await data.json()).toEqual({ data: { regions: { totalCount: 7 } } });
    const code = await new Promise<number | null>((resolve) => {
      child.on("exit", resolve);
      child.kill("SIGTERM");
    });
    expect(code).toBe(0);
    // Closed cleanly: the file reopens and holds the demo data.
    const reopened = Mirror.open({ database: db, schemaDir: "schema" });
    expect(reopened.rows("regions")).toHaveLength(7);
    reopened.close();
  });

  it("prints every problem of broken models and exits 1", async () => {
    const child = spawn(process.execPath, ["bin/mirrorql.js", "check", "--schema", "test"], { env: process.env });
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(1);
    expect(err).toContain("the folder holds no model file");
  });
});
