// Where anonymous callers are let in (issue #10), on each backend: on loopback while the
// database holds no key and no JWT is configured (the demo stays one command), nowhere else
// unless the operator accepts it; a server on another address refuses to start without a way to
// authenticate. Then the commands: `mirrorql serve` refusing 0.0.0.0, and `mirrorql ingest`
// loading into a server that needs a key (--token or MIRRORQL_TOKEN).

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MirrorError } from "../../src/errors";
import type { Mirror } from "../../src/mirror";
import { startServer, type RunningServer, type ServerOptions } from "../../src/server/createServer";
import { BACKENDS } from "../backends";
import { contacts, csvOf, jsonlOf } from "../ingest/helpers";
import { codesOf, contactRow, createKey, graphql } from "./accessClient";

const CONTACTS = `{ contacts(first: 1) { totalCount } }`;
const APPLY = `mutation($changes: [JSONObject!]!) { applyChanges(dataset: "contacts", changes: $changes) { status } }`;
const JWT = { secret: "a shared secret of the identity provider, 32+ bytes" };

/** Runs `node bin/mirrorql.js ARGS` with `env` added (server logs silenced) and collects its output. */
function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const base: NodeJS.ProcessEnv = { ...process.env, MIRRORQL_LOG: "silent" };
    delete base.MIRRORQL_TOKEN;
    const child = spawn(process.execPath, ["bin/mirrorql.js", ...args], { env: { ...base, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** The loopback URL of a server, wherever it listens (0.0.0.0 too). */
const loopbackUrl = (server: RunningServer) => `http://127.0.0.1:${server.port}/graphql`;

describe.each(BACKENDS)("where anonymous callers are let in ($name)", (backend) => {
  let mirror: Mirror;
  const running: RunningServer[] = [];
  const serve = async (options: ServerOptions) => {
    const server = await startServer(mirror, { port: 0, ...options });
    running.push(server);
    return server;
  };

  beforeEach(async () => {
    mirror = await backend.open({ schemaDir: "schema" }, { reopen: true });
  }, 30_000);
  afterEach(async () => {
    for (const s of running.splice(0)) await s.stop();
  }, 30_000);

  it("on loopback, without keys or JWT settings, a request without credentials may do everything", async () => {
    const server = await serve({ host: "127.0.0.1" });
    expect((await graphql(server.url, {}, CONTACTS)).body).toEqual({ data: { contacts: { totalCount: 0 } } });
    expect((await graphql(server.url, {}, APPLY, { changes: [contactRow("anon-1")] })).body).toEqual({ data: { applyChanges: { status: "APPLIED" } } });
    expect(
      (
        await graphql(
          server.url,
          {},
          `
            {
              apiKeys {
                name
              }
            }
          `,
        )
      ).status,
    ).toBe(200);
  });

  it("on loopback, once the database holds a key, a request without credentials is refused 401", async () => {
    const { text } = await createKey(mirror, "ci", ["read"]);
    const server = await serve({ host: "127.0.0.1" });
    const answer = await graphql(server.url, {}, CONTACTS);
    expect(answer.status).toBe(401);
    expect(answer.headers.get("www-authenticate")).toBe('Bearer realm="mirrorql"');
    expect(codesOf(answer)).toEqual(["UNAUTHENTICATED"]);
    expect((await graphql(server.url, { token: text }, CONTACTS)).status).toBe(200);
  });

  it("on loopback, a key made through the API shuts anonymous callers out at the next request", async () => {
    const server = await serve({ host: "127.0.0.1" });
    const made = await graphql(
      server.url,
      {},
      `
        mutation {
          createApiKey(name: "first", scopes: ["admin"]) {
            token
          }
        }
      `,
    );
    const { token } = made.body.data.createApiKey;
    expect((await graphql(server.url, {}, CONTACTS)).status).toBe(401);
    expect((await graphql(server.url, { token }, CONTACTS)).status).toBe(200);
  });

  it("on loopback, with JWT settings, a request without credentials is refused 401", async () => {
    const server = await serve({ host: "127.0.0.1", access: { jwt: JWT } });
    expect((await graphql(server.url, {}, CONTACTS)).status).toBe(401);
  });

  it("on another address, without keys or JWT settings, the server refuses to start (BAD_USER_INPUT naming --allow-anonymous) and leaves nothing behind", async () => {
    const refusal = await serve({ host: "0.0.0.0" }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(refusal).toBeInstanceOf(MirrorError);
    expect((refusal as MirrorError).code).toBe("BAD_USER_INPUT");
    expect((refusal as MirrorError).message).toContain("--allow-anonymous");
    expect((refusal as MirrorError).message).toContain("mirrorql keys create");
    // Nothing holds the database: a server on loopback starts over it.
    expect((await graphql((await serve({ host: "127.0.0.1" })).url, {}, CONTACTS)).status).toBe(200);
  });

  it("on another address, allowAnonymous starts the server with a warning in the log, and anonymousScopes bound it", async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => (lines.push(String(chunk)), true));
    // Logs on for the start, whatever the environment says.
    const level = process.env.MIRRORQL_LOG;
    delete process.env.MIRRORQL_LOG;
    let server: RunningServer;
    try {
      server = await serve({ host: "0.0.0.0", access: { allowAnonymous: true, anonymousScopes: ["read"] } });
    } finally {
      spy.mockRestore();
      if (level !== undefined) process.env.MIRRORQL_LOG = level;
    }
    const warning = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.event === "anonymous_access_allowed");
    expect(warning).toMatchObject({ level: "warn", host: "0.0.0.0", scopes: ["read"] });
    expect((await graphql(loopbackUrl(server), {}, CONTACTS)).status).toBe(200);
    expect((await graphql(loopbackUrl(server), {}, APPLY, { changes: [contactRow("anon-2")] })).status).toBe(403);
  });

  it("on another address, a key in the database is a way to authenticate: the server starts and refuses anonymous callers", async () => {
    const { text } = await createKey(mirror, "remote", ["read"]);
    const server = await serve({ host: "0.0.0.0" });
    expect((await graphql(loopbackUrl(server), {}, CONTACTS)).status).toBe(401);
    expect((await graphql(loopbackUrl(server), { token: text }, CONTACTS)).status).toBe(200);
  });

  it("on another address, a revoked or expired key is no way to authenticate: the server refuses to start", async () => {
    await createKey(mirror, "old", ["read"]);
    await mirror.revokeApiKey("old");
    await createKey(mirror, "past", ["read"], { expiresAt: new Date(Date.now() - 1000).toISOString() });
    await expect(serve({ host: "0.0.0.0" })).rejects.toThrow(/--allow-anonymous/);
  });

  it("on another address, JWT settings are a way to authenticate: the server starts", async () => {
    const server = await serve({ host: "0.0.0.0", access: { jwt: JWT } });
    expect((await graphql(loopbackUrl(server), {}, CONTACTS)).status).toBe(401);
  });
});

/** Starts `mirrorql serve ARGS` (logs on), resolves with its URL once it listens; stopped by SIGTERM at the end of the test. */
async function serveCommand(args: string[], stop: (() => Promise<unknown>)[]): Promise<{ url: string; stderr: () => string }> {
  const { NODE_ENV: _test, MIRRORQL_LOG: _level, ...env } = process.env;
  const child = spawn(process.execPath, ["bin/mirrorql.js", "serve", "--port", "0", ...args], { env });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  stop.push(
    () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.on("exit", resolve);
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
      }),
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /at (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on("exit", (code) => reject(new Error(`exited with ${code}: ${out} ${stderr}`)));
  });
  return { url, stderr: () => stderr };
}

describe("mirrorql serve and ingest with access control", () => {
  const stops: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
  }, 30_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "mirrorql-access-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("serve on 0.0.0.0 without keys or JWT settings exits 1 naming --allow-anonymous", async () => {
    const result = await run(["serve", "--host", "0.0.0.0", "--port", "0", "--db", join(dir, "open.db")]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Refusing to listen on 0.0.0.0 without authentication");
    expect(result.stderr).toContain("--allow-anonymous");
    expect(result.stdout).not.toContain("mirrorql serving");
  }, 60_000);

  it("a key made by mirrorql keys create lets serve listen on 0.0.0.0, and is the credential it asks for", async () => {
    const db = join(dir, "keyed.db");
    const created = await run(["keys", "create", "--db", db, "--name", "reader", "--scope", "read:regions"]);
    expect(created.code).toBe(0);
    const key = created.stdout.trim();
    const { url } = await serveCommand(["--host", "0.0.0.0", "--db", db, "--demo"], stops);
    const local = url.replace("0.0.0.0", "127.0.0.1");
    expect(
      (
        await graphql(
          local,
          {},
          `
            {
              regions {
                totalCount
              }
            }
          `,
        )
      ).status,
    ).toBe(401);
    expect(
      (
        await graphql(
          local,
          { token: key },
          `
            {
              regions {
                totalCount
              }
            }
          `,
        )
      ).body,
    ).toEqual({ data: { regions: { totalCount: 7 } } });
    expect(
      (
        await graphql(
          local,
          { token: key },
          `
            {
              accounts {
                totalCount
              }
            }
          `,
        )
      ).status,
    ).toBe(403);
  }, 60_000);

  it("serve --allow-anonymous listens on 0.0.0.0 with a warning in its log, and --anonymous-scopes bounds what anonymous callers do", async () => {
    const { url, stderr } = await serveCommand(["--host", "0.0.0.0", "--db", join(dir, "open.db"), "--demo", "--allow-anonymous", "--anonymous-scopes", "read:regions"], stops);
    const warning = stderr()
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.event === "anonymous_access_allowed");
    expect(warning).toMatchObject({ level: "warn", host: "0.0.0.0", scopes: ["read:regions"] });
    const local = url.replace("0.0.0.0", "127.0.0.1");
    expect(
      (
        await graphql(
          local,
          {},
          `
            {
              regions {
                totalCount
              }
            }
          `,
        )
      ).body,
    ).toEqual({ data: { regions: { totalCount: 7 } } });
    expect(
      (
        await graphql(
          local,
          {},
          `
            {
              accounts {
                totalCount
              }
            }
          `,
        )
      ).status,
    ).toBe(403);
  }, 60_000);
});

describe.each(BACKENDS)("mirrorql ingest into a server that needs a key ($name)", (backend) => {
  let mirror: Mirror;
  let server: RunningServer;
  let dir: string;
  let token: string;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "mirrorql-access-"));
    // A file on SQLite: the server's writer thread opens it too.
    mirror = await backend.open({ schemaDir: "schema" }, { reopen: true });
    token = (await createKey(mirror, "pipeline", ["write:contacts"])).text;
    server = await startServer(mirror, { port: 0 });
  }, 30_000);
  afterEach(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it("loads a CSV file with --token, and a JSONL file with MIRRORQL_TOKEN", async () => {
    const csv = join(dir, "contacts.csv");
    writeFileSync(csv, csvOf(contacts(30)));
    const byFlag = await run(["ingest", csv, "--dataset", "contacts", "--server", server.url, "--token", token]);
    expect(byFlag.code).toBe(0);
    expect(byFlag.stdout).toContain(`Loaded ${csv} into contacts`);
    // The key never shows in the output (shell logs of pipelines keep it).
    expect(byFlag.stdout + byFlag.stderr).not.toContain(token.slice(16));
    const jsonl = join(dir, "more.jsonl");
    writeFileSync(jsonl, jsonlOf(contacts(20, 30)));
    const byEnv = await run(["ingest", jsonl, "--dataset", "contacts", "--server", server.url], { MIRRORQL_TOKEN: token });
    expect(byEnv.code).toBe(0);
    expect(byEnv.stdout).toContain(`Loaded ${jsonl} into contacts`);
    expect(await mirror.rows("contacts")).toHaveLength(50);
  }, 60_000);

  it("a key over its write rate is answered 429, which ingest waits out (Retry-After) and loads everything", async () => {
    const slow = (await createKey(mirror, "slow-pipeline", ["write:contacts"], { limits: { writesPerSecond: 2 } })).text;
    const csv = join(dir, "contacts.csv");
    writeFileSync(csv, csvOf(contacts(50)));
    const result = await run(["ingest", csv, "--dataset", "contacts", "--server", server.url, "--token", slow, "--batch-size", "10", "--in-flight", "3"]);
    expect(result.code).toBe(0);
    expect(await mirror.rows("contacts")).toHaveLength(50);
  }, 60_000);

  it("without a token, or with one that may not write the dataset, ingest exits 2 saying why and loads nothing", async () => {
    const csv = join(dir, "contacts.csv");
    writeFileSync(csv, csvOf(contacts(5)));
    const anonymous = await run(["ingest", csv, "--dataset", "contacts", "--server", server.url]);
    expect(anonymous.code).toBe(2);
    expect(anonymous.stderr).toMatch(/mirrorql ingest: UNAUTHENTICATED: .*Authorization: Bearer/);
    const bogus = await run(["ingest", csv, "--dataset", "contacts", "--server", server.url, "--token", "mq_abcdefghijkl_" + "A".repeat(43)]);
    expect(bogus.code).toBe(2);
    expect(bogus.stderr).toMatch(/UNAUTHENTICATED: .*The API key is not valid/);
    const accounts = join(dir, "accounts.jsonl");
    writeFileSync(accounts, jsonlOf([{ account_id: "a1", name: "A", region_code: "NA", is_customer: true, updated_at: "2026-01-01T00:00:00Z" }]));
    const forbidden = await run(["ingest", accounts, "--dataset", "accounts", "--server", server.url, "--token", token]);
    expect(forbidden.code).toBe(2);
    expect(forbidden.stderr).toMatch(/FORBIDDEN: .*"write:accounts"/);
    expect(await mirror.rows("contacts")).toHaveLength(0);
    expect(await mirror.rows("accounts")).toHaveLength(0);
  }, 60_000);
});
