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

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { contenders, sharedWorkload, type RunResult } from "./core";
import { bodyText, httpRun, INGEST_TARGET_RATIO, modelCopy, sameTotals, type HttpRun, type ThroughputSetup } from "./ingestHttp";
import { sigterm } from "./ingestChild";
import { whereTheTimeGoes } from "./ingestProfile";
import { readsDuringIngestion } from "./ingestReads";
import { collectGarbage, fmt, fmtInt, median, round, table, type BenchContext, type Section, type SectionResult } from "./lib";
import { CONTACT_MODEL_JSON, DATASET } from "./workload";

/** Receives the two warm-up batches of every HTTP run, so that the timed dataset starts empty. */
const WARMUP_DATASET = "warmup_contacts";
const WARMUP_BATCHES = 2;
/** Rounds (of --runs) that also run the serializing client and two batches in flight. */
const VARIANT_ROUNDS = 2;

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

    // 2. Reads under ingestion; 3. where the time goes.
    const reads = await readsDuringIngestion(ctx, batches, stats.changes, warnings);
    const where = await whereTheTimeGoes(ctx, { setup, core, http, baselineRowsPerSec: bs.rowsPerSec }, warnings);

    const json = {
      ingest: {
        ...throughput,
        reads: reads.json,
        profile: where.json,
        cliStopsOnSigterm: sigterm.tried ? sigterm.exited : null,
        seconds: round((performance.now() - started) / 1000, 1),
        warnings,
      },
    };
    if (sigterm.tried && !sigterm.exited) {
      warnings.push(`NOTE: \`mirrorql serve\` did not exit within ${fmt(sigterm.waitedMs / 1000, 1)} s of SIGTERM; the benchmark kills its servers with SIGKILL`);
    }
    const lines = [...throughputLines, "", ...reads.lines, "", ...where.lines, ...(warnings.length ? ["", ...warnings] : [])];
    return { json, lines };
  },
};
