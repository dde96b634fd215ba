// One writing server per SQLite file, said at start; durability as configured.

import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Mirror } from "../../src/mirror";
import { startServer } from "../../src/server/createServer";
import { lockDatabaseFile } from "../../src/server/databaseLock";

const dirs: string[] = [];
const fresh = () => {
  const dir = mkdtempSync(join(tmpdir(), "mirrorql-lock-"));
  dirs.push(dir);
  return join(dir, "mirror.db");
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("one server per SQLite file", () => {
  it("a second server on the same file is refused at start, naming the first; after it stops the file is free", async () => {
    const db = fresh();
    const mirror = await Mirror.open({ database: db, schemaDir: "schema" });
    const first = await startServer(mirror, { port: 0 });
    try {
      const child = spawn(process.execPath, ["bin/mirrorql.js", "serve", "--port", "0", "--db", db], { env: { ...process.env, MIRRORQL_LOG: "silent" } });
      let err = "";
      child.stderr.on("data", (d: Buffer) => (err += d.toString()));
      expect(await new Promise((resolve) => child.on("exit", resolve))).toBe(1);
      expect(err).toContain(`${db} is already served by process ${process.pid} on ${hostname()}`);
      expect(err).toContain("serve several processes from PostgreSQL");
    } finally {
      await first.stop();
    }
    expect(existsSync(`${db}.serve.lock`)).toBe(false);
    const second = await startServer(mirror, { port: 0 });
    await second.stop();
    await mirror.close();
  });

  it("a lock left by a process that no longer runs (kill -9) is taken over", () => {
    const db = fresh();
    writeFileSync(`${db}.serve.lock`, JSON.stringify({ pid: 2 ** 22 + 1, host: hostname(), since: "2026-01-01T00:00:00.000Z" }));
    const lock = lockDatabaseFile(db);
    lock.release();
    expect(existsSync(`${db}.serve.lock`)).toBe(false);
  });

  it("a lock whose pid now belongs to another process (started at another time) is taken over", () => {
    const db = fresh();
    writeFileSync(`${db}.serve.lock`, JSON.stringify({ pid: process.pid, host: hostname(), since: "2026-01-01T00:00:00.000Z", started: "1" }));
    lockDatabaseFile(db).release();
    expect(existsSync(`${db}.serve.lock`)).toBe(false);
  });

  it("a server whose port is taken leaves the file unlocked", async () => {
    const db = fresh();
    const mirror = await Mirror.open({ database: db, schemaDir: "schema" });
    const first = await startServer(mirror, { port: 0, writer: "in-process" });
    const other = await Mirror.open({ database: fresh(), schemaDir: "schema" });
    try {
      await expect(startServer(other, { port: first.port })).rejects.toThrow(/EADDRINUSE/);
      expect(existsSync(`${other.path}.serve.lock`)).toBe(false);
    } finally {
      await first.stop();
      await mirror.close();
      await other.close();
    }
  });
});

describe("durability", () => {
  it("is full by default (synchronous FULL: an acknowledged batch survives a power loss) and normal when asked", async () => {
    const pragma = async (options: { durability?: "normal" | "full" }) => {
      const m = await Mirror.open({ database: fresh(), schemaDir: "schema", ...options });
      const value = m.database.sqlite.pragma("synchronous", { simple: true });
      await m.close();
      return Number(value);
    };
    expect(await pragma({})).toBe(2);
    expect(await pragma({ durability: "full" })).toBe(2);
    expect(await pragma({ durability: "normal" })).toBe(1);
  });

  it("is refused for PostgreSQL, whose server decides it", async () => {
    await expect(Mirror.open({ database: "postgres://postgres@127.0.0.1:5432/test", durability: "normal", schemaDir: "schema" })).rejects.toMatchObject({ code: "BAD_USER_INPUT" });
  });
});
