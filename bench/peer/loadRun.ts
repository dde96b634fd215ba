// The peer section's load client: the peer's own bench.mjs (autocannon, under the peer's Node)
// run against one server for one round, its last stdout line turned into the section's figures,
// with the server's CPU time over the measured window (taken when bench.mjs says "measuring").

import { spawn } from "node:child_process";
import { join } from "node:path";
import { round } from "../lib";
import { logTail, PEER_DIR, PEER_NODE, type PeerRun, type Server } from "./harness";

interface LoadLine {
  requests_per_s: number;
  p50_ms: number;
  p99_ms: number;
  errors: number;
  non2xx: number;
  mismatches: number;
  timeouts: number;
  total_requests: number;
  latency_avg_ms: number;
  latency_max_ms: number;
  per_second_min: number;
  per_second_max: number;
  duration_s: number;
  response_bytes: number;
}

export interface RunFigures {
  round: number;
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  latencyAvgMs: number;
  latencyMaxMs: number;
  perSecondMin: number;
  perSecondMax: number;
  requests: number;
  errors: number;
  non2xx: number;
  mismatches: number;
  timeouts: number;
  durationS: number;
  responseBytes: number;
  /** Server CPU over the measured window (for the peer: Node + PostgreSQL). */
  cpuMs: number | null;
  cpuMsPerRequest: number | null;
  /** A server on the cluster (the peer, mirrorql with --backend postgres): its Node process and the PostgreSQL cluster apart. */
  nodeCpuMsPerRequest?: number | null;
  postgresCpuMsPerRequest?: number | null;
}

/** CPU time of a server so far, ms: its Node process, and the PostgreSQL cluster's processes it reads from (0 if none). */
export interface ServerCpu {
  node: number | null;
  postgres: number | null;
}

export interface PeerLoadRun {
  target: string;
  server: Server;
  queryFile: string;
  operation: string;
  region: string;
  round: number;
  durationS: number;
  connections: number;
  warmupS: number;
  manifestFile: string;
  /** Where bench.mjs writes its results. */
  outDir: string;
  cpu: () => ServerCpu;
  /** Report the Node process's and the cluster's CPU per request apart (a server reading from the cluster). */
  nodeAndPostgresApart: boolean;
  log: (line: string) => void;
}

const perRequest = (ms: number | null, requests: number) => (ms === null || requests === 0 ? null : round(ms / requests, 2));

/** One round of bench.mjs against `run.server`: warm-up, then the measured autocannon run. */
export function runPeerLoadClient(peer: PeerRun, run: PeerLoadRun): Promise<RunFigures> {
  return new Promise((resolve, reject) => {
    const meta = JSON.stringify({ query: "nested-accounts-20x10x5", region: run.region, round: run.round });
    const args = [
      join(PEER_DIR, "bench.mjs"),
      "--peer",
      run.target,
      "--url",
      run.server.url,
      "--query",
      run.queryFile,
      "--operation",
      run.operation,
      "--variables",
      JSON.stringify({ region: run.region }),
      "--duration",
      String(run.durationS),
      "--connections",
      String(run.connections),
      "--warmup",
      String(run.warmupS),
      "--manifest",
      run.manifestFile,
      "--out",
      run.outDir,
      "--meta",
      meta,
    ];
    const child = spawn(PEER_NODE, args, { cwd: PEER_DIR, stdio: ["ignore", "pipe", "pipe"] });
    peer.track("bench.mjs", child);
    let stdout = "";
    let stderr = "";
    let cpuBefore: ServerCpu | null = null;
    let pending = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => {
      const text = c.toString("utf8");
      stderr = (stderr + text).slice(-4000);
      pending += text;
      const parts = pending.split("\n");
      pending = parts.pop()!;
      for (const line of parts) {
        // bench.mjs writes this line just before the measured autocannon run.
        if (line.includes("measuring")) cpuBefore = run.cpu();
        run.log(`peer:   ${line}`);
      }
    });
    child.once("error", reject);
    child.once("close", (code) => {
      const after = run.cpu();
      if (code !== 0)
        return reject(new Error(`peer: the load client failed against ${run.target} (code ${code}): ${stderr.trim().slice(-1500)}; ${logTail(run.server.logFile, 800)}`));
      const line = JSON.parse(stdout.trim().split("\n").pop()!) as LoadLine;
      const b = cpuBefore;
      const diff = (x: number | null | undefined, y: number | null | undefined) => (x == null || y == null ? null : x - y);
      const nodeMs = b ? diff(after.node, b.node) : null;
      const pgMs = b ? diff(after.postgres, b.postgres) : null;
      const cpuMs = nodeMs === null || pgMs === null ? null : nodeMs + pgMs;
      const n = line.total_requests;
      resolve({
        round: run.round,
        requestsPerSec: line.requests_per_s,
        p50Ms: line.p50_ms,
        p99Ms: line.p99_ms,
        latencyAvgMs: line.latency_avg_ms,
        latencyMaxMs: line.latency_max_ms,
        perSecondMin: line.per_second_min,
        perSecondMax: line.per_second_max,
        requests: n,
        errors: line.errors,
        non2xx: line.non2xx,
        mismatches: line.mismatches,
        timeouts: line.timeouts,
        durationS: line.duration_s,
        responseBytes: line.response_bytes,
        cpuMs: cpuMs === null ? null : Math.round(cpuMs),
        cpuMsPerRequest: perRequest(cpuMs, n),
        ...(run.nodeAndPostgresApart ? { nodeCpuMsPerRequest: perRequest(nodeMs, n), postgresCpuMsPerRequest: perRequest(pgMs, n) } : {}),
      });
    });
  });
}
