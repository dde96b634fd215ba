// Section "floor": what the storage the merge rules need costs in bare SQL, before any
// JavaScript of the merge core runs. Each design below is a hand-written better-sqlite3
// loop over changes normalized beforehand (untimed), timed alternately with the bare
// baseline in the same run. A merge core cannot be faster than the design that keeps
// the rules it implements, so these ratios are the ceiling of the core's ratio on this
// machine, and `normalize` (measured alone) comes on top of them.

import Database from "better-sqlite3";
import { compileNormalizer, type Change } from "../src/changes/normalizeChange";
import { runBaseline, sharedWorkload, TARGET_RATIO } from "./core";
import { collectGarbage, fmt, fmtInt, median, round, table, type BenchContext, type Section, type SectionResult, type TempDir } from "./lib";
import { contactModel, type ChangeRow } from "./workload";

interface Design {
  name: string;
  /** The merge rules the design can keep; what it cannot keep is said too. */
  keeps: string;
  setup: string;
  /** Applies one change; `batch` is the batch's sequence number. */
  prepare(db: Database.Database): (change: Change, batch: number) => void;
}

const FIELDS = "contact_id, account_id, email, score, balance, active, last_modified";

/** One table holds each key's current row or its tombstone (a deleted flag), guarded by (version, deleted, hash). */
const STATE = `CREATE TABLE contacts (
  contact_id TEXT NOT NULL PRIMARY KEY, account_id TEXT, email TEXT, score INTEGER, balance REAL, active INTEGER,
  last_modified TEXT NOT NULL, _mq_deleted INTEGER NOT NULL, _mq_hash BLOB NOT NULL, _mq_batch INTEGER NOT NULL) WITHOUT ROWID`;
const STATE_UPSERT = `INSERT INTO contacts (${FIELDS}, _mq_deleted, _mq_hash, _mq_batch) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (contact_id) DO UPDATE SET account_id = excluded.account_id, email = excluded.email, score = excluded.score,
    balance = excluded.balance, active = excluded.active, last_modified = excluded.last_modified,
    _mq_deleted = excluded._mq_deleted, _mq_hash = excluded._mq_hash, _mq_batch = excluded._mq_batch
  WHERE (excluded.last_modified, excluded._mq_deleted, excluded._mq_hash) > (contacts.last_modified, contacts._mq_deleted, contacts._mq_hash)`;
const HISTORY = `CREATE TABLE contacts__history (
  _mq_seq INTEGER PRIMARY KEY, contact_id TEXT NOT NULL, last_modified TEXT NOT NULL, _mq_op TEXT NOT NULL,
  _mq_hash BLOB NOT NULL, _mq_row TEXT, _mq_batch INTEGER NOT NULL)`;
const HISTORY_INSERT = `INSERT INTO contacts__history (contact_id, last_modified, _mq_op, _mq_hash, _mq_row, _mq_batch)
  VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`;

function stateWriter(db: Database.Database) {
  const upsert = db.prepare(STATE_UPSERT);
  return (c: Change, batch: number) => upsert.run(...c.values, c.op === "delete" ? 1 : 0, c.hash, batch).changes === 1;
}

function historyWriter(db: Database.Database) {
  const insert = db.prepare(HISTORY_INSERT);
  return (c: Change, batch: number) => insert.run(c.values[0], c.values[6], c.op === "delete" ? "d" : "u", c.hash, c.canonical, batch).changes === 1;
}

const DESIGNS: Design[] = [
  {
    name: "state",
    keeps: "R4.1-R4.3, R6 (row or tombstone per key); no history (R8), identical changes (R4.4) not told apart",
    setup: STATE,
    prepare: stateWriter,
  },
  {
    name: "state + history log",
    keeps: "+ R8 (one history row per change, appended); identical changes (R4.4) still not told apart",
    setup: `${STATE}; ${HISTORY}`,
    prepare(db) {
      const state = stateWriter(db);
      const history = historyWriter(db);
      return (c, batch) => {
        history(c, batch);
        state(c, batch);
      };
    },
  },
  {
    name: "state + history + identity index",
    keeps: "+ R4.4 (a unique (key, hash) index on the history refuses a change seen before): every rule",
    setup: `${STATE}; ${HISTORY}; CREATE UNIQUE INDEX contacts__history__change ON contacts__history (contact_id, _mq_hash)`,
    prepare(db) {
      const state = stateWriter(db);
      const history = historyWriter(db);
      return (c, batch) => {
        if (history(c, batch)) state(c, batch);
      };
    },
  },
];

/** One pass of a design over the normalized batches, into its own file database; returns rows/s. */
function runDesign(tmp: TempDir, name: string, design: Design, batches: readonly Change[][]): number {
  const file = tmp.file(`${name}.db`);
  const db = new Database(file);
  let applyMs = 0;
  let rows = 0;
  try {
    // The same connection settings as the core (openDatabase.ts).
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("cache_size = -65536");
    db.exec(design.setup);
    const apply = design.prepare(db);
    const transaction = db.transaction((batch: readonly Change[], seq: number) => {
      for (const c of batch) apply(c, seq);
    });
    batches.forEach((batch, i) => {
      const t0 = performance.now();
      transaction(batch, i + 1);
      applyMs += performance.now() - t0;
      rows += batch.length;
    });
  } finally {
    db.close();
    tmp.removeDb(file);
  }
  return (rows / applyMs) * 1000;
}

export const floorSection: Section = {
  name: "floor",
  summary: "the ceiling of any merge core: the storage the rules need, in bare SQL on normalized values, vs the baseline",
  run(ctx: BenchContext): SectionResult {
    const o = ctx.options;
    const { batches } = sharedWorkload(ctx);
    const normalize = compileNormalizer(contactModel());
    const toChange = (row: ChangeRow): Change => {
      const n = normalize(row);
      if (!n.ok) throw new Error(`the workload holds an invalid row: ${n.problems[0]!.message}`);
      return n.change;
    };
    collectGarbage();
    const t0 = performance.now();
    const changes = batches.map((b) => b.map(toChange));
    const normalizeUs = ((performance.now() - t0) * 1000) / o.changes;
    const sample = { onBatch: () => ctx.memory.sample() };

    if (o.warmup) {
      ctx.log("floor: warm-up...");
      runBaseline(ctx.tmp, "floor-warmup-baseline", batches.slice(0, 2), sample);
      for (const d of DESIGNS) runDesign(ctx.tmp, "floor-warmup", d, changes.slice(0, 2));
    }
    const baseline: number[] = [];
    const perDesign = DESIGNS.map(() => [] as number[]);
    for (let run = 1; run <= o.runs; run++) {
      collectGarbage();
      baseline.push(runBaseline(ctx.tmp, `floor-baseline-${run}`, batches, sample).rowsPerSec);
      DESIGNS.forEach((d, i) => {
        collectGarbage();
        perDesign[i]!.push(runDesign(ctx.tmp, `floor-${i}-${run}`, d, changes));
      });
      ctx.log(`floor: run ${run}/${o.runs}: baseline ${fmtInt(baseline[run - 1]!)} rows/s, ${DESIGNS.map((d, i) => `${d.name} ${fmtInt(perDesign[i]![run - 1]!)}`).join(", ")}`);
    }

    const baseMedian = median(baseline);
    const usPerChange = (rowsPerSec: number) => 1e6 / rowsPerSec;
    const designs = DESIGNS.map((d, i) => {
      const rowsPerSec = round(median(perDesign[i]!));
      const ratio = round(rowsPerSec / baseMedian, 3);
      // With normalization added (measured alone, above): the most a core built on this design could reach.
      const withNormalize = round(usPerChange(baseMedian) / (usPerChange(rowsPerSec) + normalizeUs), 3);
      return {
        name: d.name,
        keeps: d.keeps,
        rowsPerSec,
        runs: perDesign[i]!.map((r) => round(r)),
        usPerChange: round(usPerChange(rowsPerSec), 2),
        ratio,
        ratioWithNormalize: withNormalize,
      };
    });
    const budgetUs = usPerChange(baseMedian) / TARGET_RATIO;
    const full = designs[designs.length - 1]!;

    const lines = [
      `Changes normalized beforehand by compileNormalizer (untimed here: ${fmt(normalizeUs)} µs per change measured alone); ` +
        `${o.runs} runs each, alternating; same workload and connection settings as the core section`,
      "",
      ...table(
        ["design", "median rows/s", "µs/change", "ratio to baseline", "with normalize"],
        [
          ["baseline (raw upsert)", fmtInt(baseMedian), fmt(usPerChange(baseMedian)), "1.000", ""],
          ...designs.map((d) => [d.name, fmtInt(d.rowsPerSec), fmt(d.usPerChange), fmt(d.ratio, 3), fmt(d.ratioWithNormalize, 3)]),
        ],
      ),
      "",
      ...designs.map((d) => `${d.name}: ${d.keeps}`),
      "",
      `A ratio of ${TARGET_RATIO} allows ${fmt(budgetUs)} µs per change in all; the cheapest storage that keeps every rule ` +
        `takes ${fmt(full.usPerChange)} µs before normalizing (${fmt(normalizeUs)} µs), conflict counting, receipts or quarantine: ` +
        `ceiling ${fmt(full.ratioWithNormalize, 3)}.`,
    ];
    return {
      json: {
        floor: {
          normalizeUsPerChange: round(normalizeUs, 2),
          baseline: { rowsPerSec: round(baseMedian), runs: baseline.map((r) => round(r)) },
          designs,
          targetBudgetUsPerChange: round(budgetUs, 2),
        },
      },
      lines,
    };
  },
};
