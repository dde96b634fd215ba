// mirrorql benchmarks: `npm run bench [-- options]`.
//
// Sections (run in this order; select with --only name[,name]):
//   core     merge core (Mirror.open + applyChanges per batch into a file DB, history and
//            tombstones on) vs a bare better-sqlite3 version-guarded upsert of the same rows,
//            alternating, --runs times each. With --backend postgres: Mirror.open on a fresh
//            PostgreSQL schema vs the bare upsert from Node through pg (each batch reduced to each
//            key's newest change, one INSERT ... SELECT FROM unnest(...) ON CONFLICT DO UPDATE ...
//            WHERE and one guarded DELETE ... USING unnest(...) per transaction), same JSON names
//   profile  where the core's time goes (normalize alone; every SQL statement timed by
//            wrapping better-sqlite3's prepare/transaction at run time; COMMIT; the rest)
//   floor    the ceiling of any merge core: three storage designs (state; + history log;
//            + history identity index) written in bare SQL from changes normalized beforehand,
//            alternating with the baseline; normalization time measured alone is added on top
//   graphql  read path over HTTP: a 3-level nested query (20 accounts > 10 contacts > 5 owned
//            opportunities) served by startServer (Apollo) vs the same JSON from three prepared
//            statements on a plain node:http server, both on one file DB (10k/100k/300k rows);
//            12 keep-alive clients in a worker thread; then where the GraphQL time goes
//   ingest   the core's changes POSTed through the generic applyChanges mutation to
//            `mirrorql serve` in a child process (writer thread, fresh file DB), 1 batch in flight
//            (also: serialized per batch; 2 in flight), beside core and baseline in the same run;
//            the nested query's latency idle vs during ingestion (writer thread vs in-process
//            writer); where the HTTP ingestion time goes (steps timed alone, --cpu-prof of the server).
//            With --backend postgres: the HTTP runs against `mirrorql serve --db URL --pg-schema S`
//            (fresh schema per run) beside the PostgreSQL core and baseline; reads and profile skipped
//   peer     mirrorql serve vs PostGraphile 5 on a throwaway PostgreSQL 15 cluster (bench/peer/postgraphile:
//            the peer's data generator, query and load client bench.mjs under its own Node 22), same CSVs,
//            same query shape, alternating rounds; requests/s, p50/p99 and server CPU per request.
//            Skipped when /usr/lib/postgresql/15/bin (or $PG_BIN) is missing
//   csv      the ingest client's CSV reader vs csv-parse on the same 300k rows (csv.ts)
// Later sections are added to SECTIONS below: each returns its JSON keys (merged at the
// top level) and its human-readable lines.
//
// Options: --json (print only one JSON object on stdout; use `npm run -s bench -- --json`
// so that npm prints no banner), --only core,profile, --runs N
// (default 3, min 2), --changes N (200000), --keys N (100000), --batch N (10000),
// --deletes F (0.1), --out-of-order F (0.2), --seed N (42), --no-warmup, --help;
// --backend sqlite|postgres (default sqlite): the storage of the sections that follow it (today
// `core`, `ingest` (part 1, see above), `graphql` and `peer`, which serves mirrorql from its own
// throwaway cluster; the others still run on SQLite); with postgres, --pg-url URL (default
// postgres://postgres@127.0.0.1:5432/test), where each run creates a schema of its own and drops it;
// for `peer`: --peer-scale F (1: 10k/100k/300k rows), --peer-rounds N (5), --peer-duration S (10),
// --peer-warmup S (3), --peer-connections N (8).
//
// JSON output (every figure; rows/s are rows per second of apply time only):
//   config                 the options above (changes, keys, batchSize, deleteRate, outOfOrderRate, seed, runs, warmup, only,
//                          backend, pgUrl)
//   environment            node, platform, arch, cpus, cpuModel, betterSqlite3, sqlite (versions)
//   sections               names of the sections that ran
//   totalSeconds           wall time of the whole benchmark
//   memory.rssPeakMB       process.resourceUsage().maxRSS at the end (MB, whole process, all sections)
//   memory.heapUsedPeakMB  highest process.memoryUsage().heapUsed sampled after each batch (MB)
//   memory.afterGenerate   { rssMB, heapUsedMB } right after the workload was generated (it stays in memory)
//   [core section]
//   core.rowsPerSec        median rows/s of Mirror.applyChanges over the runs (= core.median)
//   core.best / .median    best and median rows/s; core.runs: rows/s of each run in order
//   core.applyMs           apply time of each run (ms); core.heapUsedPeakMB: heap peak during core runs
//   core.dbMB              database file size after the last run (MB); core.finalRows: rows in the table
//   baseline.*             the same names for the bare upsert baseline
//   ratio.median           core.median / baseline.median (the figure held against ratio.target = 0.5)
//   ratio.best             core.best / baseline.best; ratio.paired: each core run / the baseline run before it
//   ratio.target, ratio.meetsTarget   0.5, and whether ratio.median >= 0.5
//   receipts               summed over one core run: batches, received, upserted, deleted, stale,
//                          unchanged, conflicts, quarantined, consistentAcrossRuns
//   workload               changes, keys, keysTouched, upserts, deletes, outOfOrder, batches, generateMs
//   [profile section]
//   profile.instrumentedApplyMs, profile.instrumentedRowsPerSec   the instrumented run (timers add overhead)
//   profile.parts[]        { label, ms, share (of instrumentedApplyMs), calls, usPerCall } per component
//   profile.normalize[]    the same for the parts of normalization (canonical encoding, SHA-256, rest)
//   profile.baseline       { instrumentedApplyMs, statementsMs, commitMs, commitShare, dbMB } of an instrumented baseline run
//   profile.coreDbMB       database size of the instrumented core run (MB)
//   profile.coreTablesMB[] { name, mb } per table/index of that database (SQLite dbstat; >= 0.1 MB), largest first
//   profile.whatIfCache    { cacheSizeKiB, rowsPerSec, applyMs, vsCoreMedian }: one core run with
//                          PRAGMA cache_size = -65536 on mirror.database.sqlite; vsCoreMedian = rowsPerSec / core.median
//   [floor section: everything under one key "floor"]
//   floor.normalizeUsPerChange   compileNormalizer over the workload, alone (µs per change)
//   floor.baseline         { rowsPerSec (median), runs[] } of the baseline runs of this section
//   floor.designs[]        { name, keeps (the rules it can keep), rowsPerSec (median), runs[], usPerChange, ratio (to the
//                          baseline median), ratioWithNormalize (µs of the baseline / (µs of the design + normalizeUsPerChange)) }
//   floor.targetBudgetUsPerChange   what a ratio of 0.5 allows per change (µs)
//   [graphql section: everything under one key "graphql"]
//   graphql.database       accounts, contacts, opportunities, dbMB, generateLoadMs (untimed load), quarantined
//   graphql.query          variants, regions, offsets, minEmployees, pageSizes; graphql.load: concurrency, warmup, measure, runs
//   graphql.rows           per response (mean over variants): accounts, contacts, opportunities, objects, leaves,
//                          responseBytes; minObjects/maxObjects across variants
//   graphql.sameJson       { equal, identical (same key order too), variants }: GraphQL vs baseline responses
//   graphql.graphql        requestsPerSec (median of runs), best, runs[], p50Ms, p90Ms, p99Ms, maxMs (latencies of
//                          all runs pooled), requests, errors, responseBytes
//   graphql.baseline       the same names for the hand-written SQL + JSON.stringify server
//   graphql.ratio          median (graphql.requestsPerSec / baseline.requestsPerSec), best, paired[], target (0.5), meetsTarget
//   graphql.oneClient      { graphql, baseline }: { requests, requestsPerSec, p50Ms, p99Ms } with one request at a time
//   graphql.profile.inProcess   ms per request without HTTP: apollo { totalMs, beforeRequestMs, beforeExecuteMs, parseMs,
//                          validateMs, executeMs, sqlMs, executeWithoutSqlMs, afterExecuteMs, stringifyMs, statementsPerRequest },
//                          graphqlJs { executeMs, sqlMs, executeWithoutSqlMs, stringifyMs } (execute alone, no Apollo),
//                          baseline { totalMs, sqlMs, buildAndStringifyMs }, usPerObject, usPerLeaf
//   graphql.profile.sqlReplay   ms per request of the statements replayed alone: graphqlMs, graphqlWithoutUpdatedAtMs, baselineMs
//   graphql.profile.cpu    samplingIntervalUs; graphql / baseline: CPU profile of the servers' thread under load:
//                          requests, requestsPerSec, wallMs, busyMs, idleShare, busyMsPerRequest,
//                          components[] / topFunctions[] { label, msPerRequest (self time), share (of busy time) }
//   graphql.warnings[]     differing responses, failed requests
//   [ingest section: everything under one key "ingest"]
//   ingest.config          changes, batchSize, batches, bodyMBPerBatch, bodyBuildMsPerBatch, runs, warmupBatches, server, client
//   ingest.http            HTTP applyChanges, 1 batch in flight, bodies built before timing: rowsPerSec (median), best,
//                          runs[], msPerBatch, runsDetail[] (each run: label, inFlight, prebuilt, ms, rowsPerSec,
//                          batchP50Ms, batchMaxMs, totals, finalRows, server { mainMsPerBatch, writerMsPerBatch,
//                          restMsPerBatch, mainBusyShare, writerBusyShare } (CPU per server thread, /proc), clientCpuMsPerBatch,
//                          buildMsPerBatch, startMs)
//   ingest.httpSerializing / .httpTwoInFlight   same names, first two rounds: JSON.stringify per batch in the timing; 2 in flight
//   ingest.core / .baseline   rowsPerSec (median), best, runs[], applyMs[]; core.msPerBatch
//   ingest.ratio           median (http / baseline, target 0.4, meetsTarget), best, paired[], httpToCore, httpToCorePaired[],
//                          coreToBaseline, serializingToBaseline, serializingToCore, twoInFlightToBaseline, twoInFlightToCore,
//                          serializingToPrebuiltPaired[], twoInFlightToOnePaired[] (over the 1-in-flight run of the same round)
//   ingest.serverCpu       medians of http runs' server CPU; ingest.receipts: summed receipts, matchCore, finalRows, coreFinalRows
//   ingest.reads           database, concurrency, phases; thread / inProcess: { writer, server, idle, load, p99Ratio, p50Ratio,
//                          ingest { batches, rows, ms, rowsPerSec, batchP50Ms, batchMaxMs, quarantined }, serverCpu }, idle/load =
//                          { requests, requestsPerSec, p50Ms, p90Ms, p99Ms, maxMs, slowShare, longestGapMs, errors, responseBytes }
//   ingest.profile         stepsMsPerBatch { decodeMs, jsonParseMs, coerceMs, serializeMs, mainThreadStepsMs, deserializeMs,
//                          mergeMs } (timed alone); chainMsPerBatch { wallMs, writerCpuMs, writerWaitMs, mainCpuMs,
//                          overHttpVsCoreMsPaired[] }; cpu { samplingIntervalUs, run, main, writer: { busyMsPerBatch, idleShare,
//                          components[], topFunctions[] { label, msPerBatch, share } } }; estimates { rowsAsTextRowsPerSec,
//                          mainThreadMsSaved, writerBoundRowsPerSec, coreAtTargetRowsPerSec } (derived, not measured)
//   ingest.cliStopsOnSigterm, ingest.seconds, ingest.warnings[]
//   [peer section: everything under one key "peer"; only { skipped } when PostgreSQL 15 or the peer's packages are missing]
//   peer.config            backend, scale, seed, region, rounds, durationS, warmupS, connections, order, client
//   peer.versions          postgraphile, autocannon, peerNode (Node 22 of the peer and the load client), postgres, node
//   peer.dataset           accounts, contacts, opportunities, seed, dir (CSV cache), generated, generateMs
//   peer.setup             depsInstalled, depsInstallMs, postgresLoadMs, postgresDbMB, postgraphileStartMs, mirrorqlDbCached,
//                          mirrorqlLoadMs, mirrorqlDbMB, mirrorqlStartMs, mirrorqlIndexes (declared by the models)
//   peer.check             same (rows, order and values alike), accounts, contacts, opportunities, expected, responseBytes { mirrorql, postgraphile }
//   peer.statementsPerRequest, peer.statementSql[]   better-sqlite3 or pg executions of one request (separate unmeasured server), or null
//   peer.mirrorql          requestsPerSec (median), best, p50Ms, p99Ms, cpuMsPerRequest (medians over rounds), requests, errors,
//                          mismatches, responseBytes, runs[] { round, requestsPerSec, p50Ms, p99Ms, latencyAvgMs, latencyMaxMs,
//                          perSecondMin, perSecondMax, requests, errors, non2xx, mismatches, timeouts, durationS, responseBytes,
//                          cpuMs, cpuMsPerRequest }
//   peer.postgraphile      the same, CPU = Node + PostgreSQL, with nodeCpuMsPerRequest and postgresCpuMsPerRequest (also per run;
//                          for peer.mirrorql too with --backend postgres, where it serves schema mirrorql of the peer's cluster)
//   peer.ratio             requestsPerSec (mirrorql / peer, medians), requestsPerSecTarget (2.0; 1.5 on postgres), meetsRequestsPerSecTarget,
//                          p99 (mirrorql / peer), meetsP99Target (< 1), cpuMsPerRequest, paired[] { round, requestsPerSec, p99 }
//   peer.warnings[], peer.seconds

import Database from "better-sqlite3";
import { createRequire } from "node:module";
import { arch, cpus, platform } from "node:os";
import { configureLog, isLogThreshold } from "../src/server/log";
import { coreSection } from "./core";
import { graphqlSection } from "./graphql";
import { ingestSection } from "./ingest";
import { fmt, MemoryTracker, TempDir, toMB, type BenchContext, type BenchOptions, type Section } from "./lib";
import { floorSection } from "./floor";
import { peerSection } from "./peer";
import { csvSection } from "./csv";
import { profileSection } from "./profile";

// Servers under measurement, in process and in child processes (which inherit this), write no
// access line per request: PostGraphile, the peer, logs none by default either. MIRRORQL_LOG_LEVEL=info
// measures them with it.
process.env.MIRRORQL_LOG_LEVEL ??= "warn";
configureLog({ level: isLogThreshold(process.env.MIRRORQL_LOG_LEVEL) ? process.env.MIRRORQL_LOG_LEVEL : "warn" });

const SECTIONS: Section[] = [coreSection, profileSection, floorSection, graphqlSection, ingestSection, peerSection, csvSection];

const USAGE = `usage: npm run bench -- [--json] [--only ${SECTIONS.map((s) => s.name).join(",")}] [--runs N] [--changes N] [--keys N]
                        [--batch N] [--deletes F] [--out-of-order F] [--seed N] [--no-warmup]
                        [--backend sqlite|postgres] [--pg-url postgres://...]
                        [--peer-scale F] [--peer-rounds N] [--peer-duration S] [--peer-warmup S] [--peer-connections N]
sections:
${SECTIONS.map((s) => `  ${s.name.padEnd(8)} ${s.summary}`).join("\n")}`;

const DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/test";
const BACKENDS = ["sqlite", "postgres"] as const;

/** The one place the storage of the run is chosen (sections read `options.backend`). */
function backendOf(value: string | undefined): BenchOptions["backend"] {
  const backend = BACKENDS.find((b) => b === value);
  if (!backend) throw new Error(`--backend expects ${BACKENDS.join(" or ")}, received ${value ?? "nothing"}`);
  return backend;
}

function parseArgs(argv: string[]): BenchOptions {
  const o: BenchOptions = {
    json: false,
    only: [],
    runs: 3,
    changes: 200_000,
    keys: 100_000,
    batchSize: 10_000,
    deleteRate: 0.1,
    outOfOrderRate: 0.2,
    seed: 42,
    warmup: true,
    backend: "sqlite",
    pgUrl: DEFAULT_PG_URL,
    peerScale: 1,
    peerRounds: 5,
    peerDuration: 10,
    peerWarmup: 3,
    peerConnections: 8,
  };
  const number = (name: string, value: string | undefined, integer = true): number => {
    const n = Number(value);
    if (value === undefined || !Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) {
      throw new Error(`${name} expects a ${integer ? "whole " : ""}number, received ${value ?? "nothing"}`);
    }
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case "--json":
        o.json = true;
        break;
      case "--only":
        o.only = (value() ?? "")
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean);
        break;
      case "--runs":
        o.runs = Math.max(2, number(flag, value()));
        break;
      case "--changes":
        o.changes = Math.max(1, number(flag, value()));
        break;
      case "--keys":
        o.keys = Math.max(1, number(flag, value()));
        break;
      case "--batch":
        o.batchSize = Math.max(1, number(flag, value()));
        break;
      case "--deletes":
        o.deleteRate = number(flag, value(), false);
        break;
      case "--out-of-order":
        o.outOfOrderRate = number(flag, value(), false);
        break;
      case "--seed":
        o.seed = number(flag, value());
        break;
      case "--no-warmup":
        o.warmup = false;
        break;
      case "--backend":
        o.backend = backendOf(value());
        break;
      case "--pg-url":
        o.pgUrl = value() ?? "";
        if (!/^postgres(ql)?:\/\//.test(o.pgUrl)) throw new Error(`--pg-url expects a postgres:// URL, received ${o.pgUrl || "nothing"}`);
        break;
      case "--peer-scale":
        o.peerScale = number(flag, value(), false);
        if (!(o.peerScale > 0)) throw new Error("--peer-scale must be above 0");
        break;
      case "--peer-rounds":
        o.peerRounds = Math.max(1, number(flag, value()));
        break;
      case "--peer-duration":
        o.peerDuration = Math.max(1, number(flag, value()));
        break;
      case "--peer-warmup":
        o.peerWarmup = number(flag, value());
        break;
      case "--peer-connections":
        o.peerConnections = Math.max(1, number(flag, value()));
        break;
      case "--help":
      case "-h":
        console.log(USAGE);
        process.exit(0);
      default:
        throw new Error(`unknown option ${arg}\n${USAGE}`);
    }
  }
  const unknown = o.only.filter((n) => !SECTIONS.some((s) => s.name === n));
  if (unknown.length > 0) throw new Error(`unknown section(s) ${unknown.join(", ")}; known: ${SECTIONS.map((s) => s.name).join(", ")}`);
  return o;
}

function environment() {
  const require = createRequire(import.meta.url);
  const mem = new Database(":memory:");
  const sqlite = mem.prepare("SELECT sqlite_version()").pluck().get() as string;
  mem.close();
  return {
    node: process.version,
    platform: platform(),
    arch: arch(),
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? "unknown",
    betterSqlite3: (require("better-sqlite3/package.json") as { version: string }).version,
    sqlite,
  };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const tmp = new TempDir();
  const cleanup = () => tmp.remove();
  process.once("exit", cleanup);
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(130));

  const memory = new MemoryTracker();
  const shared = new Map<string, unknown>();
  const ctx: BenchContext = {
    options,
    tmp,
    memory,
    log: (message) => {
      if (!options.json) process.stderr.write(`${message}\n`);
    },
    shared<T>(key: string, build: () => T): T {
      if (!shared.has(key)) shared.set(key, build());
      return shared.get(key) as T;
    },
  };

  const selected = SECTIONS.filter((s) => options.only.length === 0 || options.only.includes(s.name));
  const env = environment();
  const json: Record<string, unknown> = {};
  const human: string[] = [];
  try {
    for (const section of selected) {
      const result = await section.run(ctx);
      for (const [key, value] of Object.entries(result.json)) {
        if (key in json) throw new Error(`section ${section.name} reuses the JSON key "${key}"`);
        json[key] = value;
      }
      human.push("", `== ${section.name}: ${section.summary}`, "", ...result.lines);
    }
  } finally {
    cleanup();
  }

  const memoryJson = {
    rssPeakMB: toMB(memory.rssPeakBytes()),
    heapUsedPeakMB: toMB(memory.heapUsedPeak),
    ...memory.marks,
  };
  const totalSeconds = Math.round(performance.now() - started) / 1000;
  const { json: _json, ...config } = options;

  if (options.json) {
    process.stdout.write(`${JSON.stringify({ config, environment: env, sections: selected.map((s) => s.name), totalSeconds, ...json, memory: memoryJson })}\n`);
    return;
  }
  const gen = memory.marks.afterGenerate;
  console.log(
    [
      `mirrorql bench — Node ${env.node}, ${env.cpus} × ${env.cpuModel}, better-sqlite3 ${env.betterSqlite3}, SQLite ${env.sqlite}`,
      ...human,
      "",
      `memory: RSS peak ${fmt(memoryJson.rssPeakMB, 1)} MB (maxRSS, whole process), heap used peak ${fmt(memoryJson.heapUsedPeakMB, 1)} MB` +
        (gen ? ` (after generating the workload: heap ${fmt(gen.heapUsedMB, 1)} MB, RSS ${fmt(gen.rssMB, 1)} MB)` : ""),
      `total ${fmt(totalSeconds, 1)} s; figures vary by up to ±40% between runs on these machines: compare ratios within a run`,
    ].join("\n"),
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
