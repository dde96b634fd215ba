// Section "ingest", part 3: where the HTTP ingestion time goes. The server's steps before the
// merge timed alone on the same bodies, the serial chain of one batch in flight from the server's
// own threads, a CPU profile (`node --cpu-prof`) of both server threads during one HTTP run, and
// what-ifs derived from those figures.

import type { RunResult } from "./core";
import { getVariableValues, parse, type OperationDefinitionNode } from "graphql";
import { mkdirSync } from "node:fs";
import { deserialize, serialize } from "node:v8";
import { buildSchema } from "../src/graphql/buildSchema";
import { TARGET_RATIO as CORE_TARGET_RATIO } from "./core";
import { INGEST_TARGET_RATIO, MUTATION, pushBatches, type HttpRun, type PushResult, type ThroughputSetup } from "./ingestHttp";
import { profileRuns, readProfiles, startChild, summarizeWindow, type WindowSummary } from "./ingestChild";
import { collectGarbage, fmt, fmtInt, median, round, table, type BenchContext } from "./lib";
import { contactModel } from "./workload";

const CPU_PROF_INTERVAL_US = 500;

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

/** Part 3 of the section, for the 1-in-flight HTTP runs `http` and the core runs `core` of the same rounds. */
export async function whereTheTimeGoes(
  ctx: BenchContext,
  run: { setup: ThroughputSetup; core: readonly RunResult[]; http: readonly HttpRun[]; baselineRowsPerSec: number },
  warnings: string[],
) {
  const o = ctx.options;
  const { setup, core, http, baselineRowsPerSec } = run;
  const { bodies } = setup;
  const n = setup.batches.length;
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
      chain.writerWaitMs === null ? null : rowsPerSecAt(chain.writerWaitMs + steps.deserializeMs + (o.batchSize / (CORE_TARGET_RATIO * baselineRowsPerSec)) * 1000),
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
      `(HTTP target ${INGEST_TARGET_RATIO} of the baseline: ${fmtInt(INGEST_TARGET_RATIO * baselineRowsPerSec)} rows/s)`,
  ];
  return { json: profileJson, lines };
}
