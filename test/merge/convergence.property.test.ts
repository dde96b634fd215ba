// Property tests of docs/merge-rules.md, R4 (with R5, R6, R8): the final state of a
// dataset depends only on the *set* of changes it received, never on their arrival
// order or on how they were split into batches. Each generated set of changes is
// applied in several ways into fresh mirrors and compared with a small reference
// implementation of the rules written here, independently of the SQL.

import { createHash } from "node:crypto";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { Mirror } from "../../src/mirror";
import { parseModels } from "../../src/models/loadModels";
import type { Receipt } from "../../src/merge/Receipt";
import { BACKENDS, type Backend } from "../backends";

type Value = string | number | bigint | boolean | null;
type Row = Record<string, Value>;
/** A comparable component of a key or a version: integers as bigint, strings by code unit, instants as bigint microseconds. */
type Cmp = bigint | string;
type Op = "upsert" | "delete";

/** What the reference knows of one valid change, after the documented coercions. */
interface Norm {
  op: Op;
  keyCmp: Cmp[];
  versionCmp: Cmp[];
  /** The key and the version as the mirror hands them out. */
  key: Row;
  version: Value | Value[];
  /** The row as the mirror hands it out (upserts); null for deletes. */
  row: Row | null;
  /** SHA-256 hex of the documented canonical encoding (upserts); "" for deletes. */
  hash: string;
}

/** One way to describe a dataset to the properties below. */
interface Spec<A> {
  name: string;
  model: Record<string, unknown>;
  /** An abstract valid change over `nKeys` keys. */
  change: (nKeys: number) => fc.Arbitrary<A>;
  /** A concrete row for the change; `spelling` picks one of the equivalent spellings. */
  render: (a: A, spelling: number) => Record<string, unknown>;
  /** What the mirror must make of the change, computed without the mirror's code. */
  normalize: (a: A) => Norm;
  /** Rows the mirror must refuse (quarantine) without touching its state. */
  invalid: fc.Arbitrary<Record<string, unknown>>;
}

// ---------------------------------------------------------------------------
// The reference implementation of R4, R5, R6, R8.

function compareTuple(a: readonly Cmp[], b: readonly Cmp[]): number {
  for (let i = 0; i < a.length; i++) {
    const [x, y] = [a[i]!, b[i]!];
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
}

const opRank = (op: Op) => (op === "upsert" ? 0 : 1);
const cmpStr = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

/** The order of R4: version, then a delete above an upsert, then the greater hash. */
const changeOrder = (a: Norm, b: Norm) => compareTuple(a.versionCmp, b.versionCmp) || opRank(a.op) - opRank(b.op) || cmpStr(a.hash, b.hash);

const keyId = (n: Norm) => n.keyCmp.map((c) => `${typeof c}:${c}`).join("\u0000");
/** R4.4: identical changes are the same change. */
const changeId = (n: Norm) => [keyId(n), ...n.versionCmp.map((c) => `${typeof c}:${c}`), n.op, n.hash].join("\u0000");

function distinct(changes: readonly Norm[]): Norm[] {
  const seen = new Map<string, Norm>();
  for (const c of changes) if (!seen.has(changeId(c))) seen.set(changeId(c), c);
  return [...seen.values()];
}

interface State {
  rows: { row: Row; version: Value | Value[] }[];
  tombstones: { key: Row; version: Value | Value[] }[];
  history: { key: Row; version: Value | Value[]; op: Op; row: Row | null; hash: string; validFrom: Value | Value[]; validTo: Value | Value[] | null }[];
}

function reference(changes: readonly Norm[]): State {
  const set = distinct(changes);
  const winners = new Map<string, Norm>();
  for (const c of set) {
    const current = winners.get(keyId(c));
    if (!current || changeOrder(c, current) > 0) winners.set(keyId(c), c);
  }
  const byKey = (a: Norm, b: Norm) => compareTuple(a.keyCmp, b.keyCmp);
  const won = [...winners.values()].sort(byKey);
  const timeline = [...set].sort((a, b) => byKey(a, b) || changeOrder(a, b));
  return {
    rows: won.filter((w) => w.op === "upsert").map((w) => ({ row: w.row!, version: w.version })),
    tombstones: won.filter((w) => w.op === "delete").map((w) => ({ key: w.key, version: w.version })),
    history: timeline.map((c, i) => {
      const next = timeline[i + 1];
      return {
        key: c.key,
        version: c.version,
        op: c.op,
        row: c.row,
        hash: c.hash,
        validFrom: c.version,
        validTo: next && byKey(c, next) === 0 ? next.version : null,
      };
    }),
  };
}

/** R4.3 counts a conflict for each upsert meeting an earlier, different upsert of the same key and version. */
function expectedConflicts(changes: readonly Norm[]): number {
  const groups = new Map<string, number>();
  for (const c of distinct(changes)) {
    if (c.op !== "upsert") continue;
    const id = [keyId(c), ...c.versionCmp.map((v) => `${typeof v}:${v}`)].join("\u0000");
    groups.set(id, (groups.get(id) ?? 0) + 1);
  }
  return [...groups.values()].reduce((sum, n) => sum + n - 1, 0);
}

/** The documented canonical encoding: non-null stored values, names in code-point order, 64-bit integers as decimal strings. */
function canonicalHash(stored: Record<string, string | number | bigint | null>): string {
  const names = Object.keys(stored).sort((a, b) => (a < b ? -1 : 1));
  const parts = names
    .filter((n) => stored[n] !== null)
    .map((n) => {
      const v = stored[n]!;
      return `${JSON.stringify(n)}:${typeof v === "bigint" ? `"${v}"` : JSON.stringify(v)}`;
    });
  // The tie-break is the first 128 bits of SHA-256, compared as bytes (= as lowercase hex).
  return createHash("sha256")
    .update(`{${parts.join(",")}}`)
    .digest("hex")
    .slice(0, 32);
}

// ---------------------------------------------------------------------------
// Applying changes and reading the state back.

/** A generated scenario: rows in generated order, each with what the reference makes of it (null: invalid). */
interface Scenario {
  rows: { row: Record<string, unknown>; norm: Norm | null }[];
}

type Item<A> = { kind: "fresh"; a: A; spelling: number } | { kind: "dup"; ref: number; spelling: number } | { kind: "invalid"; row: Record<string, unknown> };

const MAX_ITEMS = 24;

function scenarioArb<A>(spec: Spec<A>, invalidWeight: number): fc.Arbitrary<Scenario> {
  const spelling = fc.nat();
  return fc.integer({ min: 2, max: 4 }).chain((nKeys) =>
    fc
      .array(
        fc.oneof(
          { weight: 6, arbitrary: fc.record({ kind: fc.constant("fresh" as const), a: spec.change(nKeys), spelling }) },
          // Explicit duplicates of an earlier change, usually spelt another way.
          { weight: 2, arbitrary: fc.record({ kind: fc.constant("dup" as const), ref: fc.nat(), spelling }) },
          { weight: invalidWeight, arbitrary: fc.record({ kind: fc.constant("invalid" as const), row: spec.invalid }) },
        ),
        { minLength: 3, maxLength: MAX_ITEMS, size: "+1" },
      )
      .map((items: Item<A>[]) => {
        const rows: Scenario["rows"] = [];
        const valid: A[] = [];
        for (const item of items) {
          if (item.kind === "invalid") rows.push({ row: item.row, norm: null });
          else if (item.kind === "fresh") {
            valid.push(item.a);
            rows.push({ row: spec.render(item.a, item.spelling), norm: spec.normalize(item.a) });
          } else if (valid.length > 0) {
            const a = valid[item.ref % valid.length]!;
            rows.push({ row: spec.render(a, item.spelling), norm: spec.normalize(a) });
          }
        }
        // Counterexamples print as the rows sent, without the reference's view of them.
        return { rows, [fc.toStringMethod]: () => `changes ${show(rows.map((r) => r.row))}` };
      }),
  );
}

/** A permutation (sort keys) and batch sizes, to deliver a scenario in another order and split. */
const deliveryArb = fc.record({
  order: fc.array(fc.nat({ max: 1000 }), { minLength: MAX_ITEMS, maxLength: MAX_ITEMS }),
  sizes: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: MAX_ITEMS, maxLength: MAX_ITEMS }),
});

function deliver<T>(items: readonly T[], { order, sizes }: { order: number[]; sizes: number[] }): T[][] {
  const shuffled = items
    .map((item, i) => ({ item, sortKey: order[i]!, i }))
    .sort((x, y) => x.sortKey - y.sortKey || x.i - y.i)
    .map((x) => x.item);
  const batches: T[][] = [];
  for (let at = 0, b = 0; at < shuffled.length; b++) {
    batches.push(shuffled.slice(at, at + sizes[b]!));
    at += sizes[b]!;
  }
  return batches;
}

/** The backend the current properties run on (test/backends.ts); each mirror opens on a fresh, empty database. */
let backend: Backend = BACKENDS[0]!;

function openMirror(spec: Spec<unknown>): Promise<Mirror> {
  const models = parseModels([{ file: `${spec.name}.json`, text: JSON.stringify(spec.model) }]);
  return Mirror.open({ models, ...backend.location() });
}

let batchCounter = 0;

async function applyAll(mirror: Mirror, dataset: string, batches: readonly Scenario["rows"][]): Promise<{ batch: Scenario["rows"]; receipt: Receipt }[]> {
  const applied = [];
  for (const batch of batches) {
    applied.push({
      batch,
      receipt: await mirror.applyChanges(
        dataset,
        batch.map((r) => r.row),
        { batchId: `b${++batchCounter}` },
      ),
    });
  }
  return applied;
}

/** The state without what depends on arrival (batch ids, receive and apply times). */
async function stateOf(mirror: Mirror, dataset: string): Promise<State> {
  return {
    rows: (await mirror.rows(dataset)).map(({ row, version }) => ({ row, version })),
    tombstones: (await mirror.tombstones(dataset)).map(({ key, version }) => ({ key, version })),
    history: (await mirror.history(dataset)).map(({ key, version, op, row, hash, validFrom, validTo }) => ({ key, version, op, row, hash, validFrom, validTo })),
  };
}

async function withMirror<T>(spec: Spec<unknown>, use: (mirror: Mirror) => Promise<T>): Promise<T> {
  const mirror = await openMirror(spec);
  try {
    return await use(mirror);
  } finally {
    await mirror.close();
  }
}

const show = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? `${x}n` : x instanceof Date ? `Date(${x.toISOString()})` : x));

// ---------------------------------------------------------------------------
// Spelling helpers: a spelling seed is consumed as a sequence of small choices, so
// that it shrinks towards the plainest spelling (0).

function chooser(seed: number) {
  let s = seed;
  return <T>(options: readonly T[]): T => {
    const r = s % options.length;
    s = Math.floor(s / options.length);
    return options[r]!;
  };
}

type Choose = ReturnType<typeof chooser>;

/** Equivalent spellings of a 64-bit integer (R2 coercions). */
const spellInteger = (n: number, choose: Choose): unknown => choose([n, String(n), `+${n}`, `00${n}`, BigInt(n)]);

// ---------------------------------------------------------------------------
// Model 1: one string key, one integer version.

interface SimpleChange {
  k: number;
  v: number;
  op: Op;
  val: "a" | "b" | null;
  score: 0 | 1.5 | null;
}

const KEYS = ["k0", "k1", "k2", "k3"];

const simple: Spec<SimpleChange> = {
  name: "Simple",
  model: {
    name: "Simple",
    dataset: "simple",
    fields: {
      id: { type: "string", required: true },
      v: { type: "integer", required: true },
      val: { type: "string" },
      score: { type: "number" },
    },
    primaryKey: ["id"],
    version: "v",
  },
  change: (nKeys) =>
    fc.record({
      k: fc.integer({ min: 0, max: nKeys - 1 }),
      // Small versions so that equal versions are frequent.
      v: fc.integer({ min: 0, max: 4 }),
      op: fc.oneof({ weight: 3, arbitrary: fc.constant("upsert" as const) }, { weight: 1, arbitrary: fc.constant("delete" as const) }),
      // A small value domain: identical duplicates and equal-version conflicts are frequent.
      val: fc.constantFrom("a" as const, "b" as const, null),
      score: fc.constantFrom(0 as const, 1.5 as const, null),
    }),
  render: (c, spelling) => {
    const choose = chooser(spelling);
    const row: Record<string, unknown> = { id: KEYS[c.k], v: spellInteger(c.v, choose) };
    if (c.op === "delete") {
      row._change_request_type = choose(["d", "D"]);
      // A delete needs only its key and version; other fields are ignored (R2).
      if (choose([false, true])) row.val = c.val;
      if (choose([false, true])) row.score = c.score;
      return row;
    }
    const type = choose([undefined, "absent", null, "u", "U"]);
    if (type !== "absent") row._change_request_type = type;
    // Absent and null are the same (R3).
    if (c.val !== null || choose([false, true])) row.val = c.val;
    if (c.score === null) {
      if (choose([false, true])) row.score = null;
    } else row.score = c.score === 0 ? choose([0, -0, "0", "0.0"]) : choose([1.5, "1.5", "15e-1"]);
    return row;
  },
  normalize: (c) => {
    const key = { id: KEYS[c.k]! };
    const v = BigInt(c.v);
    const row = c.op === "upsert" ? { id: KEYS[c.k]!, v, val: c.val, score: c.score } : null;
    return {
      op: c.op,
      keyCmp: [KEYS[c.k]!],
      versionCmp: [v],
      key,
      version: v,
      row,
      hash: row ? canonicalHash(row) : "",
    };
  },
  invalid: fc.constantFrom<Record<string, unknown>>(
    { id: null, v: 1, val: "a" }, // NULL_KEY
    { id: "k0", val: "a" }, // NULL_VERSION
    { id: "k0", _change_request_type: "d" }, // NULL_VERSION on a delete
    { id: "k0", v: 1, vall: "a" }, // UNKNOWN_FIELD
    { id: "k1", v: 2, _change_request_type: "x" }, // INVALID_CHANGE_TYPE
    { id: "k1", v: 1.5 }, // INVALID_VALUE
    { id: "k1", v: "abc", _change_request_type: "d" }, // INVALID_VALUE
    { id: "k0", v: 9007199254740993 }, // a JSON number past 2^53
    { id: "k0", v: 1, score: "NaN" },
  ),
};

// ---------------------------------------------------------------------------
// Model 2: a composite key (region, id) and a version tuple (major, updated_at).

interface CompositeChange {
  k: number;
  major: number;
  instant: number;
  op: Op;
  flag: boolean | null;
  note: "x" | null;
}

const COMPOSITE_KEYS: [string, number][] = [
  ["eu", 2],
  ["eu", 10], // 10 > 2 as integers, "10" < "2" as text
  ["us", 1],
  ["ap", 1],
];

const MICROS_PER_SECOND = 1_000_000n;
const epochMicros = (iso: string, micros: number) => BigInt(Date.parse(iso)) * 1000n + BigInt(micros);
/** Instants a microsecond apart across a day boundary; the canonical text the mirror must hand back. */
const INSTANTS: { micros: bigint; canonical: string }[] = [
  { micros: epochMicros("2026-02-28T23:59:59.999Z", 999), canonical: "2026-02-28T23:59:59.999999000Z" },
  { micros: epochMicros("2026-03-01T00:00:00.000Z", 0), canonical: "2026-03-01T00:00:00.000000000Z" },
  { micros: epochMicros("2026-03-01T00:00:00.000Z", 1), canonical: "2026-03-01T00:00:00.000001000Z" },
];

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** The same instant in another time zone and ISO-8601 style (or as a Date when it has no sub-millisecond part). */
function spellInstant(micros: bigint, choose: Choose): unknown {
  const offset = choose([0, 0, 60, -240, 330, -570, 840, 1380, -1380]);
  if (micros % 1000n === 0n && choose([false, false, false, true])) return new Date(Number(micros / 1000n));
  const local = micros + BigInt(offset) * 60n * MICROS_PER_SECOND;
  const d = new Date(Number(local / MICROS_PER_SECOND) * 1000);
  const sub = Number(local % MICROS_PER_SECOND);
  const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const six = pad(sub, 6);
  const frac = sub === 0 ? choose(["", ".0", ".000000000", ",000"]) : choose([`.${six}`, `.${six}000`, `.${six.replace(/0+$/, "")}`, `,${six}`]);
  const abs = Math.abs(offset);
  const [hh, mm] = [pad(Math.floor(abs / 60)), pad(abs % 60)];
  const sign = offset < 0 ? "-" : "+";
  const zone =
    offset === 0 ? choose(["Z", "z", "+00:00", "", "+0000", "-00:00", "+00"]) : choose([`${sign}${hh}:${mm}`, `${sign}${hh}${mm}`, ...(mm === "00" ? [`${sign}${hh}`] : [])]);
  return `${date}${choose(["T", " "])}${time}${frac}${zone}`;
}

const composite: Spec<CompositeChange> = {
  name: "Composite",
  model: {
    name: "Composite",
    dataset: "composite",
    fields: {
      region: { type: "string", required: true },
      id: { type: "integer", required: true },
      major: { type: "integer", required: true },
      updated_at: { type: "datetime", required: true },
      flag: { type: "boolean" },
      note: { type: "string" },
    },
    primaryKey: ["region", "id"],
    version: ["major", "updated_at"],
  },
  change: (nKeys) =>
    fc.record({
      k: fc.integer({ min: 0, max: nKeys - 1 }),
      major: fc.integer({ min: 0, max: 1 }),
      instant: fc.integer({ min: 0, max: INSTANTS.length - 1 }),
      op: fc.oneof({ weight: 3, arbitrary: fc.constant("upsert" as const) }, { weight: 1, arbitrary: fc.constant("delete" as const) }),
      flag: fc.constantFrom(true, false, null),
      note: fc.constantFrom("x" as const, null),
    }),
  render: (c, spelling) => {
    const choose = chooser(spelling);
    const [region, id] = COMPOSITE_KEYS[c.k]!;
    const row: Record<string, unknown> = {
      region,
      id: spellInteger(id, choose),
      major: spellInteger(c.major, choose),
      updated_at: spellInstant(INSTANTS[c.instant]!.micros, choose),
    };
    if (c.op === "delete") {
      row._change_request_type = choose(["d", "D"]);
      if (choose([false, true])) row.note = c.note;
      return row;
    }
    if (choose([false, true])) row._change_request_type = choose(["u", "U", null]);
    if (c.flag === null) {
      if (choose([false, true])) row.flag = null;
    } else row.flag = c.flag ? choose([true, "true", "TRUE", 1, "1"]) : choose([false, "false", "False", 0, "0"]);
    if (c.note !== null || choose([false, true])) row.note = c.note;
    return row;
  },
  normalize: (c) => {
    const [region, id] = COMPOSITE_KEYS[c.k]!;
    const instant = INSTANTS[c.instant]!;
    const [bid, major] = [BigInt(id), BigInt(c.major)];
    const stored = { region, id: bid, major, updated_at: instant.canonical, flag: c.flag === null ? null : c.flag ? 1 : 0, note: c.note };
    return {
      op: c.op,
      keyCmp: [region, bid],
      versionCmp: [major, instant.micros],
      key: { region, id: bid },
      version: [major, instant.canonical],
      row: c.op === "upsert" ? { region, id: bid, major, updated_at: instant.canonical, flag: c.flag, note: c.note } : null,
      hash: c.op === "upsert" ? canonicalHash(stored) : "",
    };
  },
  invalid: fc.constantFrom<Record<string, unknown>>(
    { region: "eu", id: 2, major: 0, updated_at: "2026-02-30T00:00:00Z" }, // no 30 February
    { region: "eu", id: 2, major: 0, updated_at: "2026-03-01T00:00:00+24:00" },
    { region: "eu", id: 2, major: 0, updated_at: "2026-03-01T24:00:00Z" },
    { region: "eu", id: 1.5, major: 0, updated_at: "2026-03-01T00:00:00Z" },
    { region: null, id: 2, major: 0, updated_at: "2026-03-01T00:00:00Z" },
    { region: "eu", id: 2, major: "1e3", updated_at: "2026-03-01T00:00:00Z" },
    { region: "eu", id: 2, major: 0, updated_at: "2026-03-01T00:00:00Z", flag: "yes" },
    { region: "us", id: 1, major: 1, _change_request_type: "d" }, // NULL_VERSION on a delete
    { region: "us", id: 1, major: 1, updated_at: "2026-03-01T00:00:00Z", Note: "x" }, // UNKNOWN_FIELD
  ),
};

// ---------------------------------------------------------------------------
// The properties.

const NUM_RUNS = 150;
/** Runs of a property on the current backend: on PostgreSQL each mirror is a new schema, so a fifth of them. */
const runs = (n: number) => (backend.name === "sqlite" ? n : Math.ceil(n / 5));

async function convergence<A>(spec: Spec<A>) {
  await fc.assert(
    fc.asyncProperty(scenarioArb(spec, 1), deliveryArb, async (scenario, delivery) => {
      const valid = scenario.rows.flatMap((r) => (r.norm ? [r.norm] : []));
      const expected = reference(valid);
      const dataset = spec.model.dataset as string;
      // (a) in generated order, one batch.
      const inOrder = await withMirror(spec as Spec<unknown>, async (m) => {
        await applyAll(m, dataset, [scenario.rows]);
        return stateOf(m, dataset);
      });
      // (b) shuffled and split into batches of random sizes.
      const batches = deliver(scenario.rows, delivery);
      const shuffled = await withMirror(spec as Spec<unknown>, async (m) => {
        await applyAll(m, dataset, batches);
        return stateOf(m, dataset);
      });
      const context = `changes: ${show(scenario.rows.map((r) => r.row))}\nbatches: ${show(batches.map((b) => b.map((r) => r.row)))}`;
      expect(shuffled, `shuffled and split vs one batch\n${context}`).toEqual(inOrder);
      expect(inOrder, `mirror vs the reference of R4\n${context}`).toEqual(expected);
    }),
    { numRuns: runs(NUM_RUNS) },
  );
}

describe.each(BACKENDS)("$name", (each) => {
  beforeAll(() => {
    backend = each;
  });

  describe("R4: the final state depends only on the set of changes", () => {
    it("every permutation and every split into batches yields the same rows, tombstones and history", async () => {
      await convergence(simple);
    });

    it("the same holds with a composite key and a version tuple (integer, datetime), time zones normalised", async () => {
      await convergence(composite);
    });

    it("re-sending changes already applied, in any order, changes nothing (R4.4)", async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom<Spec<any>>(simple, composite).chain((spec) => fc.tuple(fc.constant(spec), scenarioArb(spec, 0), deliveryArb)),
          async ([spec, scenario, delivery]) => {
            const dataset = spec.model.dataset as string;
            await withMirror(spec, async (m) => {
              await applyAll(m, dataset, [scenario.rows]);
              const full = async () => ({ rows: await m.rows(dataset), tombstones: await m.tombstones(dataset), history: await m.history(dataset) });
              const before = await full();
              const replays = await applyAll(m, dataset, deliver(scenario.rows, delivery));
              const context = `changes: ${show(scenario.rows.map((r) => r.row))}`;
              // Not even the batch ids or times of the mirrored state move.
              expect(await full(), context).toEqual(before);
              for (const { batch, receipt } of replays) {
                expect(receipt.datasets[0], context).toMatchObject({ received: batch.length, unchanged: batch.length, upserted: 0, deleted: 0, stale: 0, conflicts: 0 });
              }
            });
          },
        ),
        { numRuns: runs(100) },
      );
    });
  });

  describe("R9: every batch is receipted", () => {
    it("received = upserted + deleted + stale + unchanged + quarantined, in every batch; totals do not depend on the split", async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom<Spec<any>>(simple, composite).chain((spec) => fc.tuple(fc.constant(spec), scenarioArb(spec, 2), deliveryArb)),
          async ([spec, scenario, delivery]) => {
            const dataset = spec.model.dataset as string;
            const batches = deliver(scenario.rows, delivery);
            const valid = scenario.rows.flatMap((r) => (r.norm ? [r.norm] : []));
            const context = `batches: ${show(batches.map((b) => b.map((r) => r.row)))}`;
            await withMirror(spec, async (m) => {
              const receipts = await applyAll(m, dataset, batches);
              const total = { decided: 0, unchanged: 0, conflicts: 0 };
              for (const { batch, receipt } of receipts) {
                expect(receipt.status).toBe("applied");
                expect(receipt.datasets).toHaveLength(1);
                const r = receipt.datasets[0]!;
                expect(r.received, context).toBe(batch.length);
                expect(r.upserted + r.deleted + r.stale + r.unchanged + r.quarantined.length, `${show(r)}\n${context}`).toBe(r.received);
                // Exactly the invalid rows are quarantined, by their index in the batch.
                expect(
                  r.quarantined.map((q) => q.index),
                  context,
                ).toEqual(batch.flatMap((row, i) => (row.norm ? [] : [i])));
                total.decided += r.upserted + r.deleted + r.stale;
                total.unchanged += r.unchanged;
                total.conflicts += r.conflicts;
              }
              // Each distinct change is decided once; every repeat is unchanged (R4.4); conflicts are counted once per losing-or-winning extra upsert (R4.3).
              const set = distinct(valid);
              expect(total, context).toEqual({ decided: set.length, unchanged: valid.length - set.length, conflicts: expectedConflicts(valid) });
              expect(await m.quarantine(dataset)).toHaveLength(scenario.rows.length - valid.length);
            });
          },
        ),
        { numRuns: runs(NUM_RUNS) },
      );
    });
  });
});
