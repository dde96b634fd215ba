// Helpers of the `ingest` section: servers in child processes (`mirrorql serve`, or
// bench/ingestServer.ts when the writer must be chosen or a CPU profile written), the CPU
// time of each of their threads (Linux /proc), a keep-alive HTTP POST, and the reading of
// `node --cpu-prof` profiles over a time window.

import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { Agent, request as httpRequest } from "node:http";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { componentOf, IDLE, type ProfileNode } from "./graphqlProfile";
import { round } from "./lib";

/** The repository root, with a trailing slash (profile URLs are grouped by file below it). */
export const REPO_ROOT = fileURLToPath(new URL("../", import.meta.url));
const CLI = fileURLToPath(new URL("../bin/mirrorql.js", import.meta.url));
const HELPER = fileURLToPath(new URL("./ingestServer.ts", import.meta.url));
const START_TIMEOUT_MS = 60_000;
/** How long `mirrorql serve` is given to exit after SIGTERM before it is killed. */
const SIGTERM_GRACE_MS = 2_000;

export interface ChildServer {
  kind: "cli" | "helper";
  port: number;
  url: string;
  pid: number;
  /** Stops the server: SIGTERM (CLI; SIGKILL after a grace period) or the IPC message "stop" (helper). */
  stop(): Promise<void>;
}

export interface ChildOptions {
  /** Only for the helper: "thread" (default) or "in-process". */
  writer?: "thread" | "in-process";
  /** Only for the helper: run under `node --cpu-prof` with profiles written to this folder. */
  cpuProfDir?: string;
  cpuProfIntervalUs?: number;
  /** Only for the CLI on a PostgreSQL URL: the schema it serves (`--pg-schema`). */
  pgSchema?: string;
}

/** Children started and not yet stopped: killed if the benchmark fails. */
const live = new Set<ChildProcess>();
process.once("exit", () => {
  for (const c of live) c.kill("SIGKILL");
});

/** Whether `mirrorql serve` exited by itself after SIGTERM (tried on the first CLI server stopped). */
export const sigterm: { tried: boolean; exited: boolean; waitedMs: number } = { tried: false, exited: false, waitedMs: 0 };

/** Whether `child` exits within `ms`. */
export function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off("exit", onExit);
      resolve(false);
    }, ms);
    const onExit = () => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once("exit", onExit);
  });
}

/**
 * Starts a server on 127.0.0.1 and a free port, in its own process: `node bin/mirrorql.js serve`
 * (kind "cli", the real command line: thread writer) or bench/ingestServer.ts (kind "helper").
 * Logs are silenced (MIRRORQL_LOG=silent); NODE_ENV is "production" as for `npm run bench`.
 */
export function startChild(kind: "cli" | "helper", db: string, schemaDir: string, options: ChildOptions = {}): Promise<ChildServer> {
  const args =
    kind === "cli"
      ? [CLI, "serve", "--port", "0", "--host", "127.0.0.1", "--db", db, "--schema", schemaDir, ...(options.pgSchema ? ["--pg-schema", options.pgSchema] : [])]
      : [
          ...(options.cpuProfDir ? ["--cpu-prof", "--cpu-prof-interval", String(options.cpuProfIntervalUs ?? 1000), "--cpu-prof-dir", options.cpuProfDir] : []),
          "--import",
          "tsx",
          HELPER,
          "--db",
          db,
          "--schema",
          schemaDir,
          "--writer",
          options.writer ?? "thread",
        ];
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, NODE_ENV: process.env.NODE_ENV ?? "production", MIRRORQL_LOG: "silent" },
    stdio: kind === "cli" ? ["ignore", "pipe", "pipe"] : ["ignore", "pipe", "pipe", "ipc"],
  });
  live.add(child);
  child.once("exit", () => live.delete(child));
  let stderr = "";
  child.stderr!.on("data", (c: Buffer) => {
    stderr = (stderr + c.toString("utf8")).slice(-4000);
  });

  return new Promise<ChildServer>((resolve, reject) => {
    let stdout = "";
    const timer = setTimeout(() => fail(new Error(`the ${kind} server did not start within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
    const fail = (e: Error) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`${e.message}; stderr: ${stderr.trim().slice(-1500)}`));
    };
    child.once("exit", (code, signal) => fail(new Error(`the ${kind} server exited before listening (code ${code}, signal ${signal})`)));
    child.once("error", fail);
    child.stdout!.on("data", (c: Buffer) => {
      stdout += c.toString("utf8");
      const m = /serving \d+ datasets at (http:\/\/\S+)/.exec(stdout);
      if (!m) return;
      clearTimeout(timer);
      child.removeAllListeners("exit");
      child.once("exit", () => live.delete(child));
      child.stdout!.removeAllListeners("data");
      child.stdout!.resume();
      const url = m[1]!;
      resolve({
        kind,
        url,
        port: Number(new URL(url).port),
        pid: child.pid!,
        async stop() {
          if (kind === "helper") {
            child.send("stop");
            if (!(await waitExit(child, 30_000))) {
              child.kill("SIGKILL");
              await waitExit(child, 5_000);
            }
            return;
          }
          if (!sigterm.tried || sigterm.exited) {
            const t0 = performance.now();
            child.kill("SIGTERM");
            const exited = await waitExit(child, SIGTERM_GRACE_MS);
            if (!sigterm.tried) Object.assign(sigterm, { tried: true, exited, waitedMs: Math.round(performance.now() - t0) });
            if (exited) return;
          }
          child.kill("SIGKILL");
          await waitExit(child, 5_000);
        },
      });
    });
  });
}

// ---------------------------------------------------------------- CPU time per thread (Linux)

/** CPU time (user + system, ms) of every thread of a process, from /proc; null where /proc is absent. */
export function threadCpuMs(pid: number): Map<number, number> | null {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return null;
  }
  const out = new Map<number, number>();
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // utime and stime (fields 14 and 15 of stat(5)) in clock ticks, 100 per second on Linux.
      out.set(Number(tid), (Number(f[11]) + Number(f[12])) * 10);
    } catch {
      /* the thread ended */
    }
  }
  return out;
}

export interface ThreadCpu {
  /** The main thread (HTTP, Apollo, graphql-js; with the in-process writer also the merge). */
  mainMs: number;
  /** The busiest other thread: the writer thread when there is one. */
  busiestOtherMs: number;
  /** Every other thread (V8 GC helpers, libuv, tsx's loader threads). */
  restMs: number;
}

export function cpuBetween(pid: number, before: Map<number, number> | null, after: Map<number, number> | null): ThreadCpu | null {
  if (!before || !after) return null;
  let mainMs = 0;
  const others: number[] = [];
  for (const [tid, ms] of after) {
    const d = ms - (before.get(tid) ?? 0);
    if (tid === pid) mainMs = d;
    else others.push(d);
  }
  others.sort((a, b) => b - a);
  return { mainMs, busiestOtherMs: others[0] ?? 0, restMs: others.slice(1).reduce((s, x) => s + x, 0) };
}

// ---------------------------------------------------------------- HTTP

export const REQUEST_TIMEOUT_MS = 120_000;

/** One POST of a JSON body on 127.0.0.1 through a keep-alive agent. */
export function postJson(port: number, body: Buffer, agent: Agent): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: "127.0.0.1", port, path: "/graphql", method: "POST", agent, headers: { "content-type": "application/json", "content-length": body.length } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS / 1000} s`)));
    req.on("error", reject);
    req.end(body);
  });
}

// ---------------------------------------------------------------- CPU profiles (node --cpu-prof)

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface ThreadProfile {
  /** The thread id in the file name (0 = main thread). */
  threadId: number;
  file: string;
  profile: CpuProfile;
}

/** The profiles `node --cpu-prof` wrote into `dir` (one per thread: CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile). */
export function readProfiles(dir: string): ThreadProfile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".cpuprofile"))
    .map((f) => ({ threadId: Number(f.split(".")[4]), file: f, profile: JSON.parse(readFileSync(join(dir, f), "utf8")) as CpuProfile }));
}

/** Whether a profile ran mirrorql code under `part` (e.g. "src/merge/"), to tell the writer thread from tsx's loader threads. */
export function profileRuns(p: ThreadProfile, part: string): boolean {
  return p.profile.nodes.some((n) => n.callFrame.url.includes(`${REPO_ROOT}${part}`));
}

export interface WindowSummary {
  wallMs: number;
  busyMs: number;
  idleShare: number;
  /** Self time by component (package, graphql-js folder, mirrorql file, native function), ms; largest first. */
  components: { label: string; ms: number; share: number }[];
  topFunctions: { label: string; ms: number; share: number }[];
}

/**
 * Self time of the samples taken between `fromUs` and `toUs` (the profiler's clock is
 * CLOCK_MONOTONIC in µs, the same as process.hrtime here). V8 builtins (JSON.parse,
 * JSON.stringify) count in their JS caller; native functions (postMessage, better-sqlite3's
 * run/get/all) have their own entries.
 */
export function summarizeWindow(profile: CpuProfile, fromUs: number, toUs: number): WindowSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const components = new Map<string, number>();
  const functions = new Map<string, number>();
  let t = profile.startTime;
  let totalUs = 0;
  for (let i = 0; i < samples.length; i++) {
    t += deltas[i] ?? 0;
    if (t < fromUs || t >= toUs) continue;
    const us = deltas[i + 1] ?? 0;
    const n = byId.get(samples[i]!)!;
    totalUs += us;
    const c = componentOf(n, REPO_ROOT);
    components.set(c, (components.get(c) ?? 0) + us);
    if (c === IDLE) continue;
    const f = n.callFrame;
    const where = f.url.includes(REPO_ROOT)
      ? ` ${f.url.slice(f.url.indexOf(REPO_ROOT) + REPO_ROOT.length).replace(/\?.*$/, "")}`
      : f.url
        ? ` ${f.url.replace(/^.*node_modules\//, "")}:${f.lineNumber + 1}`
        : "";
    const name = `${f.functionName || "(anonymous)"}${where}`;
    functions.set(name, (functions.get(name) ?? 0) + us);
  }
  const idleUs = components.get(IDLE) ?? 0;
  components.delete(IDLE);
  const busyUs = totalUs - idleUs;
  const rows = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([label, us]) => ({ label, ms: round(us / 1000, 1), share: round(busyUs > 0 ? us / busyUs : 0, 3) }));
  return {
    wallMs: round(totalUs / 1000, 1),
    busyMs: round(busyUs / 1000, 1),
    idleShare: round(totalUs > 0 ? idleUs / totalUs : 0, 3),
    components: rows(components, 25),
    topFunctions: rows(functions, 15),
  };
}
