// A fuzz test of the ingestion path (issue #11): batches of valid rows mixed with rows no
// client should send (deep nesting, huge strings, U+0000 and lone surrogates in values, keys and
// field names, numbers past 2^53, odd keys, wrong shapes, missing keys and versions, odd change
// types, rows that are not objects) go through Mirror.applyBatch and through the applyChanges
// mutation. Whatever is sent, the receipt accounts for every row once, nothing is INTERNAL, every
// quarantined row carries a public code and is kept exactly as sent, and valid rows apply.
// MIRRORQL_FUZZ_RUNS raises the number of generated batches.

import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REJECTION_CODES } from "../../src/changes/RejectionCode";
import { deepJsonText, MAX_ROW_DEPTH, nestedDeeperThan } from "../../src/changes/rowDepth";
import type { DatasetReceipt } from "../../src/merge/Receipt";
import { Mirror } from "../../src/mirror";
import { startServer, type RunningServer } from "../../src/server/createServer";
import { BACKENDS, type Backend } from "../backends";

const RUNS = Number(process.env.MIRRORQL_FUZZ_RUNS ?? 12);
const CHANGE_TYPE = "_change_request_type";

/** Sets a property as JSON.parse would: `__proto__` becomes an own key, not the prototype. */
function put(row: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  Object.defineProperty(row, key, { value, enumerable: true, writable: true, configurable: true });
  return row;
}

// ---------------------------------------------------------------------------
// Arbitraries.

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
/** Text with the characters storage is most likely to choke on. */
const oddText = fc.string({ unit: fc.oneof(fc.constant("\u0000"), loneSurrogate, fc.constant("\u{1F600}"), fc.constant("é"), fc.constant("'"), fc.constant('"'), fc.constant("\\"), fc.string({ minLength: 1, maxLength: 1 })), maxLength: 12 });
const hugeText = fc.integer({ min: 10_000, max: 100_000 }).chain((n) => fc.constantFrom("x", "é", "\u{1F600}", "\u0000").map((c) => c.repeat(Math.ceil(n / c.length))));
const oddKey = fc.oneof(fc.constantFrom("__proto__", "constructor", "prototype", "toString", "", " ", "region_code ", "REGION_CODE", "a.b", "a\"b", CHANGE_TYPE), oddText, fc.integer({ min: 64, max: 5000 }).map((n) => "k".repeat(n)));
const oddNumber = fc.oneof(
  fc.constantFrom(-0, 2 ** 53, 2 ** 53 + 2, -(2 ** 53) - 2, 1e308, -1e308, 5e-324, 1.5, 0.1, 1e21, Number.MAX_SAFE_INTEGER),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const oddNumberText = fc.constantFrom("NaN", "Infinity", "-Infinity", "1e400", "9223372036854775808", "-9223372036854775809", "99999999999999999999999", "0x10", "1.0", " 1", "+1", "", "-0", "00", "1_000");
/** Nested arrays and objects `depth` levels deep around a scalar. */
function nested(depth: number, leaf: unknown, asObject: boolean): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = asObject ? put({}, "a", v) : [v];
  return v;
}
const deepValue = fc.tuple(fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: 40 }) }, { weight: 1, arbitrary: fc.integer({ min: 40, max: 5000 }) }), fc.boolean()).map(([d, o]) => nested(d, "bottom", o));
const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  oddText, oddNumber, oddNumberText, fc.boolean(), fc.constant(null),
  fc.constant([]), fc.constant({}), fc.array(fc.oneof(fc.integer(), fc.string()), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 3 }),
  { arbitrary: hugeText, weight: 1 }, { arbitrary: deepValue, weight: 1 },
);

/** A valid upsert of a Region (the model in schema/Region.json); its key is made fresh later. */
interface ValidRegion { name: string; currency: string | null | undefined; revision: number; revisionAsText: boolean }
const cleanText = fc.string({ unit: "grapheme", maxLength: 20 }).filter((s) => !s.includes("\u0000"));
const validRegion: fc.Arbitrary<ValidRegion> = fc.record({
  name: cleanText,
  currency: fc.option(cleanText, { nil: undefined }).chain((c) => (c === undefined ? fc.constantFrom(undefined, null) : fc.constant(c))),
  revision: fc.integer({ min: -1000, max: 1_000_000 }),
  revisionAsText: fc.boolean(),
});

/** A row a client should not send: a valid row with something wrong with it, or no row at all. */
type Junk = { kind: "mutated"; base: ValidRegion; key: string; mutations: [string, "set" | "delete", unknown][] } | { kind: "notObject"; value: unknown };
const field = fc.oneof(fc.constantFrom("region_code", "name", "currency", "revision", CHANGE_TYPE), oddKey);
const junk: fc.Arbitrary<Junk> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("mutated" as const), base: validRegion, key: fc.oneof(oddText, fc.string({ maxLength: 6 })), mutations: fc.array(fc.tuple(field, fc.constantFrom("set" as const, "set" as const, "delete" as const), fc.oneof(oddValue, fc.constantFrom("upsert", "delete", "UPSERT", "Delete", "merge", ""))), { minLength: 1, maxLength: 4 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("notObject" as const), value: fc.oneof(fc.constant(null), fc.string(), fc.integer(), fc.boolean(), fc.array(fc.integer(), { maxLength: 3 }), deepValue) }) },
);

type Generated = { valid: ValidRegion } | { junk: Junk };
const batch = fc.array(fc.oneof(validRegion.map((valid) => ({ valid }) as Generated), junk.map((j) => ({ junk: j }) as Generated)), { minLength: 1, maxLength: 50 });

// ---------------------------------------------------------------------------
// Rendering and checking.

let fresh = 0;
/** A key no junk row can produce (junk keys are at most a few characters). */
const freshKey = () => `valid-key-${process.pid}-${fresh++}`;

function regionRow(v: ValidRegion, key: string): Record<string, unknown> {
  const row: Record<string, unknown> = { region_code: key, name: v.name, revision: v.revisionAsText ? String(v.revision) : v.revision };
  if (v.currency !== undefined) row.currency = v.currency;
  return row;
}

interface Rendered { rows: unknown[]; valid: { index: number; row: Record<string, unknown> }[] }
function render(generated: Generated[]): Rendered {
  const rendered: Rendered = { rows: [], valid: [] };
  generated.forEach((g, index) => {
    if ("valid" in g) {
      const row = regionRow(g.valid, freshKey());
      rendered.valid.push({ index, row });
      rendered.rows.push(row);
    } else if (g.junk.kind === "notObject") {
      rendered.rows.push(g.junk.value);
    } else {
      const row = regionRow(g.junk.base, g.junk.key);
      for (const [k, op, v] of g.junk.mutations) {
        if (op === "delete") delete row[k];
        else put(row, k, v);
      }
      rendered.rows.push(row);
    }
  });
  return rendered;
}

const sentText = (row: unknown) => deepJsonText(row);

/** Checks a receipt of `rows` for the regions dataset, against the mirror's state. */
async function check(mirror: Mirror, rendered: Rendered, receipt: Pick<DatasetReceipt, "received" | "upserted" | "deleted" | "stale" | "unchanged" | "ignored"> & { quarantined: { index: number; code: string; quarantineId?: number | string }[] }) {
  const { rows, valid } = rendered;
  expect(receipt.received).toBe(rows.length);
  expect(receipt.upserted + receipt.deleted + receipt.stale + receipt.unchanged + receipt.quarantined.length + receipt.ignored).toBe(rows.length);
  const indexes = receipt.quarantined.map((q) => q.index);
  expect(new Set(indexes).size).toBe(indexes.length);
  for (const { index } of valid) expect(indexes).not.toContain(index);
  const entries = receipt.quarantined.length === 0 ? [] : await mirror.quarantine("regions", { ids: receipt.quarantined.map((q) => Number(q.quarantineId)) });
  const byId = new Map(entries.map((e) => [e.id, e]));
  for (const q of receipt.quarantined) {
    expect(REJECTION_CODES as readonly string[]).toContain(q.code);
    const entry = byId.get(Number(q.quarantineId));
    expect(entry, `quarantine entry of row ${q.index}`).toBeDefined();
    expect(entry!.code).toBe(q.code);
    expect(entry!.rowIndex).toBe(q.index);
    const sent = rows[q.index];
    // Compared as parsed JSON (PostgreSQL's jsonb orders keys its own way); text for deep rows.
    if (nestedDeeperThan(sent, MAX_ROW_DEPTH)) expect(deepJsonText(entry!.payload) === sentText(sent), `payload of deep row ${q.index}`).toBe(true);
    else expect(entry!.payload).toEqual(JSON.parse(sentText(sent)));
  }
  // A valid upsert of a fresh key is the current row, with the values sent.
  const current = new Map((await mirror.rows("regions")).map((r) => [r.row.region_code, r]));
  for (const { row } of valid) {
    const got = current.get(row.region_code);
    expect(got, `row ${String(row.region_code)}`).toBeDefined();
    expect(got!.row).toEqual({ region_code: row.region_code, name: row.name, currency: row.currency ?? null, revision: BigInt(row.revision as string | number) });
  }
}

const MUTATION = `mutation($rows: [JSONObject!]!) { applyChanges(dataset: "regions", changes: $rows) {
  status datasets { received upserted deleted stale unchanged ignored quarantined { index code quarantineId } } } }`;

describe.each(BACKENDS)("$name", (backend: Backend) => {
  let mirror: Mirror;
  let server: RunningServer;
  beforeAll(async () => {
    // A file database on SQLite, so that HTTP batches cross to the writer thread.
    mirror = await backend.open({ schemaDir: "schema" }, { reopen: true }, "file");
    server = await startServer(mirror, { port: 0 });
  }, 30_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("every row of a fuzzed batch through Mirror.applyBatch is applied or quarantined with a code and its payload as sent, never INTERNAL", async () => {
    await fc.assert(
      fc.asyncProperty(batch, async (generated) => {
        const rendered = render(generated);
        const receipt = await mirror.applyBatch([{ dataset: "regions", rows: rendered.rows }]);
        expect(receipt.status).toBe("applied");
        await check(mirror, rendered, receipt.datasets[0]!);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it("every row of a fuzzed batch sent to applyChanges over HTTP is applied or quarantined with a code and its payload as sent, never INTERNAL", async () => {
    await fc.assert(
      fc.asyncProperty(batch, async (generated) => {
        const rendered = render(generated);
        const body = JSON.stringify({ query: MUTATION, variables: { rows: "__ROWS__" } }).replace('"__ROWS__"', deepJsonText(rendered.rows));
        const res = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json" }, body });
        const answer = (await res.json()) as { data?: { applyChanges: { status: string; datasets: DatasetReceipt[] } } | null; errors?: { extensions?: { code?: string } }[] };
        const codes = (answer.errors ?? []).map((e) => e.extensions?.code);
        expect(codes).not.toContain("INTERNAL");
        if (rendered.rows.some((r) => r === null || typeof r !== "object" || Array.isArray(r))) {
          // The mutation takes objects: a batch holding anything else is refused whole, with a code.
          expect(answer.errors?.length, JSON.stringify(answer).slice(0, 500)).toBeGreaterThan(0);
          expect(codes.every((c) => typeof c === "string")).toBe(true);
          return;
        }
        expect(answer.errors, JSON.stringify(answer.errors)?.slice(0, 1000)).toBeUndefined();
        expect(answer.data!.applyChanges.status).toBe("APPLIED");
        await check(mirror, rendered, answer.data!.applyChanges.datasets[0]! as never);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});
