// The compiled read engine on PostgreSQL answers exactly as on SQLite: the demo changes are loaded
// through the PostgreSQL storage into a fresh schema (pgFixture.ts), and random operations of
// readEngines.generator.ts and cursor paging run on both dialects' engines, whose JSON must be
// identical (key order included). The golden operations run on both backends in golden.test.ts,
// which keeps the statements PostgreSQL ran (operations/<case>.postgres.sql.json). Skipped when
// the global setup found no PostgreSQL (MIRRORQL_TEST_PG).
//
// MIRRORQL_DIFF_RUNS and MIRRORQL_DIFF_SEED work as in readEngines.differential.test.ts; the
// PostgreSQL run defaults to a quarter of its operations.

import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDemoChanges } from "../../src/demo/loadDemoChanges";
import { Mirror } from "../../src/mirror";
import { DEMO_NOW, demoApi, graphqlOver, type Executed } from "./fixture";
import { TEST_CURSOR_SECRET } from "../helpers";
import { PgJsonReader } from "../../src/storage/postgres/PgJsonReader";
import { PG_URL, postgresTwin, type PostgresTwin } from "./pgFixture";
import { operationArb, pagingArb, pagingFirst, pagingNext, type Operation, type PagingSpec } from "./readEngines.generator";

const LIMITS = { defaultPageSize: 100, maxPageSize: 50 };
const NUM_RUNS = Math.ceil(Number(process.env.MIRRORQL_DIFF_RUNS ?? 2000) / 4);
const SEED = Number(process.env.MIRRORQL_DIFF_SEED ?? 20260601);
const PROPERTY_TIMEOUT = Math.max(240_000, NUM_RUNS * 400);

const reachable = PG_URL !== null;

type Api = Awaited<ReturnType<typeof demoApi>>;
let sqlite: Api;
let postgres: Api;
let twin: PostgresTwin;

beforeAll(async () => {
  if (!reachable) return;
  sqlite = await demoApi(LIMITS, "compiled");
  twin = await postgresTwin(async (at) => {
    const mirror = await Mirror.open({ ...at, schemaDir: "schema", now: () => DEMO_NOW, cursorSecret: TEST_CURSOR_SECRET });
    await loadDemoChanges(mirror);
    return mirror;
  });
  postgres = await graphqlOver((await demoApi(LIMITS, "compiled")).mirror, LIMITS, "compiled", twin.reader);
}, 60_000);
afterAll(async () => {
  await twin?.drop();
  await sqlite?.close();
  await postgres?.close();
});

const isPostgresStatement = (sql: string) => sql.startsWith("SELECT coalesce((SELECT ") || sql.startsWith("SELECT (SELECT ");

/** Runs `text` on both dialects; throws, showing the operation and both answers, unless their JSON is identical. */
async function agree(text: string, variables: Record<string, unknown> = {}): Promise<{ sqlite: Executed; postgres: Executed }> {
  const s = await sqlite.execute(text, variables);
  const p = await postgres.execute(text, variables);
  const sj = JSON.stringify(s.result);
  const pj = JSON.stringify(p.result);
  if (sj !== pj)
    throw new Error(`the dialects disagree on\n${text}\nvariables: ${JSON.stringify(variables)}\nsqlite:   ${sj}\npostgres: ${pj}\n${p.sql.map((x) => x.sql).join("\n")}`);
  return { sqlite: s, postgres: p };
}

interface Response {
  data?: Record<string, unknown> | null;
  errors?: { path?: (string | number)[] }[];
}

function stringsUnder(value: unknown, key: string, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) stringsUnder(v, key, out);
  else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k === key && typeof v === "string") out.push(v);
      else stringsUnder(v, key, out);
    }
  }
  return out;
}

function cursorsOf(connection: unknown): string[] {
  if (connection === null || typeof connection !== "object") return [];
  const c = connection as { edges?: { cursor: string }[]; pageInfo?: { startCursor: string | null; endCursor: string | null } };
  return [...(c.edges ?? []).map((e) => e.cursor), c.pageInfo?.startCursor, c.pageInfo?.endCursor].filter((x): x is string => typeof x === "string");
}

describe.skipIf(!reachable)("random operations over the demo data on PostgreSQL", () => {
  it(
    `answer as on SQLite, one statement per root field (${NUM_RUNS} operations, seed ${SEED})`,
    async () => {
      let answered = 0;
      await fc.assert(
        fc.asyncProperty(operationArb, async (op: Operation) => {
          const { postgres: p } = await agree(op.text, op.variables);
          const response = p.result as Response;
          if (!response.errors) answered++;
          // None for a refused root field, none at all once a refusal nulled the whole answer.
          const refused = new Set((response.errors ?? []).map((e) => e.path?.[0]));
          const expected = !response.data ? 0 : op.generatedRootKeys.filter((k) => !refused.has(k)).length;
          const own = p.sql.filter((s) => isPostgresStatement(s.sql)).length;
          if (own !== expected) {
            throw new Error(`PostgreSQL ran ${own} statements for ${op.generatedRootKeys.length} root fields of\n${op.text}`);
          }
        }),
        { numRuns: NUM_RUNS, seed: SEED, endOnFailure: process.env.MIRRORQL_DIFF_SHRINK === "0" },
      );
      expect(answered).toBeGreaterThan(NUM_RUNS / 2);
    },
    PROPERTY_TIMEOUT,
  );

  it(
    `page with cursors as on SQLite (${Math.ceil(NUM_RUNS / 5)} pairs of pages)`,
    async () => {
      let paged = 0;
      await fc.assert(
        fc.asyncProperty(pagingArb, async (spec: PagingSpec) => {
          const first = pagingFirst(spec);
          const { postgres: p } = await agree(first.text, first.variables);
          const page = (p.result as Response).data?.page;
          const rootCursors = cursorsOf(page);
          const inner = stringsUnder(page, "cursor").filter((x) => !rootCursors.includes(x));
          const next = pagingNext(spec, rootCursors, inner);
          const { postgres: n } = await agree(next.text, next.variables);
          if (rootCursors.length > 0 && !(n.result as Response).errors) paged++;
        }),
        { numRuns: Math.ceil(NUM_RUNS / 5), seed: SEED + 1 },
      );
      expect(paged).toBeGreaterThan(NUM_RUNS / 20);
    },
    PROPERTY_TIMEOUT,
  );
});

describe.skipIf(!reachable)("statements PostgreSQL can plan once and read from indexes", () => {
  const statementOf = (x: { postgres: Executed }) =>
    x.postgres.sql
      .filter((s) => isPostgresStatement(s.sql))
      .map((s) => s.sql)
      .join("\n");

  it("orders a nullable field without NULLS LAST where the filter keeps it non-null (an index on it can serve the order)", async () => {
    const nodes = "nodes { account_id employee_count }";
    const filtered = await agree(`{ accounts(first: 5, where: { employee_count: { _gt: "10" } }, orderBy: [{ employee_count: DESC }]) { ${nodes} } }`);
    const unfiltered = await agree(`{ accounts(first: 5, orderBy: [{ employee_count: DESC }]) { ${nodes} } }`);
    expect(statementOf(filtered)).toMatch(/"employee_count" DESC, /);
    expect(statementOf(filtered)).not.toMatch(/NULLS LAST/);
    expect(statementOf(unfiltered)).toMatch(/"employee_count" DESC NULLS LAST/);
  });

  it("writes a page's size into the text (a zero offset left out), so that PostgreSQL can keep one generic plan for the prepared page", async () => {
    const reader = await PgJsonReader.open(PG_URL!, { schema: twin.schema, connections: 1, cursorKey: twin.mirror.cursorKey });
    const api = await graphqlOver((await demoApi(LIMITS, "compiled")).mirror, LIMITS, "compiled", reader);
    try {
      const text = `query ($region: String!) { accounts(first: 3, where: { region_code: { _eq: $region } }) { nodes { account_id name } } }`;
      const first = await api.execute(text, { region: "AMER" });
      const [statement] = first.sql.filter((s) => isPostgresStatement(s.sql));
      expect(statement!.sql).toMatch(/ LIMIT 3\)/);
      expect(statement!.sql).not.toMatch(/OFFSET/);
      expect(statement!.params).toEqual(["AMER"]);
      for (let i = 0; i < 7; i++) await api.execute(text, { region: i % 2 ? "EMEA" : "AMER" });
      const { rows } = await reader.pool.query<{ generic_plans: string }>("SELECT generic_plans FROM pg_prepared_statements WHERE name LIKE 'mq_read_%'");
      expect(rows).toHaveLength(1);
      expect(Number(rows[0]!.generic_plans)).toBeGreaterThan(0);
    } finally {
      await reader.close();
      await api.close();
    }
  });
});
