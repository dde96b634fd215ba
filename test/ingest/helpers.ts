// A started server over a fresh mirror of schema/ on a storage backend (test/backends.ts), and
// change files written for it.

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, beforeEach } from "vitest";
import type { Mirror } from "../../src/mirror";
import { startServer, type RunningServer, type ServerOptions } from "../../src/server/createServer";
import type { Backend } from "../backends";

export interface Served {
  mirror: Mirror;
  server: RunningServer;
  url: string;
  /** A temporary folder for the test's change files. */
  dir: string;
}

/** Starting or stopping a server starts or stops its writer and reader threads: slow on a busy machine. */
const HOOK_TIMEOUT = 30_000;

/** Servers started for the current test, restarted ones included: stopped after it. */
const running: RunningServer[] = [];

/**
 * Registers a fresh mirror and a server over it per test; returns a getter. The mirror is a file
 * on SQLite (the server's writer thread opens it too), a schema on PostgreSQL; the backend
 * closes and removes it after the test.
 */
export function useServer(backend: Backend, options: ServerOptions = {}): () => Served {
  let current: Served | undefined;
  beforeEach(async () => {
    const dir = mkdtempSync(join(tmpdir(), "mirrorql-ingest-"));
    const mirror = await backend.open({ schemaDir: "schema" }, { reopen: true });
    const server = await startServer(mirror, { port: 0, ...options });
    running.push(server);
    current = { mirror, server, url: server.url, dir };
  }, HOOK_TIMEOUT);
  afterEach(async () => {
    for (const s of running.splice(0)) await s.stop().catch(() => undefined);
    if (current) rmSync(current.dir, { recursive: true, force: true });
    current = undefined;
  }, HOOK_TIMEOUT);
  return () => {
    if (!current) throw new Error("useServer: no server outside a test");
    return current;
  };
}

/** Starts another server over the same mirror (e.g. after the first one was stopped). */
export async function restart(served: Served): Promise<Served> {
  const server = await startServer(served.mirror, { port: 0 });
  running.push(server);
  return { ...served, server, url: server.url };
}

export type Contact = {
  contact_id: string;
  account_id: string;
  first_name?: string;
  last_name: string;
  email?: string;
  title?: string;
  lead_score?: number;
  email_opt_in: boolean;
  row_scn: number;
};

export function contacts(n: number, from = 0): Contact[] {
  return Array.from({ length: n }, (_, k) => {
    const i = from + k;
    return {
      contact_id: `c${String(i).padStart(6, "0")}`,
      account_id: `acc-${i % 17}`,
      ...(i % 3 === 0 ? {} : { first_name: `First "${i}", the ${i % 2 ? "odd" : "even"}` }),
      last_name: `Last${i}`,
      ...(i % 5 === 0 ? {} : { email: `user${i}@example.com` }),
      ...(i % 7 === 0 ? { title: "Head of\nSales" } : {}),
      ...(i % 4 === 0 ? {} : { lead_score: i % 100 }),
      email_opt_in: i % 2 === 0,
      row_scn: i + 1,
    };
  });
}

const COLUMNS = ["contact_id", "account_id", "first_name", "last_name", "email", "title", "lead_score", "email_opt_in", "row_scn"] as const;

const csvField = (v: unknown) => {
  if (v === undefined || v === null) return "";
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function csvOf(rows: readonly Record<string, unknown>[], columns: readonly string[] = COLUMNS): string {
  return `${columns.join(",")}\r\n${rows.map((r) => columns.map((c) => csvField(r[c])).join(",")).join("\r\n")}\r\n`;
}

export const jsonlOf = (rows: readonly unknown[]) => rows.map((r) => JSON.stringify(r)).join("\n") + "\n";

export function writeFile(dir: string, name: string, text: string, gzip = false): string {
  const file = join(dir, name);
  writeFileSync(file, gzip ? gzipSync(text) : text);
  return file;
}

/** The mirror's current rows of `contacts`, as the client wrote them (absent fields left out). */
export async function mirroredContacts(mirror: Mirror): Promise<Record<string, unknown>[]> {
  return (await mirror.rows("contacts")).map((r) => {
    const row: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r.row)) {
      if (v === null) continue;
      row[k] = typeof v === "bigint" ? Number(v) : v;
    }
    return row;
  });
}

export const count = async (backend: Backend, mirror: Mirror, table: string): Promise<number> => Number((await backend.sql(mirror, `SELECT count(*) AS n FROM "${table}"`))[0]!.n);

/** Runs `mirrorql ingest ARGS` in its own process (server logs silenced) and collects its output. */
export function ingestCommand(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["bin/mirrorql.js", "ingest", ...args], { env: { ...process.env, MIRRORQL_LOG: "silent" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
