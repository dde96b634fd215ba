// The PostgreSQL read engine keeps the API's rules where PostgreSQL's defaults differ from
// SQLite's: null ordering (in ORDER BY and in cursor bounds), byte-wise string order, `_like`
// case-sensitive with % and _ only, `_ilike` folding ASCII letters only, `_startsWith` as a plain
// prefix, `_neq`/`_nin` matching nulls, Int64/Date/DateTime/Boolean text, doubles written as
// JavaScript writes them, and cursors byte for byte as src/query/cursor.ts makes them. Each rule
// is checked against the values it must give and against SQLite's engine on the same rows.

import fc from "fast-check";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Mirror } from "../../src/mirror";
import { cursorFingerprint, cursorOf } from "../../src/query/cursor";
import { mirrorOf, signedCursor, TEST_CURSOR_SECRET } from "../helpers";
import { graphqlOver } from "./fixture";
import { PG_URL, postgresTwin, type PostgresTwin } from "./pgFixture";

const reachable = PG_URL !== null;

const THING = {
  name: "Thing",
  dataset: "things",
  fields: {
    id: { type: "string", required: true },
    name: { type: "string" },
    score: { type: "integer" },
    amount: { type: "number" },
    flag: { type: "boolean" },
    day: { type: "date" },
    at: { type: "datetime" },
    v: { type: "integer", required: true },
  },
  primaryKey: ["id"],
  version: "v",
};

const LONG = `${"x".repeat(70)}ü"\\`;
const ROWS = [
  { id: "t01", name: "apple", score: null, amount: 1e20, flag: true, day: "2026-01-02", at: "2026-01-01T00:00:00Z" },
  { id: "t02", name: "Apple", score: "9223372036854775807", amount: -0, flag: false, day: "2025-12-31", at: "2026-01-01T00:00:00.123456Z" },
  { id: "t03", name: "APPLE%", score: "-9007199254740993", amount: 5e-324, flag: null, at: "2026-01-01T00:00:00.123456789Z" },
  { id: "t04", name: "é", score: "1", amount: 1.7976931348623157e308, flag: true, at: "2026-01-01T00:00:00.1Z" },
  { id: "t05", name: "É", score: "2", amount: 1e21, flag: false },
  { id: "t06", name: "a_b", score: "2", amount: 1e-7, day: "2026-03-01" },
  { id: "t07", name: "a\\b", score: null, amount: 123456789012345680000 },
  { id: "t08", name: null, score: "3", amount: null, flag: null },
  { id: "t09", name: "z", score: "-1", amount: 0.1, at: "1999-12-31T23:59:59.999999999Z" },
  { id: "t10", name: 'ab"c\n\u0001 😀', score: "0", amount: 1e-6 },
  { id: "t11", name: LONG, score: "5", amount: 1.5e15 },
  { id: "t12", name: "İ", score: "5", amount: -2.5e-5 },
  { id: "t13", name: "B", score: null, amount: 1234567890123456.7 },
  { id: "t14", name: "abc", score: "7", amount: 1e15 },
  { id: "t15", name: "gone", score: "1", amount: 1 },
].map((r) => ({ v: 1, ...r }));

type Api = Awaited<ReturnType<typeof graphqlOver>>;
let sqlite: Api;
let postgres: Api;
let twin: PostgresTwin;

const NOW = () => new Date("2026-06-01T00:00:00Z");

/** The rows, then a delete that leaves a tombstone in the state table: the engine must never show it. */
async function load(mirror: Mirror): Promise<Mirror> {
  await mirror.applyChanges("things", ROWS, { batchId: "load" });
  await mirror.applyChanges("things", [{ id: "t15", v: 2, _change_request_type: "d" }], { batchId: "delete" });
  return mirror;
}

beforeAll(async () => {
  if (!reachable) return;
  twin = await postgresTwin(async (at) => load(await mirrorOf([THING], { ...at, now: NOW, cursorSecret: TEST_CURSOR_SECRET })));
  const mirror = await load(await mirrorOf([THING], { now: NOW, cursorSecret: TEST_CURSOR_SECRET }));
  sqlite = await graphqlOver(mirror);
  postgres = await graphqlOver(mirror, undefined, "compiled", twin.reader);
}, 60_000);
afterAll(async () => {
  await twin?.drop();
  await postgres?.close();
});

interface Result {
  data?: Record<string, any>;
  errors?: unknown[];
}

/** The PostgreSQL answer, after checking that SQLite's engine gives the same JSON. */
async function both(query: string, variables: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const s = (await sqlite.execute(query, variables)).result as Result;
  const p = await postgres.execute(query, variables);
  expect(p.sql.length, "one PostgreSQL statement per root field").toBeGreaterThan(0);
  expect(JSON.stringify(p.result)).toBe(JSON.stringify(s));
  expect((p.result as Result).errors).toBeUndefined();
  return (p.result as Result).data!;
}

const ids = (conn: { nodes: { id: string }[] }) => conn.nodes.map((n) => n.id);

describe.skipIf(!reachable)("the PostgreSQL read engine", () => {
  it("orders nulls first ascending and last descending, in ORDER BY and in cursor bounds", async () => {
    const asc = await both(`{ things(orderBy: [{ score: ASC }]) { nodes { id } } }`);
    expect(ids(asc.things).slice(0, 3)).toEqual(["t01", "t07", "t13"]);
    const desc = await both(`{ things(orderBy: [{ score: DESC }]) { nodes { id } } }`);
    expect(ids(desc.things).slice(-3)).toEqual(["t01", "t07", "t13"]);
    // Page through the nulls both ways, forward and backward, with cursors.
    for (const direction of ["ASC", "DESC"]) {
      for (const [size, from] of [
        [2, "first"],
        [3, "last"],
      ] as const) {
        let cursor: string | null = null;
        const seen: string[] = [];
        for (let i = 0; i < 10; i++) {
          const bound = cursor ? `, ${from === "first" ? "after" : "before"}: ${JSON.stringify(cursor)}` : "";
          const data = await both(`{ things(orderBy: [{ score: ${direction} }, { name: DESC }], ${from}: ${size}${bound}) { nodes { id } pageInfo { startCursor endCursor } } }`);
          const page = ids(data.things);
          if (page.length === 0) break;
          if (from === "first") seen.push(...page);
          else seen.unshift(...page);
          cursor = from === "first" ? data.things.pageInfo.endCursor : data.things.pageInfo.startCursor;
        }
        expect(seen.sort()).toEqual(
          ROWS.filter((r) => r.id !== "t15")
            .map((r) => r.id)
            .sort(),
        );
      }
    }
  });

  it("compares and orders strings by their bytes", async () => {
    const data = await both(`{ things(orderBy: [{ name: ASC }]) { nodes { name } } above: things(where: { name: { _gt: "Z" } }, orderBy: [{ name: DESC }]) { nodes { id } } }`);
    expect(data.things.nodes.map((n: { name: string | null }) => n.name)).toEqual([
      null,
      "APPLE%",
      "Apple",
      "B",
      "a\\b",
      "a_b",
      'ab"c\n\u0001 😀',
      "abc",
      "apple",
      LONG,
      "z",
      "É",
      "é",
      "İ",
    ]);
    expect(ids(data.above)).toEqual(["t12", "t04", "t05", "t09", "t11", "t01", "t14", "t10", "t06", "t07"]);
  });

  it("_like is case-sensitive with % and _ as its only wildcards", async () => {
    const data = await both(`{
      a: things(where: { name: { _like: "a%" } }) { nodes { id } }
      b: things(where: { name: { _like: "a_b" } }) { nodes { id } }
      c: things(where: { name: { _like: "APPLE%" } }) { nodes { id } }
      d: things(where: { name: { _like: "a\\\\b" } }) { nodes { id } }
      e: things(where: { name: { _like: "%😀" } }) { nodes { id } }
    }`);
    expect([ids(data.a), ids(data.b), ids(data.c), ids(data.d), ids(data.e)]).toEqual([["t01", "t06", "t07", "t10", "t14"], ["t06", "t07"], ["t03"], ["t07"], ["t10"]]);
  });

  it("_ilike ignores the case of ASCII letters only", async () => {
    const data = await both(`{
      a: things(where: { name: { _ilike: "apple%" } }) { nodes { id } }
      b: things(where: { name: { _ilike: "é" } }) { nodes { id } }
      c: things(where: { name: { _ilike: "i%" } }) { nodes { id } }
      d: things(where: { name: { _ilike: "A_B" } }) { nodes { id } }
    }`);
    expect([ids(data.a), ids(data.b), ids(data.c), ids(data.d)]).toEqual([["t01", "t02", "t03"], ["t04"], [], ["t06", "t07"]]);
  });

  it("_startsWith is a plain prefix: % and _ in it are characters", async () => {
    const data = await both(
      `{ a: things(where: { name: { _startsWith: "a_" } }) { nodes { id } } b: things(where: { name: { _startsWith: "APPLE%" } }) { nodes { id } } c: things(where: { name: { _startsWith: "a\\\\" } }) { nodes { id } } }`,
    );
    expect([ids(data.a), ids(data.b), ids(data.c)]).toEqual([["t06"], ["t03"], ["t07"]]);
  });

  it("_neq and _nin match nulls; comparisons of every type", async () => {
    const data = await both(`{
      neq: things(where: { score: { _neq: "2" } }) { totalCount }
      nin: things(where: { name: { _nin: ["apple", "z"] } }) { totalCount }
      int: things(where: { score: { _lt: "-9007199254740992" } }) { nodes { id } }
      big: things(where: { score: { _in: ["9223372036854775807", "7"] } }) { nodes { id } }
      num: things(where: { amount: { _gte: 1e20 } }) { nodes { id } }
      flag: things(where: { flag: { _eq: false } }) { nodes { id } }
      day: things(where: { day: { _gt: "2026-01-01" } }) { nodes { id } }
      at: things(where: { at: { _gte: "2026-01-01T00:00:00.1Z" } }) { nodes { id } }
    }`);
    expect([data.neq.totalCount, data.nin.totalCount]).toEqual([12, 12]);
    expect([ids(data.int), ids(data.big), ids(data.num), ids(data.flag), ids(data.day), ids(data.at)]).toEqual([
      ["t03"],
      ["t02", "t14"],
      ["t01", "t04", "t05", "t07"],
      ["t02", "t05"],
      ["t01", "t06"],
      ["t02", "t03", "t04"],
    ]);
  });

  it("writes Int64 as decimal strings, booleans, dates, datetimes with 3, 6 or 9 digits, _updatedAt, and hides tombstones", async () => {
    const data = await both(`{ things(orderBy: [{ id: ASC }]) { totalCount nodes { id score flag day at _version _updatedAt } } gone: thing(id: "t15") { id } }`);
    expect(data.things.totalCount).toBe(14);
    expect(data.gone).toBeNull();
    const byId = Object.fromEntries(data.things.nodes.map((n: { id: string }) => [n.id, n]));
    expect(byId.t01).toEqual({ id: "t01", score: null, flag: true, day: "2026-01-02", at: "2026-01-01T00:00:00.000Z", _version: "1", _updatedAt: "2026-06-01T00:00:00.000Z" });
    expect([byId.t02.score, byId.t02.flag, byId.t02.at]).toEqual(["9223372036854775807", false, "2026-01-01T00:00:00.123456Z"]);
    expect([byId.t03.score, byId.t03.flag, byId.t03.at]).toEqual(["-9007199254740993", null, "2026-01-01T00:00:00.123456789Z"]);
    expect([byId.t04.at, byId.t09.at]).toEqual(["2026-01-01T00:00:00.100Z", "1999-12-31T23:59:59.999999999Z"]);
  });

  it("writes doubles as JavaScript does", async () => {
    const data = await both(`{ things(orderBy: [{ id: ASC }]) { nodes { id amount } } }`);
    const served = Object.fromEntries(data.things.nodes.map((n: { id: string; amount: number | null }) => [n.id, n.amount]));
    for (const row of ROWS.filter((r) => r.id !== "t15")) expect(served[row.id]).toBe(row.amount === -0 ? 0 : row.amount);
  });

  it("makes cursors byte for byte as cursor.ts does, long and non-ASCII ones included", async () => {
    const data = await both(`{ things(orderBy: [{ name: DESC }, { amount: ASC }, { flag: ASC }, { score: DESC }]) { edges { cursor node { id } } } }`);
    const order = [
      { field: "name", direction: "DESC" },
      { field: "amount", direction: "ASC" },
      { field: "flag", direction: "ASC" },
      { field: "score", direction: "DESC" },
      { field: "id", direction: "ASC" },
    ] as const;
    const fp = cursorFingerprint("things", [...order]);
    for (const edge of data.things.edges as { cursor: string; node: { id: string } }[]) {
      const row = ROWS.find((r) => r.id === edge.node.id)!;
      const values = [
        row.name ?? null,
        row.amount ?? null,
        row.flag === undefined || row.flag === null ? null : row.flag ? 1 : 0,
        row.score === undefined || row.score === null ? null : BigInt(row.score),
        row.id,
      ];
      expect(edge.cursor).toBe(cursorOf(twin.mirror.cursorKey, fp, values));
    }
  });
});

describe.skipIf(!reachable)("forged cursors", () => {
  it("a cursor of the right ordering whose values do not fit its fields is refused as invalid on both dialects", async () => {
    const order = [
      { field: "amount", direction: "ASC" as const },
      { field: "id", direction: "ASC" as const },
    ];
    const fp = cursorFingerprint("things", order);
    for (const values of [
      ["1.5", "t01"],
      [1.5, 7],
      [{ i: "1" }, "t01"],
    ]) {
      const forged = signedCursor(twin.mirror.cursorKey, [fp, values]);
      const query = `{ things(orderBy: [{ amount: ASC }], after: ${JSON.stringify(forged)}) { nodes { id } } }`;
      const s = (await sqlite.execute(query)).result as { errors?: { extensions: { code: string }; message: string }[] };
      const p = (await postgres.execute(query)).result;
      expect(JSON.stringify(p)).toBe(JSON.stringify(s));
      expect(s.errors?.[0]?.extensions.code).toBe("BAD_USER_INPUT");
      expect(s.errors?.[0]?.message).toContain("do not fit");
    }
  });
});

describe.skipIf(!reachable)("mq_float_json", () => {
  let client: pg.Client;
  beforeAll(async () => {
    client = new pg.Client({ connectionString: PG_URL!, options: `-c search_path=${twin.schema} -c extra_float_digits=1` });
    await client.connect();
  });
  afterAll(() => client?.end());

  /** PostgreSQL's text of each double, sent exactly (String keeps every bit; -0 written out). */
  async function served(values: number[]): Promise<string[]> {
    const texts = values.map((x) => (Object.is(x, -0) ? "-0" : String(x)));
    const { rows } = await client.query<{ j: string }>(`SELECT mq_float_json(x) AS j FROM unnest($1::float8[]) WITH ORDINALITY AS u(x, i) ORDER BY i`, [texts]);
    return rows.map((r) => r.j);
  }

  it("matches JSON.stringify on the edge cases", async () => {
    const edges = [
      0,
      -0,
      5e-324,
      -5e-324,
      1.7976931348623157e308,
      -1.7976931348623157e308,
      1e21,
      1e-7,
      1e-6,
      1e20,
      123456789012345680000,
      0.1,
      1e15,
      1e-5,
      1e-4,
      9.999999999999999e-5,
      999999999999999.9,
      1234567890123456.7,
      2 ** 53,
      -1e300,
      1.5,
      100,
      2.2250738585072014e-308,
      // From 2^53 on, JavaScript may take a shorter decimal exactly halfway between two doubles, where PostgreSQL's digits are longer.
      -26263091919340050,
      83778075136169400,
      120675116766213000,
      338749033207047200,
      -2389955504046048000,
      2 ** 53 + 2,
      1.7976931348623155e308,
    ];
    expect(await served(edges)).toEqual(edges.map((x) => JSON.stringify(x)));
  });

  /** Any double, with more of the integers beyond 2^53 and of the magnitudes where the notations differ. */
  const DOUBLES = fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(Number),
    fc.double({ min: 1e-8, max: 1e-4, noNaN: true }),
    fc.double({ min: 1e14, max: 1e22, noNaN: true }),
  );

  it("matches JSON.stringify on any double (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(DOUBLES, { minLength: 1, maxLength: 500 }), async (values) => {
        expect(await served(values)).toEqual(values.map((x) => JSON.stringify(x)));
      }),
      { numRuns: 100 },
    );
  });
});
