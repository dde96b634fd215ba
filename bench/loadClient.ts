// The bench's one HTTP load client, for every section that loads a server with reads: keep-alive
// connections from a worker thread (its own event loop, so on the second core), `concurrency`
// requests in flight, request bodies rotated request by request, on 127.0.0.1. A phase runs up to
// a number of requests or a time, whichever comes first; recorded phases give each latency and
// completion time, and the errors (a failed request, a status other than 200, or an answer that does
// not start with `{"data"`). The lanes live in loadClientWorker.mjs.

import { Worker } from "node:worker_threads";
import { percentile, round } from "./lib";

export interface Limit {
  requests: number;
  ms: number;
}

export interface PhaseResult {
  /** Requests issued (answered or failed). */
  completed: number;
  elapsedMs: number;
  /** Latency of each request, ms, in completion order (recorded phases only). */
  latencies: number[];
  /** When each request completed, ms after the phase started (recorded phases only). */
  ends: number[];
  errors: number;
  bytes: number;
}

const WORKER = new URL("./loadClientWorker.mjs", import.meta.url);

/** A worker thread of keep-alive clients POSTing `bodies` in turn to `path` on 127.0.0.1:`port`. */
export class LoadClient {
  private readonly worker: Worker;
  private waiting: { resolve(r: PhaseResult): void; reject(e: Error): void } | undefined;

  constructor(port: number, bodies: readonly string[], concurrency: number, path = "/graphql") {
    this.worker = new Worker(WORKER, { workerData: { port, path, bodies, concurrency } });
    this.worker.on("message", (m: { kind: string; message?: string } & PhaseResult) => {
      const w = this.waiting;
      this.waiting = undefined;
      if (m.kind === "done") w?.resolve(m);
      else w?.reject(new Error(`HTTP load client failed: ${m.message}`));
    });
    this.worker.on("error", (e) => this.waiting?.reject(e));
  }

  /** Runs one phase; `record` keeps each request's latency and completion time. */
  phase(limit: Limit, record: boolean): Promise<PhaseResult> {
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.worker.postMessage({ kind: "phase", limit, record });
    });
  }

  /** Ends the running phase early: each lane stops after its request in flight. */
  stop(): void {
    this.worker.postMessage({ kind: "stop" });
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}

export interface LoadResult extends PhaseResult {
  requestsPerSec: number;
}

/** Requests per second of a recorded phase: answers recorded over its wall time. */
export const requestsPerSec = (r: PhaseResult) => (r.latencies.length / r.elapsedMs) * 1000;

/**
 * Loads a server once: a fresh client warms up (unrecorded), `onWarm` runs (e.g. to start a
 * profiler), then the measured phase.
 */
export async function drive(port: number, bodies: readonly string[], concurrency: number, warmup: Limit, measure: Limit, onWarm?: () => Promise<void> | void): Promise<LoadResult> {
  const client = new LoadClient(port, bodies, concurrency);
  try {
    await client.phase(warmup, false);
    await onWarm?.();
    const r = await client.phase(measure, true);
    return { ...r, requestsPerSec: requestsPerSec(r) };
  } finally {
    await client.close();
  }
}

/** Latency percentiles of recorded latencies, ms, 2 decimals. */
export function latencyStats(latencies: readonly number[]) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    p50Ms: round(percentile(sorted, 0.5), 2),
    p90Ms: round(percentile(sorted, 0.9), 2),
    p99Ms: round(percentile(sorted, 0.99), 2),
    maxMs: round(sorted[sorted.length - 1] ?? NaN, 2),
  };
}
