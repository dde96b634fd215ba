// `mirrorql keys create|list|revoke` as a user runs it: the key printed once and only its hash
// stored, lists without secrets, revocation, audit entries, exit code 2 with one line for bad
// input, beside a running server on the same SQLite file, and on PostgreSQL.

import { runMirrorql } from "../runMirrorql";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, afterEach, describe, expect, inject, it } from "vitest";
import { hashSecret, parseApiKey } from "../../src/auth/apiKeys";
import { Mirror } from "../../src/mirror";
import { startServer } from "../../src/server/createServer";
import { openStorage } from "../../src/storage/openStorage";

/** Runs `mirrorql keys ...args` (in `cwd`, default this checkout). */
const keys = (args: string[], env: Record<string, string> = {}, cwd = process.cwd()) => runMirrorql(["keys", ...args], env, cwd);

/** The audit log, read as the server would, to see what the command recorded. */
async function storedAudit(database: string, pgSchema?: string) {
  const storage = await openStorage(database, pgSchema !== undefined ? { pgSchema } : {});
  try {
    return await storage.auditLog({ limit: 100 });
  } finally {
    await storage.close();
  }
}

/** One key, read as the server would. */
async function storedKey(database: string, id: string, pgSchema?: string) {
  const storage = await openStorage(database, pgSchema !== undefined ? { pgSchema } : {});
  try {
    return await storage.apiKey(id);
  } finally {
    await storage.close();
  }
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const freshFile = () => {
  const dir = mkdtempSync(join(tmpdir(), "mirrorql-keys-"));
  dirs.push(dir);
  return join(dir, "mirror.db");
};

/** The whole life of a key on one database: what every backend must do the same. */
async function createListRevoke(db: string[], database: string, pgSchema?: string) {
  const created = await keys(["create", "--name", "nightly export", "--scope", "read", "--scope", "write:contacts", "--expires", "2099-01-01", "--max-nodes", "5000", ...db]);
  expect(created.code).toBe(0);
  const text = created.stdout.trim();
  const parsed = parseApiKey(text);
  expect(parsed, `stdout is the key text alone: ${created.stdout}`).toBeDefined();
  expect(created.stderr).toContain("cannot be shown again");
  expect(created.stderr).not.toContain(parsed!.secret);

  const key = await storedKey(database, parsed!.id, pgSchema);
  expect(key).toMatchObject({ name: "nightly export", scopes: ["read", "write:contacts"], limits: { maxNodes: 5000 }, expiresAt: "2099-01-01T00:00:00.000Z", revokedAt: null });
  expect(key!.secretHash).toEqual(hashSecret(parsed!.secret));

  for (const args of [["list"], ["list", "--json"]]) {
    const listed = await keys([...args, ...db]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(parsed!.id);
    expect(listed.stdout).toContain("nightly export");
    for (const secretForm of [parsed!.secret, text, key!.secretHash.toString("hex"), key!.secretHash.toString("base64"), key!.secretHash.toString("base64url")]) {
      expect(listed.stdout + listed.stderr).not.toContain(secretForm);
    }
  }
  const json = JSON.parse((await keys(["list", "--json", ...db])).stdout) as Record<string, unknown>[];
  expect(json).toEqual([expect.objectContaining({ id: parsed!.id, name: "nightly export", scopes: ["read", "write:contacts"], revokedAt: null })]);
  expect(Object.keys(json[0]!)).not.toContain("secretHash");

  const revoked = await keys(["revoke", "nightly export", ...db]);
  expect(revoked.code).toBe(0);
  expect(revoked.stdout).toContain(`Revoked API key ${parsed!.id}`);
  expect((await storedKey(database, parsed!.id, pgSchema))!.revokedAt).not.toBeNull();

  const audit = await storedAudit(database, pgSchema);
  expect(audit.map(({ principal, action, target }) => ({ principal, action, target }))).toEqual([
    { principal: "cli", action: "key.revoke", target: { id: parsed!.id, name: "nightly export" } },
    { principal: "cli", action: "key.create", target: { id: parsed!.id, name: "nightly export", scopes: ["read", "write:contacts"] } },
  ]);

  const unknown = await keys(["revoke", "nobody", ...db]);
  expect(unknown.code).toBe(1);
  expect(unknown.stderr).toBe(`mirrorql keys: No API key has the id or name "nobody"; mirrorql keys list shows them.\n`);
}

describe("mirrorql keys on SQLite", () => {
  it("create prints the key once and stores only its hash; list never shows a secret; revoke by name; both audited", async () => {
    const database = freshFile();
    await createListRevoke(["--db", database], database);
  });

  it("a name taken before, even by a revoked key, exits 2 naming the rule", async () => {
    const database = freshFile();
    expect((await keys(["create", "--name", "ci", "--scope", "read", "--db", database])).code).toBe(0);
    expect((await keys(["revoke", "ci", "--db", database])).code).toBe(0);
    const again = await keys(["create", "--name", "ci", "--scope", "read", "--db", database]);
    expect(again).toMatchObject({ code: 2, stdout: "" });
    expect(again.stderr).toContain(`An API key named "ci" exists already (revoked or not)`);
  });

  it.each([
    [["create", "--name", "ci", "--scope", "reed"], `The scope "reed" is not valid`],
    [["create", "--name", "ci", "--scope", "read:no__such"], `received "no__such"`],
    [["create", "--scope", "read"], "Name the key with --name NAME"],
    [["create", "--name", "ci"], "Give the key at least one --scope"],
    [["create", "--name", "ci", "--scope", "read", "--expires", "2027-02-30"], `--expires must be a date`],
    [["create", "--name", "ci", "--scope", "read", "--expires", "2001-01-01"], `--expires must be in the future`],
    [["create", "--name", "ci", "--scope", "read", "--expires-in", "soon"], `--expires-in must be a positive span`],
    [["create", "--name", "ci", "--scope", "read", "--reads-per-second", "0"], `--reads-per-second must be a positive number`],
    [["create", "--name", "ci", "--scope", "read", "--unknown"], "Unknown option '--unknown'"],
    [["list", "--scope", "read"], "Unknown option '--scope'"],
    [["revoke"], "Name one key to revoke"],
    [["rotate"], `Unknown keys command "rotate"`],
  ])("bad input %j exits 2 with one line and no stack, and creates nothing", async (args, message) => {
    const database = freshFile();
    const run = await keys([...args, "--db", database]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(message);
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(database)).toBe(false);
  });

  it("list on a file that does not exist exits 2 and does not create it", async () => {
    const database = freshFile();
    const run = await keys(["list", "--db", database]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`There is no SQLite database at ${database}`);
    expect(existsSync(database)).toBe(false);
  });

  it("runs beside a server on the same SQLite file, from a folder without model files, and the server sees the key", async () => {
    const database = freshFile();
    const elsewhere = mkdtempSync(join(tmpdir(), "mirrorql-no-schema-"));
    dirs.push(elsewhere);
    const mirror = await Mirror.open({ database, schemaDir: "schema" });
    const server = await startServer(mirror, { port: 0 });
    try {
      const created = await keys(["create", "--name", "beside-serve", "--scope", "read", "--db", database], {}, elsewhere);
      expect(created.code).toBe(0);
      const { id } = parseApiKey(created.stdout.trim())!;
      expect((await mirror.apiKey(id))?.name).toBe("beside-serve");
      expect(await mirror.activeApiKeys()).toBe(1);
    } finally {
      await server.stop();
      await mirror.close();
    }
  });
});

const url = inject("postgresUrl");
const schema = `mq_keys_${process.pid}`;
afterAll(async () => {
  if (!url) return;
  const client = new pg.Client(url);
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
});

describe.skipIf(!url)("mirrorql keys on PostgreSQL", () => {
  it("create, list and revoke on the schema --pg-schema names, as on SQLite", async () => {
    await createListRevoke(["--db", url!, "--pg-schema", schema], url!, schema);
  });

  it("DATABASE_URL names the database when --db is left out", async () => {
    const run = await keys(["create", "--name", "from-env", "--scope", "admin", "--pg-schema", schema], { DATABASE_URL: url! });
    expect(run.code).toBe(0);
    expect((await storedKey(url!, parseApiKey(run.stdout.trim())!.id, schema))?.name).toBe("from-env");
  });
});
