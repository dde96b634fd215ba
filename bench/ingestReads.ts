// Section "ingest", part 2: the graphql section's nested query read by the bench's load client
// (loadClient.ts), idle and then while the same changes are pushed into another dataset of the
// same server, with the writer thread (`mirrorql serve`) and with the in-process writer.

import { copyFileSync, writeFileSync } from "node:fs";
import { Agent } from "node:http";
import { join } from "node:path";
import { benchSchemaDir, loadGraphqlDatabase, requestBody, VARIANTS, type DatasetSizes } from "./graphqlData";
import { bodyText, modelCopy, perBatch, pushBatches, type HttpRun, type PushResult } from "./ingestHttp";
import { cpuBetween, postJson, startChild, threadCpuMs, type ChildServer } from "./ingestChild";
import { collectGarbage, fmt, fmtInt, percentile, round, table, type BenchContext } from "./lib";
import { LoadClient, type PhaseResult } from "./loadClient";
import type { ChangeRow } from "./workload";

/** The dataset pushed while the nested query is read (a copy of the workload's model). */
const LOAD_DATASET = "ingest_contacts";
/** The read data set: a fifth of the graphql section's, loaded in about 2-3 s. */
const READ_SIZES: DatasetSizes = { accounts: 2_000, contacts: 20_000, opportunities: 60_000 };
const READ_CONCURRENCY = 3;
const READ_WARMUP = { requests: 300, ms: 2_000 };
const READ_IDLE = { requests: 4_000, ms: 5_000 };
/** The under-load phase lasts as long as the ingestion, at most this long. */
const READ_LOAD_MAX_MS = 45_000;
const SLOW_READ_MS = 100;

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

/** Part 2 of the section: the read data set loaded (untimed), then reads idle and during ingestion with each writer. */
export async function readsDuringIngestion(ctx: BenchContext, batches: readonly ChangeRow[][], changes: number, warnings: string[]) {
  const o = ctx.options;
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

  const json = {
    database: { ...READ_SIZES, loadMs: Math.round(readLoadMs) },
    concurrency: READ_CONCURRENCY,
    warmup: READ_WARMUP,
    idlePhase: READ_IDLE,
    loadPhaseMaxMs: READ_LOAD_MAX_MS,
    slowMs: SLOW_READ_MS,
    loadDataset: LOAD_DATASET,
    thread: reads.find((r) => r.writer === "thread"),
    inProcess: reads.find((r) => r.writer === "in-process"),
  };
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
  const lines = [
    `Reads during ingestion: the graphql section's nested query on ${fmtInt(READ_SIZES.accounts)} accounts / ${fmtInt(READ_SIZES.contacts)} contacts / ${fmtInt(READ_SIZES.opportunities)} opportunities ` +
      `(loaded in ${fmt(readLoadMs / 1000, 1)} s, untimed), ${READ_CONCURRENCY} keep-alive readers in a worker thread; idle up to ${fmtInt(READ_IDLE.requests)} requests or ${READ_IDLE.ms / 1000} s, ` +
      `then while the ${fmtInt(changes)} changes are pushed (1 in flight) into "${LOAD_DATASET}" of the same server`,
    ...table(["", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "longest gap ms", `> ${SLOW_READ_MS} ms`, "requests", "ingest rows/s"], readRows),
    ...reads.map((r) => `  ${r.writer} writer (${r.server}): p99 under load / idle ${fmt(r.p99Ratio, 2)}x, p50 ${fmt(r.p50Ratio, 2)}x`),
  ];
  return { json, lines };
}
