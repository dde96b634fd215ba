// Section "profile": where the merge core spends its time, measured without touching src/.
// - normalize: compileNormalizer(model) over the same rows, alone (and its SHA-256 and
//   canonical-encoding parts);
// - SQL: one more core run with better-sqlite3's Database.prototype.prepare and
//   .transaction wrapped at run time, so every statement the store (and Drizzle) prepares
//   is timed per call and grouped by its SQL, and the COMMIT of each batch is timed;
// - the rest (JS glue: receipts, Drizzle query building, bindings) is what remains;
// - the baseline instrumented the same way (its COMMIT share), and one what-if core run
//   with a 64 MiB page cache set on mirror.database.sqlite (SQLite's default is 2 MiB).

import Database from "better-sqlite3";
import { canonicalEncoder, compileNormalizer, rowHash, type Change } from "../src/changes/normalizeChange";
import { runBaseline, runCore, sharedWorkload, type RunResult } from "./core";
import { collectGarbage, fmt, fmtInt, round, table, toMB, type BenchContext, type Section, type SectionResult, type TempDir } from "./lib";
import { contactModel, DATASET, type ChangeRow } from "./workload";

/** The page cache tried in the what-if run: 64 MiB instead of SQLite's default 2 MiB. */
const WHAT_IF_CACHE_KIB = 65536;

interface Instrumented {
  result: RunResult;
  timed: Acc[];
  prepare: Acc;
  commit: Acc;
}

/** Megabytes per table or index (SQLite's dbstat), largest first; empty if dbstat is unavailable. */
function bytesByTable(sqlite: Database.Database): { name: string; mb: number }[] {
  try {
    const rows = sqlite.prepare("SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC").all() as { name: string; bytes: number | bigint }[];
    return rows.map((r) => ({ name: r.name, mb: toMB(Number(r.bytes)) })).filter((r) => r.mb >= 0.1);
  } catch {
    return [];
  }
}

/** Runs one pass with every statement and commit timed; statements of the setup are not counted. */
async function instrumentedRun(
  run: typeof runCore | typeof runBaseline,
  tmp: TempDir,
  name: string,
  batches: readonly ChangeRow[][],
  onBatch: () => number,
  beforeClose?: (sqlite: Database.Database) => void,
): Promise<Instrumented> {
  const inst = instrument();
  let timed: Acc[] = [];
  let prepare: Acc = { ...inst.prepare };
  let commit: Acc = { ...inst.commit };
  try {
    const result = await run(tmp, name, batches, {
      onBatch,
      onOpen: () => inst.reset(),
      beforeClose,
      afterBatches: () => {
        timed = [...inst.accs.values()].map((a) => ({ ...a }));
        prepare = { ...inst.prepare };
        commit = { ...inst.commit };
      },
    });
    return { result, timed, prepare, commit };
  } finally {
    inst.uninstall();
  }
}

interface Acc {
  label: string;
  calls: number;
  ms: number;
}

/** Groups the statements by what they do in the merge (see datasetStore.ts and applyBatch.ts). */
const GROUPS: [RegExp, string][] = [
  [new RegExp(`^INSERT INTO "${DATASET}__history"`), "history insert (per change)"],
  [new RegExp(`^INSERT INTO "${DATASET}__state"`), "state write: row or tombstone (per new change)"],
  [new RegExp(`^SELECT 1 FROM main\\."${DATASET}__history" AS o`), "conflict probe (per stale upsert)"],
  [/_mq_batch/, "batch ledger via Drizzle (per batch)"],
  [/^INSERT INTO contacts \(/, "baseline upsert"],
  [/^DELETE FROM contacts WHERE/, "baseline delete"],
];

const labelOf = (sql: string) => GROUPS.find(([re]) => re.test(sql.trim()))?.[1] ?? `other: ${sql.trim().replace(/\s+/g, " ").slice(0, 50)}`;

interface Instrumentation {
  accs: Map<string, Acc>;
  prepare: Acc;
  commit: Acc;
  reset(): void;
  uninstall(): void;
}

/** Wraps prepare/transaction on the prototype; statements prepared meanwhile stay timed. */
function instrument(): Instrumentation {
  const proto = Database.prototype as unknown as {
    prepare: (this: Database.Database, sql: string) => Database.Statement;
    transaction: (this: Database.Database, fn: (...a: unknown[]) => unknown) => (...a: unknown[]) => unknown;
  };
  const originalPrepare = proto.prepare;
  const originalTransaction = proto.transaction;
  const accs = new Map<string, Acc>();
  const prepare: Acc = { label: "statement prepare (Drizzle prepares per query)", calls: 0, ms: 0 };
  const commit: Acc = { label: "COMMIT (per batch)", calls: 0, ms: 0 };
  const timedMethods = new Set(["run", "get", "all", "iterate"]);

  proto.prepare = function (sql: string) {
    const t0 = performance.now();
    const stmt = originalPrepare.call(this, sql);
    prepare.ms += performance.now() - t0;
    prepare.calls++;
    const label = labelOf(sql);
    let acc = accs.get(label);
    if (!acc) accs.set(label, (acc = { label, calls: 0, ms: 0 }));
    const timed = acc;
    return new Proxy(stmt, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target) as unknown;
        if (typeof value !== "function") return value;
        const fn = value as (...a: unknown[]) => unknown;
        if (typeof prop === "string" && timedMethods.has(prop)) {
          return (...args: unknown[]) => {
            const t = performance.now();
            try {
              return fn.apply(target, args);
            } finally {
              timed.ms += performance.now() - t;
              timed.calls++;
            }
          };
        }
        return (...args: unknown[]) => fn.apply(target, args);
      },
    });
  };

  proto.transaction = function (fn) {
    let bodyEnd = 0;
    const inner = originalTransaction.call(this, (...args: unknown[]) => {
      const result = fn(...args);
      bodyEnd = performance.now();
      return result;
    });
    return (...args: unknown[]) => {
      const result = inner(...args);
      commit.ms += performance.now() - bodyEnd;
      commit.calls++;
      return result;
    };
  };

  return {
    accs,
    prepare,
    commit,
    reset() {
      for (const a of [...accs.values(), prepare, commit]) {
        a.calls = 0;
        a.ms = 0;
      }
    },
    uninstall() {
      proto.prepare = originalPrepare;
      proto.transaction = originalTransaction;
    },
  };
}

export const profileSection: Section = {
  name: "profile",
  summary: "where the merge core's time goes: normalize, each SQL statement, commit, rest",
  async run(ctx: BenchContext): Promise<SectionResult> {
    const { rows, batches, stats } = sharedWorkload(ctx);
    const model = contactModel();

    // 1. Normalization alone, best of 3.
    ctx.log("profile: normalize only...");
    const normalize = compileNormalizer(model);
    let normalizeMs = Infinity;
    let changes: Change[] = [];
    for (let rep = 0; rep < 3; rep++) {
      const out: Change[] = new Array(rows.length);
      const t0 = performance.now();
      for (let i = 0; i < rows.length; i++) {
        const r = normalize(rows[i]);
        if (r.ok) out[i] = r.change;
      }
      normalizeMs = Math.min(normalizeMs, performance.now() - t0);
      changes = out;
    }
    const upserts = changes.filter((c) => c.op === "upsert");
    const encode = canonicalEncoder(model.fields.map((f) => f.name));
    let canonicalMs = Infinity;
    let hashMs = Infinity;
    for (let rep = 0; rep < 3; rep++) {
      let t0 = performance.now();
      for (const c of upserts) encode(c.values);
      canonicalMs = Math.min(canonicalMs, performance.now() - t0);
      t0 = performance.now();
      for (const c of upserts) rowHash(c.canonical!);
      hashMs = Math.min(hashMs, performance.now() - t0);
    }
    changes = [];

    // 2. One instrumented core run, and one of the baseline for its COMMIT share.
    ctx.log("profile: instrumented core run...");
    collectGarbage();
    const onBatch = () => ctx.memory.sample();
    let tables: { name: string; mb: number }[] = [];
    const core = await instrumentedRun(runCore, ctx.tmp, "profile-core", batches, onBatch, (sqlite) => {
      tables = bytesByTable(sqlite);
    });
    ctx.log("profile: instrumented baseline run...");
    collectGarbage();
    const base = await instrumentedRun(runBaseline, ctx.tmp, "profile-baseline", batches, onBatch);
    const commitAcc = core.commit;
    const prepareAcc = core.prepare;
    const totalMs = core.result.applyMs;
    const others = core.timed.filter((a) => a.label.startsWith("other:") && a.calls > 0);
    const sqlGroups = core.timed.filter((a) => a.calls > 0).sort((a, b) => b.ms - a.ms);
    const sqlMs = sqlGroups.reduce((sum, a) => sum + a.ms, 0);
    const restMs = totalMs - normalizeMs - sqlMs - commitAcc.ms - prepareAcc.ms;
    const baseTotalMs = base.result.applyMs;
    const baseSqlMs = base.timed.reduce((sum, a) => sum + a.ms, 0);

    // 3. What if the core's connection had a bigger page cache (set through mirror.database)?
    ctx.log(`profile: core run with cache_size = -${WHAT_IF_CACHE_KIB}...`);
    collectGarbage();
    const bigCache = await runCore(ctx.tmp, "profile-core-cache", batches, {
      onBatch,
      onOpen: (sqlite) => void sqlite.pragma(`cache_size = -${WHAT_IF_CACHE_KIB}`),
    });
    const coreMedian = ctx.shared<number | undefined>("coreMedianRowsPerSec", () => undefined);

    const n = stats.changes;
    const part = (label: string, ms: number, calls: number) => ({
      label,
      ms: round(ms, 1),
      share: round(ms / totalMs, 3),
      calls,
      usPerCall: calls ? round((ms * 1000) / calls, 2) : null,
    });
    const parts = [
      part("normalize (measured alone)", normalizeMs, n),
      ...sqlGroups.map((a) => part(a.label, a.ms, a.calls)),
      part(commitAcc.label, commitAcc.ms, commitAcc.calls),
      part(prepareAcc.label, prepareAcc.ms, prepareAcc.calls),
      part("rest (JS glue, receipts, Drizzle building, timers)", restMs, 0),
    ];
    const normalizeParts = [
      part("canonical encoding (upserts)", canonicalMs, upserts.length),
      part("SHA-256 hex of canonical (upserts)", hashMs, upserts.length),
      part("coercion and checks (the remainder)", normalizeMs - canonicalMs - hashMs, n),
    ];

    const row = (p: ReturnType<typeof part>) => [
      p.label,
      fmt(p.ms, 1),
      `${fmt(100 * p.share, 1)}%`,
      p.calls ? fmtInt(p.calls) : "",
      p.usPerCall === null ? "" : fmt(p.usPerCall, 2),
    ];
    const lines = [
      `Profile of one instrumented core run: ${fmt(totalMs / 1000)} s, ${fmtInt((n / totalMs) * 1000)} rows/s ` +
        `(timers add overhead; ${fmt((totalMs * 1000) / n, 2)} µs per change)`,
      "",
      ...table(["component", "ms", "share", "calls", "µs/call"], parts.map(row)),
      "",
      "normalize split (same rows, measured alone; shares of the run above):",
      ...table(["part", "ms", "share", "calls", "µs/call"], normalizeParts.map(row)),
    ];
    lines.push(
      "",
      `baseline, instrumented the same way: ${fmt(baseTotalMs / 1000)} s (${fmt((baseTotalMs * 1000) / n, 2)} µs per change), ` +
        `statements ${fmt(baseSqlMs, 0)} ms, COMMIT ${fmt(base.commit.ms, 0)} ms (${fmt((100 * base.commit.ms) / baseTotalMs, 1)}%, ` +
        `${fmt(base.commit.ms / Math.max(1, base.commit.calls), 1)} ms per batch); DB ${fmt(toMB(base.result.dbBytes), 1)} MB vs core ${fmt(toMB(core.result.dbBytes), 1)} MB`,
      `core DB by table/index (MB, dbstat): ${tables.map((t) => `${t.name} ${fmt(t.mb, 1)}`).join(", ")}`,
      `what-if: core with PRAGMA cache_size = -${WHAT_IF_CACHE_KIB} (64 MiB, default is 2 MiB) set on mirror.database.sqlite: ` +
        `${fmtInt(bigCache.rowsPerSec)} rows/s` +
        (coreMedian ? ` = ${fmt(bigCache.rowsPerSec / coreMedian, 2)} × the core median above (one run)` : " (one run)"),
    );
    if (others.length > 0) lines.push("", `unexpected statements during the batches: ${others.map((a) => a.label).join("; ")}`);

    return {
      json: {
        profile: {
          instrumentedApplyMs: round(totalMs, 1),
          instrumentedRowsPerSec: round((n / totalMs) * 1000),
          parts,
          normalize: normalizeParts,
          baseline: {
            instrumentedApplyMs: round(baseTotalMs, 1),
            statementsMs: round(baseSqlMs, 1),
            commitMs: round(base.commit.ms, 1),
            commitShare: round(base.commit.ms / baseTotalMs, 3),
            dbMB: toMB(base.result.dbBytes),
          },
          coreDbMB: toMB(core.result.dbBytes),
          coreTablesMB: tables,
          whatIfCache: {
            cacheSizeKiB: WHAT_IF_CACHE_KIB,
            rowsPerSec: round(bigCache.rowsPerSec),
            applyMs: round(bigCache.applyMs, 1),
            vsCoreMedian: coreMedian ? round(bigCache.rowsPerSec / coreMedian, 3) : null,
          },
        },
      },
      lines,
    };
  },
};
