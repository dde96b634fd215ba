// Section "ingest": ingestion over HTTP through the generic mutation
// `applyChanges(dataset, changes: [JSONObject!]!, batchId, format)`, as a pipeline sends it.
//
// 1. Throughput: the core benchmark's 200,000 changes (same generator, same seed) in its batches
//    of 10,000, POSTed by a client in this process on 127.0.0.1 to `node bin/mirrorql.js serve`
//    in a child process (its own event loop and writer thread; a fresh database file per run;
//    two warm-up batches into another dataset first). One batch in flight, request bodies built
//    before timing; in the first two rounds also serialized inside the timing, and two in flight.
//    Beside it, in the same run and alternating: the bare better-sqlite3 baseline and the merge
//    core alone (Mirror.applyChanges), both from bench/core.ts, on the same rows.
// 2. Reads under ingestion: the graphql section's nested query (smaller data set) read by a few
//    keep-alive clients in a worker thread, idle and then while this process pushes the same
//    200,000 changes into a second dataset of the same server; with the writer thread
//    (`mirrorql serve`) and with the in-process writer (bench/ingestServer.ts).
// 3. Where the time goes: the server's steps timed alone on the same bodies (body decode,
//    JSON.parse, graphql-js variable coercion, the writer message's serialization and
//    deserialization) beside the merge, and a CPU profile (`node --cpu-prof`) of both server
//    threads during one HTTP run.

import Database from "better-sqlite3";
import { getVariableValues, parse, type OperationDefinitionNode } from "graphql";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { Agent } from "node:http";
import { join } from "node:path";
import { deserialize, serialize } from "node:v8";
import { buildSchema } from "../src/graphql/buildSchema";
import { addReceipt, contenders, emptyTotals, sharedWorkload, TARGET_RATIO as CORE_TARGET_RATIO, type ReceiptTotals, type RunResult } from "./core";
import { countPostgresRows, dropSchema, schemaOf } from "./corePostgres";
import type { Receipt } from "../src/merge/Receipt";
import { APPLY_CHANGES } from "../src/ingest/sendBatch";
import { benchSchemaDir, loadGraphqlDatabase, requestBody, VARIANTS, type DatasetSizes } from "./graphqlData";
import {
  cpuBetween,
  postJson,
  profileRuns,
  readProfiles,
  sigterm,
  startChild,
  summarizeWindow,
  threadCpuMs,
  type ChildOptions,
  type ChildServer,
  type ThreadCpu,
  type WindowSummary,
} from "./ingestChild";
import { collectGarbage, fmt, fmtInt, median, percentile, round, table, type BenchContext, type Section, type SectionResult } from "./lib";
import { LoadClient, type PhaseResult } from "./loadClient";
import { CONTACT_MODEL_JSON, contactModel, DATASET, type ChangeRow } from "./workload";

export const INGEST_TARGET_RATIO = 0.4;
/** Receives the two warm-up batches of every HTTP run, so that the timed dataset starts empty. */
const WARMUP_DATASET = "warmup_contacts";
/** The dataset pushed while the nested query is read (a copy of the workload's model). */
const LOAD_DATASET = "ingest_contacts";
const WARMUP_BATCHES = 2;
/** Rounds (of --runs) that also run the serializing client and two batches in flight. */
const VARIANT_ROUNDS = 2;
/** The read data set: a fifth of the graphql section's, loaded in about 2-3 s. */
const READ_SIZES: DatasetSizes = { accounts: 2_000, contacts: 20_000, opportunities: 60_000 };
const READ_CONCURRENCY = 3;
const READ_WARMUP = { requests: 300, ms: 2_000 };
const READ_IDLE = { requests: 4_000, ms: 5_000 };
/** The under-load phase lasts as long as the ingestion, at most this long. */
const READ_LOAD_MAX_MS = 45_000;
const SLOW_READ_MS = 100;
const CPU_PROF_INTERVAL_US = 500;

/** The mutation `mirrorql ingest` sends, with the same receipt selection. */
export const MUTATION = APPLY_CHANGES;

export const bodyText = (dataset: string, batchId: string, changes: readonly ChangeRow[]) =>
  JSON.stringify({ query: MUTATION, variables: { dataset, batchId, format: "NATIVE", changes } });

/** The workload's model under another name and dataset. */
const modelCopy = (name: string, dataset: string) => JSON.stringify({ ...CONTACT_MODEL_JSON, name, dataset }, null, 2);

// ---------------------------------------------------------------- receipts

type Totals = ReceiptTotals;

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

const sameTotals = (a: Totals, b: { [K in keyof Totals]?: number }) => (Object.keys(a) as (keyof Totals)[]).every((k) => a[k] === b[k]);

// ---------------------------------------------------------------- the ingestion client

interface PushResult {
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
async function pushBatches(port: number, count: number, rowsOf: (i: number) => number, bodyOf: (i: number) => Buffer, inFlight: number): Promise<PushResult> {
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

interface HttpRun {
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

function perBatch(cpu: ThreadCpu | null, batches: number, wallMs: number): HttpRun["server"] {
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

// ---------------------------------------------------------------- 2. reads under ingestion

interface ReadStats {
  requests: number;
  requestsPerSec: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Share of requests slower than SLOW_READ_MS. */
  slowShare: number;
  /** The longest time without any answer completing (a freeze shows here). */
  longestGapMs: number;
  errors: number;
  responseBytes: number;
}

function readStats(p: PhaseResult): ReadStats {
  const sorted = [...p.latencies].sort((a, b) => a - b);
  const ends = [...p.ends].sort((a, b) => a - b);
  let gap = ends[0] ?? 0;
  for (let i = 1; i < ends.length; i++) gap = Math.max(gap, ends[i]! - ends[i - 1]!);
  return {
    requests: sorted.length,
    requestsPerSec: round((sorted.length / p.elapsedMs) * 1000, 1),
    p50Ms: round(percentile(sorted, 0.5), 2),
    p90Ms: round(percentile(sorted, 0.9), 2),
    p99Ms: round(percentile(sorted, 0.99), 2),
    maxMs: round(sorted[sorted.length - 1] ?? NaN, 2),
    slowShare: round(sorted.filter((x) => x > SLOW_READ_MS).length / Math.max(1, sorted.length), 4),
    longestGapMs: round(gap, 1),
    errors: p.errors,
    responseBytes: Math.round(p.bytes / Math.max(1, p.completed)),
  };
}

interface ReadUnderLoad {
  writer: "thread" | "in-process";
  server: string;
  idle: ReadStats;
  load: ReadStats;
  /** p99 under load / p99 idle (and the same for p50). */
  p99Ratio: number;
  p50Ratio: number;
  /** The ingestion that ran meanwhile. */
  ingest: { batches: number; rows: number; ms: number; rowsPerSec: number; batchP50Ms: number; batchMaxMs: number; quarantined: number };
  serverCpu: HttpRun["server"];
}

async function readUnderLoad(
  ctx: BenchContext,
  readDb: string,
  schemaDir: string,
  writer: "thread" | "in-process",
  bodies: Buffer[],
  rowsOf: (i: number) => number,
): Promise<ReadUnderLoad> {
  const file = ctx.tmp.file(`ingest-read-${writer}.db`);
  copyFileSync(readDb, file);
  const server: ChildServer = writer === "thread" ? await startChild("cli", file, schemaDir) : await startChild("helper", file, schemaDir, { writer: "in-process" });
  const readers = new LoadClient(server.port, VARIANTS.map(requestBody), READ_CONCURRENCY);
  try {
    const check = await postJson(server.port, Buffer.from(requestBody(VARIANTS[0]!)), new Agent());
    if (check.status !== 200 || !check.text.startsWith('{"data"')) throw new Error(`nested query failed: ${check.text.slice(0, 300)}`);
    await readers.phase(READ_WARMUP, false);
    collectGarbage();
    const idle = readStats(await readers.phase(READ_IDLE, true));
    collectGarbage();
    const before = threadCpuMs(server.pid);
    const loadPhase = readers.phase({ requests: Number.MAX_SAFE_INTEGER, ms: READ_LOAD_MAX_MS }, true);
    let pushed: PushResult;
    try {
      pushed = await pushBatches(server.port, bodies.length, rowsOf, (i) => bodies[i]!, 1);
    } finally {
      readers.stop();
    }
    const load = readStats(await loadPhase);
    const cpu = cpuBetween(server.pid, before, threadCpuMs(server.pid));
    const sorted = [...pushed.latencies].sort((a, b) => a - b);
    return {
      writer,
      server: writer === "thread" ? "node bin/mirrorql.js serve (writer thread)" : "bench/ingestServer.ts --writer in-process",
      idle,
      load,
      p99Ratio: round(load.p99Ms / idle.p99Ms, 2),
      p50Ratio: round(load.p50Ms / idle.p50Ms, 2),
      ingest: {
        batches: pushed.totals.batches,
        rows: pushed.rows,
        ms: round(pushed.ms, 1),
        rowsPerSec: round((pushed.rows / pushed.ms) * 1000),
        batchP50Ms: round(percentile(sorted, 0.5), 1),
        batchMaxMs: round(sorted[sorted.length - 1] ?? NaN, 1),
        quarantined: pushed.totals.quarantined,
      },
      serverCpu: perBatch(cpu, bodies.length, pushed.ms),
    };
  } finally {
    await readers.close();
    await server.stop();
    ctx.tmp.removeDb(file);
  }
}

// ---------------------------------------------------------------- 3. where the time goes

interface Steps {
  /** Buffer.concat of the body's 64 KiB chunks + UTF-8 decoding (createServer's readBody). */
  decodeMs: number;
  /** JSON.parse of the body (createServer's request handler). */
  jsonParseMs: number;
  /** graphql-js getVariableValues: coercion of $changes ([JSONObject!]!) and the other variables. */
  coerceMs: number;
  /** v8.serialize of the writer thread's request message (postMessage's sending side, main thread). */
  serializeMs: number;
  /** v8.deserialize of it (the receiving side, in the writer thread). */
  deserializeMs: number;
}

/** The server's steps before the merge, timed alone on the same bodies: ms per batch, best of 3 passes. */
function timeSteps(bodies: Buffer[]): Steps {
  const schema = buildSchema([contactModel()]);
  const operation = parse(MUTATION).definitions[0] as OperationDefinitionNode;
  const best: Steps = { decodeMs: Infinity, jsonParseMs: Infinity, coerceMs: Infinity, serializeMs: Infinity, deserializeMs: Infinity };
  for (let pass = 0; pass < 4; pass++) {
    const sum: Steps = { decodeMs: 0, jsonParseMs: 0, coerceMs: 0, serializeMs: 0, deserializeMs: 0 };
    for (const body of pass === 0 ? bodies.slice(0, 3) : bodies) {
      const chunks: Buffer[] = [];
      for (let o = 0; o < body.length; o += 65_536) chunks.push(body.subarray(o, o + 65_536));
      let t = performance.now();
      const text = Buffer.concat(chunks).toString("utf8");
      let t1 = performance.now();
      sum.decodeMs += t1 - t;
      t = t1;
      const json = JSON.parse(text) as { variables: Record<string, unknown> };
      t1 = performance.now();
      sum.jsonParseMs += t1 - t;
      t = t1;
      const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], json.variables);
      t1 = performance.now();
      sum.coerceMs += t1 - t;
      if (!("coerced" in coerced)) throw new Error(`coercion failed: ${coerced.errors[0]?.message}`);
      const v = coerced.coerced as { dataset: string; changes: unknown[]; batchId: string };
      t = performance.now();
      const message = serialize({ id: 1, method: "applyBatch", args: [[{ dataset: v.dataset, rows: v.changes, format: "native" }], { batchId: v.batchId, atomic: false }] });
      t1 = performance.now();
      sum.serializeMs += t1 - t;
      t = t1;
      deserialize(message);
      sum.deserializeMs += performance.now() - t;
    }
    if (pass === 0) continue; // warm-up
    for (const k of Object.keys(best) as (keyof Steps)[]) best[k] = Math.min(best[k], sum[k] / bodies.length);
  }
  for (const k of Object.keys(best) as (keyof Steps)[]) best[k] = round(best[k], 2);
  return best;
}

interface ProfileRun {
  rowsPerSec: number;
  ms: number;
  batches: number;
  main: WindowSummary | null;
  writer: WindowSummary | null;
  profiles: number;
}

/** One HTTP run (1 in flight, prebuilt bodies) against the helper server under `node --cpu-prof`; samples of the timed window only. */
async function profiledRun(ctx: BenchContext, setup: ThroughputSetup): Promise<ProfileRun> {
  const file = ctx.tmp.file("ingest-profile.db");
  const dir = ctx.tmp.file("ingest-cpuprof");
  mkdirSync(dir, { recursive: true });
  const server = await startChild("helper", file, setup.schemaDir, { writer: "thread", cpuProfDir: dir, cpuProfIntervalUs: CPU_PROF_INTERVAL_US });
  let pushed: PushResult;
  let fromUs: number;
  let toUs: number;
  try {
    await pushBatches(
      server.port,
      setup.warmupBodies.length,
      (i) => setup.batches[i]!.length,
      (i) => setup.warmupBodies[i]!,
      1,
    );
    collectGarbage();
    fromUs = Number(process.hrtime.bigint() / 1000n);
    pushed = await pushBatches(
      server.port,
      setup.bodies.length,
      (i) => setup.batches[i]!.length,
      (i) => setup.bodies[i]!,
      1,
    );
    toUs = Number(process.hrtime.bigint() / 1000n);
  } finally {
    await server.stop();
  }
  ctx.tmp.removeDb(file);
  const profiles = readProfiles(dir);
  const main = profiles.find((p) => p.threadId === 0);
  const writer = profiles.find((p) => p.threadId !== 0 && profileRuns(p, "src/merge/"));
  return {
    rowsPerSec: round((pushed.rows / pushed.ms) * 1000),
    ms: round(pushed.ms, 1),
    batches: pushed.totals.batches,
    main: main ? summarizeWindow(main.profile, fromUs, toUs) : null,
    writer: writer ? summarizeWindow(writer.profile, fromUs, toUs) : null,
    profiles: profiles.length,
  };
}

// ---------------------------------------------------------------- the section

const rates = (runs: readonly { rowsPerSec: number }[]) => {
  const r = runs.map((x) => round(x.rowsPerSec));
  return { rowsPerSec: median(r), best: Math.max(...r), runs: r };
};

export const ingestSection: Section = {
  name: "ingest",
  summary: "HTTP ingestion through applyChanges (child-process server) vs the merge core and the bare baseline; reads during ingestion",
  async run(ctx: BenchContext): Promise<SectionResult> {
    const o = ctx.options;
    const started = performance.now();
    const workload = sharedWorkload(ctx);
    const { batches, stats } = workload;
    const warnings: string[] = [];

    // Model folders: the workload's model (+ a copy receiving the warm-up batches); the read
    // models of the graphql section (+ a copy of the workload's model under another dataset).
    const schemaDir = join(ctx.tmp.path, "ingest-schema");
    mkdirSync(schemaDir, { recursive: true });
    writeFileSync(join(schemaDir, "Contact.json"), JSON.stringify(CONTACT_MODEL_JSON, null, 2));
    writeFileSync(join(schemaDir, "WarmupContact.json"), modelCopy("WarmupContact", WARMUP_DATASET));

    const b0 = performance.now();
    const bodyStrings = batches.map((b, i) => bodyText(DATASET, `http-${i}`, b));
    const bodyBuildMs = performance.now() - b0;
    const bodies = bodyStrings.map((s) => Buffer.from(s));
    bodyStrings.length = 0;
    const warmupBodies = batches.slice(0, WARMUP_BATCHES).map((b, i) => Buffer.from(bodyText(WARMUP_DATASET, `warmup-${i}`, b)));
    const setup: ThroughputSetup = { schemaDir, batches, bodies, warmupBodies };
    const bodyMB = round(bodies.reduce((s, b) => s + b.length, 0) / bodies.length / 1024 / 1024, 2);

    // 1. Throughput, alternating: baseline, core, HTTP (prebuilt, 1 in flight); in the first two
    //    rounds also the serializing client and two batches in flight.
    const sample = { onBatch: () => ctx.memory.sample() };
    const on = contenders(ctx);
    if (o.warmup) {
      const few = batches.slice(0, 2);
      await on.baseline("ingest-warmup-baseline", few, sample);
      await on.core("ingest-warmup-core", few, sample);
    }
    const baseline: RunResult[] = [];
    const core: RunResult[] = [];
    const http: HttpRun[] = [];
    const serializing: HttpRun[] = [];
    const twoInFlight: HttpRun[] = [];
    for (let run = 1; run <= o.runs; run++) {
      collectGarbage();
      const b = await on.baseline(`ingest-baseline-${run}`, batches, sample);
      baseline.push(b);
      collectGarbage();
      const c = await on.core(`ingest-core-${run}`, batches, sample);
      core.push(c);
      collectGarbage();
      const h = await httpRun(ctx, `ingest-http-${run}`, setup, { prebuilt: true, inFlight: 1, label: "HTTP, 1 in flight, bodies built before" });
      http.push(h);
      ctx.log(`ingest: run ${run}/${o.runs}: baseline ${fmtInt(b.rowsPerSec)}, core ${fmtInt(c.rowsPerSec)}, HTTP ${fmtInt(h.rowsPerSec)} rows/s`);
      if (run <= VARIANT_ROUNDS) {
        collectGarbage();
        const ser = await httpRun(ctx, `ingest-http-serialize-${run}`, setup, { prebuilt: false, inFlight: 1, label: "HTTP, 1 in flight, JSON.stringify per batch" });
        serializing.push(ser);
        collectGarbage();
        const two = await httpRun(ctx, `ingest-http-2-${run}`, setup, { prebuilt: true, inFlight: 2, label: "HTTP, 2 in flight, bodies built before" });
        twoInFlight.push(two);
        ctx.log(`ingest: run ${run}/${o.runs}: HTTP serializing each batch ${fmtInt(ser.rowsPerSec)}, HTTP with 2 batches in flight ${fmtInt(two.rowsPerSec)} rows/s`);
      }
    }
    const coreReceipts = core[core.length - 1]!.receipts!;
    const coreFinalRows = core[core.length - 1]!.finalRows;
    for (const h of [...http, ...serializing, ...twoInFlight]) {
      if (h.totals.received !== stats.changes || h.totals.quarantined > 0) warnings.push(`WARNING: ${h.label}: received ${h.totals.received}, quarantined ${h.totals.quarantined}`);
      if (h.finalRows !== coreFinalRows) warnings.push(`WARNING: ${h.label}: ${h.finalRows} rows in the table, the core left ${coreFinalRows}`);
    }
    const receiptsMatchCore = [...http, ...serializing].every((h) => sameTotals(h.totals, coreReceipts));
    if (!receiptsMatchCore) warnings.push("WARNING: the receipts over HTTP differ from Mirror.applyChanges's");

    const hs = rates(http);
    const ss = rates(serializing);
    const ts = rates(twoInFlight);
    const cs = rates(core);
    const bs = rates(baseline);
    const ratio = {
      median: round(hs.rowsPerSec / bs.rowsPerSec, 3),
      best: round(hs.best / bs.best, 3),
      paired: http.map((h, i) => round(h.rowsPerSec / baseline[i]!.rowsPerSec, 3)),
      target: INGEST_TARGET_RATIO,
      meetsTarget: hs.rowsPerSec / bs.rowsPerSec >= INGEST_TARGET_RATIO,
      httpToCore: round(hs.rowsPerSec / cs.rowsPerSec, 3),
      httpToCorePaired: http.map((h, i) => round(h.rowsPerSec / core[i]!.rowsPerSec, 3)),
      coreToBaseline: round(cs.rowsPerSec / bs.rowsPerSec, 3),
      serializingToBaseline: round(ss.rowsPerSec / bs.rowsPerSec, 3),
      serializingToCore: round(ss.rowsPerSec / cs.rowsPerSec, 3),
      twoInFlightToBaseline: round(ts.rowsPerSec / bs.rowsPerSec, 3),
      twoInFlightToCore: round(ts.rowsPerSec / cs.rowsPerSec, 3),
      /** Each serializing run over the prebuilt-bodies run of the same round. */
      serializingToPrebuiltPaired: serializing.map((x, i) => round(x.rowsPerSec / http[i]!.rowsPerSec, 3)),
      /** Each two-in-flight run over the one-in-flight run of the same round. */
      twoInFlightToOnePaired: twoInFlight.map((x, i) => round(x.rowsPerSec / http[i]!.rowsPerSec, 3)),
    };
    const n = batches.length;
    const msPerBatch = (rowsPerSec: number) => round((o.batchSize / rowsPerSec) * 1000, 1);
    const medianServer = (key: keyof NonNullable<HttpRun["server"]>) => {
      const xs = http.map((h) => h.server?.[key]).filter((x): x is number => x !== undefined);
      return xs.length ? round(median(xs), 3) : null;
    };

    const receipts = { ...http[http.length - 1]!.totals, matchCore: receiptsMatchCore, finalRows: http[http.length - 1]!.finalRows, coreFinalRows };
    const serverCpu = {
      mainMsPerBatch: medianServer("mainMsPerBatch"),
      writerMsPerBatch: medianServer("writerMsPerBatch"),
      restMsPerBatch: medianServer("restMsPerBatch"),
      mainBusyShare: medianServer("mainBusyShare"),
      writerBusyShare: medianServer("writerBusyShare"),
    };
    const throughput = {
      config: {
        changes: stats.changes,
        batchSize: o.batchSize,
        batches: n,
        bodyMBPerBatch: bodyMB,
        bodyBuildMsPerBatch: round(bodyBuildMs / n, 1),
        runs: o.runs,
        warmupBatches: WARMUP_BATCHES,
        server:
          o.backend === "sqlite"
            ? "node bin/mirrorql.js serve --port 0 --db FILE --schema DIR (child process, writer thread)"
            : "node bin/mirrorql.js serve --port 0 --db URL --pg-schema SCHEMA --schema DIR (child process, batches applied on its pool)",
        client: "this process, node:http keep-alive agent, 127.0.0.1",
      },
      http: { ...hs, msPerBatch: msPerBatch(hs.rowsPerSec), runsDetail: http },
      httpSerializing: { ...ss, runsDetail: serializing },
      httpTwoInFlight: { ...ts, runsDetail: twoInFlight },
      core: { ...cs, applyMs: core.map((c) => round(c.applyMs, 1)), msPerBatch: round(median(core.map((c) => c.applyMs)) / n, 1) },
      baseline: { ...bs, applyMs: baseline.map((b) => round(b.applyMs, 1)) },
      ratio,
      serverCpu,
      receipts,
    };
    const runsText = (xs: number[]) => xs.map(fmtInt).join(" / ");
    const srv = (h: HttpRun) => (h.server ? `${fmt(h.server.mainMsPerBatch, 0)} / ${fmt(h.server.writerMsPerBatch, 0)}` : "n/a");
    const httpRow = (hs: HttpRun[], vsBase: number, vsCore: number) => {
      const r = rates(hs);
      const mid = [...hs].sort((a, b) => a.rowsPerSec - b.rowsPerSec)[(hs.length - 1) >> 1]!;
      return [
        hs[0]!.label,
        fmtInt(r.rowsPerSec),
        fmtInt(r.best),
        runsText(r.runs),
        fmt(vsBase, 3),
        fmt(vsCore, 3),
        fmt(median(hs.map((h) => h.batchP50Ms)), 0),
        fmt(Math.max(...hs.map((h) => h.batchMaxMs)), 0),
        srv(mid),
      ];
    };
    const throughputLines = [
      `Workload: the core section's ${fmtInt(stats.changes)} changes (seed ${o.seed}) in ${n} batches of ${fmtInt(o.batchSize)}, ` +
        `${fmt(bodyMB, 2)} MB of JSON per request (built in ${fmt(bodyBuildMs / n, 1)} ms per batch before timing)`,
      `Server: \`${throughput.config.server}\`, fresh ${o.backend === "sqlite" ? "database file" : `schema at ${on.storage}`} per run, ` +
        `${WARMUP_BATCHES} warm-up batches into another dataset first; client: this process, keep-alive, 127.0.0.1; ${o.runs} alternating runs`,
      "",
      ...table(
        ["", "rows/s (median)", "best", "per run", "/ baseline", "/ core", "batch p50 ms", "max ms", "server CPU main / writer ms per batch"],
        [
          [
            "HTTP applyChanges, 1 in flight",
            fmtInt(hs.rowsPerSec),
            fmtInt(hs.best),
            runsText(hs.runs),
            fmt(ratio.median, 3),
            fmt(ratio.httpToCore, 3),
            fmt(median(http.map((h) => h.batchP50Ms)), 0),
            fmt(Math.max(...http.map((h) => h.batchMaxMs)), 0),
            `${fmt(medianServer("mainMsPerBatch") ?? NaN, 0)} / ${fmt(medianServer("writerMsPerBatch") ?? NaN, 0)}`,
          ],
          httpRow(serializing, ratio.serializingToBaseline, ratio.serializingToCore),
          httpRow(twoInFlight, ratio.twoInFlightToBaseline, ratio.twoInFlightToCore),
          [
            `${on.coreLabel}, in process`,
            fmtInt(cs.rowsPerSec),
            fmtInt(cs.best),
            runsText(cs.runs),
            fmt(ratio.coreToBaseline, 3),
            "1.000",
            fmt(throughput.core.msPerBatch, 0),
            "",
            "",
          ],
          [on.baselineLabel, fmtInt(bs.rowsPerSec), fmtInt(bs.best), runsText(bs.runs), "1.000", "", "", "", ""],
        ],
      ),
      "",
      `HTTP / baseline: median ${fmt(ratio.median, 3)}, paired ${ratio.paired.map((r) => fmt(r, 3)).join(" / ")} (target ${INGEST_TARGET_RATIO}: ${ratio.meetsTarget ? "MET" : "NOT MET"}); ` +
        `HTTP / core ${fmt(ratio.httpToCore, 3)} (paired ${ratio.httpToCorePaired.map((r) => fmt(r, 3)).join(" / ")}): the HTTP + GraphQL overhead; core / baseline ${fmt(ratio.coreToBaseline, 3)}`,
      `Server threads while ingesting (1 in flight, median of runs): main thread busy ${fmt(100 * (medianServer("mainBusyShare") ?? NaN), 0)}%, ` +
        `${o.backend === "sqlite" ? "writer thread" : "busiest other thread"} ${fmt(100 * (medianServer("writerBusyShare") ?? NaN), 0)}% of the wall time; other threads (GC helpers, loader) ${fmt(medianServer("restMsPerBatch") ?? NaN, 0)} ms per batch; ` +
        `client ${fmt(median(http.map((h) => h.clientCpuMsPerBatch)), 1)} ms CPU per batch` +
        (o.backend === "sqlite" ? "" : " (PostgreSQL's own CPU not included)"),
      `Same round: serializing each batch in the client (${fmt(median(serializing.map((x) => x.buildMsPerBatch)), 1)} ms per batch) / bodies built before ` +
        `${ratio.serializingToPrebuiltPaired.map((r) => fmt(r, 3)).join(" / ")}; 2 in flight / 1 in flight ${ratio.twoInFlightToOnePaired.map((r) => fmt(r, 3)).join(" / ")}`,
      `Receipts over HTTP: received ${fmtInt(receipts.received)}, upserted ${fmtInt(receipts.upserted)}, stale ${fmtInt(receipts.stale)}, ` +
        `quarantined ${receipts.quarantined}; ${receiptsMatchCore ? "identical to Mirror.applyChanges's" : "DIFFERENT from Mirror.applyChanges's"}; ` +
        `${fmtInt(receipts.finalRows)} rows left (core: ${fmtInt(coreFinalRows)})`,
    ];
    if (o.backend === "postgres") {
      // Parts 2 and 3 measure the SQLite server's writer thread and its hand-offs: not run here.
      const skipped = "not run with --backend postgres (reads during ingestion and the profile measure the SQLite server's writer thread)";
      const seconds = round((performance.now() - started) / 1000, 1);
      return {
        json: { ingest: { ...throughput, reads: { skipped }, profile: { skipped }, cliStopsOnSigterm: sigterm.tried ? sigterm.exited : null, seconds, warnings } },
        lines: [...throughputLines, "", `Reads during ingestion, where the time goes: ${skipped}.`, ...(warnings.length ? ["", ...warnings] : [])],
      };
    }

    // 2. Reads under ingestion.
    ctx.log(
      `ingest: loading the read data set (${fmtInt(READ_SIZES.accounts)} accounts, ${fmtInt(READ_SIZES.contacts)} contacts, ${fmtInt(READ_SIZES.opportunities)} opportunities; untimed)...`,
    );
    const readSchema = benchSchemaDir(ctx.tmp.file("ingest-read-schema"));
    writeFileSync(join(readSchema, "IngestContact.json"), modelCopy("IngestContact", LOAD_DATASET));
    const readDb = ctx.tmp.file("ingest-read.db");
    const l0 = performance.now();
    const { quarantined: readQuarantined } = await loadGraphqlDatabase(readDb, readSchema, o.seed, READ_SIZES);
    const readLoadMs = performance.now() - l0;
    if (readQuarantined > 0) warnings.push(`WARNING: ${readQuarantined} rows of the read data set were quarantined`);
    const loadBodies = batches.map((b, i) => Buffer.from(bodyText(LOAD_DATASET, `load-${i}`, b)));
    const reads: ReadUnderLoad[] = [];
    for (const writer of ["thread", "in-process"] as const) {
      collectGarbage();
      const r = await readUnderLoad(ctx, readDb, readSchema, writer, loadBodies, (i) => batches[i]!.length);
      reads.push(r);
      if (r.idle.errors || r.load.errors) warnings.push(`WARNING: reads failed with the ${writer} writer: ${r.idle.errors} idle, ${r.load.errors} under load`);
      ctx.log(
        `ingest: ${writer} writer: read p99 idle ${fmt(r.idle.p99Ms)} ms, under load ${fmt(r.load.p99Ms)} ms (longest gap ${fmt(r.load.longestGapMs, 0)} ms); ingestion ${fmtInt(r.ingest.rowsPerSec)} rows/s`,
      );
    }
    loadBodies.length = 0;
    ctx.tmp.removeDb(readDb);

    // 3. Where the time goes.
    ctx.log("ingest: profile (steps timed alone, CPU profile of both server threads)...");
    collectGarbage();
    const steps = timeSteps(bodies);
    collectGarbage();
    const prof = await profiledRun(ctx, setup);
    if (!prof.main || !prof.writer) warnings.push(`WARNING: CPU profiles incomplete (${prof.profiles} files; main ${!!prof.main}, writer ${!!prof.writer})`);
    const mergeMs = round(median(core.map((c) => c.applyMs)) / n, 1);
    // The serial chain of one batch in flight, from the server's own threads (/proc, same runs):
    // wall = writer CPU (deserialize + merge) + the writer's wait (HTTP, main thread, hand-offs).
    const wallOf = (h: HttpRun) => h.ms / n;
    const medianOf = (f: (h: HttpRun) => number | undefined) => {
      const xs = http.map(f).filter((x): x is number => x !== undefined && Number.isFinite(x));
      return xs.length ? round(median(xs), 1) : null;
    };
    const chain = {
      wallMs: round(median(http.map(wallOf)), 1),
      writerCpuMs: medianOf((h) => h.server?.writerMsPerBatch),
      writerWaitMs: medianOf((h) => (h.server ? wallOf(h) - h.server.writerMsPerBatch : undefined)),
      mainCpuMs: medianOf((h) => h.server?.mainMsPerBatch),
      /** HTTP minus the core, per batch, each HTTP run against the core run of its round. */
      overHttpVsCoreMsPaired: http.map((h, i) => round(wallOf(h) - core[i]!.applyMs / n, 1)),
    };
    const mainSteps = round(steps.decodeMs + steps.jsonParseMs + steps.coerceMs + steps.serializeMs, 2);
    const perBatchOf = (w: WindowSummary | null) =>
      w && {
        busyMsPerBatch: round(w.busyMs / prof.batches, 1),
        idleShare: w.idleShare,
        components: w.components.map((c) => ({ label: c.label, msPerBatch: round(c.ms / prof.batches, 2), share: c.share })),
        topFunctions: w.topFunctions.map((c) => ({ label: c.label, msPerBatch: round(c.ms / prof.batches, 2), share: c.share })),
      };
    const cpuMain = perBatchOf(prof.main);
    const cpuWriter = perBatchOf(prof.writer);
    // What-ifs from the figures above (estimates, not measurements), for one batch in flight.
    const rowsPerSecAt = (ms: number) => round((o.batchSize / ms) * 1000);
    const wall = chain.wallMs;
    const estimates = {
      /**
       * The rows reach the writer thread as JSON text (a plain POST route, or a String variable) and are
       * parsed there: no coercion of 10,000 objects, no structured clone (the parse moves to the writer).
       */
      rowsAsTextRowsPerSec: rowsPerSecAt(wall - steps.coerceMs - steps.serializeMs - steps.deserializeMs),
      /** The main thread's work per batch that would leave it (what reads wait behind): parse, coercion, serialize. */
      mainThreadMsSaved: round(steps.jsonParseMs + steps.coerceMs + steps.serializeMs, 1),
      /** Nothing but the writer's CPU per batch: what enough batches in flight could approach. */
      writerBoundRowsPerSec: chain.writerCpuMs ? rowsPerSecAt(chain.writerCpuMs) : null,
      /** The core at its own target (0.5 of the baseline), today's wait per batch. */
      coreAtTargetRowsPerSec:
        chain.writerWaitMs === null ? null : rowsPerSecAt(chain.writerWaitMs + steps.deserializeMs + (o.batchSize / (CORE_TARGET_RATIO * bs.rowsPerSec)) * 1000),
    };

    const profileJson = {
      stepsMsPerBatch: { ...steps, mainThreadStepsMs: mainSteps, mergeMs },
      chainMsPerBatch: chain,
      cpu: {
        samplingIntervalUs: CPU_PROF_INTERVAL_US,
        run: { rowsPerSec: prof.rowsPerSec, ms: prof.ms, batches: prof.batches, server: "bench/ingestServer.ts --writer thread under node --cpu-prof" },
        main: cpuMain,
        writer: cpuWriter,
      },
      estimates,
    };

    const json = {
      ingest: {
        ...throughput,
        reads: {
          database: { ...READ_SIZES, loadMs: Math.round(readLoadMs) },
          concurrency: READ_CONCURRENCY,
          warmup: READ_WARMUP,
          idlePhase: READ_IDLE,
          loadPhaseMaxMs: READ_LOAD_MAX_MS,
          slowMs: SLOW_READ_MS,
          loadDataset: LOAD_DATASET,
          thread: reads.find((r) => r.writer === "thread"),
          inProcess: reads.find((r) => r.writer === "in-process"),
        },
        profile: profileJson,
        cliStopsOnSigterm: sigterm.tried ? sigterm.exited : null,
        seconds: round((performance.now() - started) / 1000, 1),
        warnings,
      },
    };
    if (sigterm.tried && !sigterm.exited) {
      warnings.push(`NOTE: \`mirrorql serve\` did not exit within ${fmt(sigterm.waitedMs / 1000, 1)} s of SIGTERM; the benchmark kills its servers with SIGKILL`);
    }

    // ---- human-readable
    const readRows = reads.flatMap((r) => [
      [
        `${r.writer} writer: idle`,
        fmt(r.idle.requestsPerSec, 0),
        fmt(r.idle.p50Ms),
        fmt(r.idle.p90Ms),
        fmt(r.idle.p99Ms),
        fmt(r.idle.maxMs, 0),
        fmt(r.idle.longestGapMs, 0),
        `${fmt(100 * r.idle.slowShare, 1)}%`,
        fmtInt(r.idle.requests),
        "",
      ],
      [
        `${r.writer} writer: ingesting`,
        fmt(r.load.requestsPerSec, 0),
        fmt(r.load.p50Ms),
        fmt(r.load.p90Ms),
        fmt(r.load.p99Ms),
        fmt(r.load.maxMs, 0),
        fmt(r.load.longestGapMs, 0),
        `${fmt(100 * r.load.slowShare, 1)}%`,
        fmtInt(r.load.requests),
        `${fmtInt(r.ingest.rowsPerSec)} (batch p50 ${fmt(r.ingest.batchP50Ms, 0)} ms)`,
      ],
    ]);
    const compRows = (w: typeof cpuMain, k = 8) =>
      w
        ? w.components
            .filter((c) => c.share >= 0.01)
            .slice(0, k)
            .map((c) => [c.label, fmt(c.msPerBatch, 1), `${fmt(100 * c.share, 1)}%`])
        : [];
    const funcRows = (w: typeof cpuMain, k = 6) => (w ? w.topFunctions.slice(0, k).map((c) => [`  ${c.label}`, fmt(c.msPerBatch, 1), `${fmt(100 * c.share, 1)}%`]) : []);
    const threadLines = (name: string, w: typeof cpuMain) =>
      w
        ? [
            `  ${name}: busy ${fmt(w.busyMsPerBatch, 1)} ms per batch, idle ${fmt(100 * w.idleShare, 0)}%`,
            ...table(["component / top functions", "ms/batch", "share"], [...compRows(w), ...funcRows(w)]).map((l) => `  ${l}`),
          ]
        : [`  ${name}: no profile`];
    const st = profileJson.stepsMsPerBatch;
    const lines = [
      ...throughputLines,
      "",
      `Reads during ingestion: the graphql section's nested query on ${fmtInt(READ_SIZES.accounts)} accounts / ${fmtInt(READ_SIZES.contacts)} contacts / ${fmtInt(READ_SIZES.opportunities)} opportunities ` +
        `(loaded in ${fmt(readLoadMs / 1000, 1)} s, untimed), ${READ_CONCURRENCY} keep-alive readers in a worker thread; idle up to ${fmtInt(READ_IDLE.requests)} requests or ${READ_IDLE.ms / 1000} s, ` +
        `then while the ${fmtInt(stats.changes)} changes are pushed (1 in flight) into "${LOAD_DATASET}" of the same server`,
      ...table(["", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "longest gap ms", `> ${SLOW_READ_MS} ms`, "requests", "ingest rows/s"], readRows),
      ...reads.map((r) => `  ${r.writer} writer (${r.server}): p99 under load / idle ${fmt(r.p99Ratio, 2)}x, p50 ${fmt(r.p50Ratio, 2)}x`),
      "",
      `Where the time of one ${fmtInt(o.batchSize)}-row batch goes, HTTP with 1 in flight (medians of the ${o.runs} runs; CPU per server thread from /proc):`,
      `  wall ${fmt(wall, 0)} ms = writer thread CPU ${fmt(chain.writerCpuMs ?? NaN, 0)} ms (deserialize + merge; the core alone: ${fmt(mergeMs, 0)} ms in this process) ` +
        `+ writer waiting ${fmt(chain.writerWaitMs ?? NaN, 0)} ms (upload, main thread, hand-offs, answer); main thread CPU ${fmt(chain.mainCpuMs ?? NaN, 0)} ms`,
      `  HTTP - core, each round: ${chain.overHttpVsCoreMsPaired.map((x) => fmt(x, 0)).join(" / ")} ms per batch`,
      ...table(
        ["step (timed alone in this process, best of 3 passes)", "ms per batch", "thread"],
        [
          ["body: Buffer.concat + UTF-8 decode", fmt(st.decodeMs), "main"],
          ["JSON.parse of the body", fmt(st.jsonParseMs), "main"],
          ["graphql-js coercion of the variables ([JSONObject!]!)", fmt(st.coerceMs), "main"],
          ["structured clone to the writer: serialize", fmt(st.serializeMs), "main"],
          ["  main-thread steps together", fmt(st.mainThreadStepsMs), "main"],
          ["structured clone: deserialize", fmt(st.deserializeMs), "writer"],
        ],
      ),
      "",
      `CPU profile (node --cpu-prof, ${CPU_PROF_INTERVAL_US} µs) of the server during one HTTP run (${fmtInt(prof.rowsPerSec)} rows/s), self time in ms per batch:`,
      ...threadLines("main thread", cpuMain),
      ...threadLines("writer thread", cpuWriter),
      "  (V8 builtins such as JSON.parse count in their JS caller: createServer.ts's request handler parses the body; native work without",
      "   a JS frame of its own, e.g. postMessage's serializer or the receiving side's deserializer, counts in the Node internals that call it)",
      "",
      "Estimates from the figures above (not measured):",
      `  rows sent to the writer thread as JSON text and parsed there (a plain POST route, or a String variable): no coercion, no structured clone: ` +
        `~${fmtInt(estimates.rowsAsTextRowsPerSec)} rows/s with 1 in flight, and ${fmt(estimates.mainThreadMsSaved, 0)} ms less main-thread work per batch (what reads wait behind)`,
      `  only the writer's CPU per batch (enough batches in flight): ~${fmtInt(estimates.writerBoundRowsPerSec ?? NaN)} rows/s; ` +
        `a merge core at its own target (${CORE_TARGET_RATIO} of the baseline) with today's wait: ~${fmtInt(estimates.coreAtTargetRowsPerSec ?? NaN)} rows/s ` +
        `(HTTP target ${INGEST_TARGET_RATIO} of the baseline: ${fmtInt(INGEST_TARGET_RATIO * bs.rowsPerSec)} rows/s)`,
      ...(warnings.length ? ["", ...warnings] : []),
    ];
    return { json, lines };
  },
};
