// Section "core": the merge core (Mirror.applyChanges, history and tombstones on) against a
// bare version-guarded upsert of the same rows, measured alternately in the same process: on
// SQLite (a file database, better-sqlite3) or, with --backend postgres, on PostgreSQL
// (corePostgres.ts).

import Database from "better-sqlite3";
import { Mirror } from "../src/mirror";
import type { DatasetReceipt, Receipt } from "../src/merge/Receipt";
import { collectGarbage, fmt, fmtInt, rateStats, round, table, toMB, type BenchContext, type RateStats, type Section, type SectionResult, type TempDir } from "./lib";
import { runBaselinePostgres, runCorePostgres } from "./corePostgres";
import { contactModel, DATASET, generateWorkload, type ChangeRow, type Workload } from "./workload";

export const TARGET_RATIO = 0.5;

/** A dataset receipt's counts summed over batches; `quarantined` counts rows. */
export type ReceiptTotals = Pick<DatasetReceipt, "received" | "upserted" | "deleted" | "stale" | "unchanged" | "conflicts"> & {
  batches: number;
  quarantined: number;
};

export interface RunResult {
  /** Time inside the apply calls only (opening, closing and sampling excluded). */
  applyMs: number;
  rowsPerSec: number;
  /** Sampled after each batch, outside the timed calls. */
  heapUsedPeak: number;
  /** Database file (+ WAL) size after close. */
  dbBytes: number;
  /** Rows in the mirrored (or baseline) table at the end. */
  finalRows: number;
  receipts?: ReceiptTotals;
}

export function emptyTotals(): ReceiptTotals {
  return { batches: 0, received: 0, upserted: 0, deleted: 0, stale: 0, unchanged: 0, conflicts: 0, quarantined: 0 };
}

export function addReceipt(totals: ReceiptTotals, receipt: Receipt): void {
  totals.batches++;
  for (const d of receipt.datasets) {
    totals.received += d.received;
    totals.upserted += d.upserted;
    totals.deleted += d.deleted;
    totals.stale += d.stale;
    totals.unchanged += d.unchanged;
    totals.conflicts += d.conflicts;
    totals.quarantined += d.quarantined.length;
  }
}

/** The workload of the run's options, generated once and shared by sections. */
export function sharedWorkload(ctx: BenchContext): Workload {
  const o = ctx.options;
  return ctx.shared("workload", () => {
    ctx.log(`generating ${fmtInt(o.changes)} changes over ${fmtInt(o.keys)} keys (seed ${o.seed})...`);
    const w = generateWorkload({
      changes: o.changes,
      keys: o.keys,
      batchSize: o.batchSize,
      deleteRate: o.deleteRate,
      outOfOrderRate: o.outOfOrderRate,
      seed: o.seed,
    });
    collectGarbage();
    ctx.memory.mark("afterGenerate");
    return w;
  });
}

/** One pass of the merge core over the batches, into a new file database. */
export interface RunHooks {
  /** Called after each batch, outside the timing; returns the heap used. */
  onBatch(): number;
  /** Called once the database is open, before the first batch. */
  onOpen?(sqlite: Database.Database): void;
  /** Called after the last batch, before anything else touches the database. */
  afterBatches?(): void;
  /** Called with the connection just before it is closed. */
  beforeClose?(sqlite: Database.Database): void;
}

export async function runCore(tmp: TempDir, name: string, batches: readonly ChangeRow[][], hooks: RunHooks): Promise<RunResult> {
  const file = tmp.file(`${name}.db`);
  // The same durability as the baseline below (the server's default is full: one sync per batch).
  const mirror = await Mirror.open({ database: file, models: [contactModel()], durability: "normal" });
  hooks.onOpen?.(mirror.database.sqlite);
  const receipts = emptyTotals();
  let applyMs = 0;
  let heapUsedPeak = 0;
  let rows = 0;
  let finalRows: number;
  try {
    for (const [i, batch] of batches.entries()) {
      const t0 = performance.now();
      const receipt = await mirror.applyChanges(DATASET, batch, { batchId: `${name}-${i}` });
      applyMs += performance.now() - t0;
      rows += batch.length;
      addReceipt(receipts, receipt);
      heapUsedPeak = Math.max(heapUsedPeak, hooks.onBatch());
    }
    hooks.afterBatches?.();
    finalRows = Number(mirror.database.sqlite.prepare(`SELECT count(*) FROM "${DATASET}"`).pluck().get());
    hooks.beforeClose?.(mirror.database.sqlite);
  } finally {
    await mirror.close();
  }
  const dbBytes = tmp.dbBytes(file);
  tmp.removeDb(file);
  return { applyMs, rowsPerSec: (rows / applyMs) * 1000, heapUsedPeak, dbBytes, finalRows, receipts };
}

/** One pass of the bare version-guarded upsert over the same rows, into its own file database. */
export function runBaseline(tmp: TempDir, name: string, batches: readonly ChangeRow[][], { onBatch, onOpen, afterBatches }: RunHooks): RunResult {
  const file = tmp.file(`${name}.db`);
  const db = new Database(file);
  let applyMs = 0;
  let heapUsedPeak = 0;
  let rows = 0;
  let finalRows: number;
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.exec(`CREATE TABLE contacts (
      contact_id TEXT PRIMARY KEY, account_id TEXT NOT NULL, email TEXT, score INTEGER, balance REAL,
      active INTEGER NOT NULL, last_modified TEXT NOT NULL)`);
    const upsert = db.prepare(`INSERT INTO contacts (contact_id, account_id, email, score, balance, active, last_modified)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT(contact_id) DO UPDATE SET account_id = excluded.account_id, email = excluded.email, score = excluded.score,
        balance = excluded.balance, active = excluded.active, last_modified = excluded.last_modified
      WHERE excluded.last_modified > contacts.last_modified`);
    const remove = db.prepare(`DELETE FROM contacts WHERE contact_id = ? AND last_modified <= ?`);
    onOpen?.(db);
    const apply = db.transaction((batch: readonly ChangeRow[]) => {
      for (const r of batch) {
        if (r._change_request_type === "d") remove.run(r.contact_id, r.last_modified);
        else upsert.run(r.contact_id, r.account_id, r.email, r.score, r.balance, r.active ? 1 : 0, r.last_modified);
      }
    });
    for (const batch of batches) {
      const t0 = performance.now();
      apply(batch);
      applyMs += performance.now() - t0;
      rows += batch.length;
      heapUsedPeak = Math.max(heapUsedPeak, onBatch());
    }
    afterBatches?.();
    finalRows = Number(db.prepare(`SELECT count(*) FROM contacts`).pluck().get());
  } finally {
    db.close();
  }
  const dbBytes = tmp.dbBytes(file);
  tmp.removeDb(file);
  return { applyMs, rowsPerSec: (rows / applyMs) * 1000, heapUsedPeak, dbBytes, finalRows };
}

const sameTotals = (a: ReceiptTotals, b: ReceiptTotals) => JSON.stringify(a) === JSON.stringify(b);

interface SystemSummary extends RateStats {
  applyMs: number[];
  heapUsedPeakMB: number;
  dbMB: number;
  finalRows: number;
}

function summarize(results: RunResult[]): SystemSummary {
  const last = results[results.length - 1]!;
  return {
    ...rateStats(results.map((r) => round(r.rowsPerSec))),
    applyMs: results.map((r) => round(r.applyMs, 1)),
    heapUsedPeakMB: toMB(Math.max(...results.map((r) => r.heapUsedPeak))),
    dbMB: toMB(last.dbBytes),
    finalRows: last.finalRows,
  };
}

/** The two systems the section alternates, on the backend chosen by --backend. */
export interface Contenders {
  /** How the databases are kept, for the report's first line. */
  storage: string;
  coreLabel: string;
  baselineLabel: string;
  core(name: string, batches: readonly ChangeRow[][], hooks: RunHooks): Promise<RunResult>;
  baseline(name: string, batches: readonly ChangeRow[][], hooks: RunHooks): Promise<RunResult>;
}

export function contenders(ctx: BenchContext): Contenders {
  const { backend, pgUrl } = ctx.options;
  switch (backend) {
    case "sqlite":
      return {
        storage: "file DB (WAL, synchronous=NORMAL)",
        coreLabel: "core (Mirror.applyChanges)",
        baselineLabel: "baseline (raw upsert)",
        core: (name, batches, hooks) => runCore(ctx.tmp, name, batches, hooks),
        baseline: async (name, batches, hooks) => runBaseline(ctx.tmp, name, batches, hooks),
      };
    case "postgres":
      return {
        storage: `PostgreSQL ${pgUrl.replace(/\/\/[^@/]*@/, "//…@")} (a schema per run, dropped after)`,
        coreLabel: "core (Mirror.applyChanges, PostgreSQL)",
        baselineLabel: "baseline (unnest upsert, pg)",
        core: (name, batches, hooks) => runCorePostgres(pgUrl, name, batches, hooks),
        baseline: (name, batches, hooks) => runBaselinePostgres(pgUrl, name, batches, hooks),
      };
  }
}

export const coreSection: Section = {
  name: "core",
  summary: "merge core (Mirror.applyChanges) vs a bare version-guarded upsert of the same rows, on --backend (SQLite file DB or PostgreSQL)",
  async run(ctx: BenchContext): Promise<SectionResult> {
    const o = ctx.options;
    const workload = sharedWorkload(ctx);
    const { batches, stats } = workload;
    const sample = { onBatch: () => ctx.memory.sample() };
    const on = contenders(ctx);

    if (o.warmup) {
      ctx.log("warm-up (2 batches each)...");
      const few = batches.slice(0, 2);
      await on.baseline("warmup-baseline", few, sample);
      await on.core("warmup-core", few, sample);
    }

    const core: RunResult[] = [];
    const baseline: RunResult[] = [];
    for (let run = 1; run <= o.runs; run++) {
      collectGarbage();
      const b = await on.baseline(`baseline-${run}`, batches, sample);
      baseline.push(b);
      ctx.log(`run ${run}/${o.runs}: baseline ${fmtInt(b.rowsPerSec)} rows/s (${fmt(b.applyMs / 1000)} s)`);
      collectGarbage();
      const c = await on.core(`core-${run}`, batches, sample);
      core.push(c);
      ctx.log(`run ${run}/${o.runs}: core     ${fmtInt(c.rowsPerSec)} rows/s (${fmt(c.applyMs / 1000)} s)`);
    }

    const receipts = core[core.length - 1]!.receipts!;
    const receiptsConsistent = core.every((c) => sameTotals(c.receipts!, receipts));
    const coreStats = summarize(core);
    const baseStats = summarize(baseline);
    ctx.shared("coreMedianRowsPerSec", () => coreStats.median);
    ctx.shared("baselineMedianRowsPerSec", () => baseStats.median);
    const ratio = {
      median: round(coreStats.median / baseStats.median, 3),
      best: round(coreStats.best / baseStats.best, 3),
      /** Each core run over the baseline run just before it. */
      paired: core.map((c, i) => round(c.rowsPerSec / baseline[i]!.rowsPerSec, 3)),
      target: TARGET_RATIO,
      meetsTarget: coreStats.median / baseStats.median >= TARGET_RATIO,
    };

    const pct = (n: number) => `${fmt((100 * n) / stats.changes, 1)}%`;
    const runsText = (s: SystemSummary) => s.runs.map(fmtInt).join(" / ");
    const lines = [
      `Merge core vs bare upsert: ${fmtInt(stats.changes)} changes, ${fmtInt(stats.keys)} keys (${fmtInt(stats.keysTouched)} touched), ` +
        `batches of ${fmtInt(o.batchSize)}, ${on.storage}, ${o.runs} alternating runs each`,
      `workload: ${fmtInt(stats.upserts)} upserts, ${fmtInt(stats.deletes)} deletes (${pct(stats.deletes)}), ` +
        `${fmtInt(stats.outOfOrder)} out of order (${pct(stats.outOfOrder)}); generated in ${fmt(stats.generateMs / 1000)} s (untimed)`,
      "",
      ...table(
        ["", "best rows/s", "median rows/s", "per run rows/s", "heap peak MB", "DB MB", "final rows"],
        [
          [
            on.coreLabel,
            fmtInt(coreStats.best),
            fmtInt(coreStats.median),
            runsText(coreStats),
            fmt(coreStats.heapUsedPeakMB, 1),
            fmt(coreStats.dbMB, 1),
            fmtInt(coreStats.finalRows),
          ],
          [
            on.baselineLabel,
            fmtInt(baseStats.best),
            fmtInt(baseStats.median),
            runsText(baseStats),
            fmt(baseStats.heapUsedPeakMB, 1),
            fmt(baseStats.dbMB, 1),
            fmtInt(baseStats.finalRows),
          ],
          ["ratio core/baseline", fmt(ratio.best, 3), fmt(ratio.median, 3), ratio.paired.map((r) => fmt(r, 3)).join(" / "), "", "", ""],
        ],
      ),
      "",
      `target ratio >= ${TARGET_RATIO} (median): ${ratio.meetsTarget ? "MET" : "NOT MET"}`,
      `receipts summed over one run (${receipts.batches} batches): received ${fmtInt(receipts.received)}, upserted ${fmtInt(receipts.upserted)}, ` +
        `deleted ${fmtInt(receipts.deleted)}, stale ${fmtInt(receipts.stale)}, unchanged ${fmtInt(receipts.unchanged)}, ` +
        `conflicts ${fmtInt(receipts.conflicts)}, quarantined ${fmtInt(receipts.quarantined)}` +
        (receiptsConsistent ? " (identical in every run)" : " (DIFFERENT between runs!)"),
    ];

    return {
      json: {
        core: { rowsPerSec: coreStats.median, ...coreStats },
        baseline: { rowsPerSec: baseStats.median, ...baseStats },
        ratio,
        receipts: { ...receipts, consistentAcrossRuns: receiptsConsistent },
        workload: stats,
      },
      lines,
    };
  },
};
