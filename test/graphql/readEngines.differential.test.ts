// The two read engines must agree: the compiled engine (one SQLite statement per root field that
// builds the response JSON) and the reference resolvers (graphql-js + DataLoaders) answer every
// operation with the same JSON, key order and errors included, except where the compiled engine
// refuses arguments on purpose: it refuses the whole root field once, whatever the data, where the
// resolvers fail the field under each parent row they read (see refusalAgrees). Checked on the golden operations,
// on random valid operations generated from the schema over the demo data (readEngines.generator.ts),
// on cursor paging, and on a few rules written out by hand.
//
// MIRRORQL_DIFF_RUNS raises the number of random operations (default 2000; the paging property
// runs a fifth as many pairs), MIRRORQL_DIFF_SEED changes the seed (fixed by default, so that a
// run is reproducible), MIRRORQL_DIFF_SHRINK=0 reports the first failing operation unshrunk.
// A failure shows the operation's text, its variables and both engines' answers.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Mirror } from "../../src/mirror";
import { TEST_CURSOR_SECRET } from "../helpers";
import { DEMO_NOW, demoApi, graphqlOver, type Executed } from "./fixture";
import { operationArb, pagingArb, pagingFirst, pagingNext, type Operation, type PagingSpec } from "./readEngines.generator";

const LIMITS = { defaultPageSize: 100, maxPageSize: 50 };
const NUM_RUNS = Number(process.env.MIRRORQL_DIFF_RUNS ?? 2000);
const SEED = Number(process.env.MIRRORQL_DIFF_SEED ?? 20260601);
const PROPERTY_TIMEOUT = Math.max(240_000, NUM_RUNS * 200);

type Api = Awaited<ReturnType<typeof demoApi>>;
let compiled: Api;
let resolvers: Api;

beforeAll(async () => {
  compiled = await demoApi(LIMITS, "compiled");
  resolvers = await demoApi(LIMITS, "resolvers");
});
afterAll(async () => {
  await compiled?.close();
  await resolvers?.close();
});

class Disagreement extends Error {}

/**
 * Lets the work of an operation that graphql-js answered early (an error nulled its data while
 * DataLoader batches were pending) finish, so that its statements are not counted in the next one's.
 */
const settled = () => new Promise((resolve) => setImmediate(resolve));

/** Statements of the compiled engine (the resolvers' all select columns: `SELECT t.`, `SELECT * FROM (`, `SELECT count(*)`). */
const isCompiledStatement = (sql: string) => sql.startsWith("SELECT coalesce((SELECT ") || sql.startsWith("SELECT (SELECT ");

interface Response {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[];
}

const REFUSAL_CODES = new Set(["BAD_USER_INPUT", "LIMIT_EXCEEDED"]);

/**
 * Where the compiled engine refused a root field's arguments (at any depth): its errors are
 * refusals located at root fields, each refusal the resolvers gave is among them (message and
 * code; the resolvers give one per parent row, none without rows), and the root fields it did not
 * refuse answer as the resolvers'.
 */
function refusalAgrees(c: Response, r: Response): boolean {
  const errors = c.errors ?? [];
  if (errors.length === 0 || !errors.every((e) => e.path?.length === 1 && REFUSAL_CODES.has(e.extensions?.code ?? ""))) return false;
  const given = new Set(errors.map((e) => `${e.extensions?.code}: ${e.message}`));
  if (!(r.errors ?? []).every((e) => given.has(`${e.extensions?.code}: ${e.message}`))) return false;
  if (!c.data) return true;
  const refused = new Set(errors.map((e) => e.path![0]));
  return Object.entries(c.data).every(([key, value]) => (refused.has(key) ? value === null : JSON.stringify(value) === JSON.stringify(r.data?.[key])));
}

/** Runs `text` on both engines; throws, showing the operation and both answers, unless their JSON is identical (or the refusal agrees). */
async function agree(text: string, variables: Record<string, unknown> = {}): Promise<{ compiled: Executed; resolvers: Executed }> {
  const c = await compiled.execute(text, variables);
  await settled();
  const r = await resolvers.execute(text, variables);
  await settled();
  const cj = JSON.stringify(c.result);
  const rj = JSON.stringify(r.result);
  if (cj !== rj && !refusalAgrees(c.result as Response, r.result as Response)) {
    throw new Disagreement(`the read engines disagree on\n${text}\nvariables: ${JSON.stringify(variables)}\ncompiled:  ${cj}\nresolvers: ${rj}`);
  }
  return { compiled: c, resolvers: r };
}

const operations = join(import.meta.dirname, "operations");
const goldenCases = readdirSync(operations)
  .filter((f) => f.endsWith(".graphql"))
  .sort();

describe("the compiled engine answers the golden operations exactly as the resolvers do", () => {
  it.each(goldenCases)("%s", async (file) => {
    const text = readFileSync(join(operations, file), "utf8");
    const vars = /^# variables: (.*)$/m.exec(text);
    await agree(text, vars ? (JSON.parse(vars[1]!) as Record<string, unknown>) : {});
  });
});

/** Every string under `key` anywhere in `value`. */
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

/** Cursors of a connection's answer: its edges' and its pageInfo's. */
function cursorsOf(connection: unknown): string[] {
  if (connection === null || typeof connection !== "object") return [];
  const c = connection as { edges?: { cursor: string }[]; pageInfo?: { startCursor: string | null; endCursor: string | null } };
  return [...(c.edges ?? []).map((e) => e.cursor), c.pageInfo?.startCursor, c.pageInfo?.endCursor].filter((x): x is string => typeof x === "string");
}

describe("random operations over the demo data", () => {
  it(
    `answer the same on both engines (${NUM_RUNS} operations, seed ${SEED})`,
    async () => {
      let answered = 0;
      let refused = 0;
      await fc.assert(
        fc.asyncProperty(operationArb, async (op: Operation) => {
          const { compiled: c } = await agree(op.text, op.variables);
          // The same document again with its directives' variables flipped: the compiled engine
          // keeps a plan per document and variables, which must not answer for other variables.
          const flipped = Object.entries(op.variables).filter(([k]) => k.startsWith("d"));
          if (flipped.length > 0) await agree(op.text, { ...op.variables, ...Object.fromEntries(flipped.map(([k, v]) => [k, !v])) });
          const response = c.result as Response;
          if (response.errors) refused++;
          else answered++;
          // One statement per generated root field, however deep, none for a refused one (and none
          // at all once a refused non-null root field nulls the whole answer).
          const refusedKeys = new Set((response.errors ?? []).map((e) => e.path?.[0]));
          const own = c.sql.filter((s) => isCompiledStatement(s.sql)).length;
          const expected = !response.data ? 0 : op.generatedRootKeys.filter((k) => !refusedKeys.has(k)).length;
          // Fixed-API root fields run through graphql-js beside the compiled ones.
          if (own !== expected || (!op.fixed && c.sql.length !== own)) {
            throw new Error(
              `the compiled engine ran ${c.sql.length} statements for ${op.generatedRootKeys.length} root fields of\n${op.text}\n${c.sql.map((s) => s.sql).join("\n")}`,
            );
          }
        }),
        { numRuns: NUM_RUNS, seed: SEED, endOnFailure: process.env.MIRRORQL_DIFF_SHRINK === "0" },
      );
      // The generator is meant to produce mostly answerable operations, and some refused ones.
      expect(answered).toBeGreaterThan(NUM_RUNS / 2);
      expect(refused).toBeGreaterThan(0);
    },
    PROPERTY_TIMEOUT,
  );

  it(
    `page with cursors the same on both engines (${Math.ceil(NUM_RUNS / 5)} pairs of pages)`,
    async () => {
      let paged = 0;
      await fc.assert(
        fc.asyncProperty(pagingArb, async (spec: PagingSpec) => {
          const first = pagingFirst(spec);
          const { compiled: c } = await agree(first.text, first.variables);
          const data = (c.result as Response).data;
          const page = data?.page;
          const rootCursors = cursorsOf(page);
          const inner = stringsUnder(page, "cursor").filter((x) => !rootCursors.includes(x));
          const next = pagingNext(spec, rootCursors, inner);
          const { compiled: n } = await agree(next.text, next.variables);
          if (rootCursors.length > 0 && !(n.result as Response).errors) paged++;
        }),
        { numRuns: Math.ceil(NUM_RUNS / 5), seed: SEED + 1 },
      );
      expect(paged).toBeGreaterThan(NUM_RUNS / 20);
    },
    PROPERTY_TIMEOUT,
  );
});

describe("rules of the compiled engine", () => {
  it("a compiled query runs one statement per root field however deep", async () => {
    const query = `{
      accounts(orderBy: [{ name: ASC }]) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { cursor node {
          name region { name } profile { website account { name } }
          contacts(first: 2) { totalCount nodes { last_name webEvents(last: 1) { nodes { event_time } } ownedOpportunities { nodes { name owner { last_name } account { name } } } } }
          subscriptions(where: { status: { _eq: "active" } }) { nodes { plan sourceOpportunity { name } } }
        } }
      }
      contact(contact_id: "ct-2004") { last_name account { contacts { totalCount } } webEvents { nodes { session_id } } }
    }`;
    const { compiled: c, resolvers: r } = await agree(query);
    expect((c.result as Response).errors).toBeUndefined();
    expect(c.sql).toHaveLength(2);
    expect(c.sql.every((s) => isCompiledStatement(s.sql))).toBe(true);
    expect(r.sql.length).toBeGreaterThan(2);
  });

  it("a query mixing generated and fixed root fields keeps the response's field order", async () => {
    const query = `query Mixed($skip: Boolean!) {
      dataset(name: "regions") { name }
      regions(first: 1) { nodes { region_code } }
      __typename
      integrity(limit: 1) { dataset dangling }
      hidden: accounts @skip(if: $skip) { totalCount }
      contact(contact_id: "ct-2001") { last_name }
      datasets { dataset }
      first: regions(last: 1) { totalCount }
    }`;
    const { compiled: c } = await agree(query, { skip: true });
    const data = (c.result as Response).data!;
    expect(Object.keys(data)).toEqual(["dataset", "regions", "__typename", "integrity", "contact", "datasets", "first"]);
    // Three root fields read by the engine, one statement each.
    expect(c.sql.filter((s) => isCompiledStatement(s.sql))).toHaveLength(3);
  });

  it("refused arguments at any depth refuse their root field once, whatever the data", async () => {
    // A nested page above the maximum: the resolvers fail that field under the first parent and
    // null propagates; the compiled engine refuses the root field before reading anything.
    const query = `query Refused($n: Int) {
      regions(first: 2, orderBy: [{ region_code: ASC }]) { nodes { region_code } }
      accounts(first: 2, orderBy: [{ account_id: ASC }]) { nodes { account_id contacts(first: $n) { totalCount } } }
      datasets { dataset }
    }`;
    const { compiled: c, resolvers: r } = await agree(query, { n: 51 });
    type Located = { data: unknown; errors: (NonNullable<Response["errors"]>[number] & { locations: unknown })[] };
    const response = c.result as Located;
    const reference = r.result as Located;
    expect(response.data).toBeNull();
    expect(response.errors.map((e) => [e.extensions?.code, e.path])).toEqual([["LIMIT_EXCEEDED", ["accounts"]]]);
    expect(reference.errors.map((e) => e.path)).toEqual([["accounts", "nodes", 0, "contacts"]]);
    // Located at the refused field, as the resolvers locate it.
    expect(response.errors[0]!.locations).toEqual(reference.errors[0]!.locations);
    expect(c.sql).toEqual([]);
    // No parent row: the resolvers never reach the field, the compiled engine refuses it all the
    // same; a nullable root field answers null and the other root fields are answered.
    const absent = await agree(`{ contact(contact_id: "nobody") { account { contacts(first: 51) { totalCount } } } regions(first: 1) { totalCount } }`);
    expect(absent.resolvers.result).toEqual({ data: { contact: null, regions: { totalCount: 7 } } });
    expect(absent.compiled.result).toMatchObject({ data: { contact: null, regions: { totalCount: 7 } }, errors: [{ path: ["contact"], extensions: { code: "LIMIT_EXCEEDED" } }] });
    // Refused where, order and cursor arguments, at the root and nested.
    for (const [args, code] of [
      [`where: { name: { _like: null } }`, "BAD_USER_INPUT"],
      [`orderBy: [{ name: ASC, industry: DESC }]`, "BAD_USER_INPUT"],
      [`first: 1, last: 1`, "BAD_USER_INPUT"],
      [`offset: -1`, "BAD_USER_INPUT"],
      [`after: "bm90LWEtY3Vyc29y"`, "BAD_USER_INPUT"],
    ] as const) {
      const root = await agree(`{ accounts(${args}) { nodes { account_id } } regions(first: 1) { totalCount } }`);
      expect((root.compiled.result as Response).errors![0]!.extensions!.code).toBe(code);
      const nested = await agree(`{ regions(first: 2) { nodes { region_code accounts(${args}) { totalCount } } } }`);
      expect((nested.compiled.result as Response).errors?.[0]?.extensions?.code).toBe(code);
    }
  });

  it("the same edge selected twice under two aliases gives each alias the fields it selects", async () => {
    const query = `{
      accounts(first: 3, orderBy: [{ account_id: ASC }]) { nodes {
        ids: contacts(first: 1) { nodes { contact_id } }
        names: contacts(first: 1) { nodes { last_name email } }
        other: contacts(first: 2, orderBy: [{ last_name: DESC }]) { totalCount nodes { last_name } }
        a: region { region_code }
        b: region { name }
      } }
    }`;
    const { compiled: c } = await agree(query);
    const nodes = ((c.result as Response).data!.accounts as { nodes: { names: { nodes: { last_name: string; email: string }[] } }[] }).nodes;
    expect(nodes[0]!.names.nodes[0]).toEqual({ last_name: "Lopez", email: "maria.lopez@northwind.example" });
  });

  it("an inverse edge of a row whose referenced field is null is empty", async () => {
    // acc-1005 has no billing_customer_id, the field subscriptions refer to.
    const { compiled: c } = await agree(`{ account(account_id: "acc-1005") { subscriptions { totalCount nodes { plan } pageInfo { hasNextPage endCursor } } } }`);
    expect((c.result as Response).data).toEqual({ account: { subscriptions: { totalCount: 0, nodes: [], pageInfo: { hasNextPage: false, endCursor: null } } } });
  });

  it("a cursor made by one engine pages the other", async () => {
    const first = `{ contacts(first: 3, orderBy: [{ email_opt_in: DESC }, { lead_score: ASC }]) { edges { cursor } pageInfo { endCursor } } }`;
    const { compiled: c, resolvers: r } = await agree(first);
    const end = ((c.result as Response).data!.contacts as { pageInfo: { endCursor: string } }).pageInfo.endCursor;
    expect(JSON.stringify(r.result)).toContain(end);
    await agree(
      `query Next($after: String) { contacts(first: 3, after: $after, orderBy: [{ email_opt_in: DESC }, { lead_score: ASC }]) { nodes { contact_id email_opt_in lead_score } pageInfo { hasNextPage hasPreviousPage } } }`,
      { after: end },
    );
  });
});

describe("scalars beyond the demo data", () => {
  // Values at the edges of each type, which the compiled engine formats in SQL and the resolvers
  // through the API's scalars: 64-bit extremes, doubles JavaScript writes with exponents, 9, 6 and
  // 3 fraction digits, strings with quotes, control characters and astral characters.
  const at = (fraction: string) => `2026-01-01T00:00:00${fraction}Z`;
  const accounts = [
    {
      account_id: "x1",
      name: 'Zoë "q" \\ \u0001 😀\nline',
      region_code: "NA",
      employee_count: "9223372036854775807",
      annual_revenue: 1e21,
      is_customer: true,
      updated_at: at(".123456789"),
    },
    { account_id: "x2", name: "", region_code: "NA", employee_count: "-9223372036854775808", annual_revenue: 5e-324, is_customer: false, updated_at: at(".100000000") },
    { account_id: "x3", name: "%_[*?]", region_code: "NA", employee_count: "0", annual_revenue: 0.30000000000000004, is_customer: true, updated_at: at(".000001") },
    {
      account_id: "x4",
      name: "x4",
      region_code: "NA",
      annual_revenue: -1.7976931348623157e308,
      is_customer: true,
      customer_since: "0001-01-01",
      updated_at: "9999-12-31T23:59:59.999999999Z",
    },
    { account_id: "x5", name: "x5", region_code: "NA", annual_revenue: -0, is_customer: false, updated_at: "1970-01-01T00:00:00Z" },
    { account_id: "x6", name: "x6", region_code: "NA", annual_revenue: 1.5e-7, is_customer: false, updated_at: at(".000000001") },
  ];
  const opportunities = [
    {
      opportunity_id: "o1",
      account_id: "x1",
      name: "o1",
      stage: "s",
      probability: 123456789.123,
      is_won: false,
      stage_version: "9223372036854775807",
      updated_at: at(".123456789"),
    },
    { opportunity_id: "o2", account_id: "x2", name: "o2", stage: "s", probability: -2e-7, is_won: true, stage_version: "-5", updated_at: at(".5") },
  ];
  // Two subscriptions sold in one opportunity: the 1:0 inverse edge Opportunity.subscription is not enforced, the first by key answers.
  const subscriptions = ["sub-b", "sub-a", "sub-c"].map((id) => ({
    subscription_id: id,
    customer_id: "cus-x",
    source_opportunity_id: "o1",
    plan: "p",
    status: "s",
    seats: 1,
    currency: "EUR",
    auto_renew: true,
    start_date: "2026-01-01",
    updated_at: at(""),
  }));
  const webEvents = [
    { session_id: "s1", event_time: at(".123456789"), event_type: "t", visitor_id: "-9223372036854775808", collector_ts: 1e-7 },
    { session_id: "s1", event_time: at(".1234567"), event_type: "t", collector_ts: 1.7e308 },
  ];
  const apis: Api[] = [];
  async function api(engine: "compiled" | "resolvers") {
    const mirror = await Mirror.open({ schemaDir: "schema", now: () => DEMO_NOW, cursorSecret: TEST_CURSOR_SECRET });
    const receipt = await mirror.applyBatch([
      { dataset: "accounts", rows: accounts },
      { dataset: "opportunities", rows: opportunities },
      { dataset: "web_events", rows: webEvents },
      { dataset: "subscriptions", rows: subscriptions },
    ]);
    expect(receipt.datasets.flatMap((d) => d.quarantined)).toEqual([]);
    const a = await graphqlOver(mirror, LIMITS, engine);
    apis.push(a);
    return a;
  }
  afterAll(async () => {
    for (const a of apis) await a.close();
  });

  it("read the same on both engines, as values, in filters and in cursors", async () => {
    const [c, r] = [await api("compiled"), await api("resolvers")];
    const same = async (text: string, variables: Record<string, unknown> = {}) => {
      const x = await c.execute(text, variables);
      const y = await r.execute(text, variables);
      expect(JSON.stringify(x.result), text).toBe(JSON.stringify(y.result));
      expect((x.result as Response).errors, text).toBeUndefined();
      return x.result as Response;
    };
    const page = await same(`{
      accounts(orderBy: [{ annual_revenue: DESC }]) {
        edges { cursor node { account_id name employee_count annual_revenue is_customer customer_since updated_at _version _updatedAt opportunities { nodes { _version probability stage_version } } } }
        pageInfo { startCursor endCursor }
      }
      web_events(orderBy: [{ collector_ts: ASC }]) { edges { cursor node { _version collector_ts event_time visitor_id } } }
      webEvent(session_id: "s1", event_time: "2026-01-01T01:00:00.123456789+01:00") { event_time }
    }`);
    const edges = (page.data!.accounts as { edges: { cursor: string; node: { account_id: string } }[] }).edges;
    expect(edges.map((e) => e.node.account_id)).toEqual(["x1", "x3", "x6", "x2", "x5", "x4"]);
    for (const { cursor } of edges) {
      await same(
        `query($c: String) {
        after: accounts(first: 2, after: $c, orderBy: [{ annual_revenue: DESC }]) { nodes { account_id } pageInfo { hasNextPage hasPreviousPage } }
        before: accounts(last: 2, before: $c, orderBy: [{ annual_revenue: DESC }]) { nodes { account_id } pageInfo { hasNextPage hasPreviousPage } }
      }`,
        { c: cursor },
      );
    }
    for (const value of ["9223372036854775807", "-9223372036854775808", "0"]) {
      await same(`query($v: Int64) { accounts(where: { employee_count: { _gte: $v } }) { nodes { account_id } } }`, { v: value });
    }
    for (const value of [1e21, 5e-324, 0.30000000000000004, -0, 1.5e-7]) {
      await same(`query($v: Float) { accounts(where: { annual_revenue: { _lte: $v } }) { totalCount nodes { account_id } } }`, { v: value });
    }
    await same(`{ accounts(where: { _or: [{ name: { _like: "%[*?]" } }, { name: { _startsWith: "Zoë" } }, { name: { _ilike: "ZOË%" } }] }) { nodes { account_id } } }`);
    const one = await same(
      `{ opportunity(opportunity_id: "o1") { subscription { subscription_id } } opportunities { nodes { opportunity_id subscription { subscription_id } } } }`,
    );
    expect(one.data!.opportunity).toEqual({ subscription: { subscription_id: "sub-a" } });
  });
});
