// Section "ingest", part 1: the HTTP client that pushes batches through the generic mutation
// applyChanges (keep-alive, a given number in flight, receipts summed and checked), and one
// throughput run against `mirrorql serve` in a child process on a fresh file or schema.

import Database from "better-sqlite3";
import { Agent } from "node:http";
import { APPLY_CHANGES } from "../src/ingest/sendBatch";
import type { Receipt } from "../src/merge/Receipt";
import { addReceipt, emptyTotals, type ReceiptTotals } from "./core";
import { countPostgresRows, dropSchema, schemaOf } from "./corePostgres";
import { cpuBetween, postJson, startChild, threadCpuMs, type ChildOptions, type ThreadCpu } from "./ingestChild";
import { collectGarbage, percentile, round, type BenchContext } from "./lib";
import { CONTACT_MODEL_JSON, DATASET, type ChangeRow } from "./workload";

export const INGEST_TARGET_RATIO = 0.4;

/** The mutation `mirrorql ingest` sends, with the same receipt selection. */
export const MUTATION = APPLY_CHANGES;

export const bodyText = (dataset: string, batchId: string, changes: readonly ChangeRow[]) =>
  JSON.stringify({ query: MUTATION, variables: { dataset, batchId, format: "NATIVE", changes } });

/** The workload's model under another name and dataset. */
export const modelCopy = (name: string, dataset: string) => JSON.stringify({ ...CONTACT_MODEL_JSON, name, dataset }, null, 2);

// ---------------------------------------------------------------- receipts

export type Totals = ReceiptTotals;

interface ReceiptJson {
  data?: {
    applyChanges?: {
      status: string;
      datasets: { received: number; upserted: number; deleted: number; stale: number; unchanged: number; conflicts: number; quarantined: unknown[]; rejected: unknown[] }[];
    };
  };
  errors?: { message: string; extensions?: { code?: string } }[];
}

function addReceiptText(totals: Totals, status: number, text: string): void {
  const body = JSON.parse(text) as ReceiptJson;
  const receipt = body.data?.applyChanges;
  if (status !== 200 || !receipt || body.errors) {
    const e = body.errors?.[0];
    throw new Error(`applyChanges failed (HTTP ${status}): ${e ? `${e.extensions?.code ?? ""} ${e.message}` : text.slice(0, 300)}`);
  }
  // The bench sends no atomic batches: the JSON receipt counts like the core's.
  addReceipt(totals, receipt as unknown as Receipt);
}

export const sameTotals = (a: Totals, b: { [K in keyof Totals]?: number }) => (Object.keys(a) as (keyof Totals)[]).every((k) => a[k] === b[k]);

// ---------------------------------------------------------------- the ingestion client

export interface PushResult {
  ms: number;
  rows: number;
  /** Client-side latency of each request, in completion order. */
  latencies: number[];
  totals: Totals;
  bodyBytes: number;
  /** Time spent building bodies inside the timing (the serializing variant). */
  buildMs: number;
}

/**
 * POSTs `count` batches through a keep-alive agent, `inFlight` at a time (each lane sends its
 * next batch when its previous answer arrived, as a pipeline with that many workers would).
 */
export async function pushBatches(port: number, count: number, rowsOf: (i: number) => number, bodyOf: (i: number) => Buffer, inFlight: number): Promise<PushResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: inFlight });
  const totals = emptyTotals();
  const latencies: number[] = [];
  let bodyBytes = 0;
  let rows = 0;
  let buildMs = 0;
  let next = 0;
  const t0 = performance.now();
  const lane = async () => {
    while (next < count) {
      const i = next++;
      const b0 = performance.now();
      const body = bodyOf(i);
      const t = performance.now();
      buildMs += t - b0;
      bodyBytes += body.length;
      const r = await postJson(port, body, agent);
      latencies.push(performance.now() - t);
      addReceiptText(totals, r.status, r.text);
      rows += rowsOf(i);
    }
  };
  try {
    await Promise.all(Array.from({ length: inFlight }, lane));
  } finally {
    agent.destroy();
  }
  return { ms: performance.now() - t0, rows, latencies, totals, bodyBytes, buildMs };
}

// ---------------------------------------------------------------- 1. throughput

export interface HttpRun {
  label: string;
  inFlight: number;
  prebuilt: boolean;
  ms: number;
  rowsPerSec: number;
  /** Client-side request latency per batch. */
  batchP50Ms: number;
  batchMaxMs: number;
  totals: Totals;
  finalRows: number;
  /** CPU time of the server's threads during the timed part, ms per batch; null without /proc. */
  server: { mainMsPerBatch: number; writerMsPerBatch: number; restMsPerBatch: number; mainBusyShare: number; writerBusyShare: number } | null;
  /** CPU time of this process (the client) during the timed part, ms per batch. */
  clientCpuMsPerBatch: number;
  buildMsPerBatch: number;
  startMs: number;
}

export function perBatch(cpu: ThreadCpu | null, batches: number, wallMs: number): HttpRun["server"] {
  if (!cpu) return null;
  return {
    mainMsPerBatch: round(cpu.mainMs / batches, 1),
    writerMsPerBatch: round(cpu.busiestOtherMs / batches, 1),
    restMsPerBatch: round(cpu.restMs / batches, 1),
    mainBusyShare: round(cpu.mainMs / wallMs, 3),
    writerBusyShare: round(cpu.busiestOtherMs / wallMs, 3),
  };
}

const countRows = (file: string, table: string): number => {
  const db = new Database(file);
  try {
    return Number(db.prepare(`SELECT count(*) FROM "${table}"`).pluck().get());
  } finally {
    db.close();
  }
};

export interface ThroughputSetup {
  schemaDir: string;
  batches: readonly ChangeRow[][];
  bodies: Buffer[];
  warmupBodies: Buffer[];
}

/** Where one HTTP run's server keeps its mirror: a fresh file, or (--backend postgres) a fresh schema dropped after the run. */
async function runLocation(ctx: BenchContext, name: string) {
  if (ctx.options.backend === "sqlite") {
    const file = ctx.tmp.file(`${name}.db`);
    return { db: file, options: {} as ChildOptions, finalRows: async () => countRows(file, DATASET), remove: async () => ctx.tmp.removeDb(file) };
  }
  const url = ctx.options.pgUrl;
  const pgSchema = schemaOf(name);
  await dropSchema(url, pgSchema);
  return { db: url, options: { pgSchema }, finalRows: () => countPostgresRows(url, pgSchema, DATASET), remove: () => dropSchema(url, pgSchema) };
}

export async function httpRun(ctx: BenchContext, name: string, setup: ThroughputSetup, opts: { prebuilt: boolean; inFlight: number; label: string }): Promise<HttpRun> {
  const at = await runLocation(ctx, name);
  const s0 = performance.now();
  const server = await startChild("cli", at.db, setup.schemaDir, at.options);
  const startMs = performance.now() - s0;
  const { batches } = setup;
  let result: PushResult;
  let cpu: ThreadCpu | null;
  let clientCpuMs: number;
  try {
    await pushBatches(
      server.port,
      setup.warmupBodies.length,
      (i) => batches[i]!.length,
      (i) => setup.warmupBodies[i]!,
      1,
    );
    collectGarbage();
    const before = threadCpuMs(server.pid);
    const c0 = process.cpuUsage();
    result = await pushBatches(
      server.port,
      batches.length,
      (i) => batches[i]!.length,
      opts.prebuilt ? (i) => setup.bodies[i]! : (i) => Buffer.from(bodyText(DATASET, `http-${i}`, batches[i]!)),
      opts.inFlight,
    );
    const c = process.cpuUsage(c0);
    clientCpuMs = (c.user + c.system) / 1000;
    cpu = cpuBetween(server.pid, before, threadCpuMs(server.pid));
  } finally {
    await server.stop();
  }
  const finalRows = await at.finalRows();
  await at.remove();
  const sorted = [...result.latencies].sort((a, b) => a - b);
  const n = batches.length;
  return {
    label: opts.label,
    inFlight: opts.inFlight,
    prebuilt: opts.prebuilt,
    ms: round(result.ms, 1),
    rowsPerSec: round((result.rows / result.ms) * 1000),
    batchP50Ms: round(percentile(sorted, 0.5), 1),
    batchMaxMs: round(sorted[sorted.length - 1] ?? NaN, 1),
    totals: result.totals,
    finalRows,
    server: perBatch(cpu, n, result.ms),
    clientCpuMsPerBatch: round(clientCpuMs / n, 1),
    buildMsPerBatch: round(result.buildMs / n, 1),
    startMs: Math.round(startMs),
  };
}
