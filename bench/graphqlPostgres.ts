// Section "graphql" with --backend postgres: the same nested query over the same generated rows,
// merged into a fresh schema at --pg-url, served by startServer on that PostgreSQL mirror (the
// compiled engine: one statement per root field, through PgJsonReader's pool) against a baseline
// that answers the same JSON from three hand-written statements through pg (rows built into
// objects and stringified in Node, as the SQLite baseline does). Both alternate under the same
// client (compareServers in graphqlCompare.ts). Then where the time goes: each side's statements of one
// request replayed alone on one connection (wall and backend CPU), and CPU profiles of the
// servers' thread under load. The schema is dropped at the end.

import { readFileSync } from "node:fs";
import pg from "pg";
import { formatDatetime } from "../src/graphql/scalars";
import { DEFAULT_LIMITS } from "../src/graphql/connectionArgs";
import { Mirror } from "../src/mirror";
import { PgJsonReader } from "../src/storage/postgres/PgJsonReader";
import { READ_SESSION_OPTIONS } from "../src/storage/postgres/jsonFunctions";
import { createApollo, createContext, startServer } from "../src/server/createServer";
import { inProcessWriter } from "../src/writer/Writer";
import { startBaselineServer } from "./graphqlBaseline";
import { compareServers, GRAPHQL_TARGET_RATIO } from "./graphqlCompare";
import {
  benchSchemaDir,
  CONTACT_FIELDS,
  loadGraphqlDatabase,
  MIN_EMPLOYEES,
  OFFSETS,
  OPPORTUNITY_FIELDS,
  REGIONS,
  requestBody,
  SIZES,
  VARIANTS,
  type Variables,
} from "./graphqlData";
import { CPU_SAMPLING_US, cpuProfile, REPO_MARK, type Captured } from "./graphqlProfile";
import { collectGarbage, fmt, fmtInt, round, table, toMB, type BenchContext, type SectionResult } from "./lib";

const REPLAY_PASSES = 8;

type Row = Record<string, unknown>;
const str = (v: unknown) => (v === null ? null : String(v));
const datetime = (v: unknown) => (v === null ? null : formatDatetime(v as string));

/**
 * The three statements of the SQLite baseline on the mirror's PostgreSQL state tables (current rows only;
 * DESC puts nulls last, as the API orders), Int64 columns and dates read as text (the table's columns
 * named with their alias where ORDER BY would otherwise take the text column of the output).
 */
const ACCOUNTS_SQL = `SELECT account_id, name, region_code, industry, employee_count::text AS employee_count, annual_revenue,
  customer_since::text AS customer_since, updated_at FROM accounts__state AS a
  WHERE NOT _mq_deleted AND is_customer AND a.employee_count > $1::bigint AND region_code = $2::text
  ORDER BY a.employee_count DESC NULLS LAST, account_id ASC LIMIT 20 OFFSET $3::bigint`;
const CONTACTS_SQL = `SELECT account_id, ${CONTACT_FIELDS.map((f) => (f === "lead_score" || f === "row_scn" ? `${f}::text AS ${f}` : f)).join(", ")} FROM (
  SELECT *, row_number() OVER (PARTITION BY account_id ORDER BY lead_score DESC NULLS LAST, contact_id ASC) AS rn
  FROM contacts__state WHERE NOT _mq_deleted AND account_id = ANY($1::text[])) AS s
  WHERE rn <= 10 ORDER BY account_id, rn`;
const OPPORTUNITIES_SQL = `SELECT owner_contact_id, ${OPPORTUNITY_FIELDS.map((f) => (f === "stage_version" ? `${f}::text AS ${f}` : f === "close_date" ? `${f}::text AS ${f}` : f)).join(", ")} FROM (
  SELECT *, row_number() OVER (PARTITION BY owner_contact_id ORDER BY amount DESC NULLS LAST, opportunity_id ASC) AS rn
  FROM opportunities__state WHERE NOT _mq_deleted AND owner_contact_id = ANY($1::text[])) AS s
  WHERE rn <= 5 ORDER BY owner_contact_id, rn`;

/** Three prepared statements through pg and plain objects: the least a server on PostgreSQL must do to give the same answer. */
function pgBaseline(pool: pg.Pool) {
  const run = async (name: string, text: string, values: unknown[]) => (await pool.query<Row>({ name, text, values })).rows;
  const answer = async (v: Variables): Promise<string> => {
    const a = await run("bench_accounts", ACCOUNTS_SQL, [v.minEmployees, v.region, v.offset]);
    const c = await run("bench_contacts", CONTACTS_SQL, [a.map((r) => r.account_id)]);
    const o = await run("bench_opportunities", OPPORTUNITIES_SQL, [c.map((r) => r.contact_id)]);
    const oppsOf = new Map<unknown, Row[]>();
    for (const r of o) {
      const node = {
        opportunity_id: r.opportunity_id,
        name: r.name,
        stage: r.stage,
        amount: r.amount,
        probability: r.probability,
        close_date: r.close_date,
        is_won: r.is_won,
        stage_version: r.stage_version,
        updated_at: datetime(r.updated_at),
      };
      const list = oppsOf.get(r.owner_contact_id);
      if (list) list.push(node);
      else oppsOf.set(r.owner_contact_id, [node]);
    }
    const contactsOf = new Map<unknown, Row[]>();
    for (const r of c) {
      const node = {
        contact_id: r.contact_id,
        first_name: r.first_name,
        last_name: r.last_name,
        email: r.email,
        title: r.title,
        lead_score: r.lead_score,
        email_opt_in: r.email_opt_in,
        row_scn: r.row_scn,
        ownedOpportunities: { nodes: oppsOf.get(r.contact_id) ?? [] },
      };
      const list = contactsOf.get(r.account_id);
      if (list) list.push(node);
      else contactsOf.set(r.account_id, [node]);
    }
    const nodes = a.map((r) => ({
      account_id: r.account_id,
      name: r.name,
      region_code: r.region_code,
      industry: r.industry,
      employee_count: str(r.employee_count),
      annual_revenue: r.annual_revenue,
      customer_since: r.customer_since,
      updated_at: datetime(r.updated_at),
      contacts: { nodes: contactsOf.get(r.account_id) ?? [] },
    }));
    return JSON.stringify({ data: { accounts: { nodes } } });
  };
  /** The statements one request runs, with their parameters (for the replay). */
  const statements = async (v: Variables): Promise<Captured[]> => {
    const p1 = [v.minEmployees, v.region, v.offset];
    const a = await run("bench_accounts", ACCOUNTS_SQL, p1);
    const p2 = [a.map((r) => r.account_id)];
    const c = await run("bench_contacts", CONTACTS_SQL, p2);
    return [
      { sql: ACCOUNTS_SQL, params: p1 },
      { sql: CONTACTS_SQL, params: p2 },
      { sql: OPPORTUNITIES_SQL, params: [c.map((r) => r.contact_id)] },
    ];
  };
  return { answer, statements };
}

/** CPU time (ms) of one PostgreSQL backend, from /proc (the server is on this machine), or null elsewhere. */
function backendCpuMs(pid: number): number | null {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ")[0]) / 1e6;
  } catch {
    return null;
  }
}

interface Replayed {
  /** Best pass: wall ms per request, and the backend's CPU ms per request in that pass (null when /proc does not show it). */
  ms: number;
  cpuMs: number | null;
}

/**
 * The statements of one request per variant, replayed alone on one connection (prepared, named; the
 * reader's session settings), each set in turn and interleaved, so that other load hits them alike.
 */
async function replay(url: string, schema: string, sets: Captured[][][]): Promise<Replayed[]> {
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema} ${READ_SESSION_OPTIONS}` });
  await client.connect();
  try {
    const pid = (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
    const names = new Map<string, string>();
    const nameOf = (sql: string) => names.get(sql) ?? (names.set(sql, `replay_${names.size}`), names.get(sql)!);
    const best: Replayed[] = sets.map(() => ({ ms: Infinity, cpuMs: null }));
    for (let pass = 0; pass < REPLAY_PASSES; pass++) {
      for (const [i, set] of sets.entries()) {
        const cpu0 = backendCpuMs(pid);
        const t0 = performance.now();
        for (const statements of set) for (const st of statements) await client.query({ name: nameOf(st.sql), text: st.sql, values: [...st.params] });
        const ms = (performance.now() - t0) / set.length;
        const cpu1 = backendCpuMs(pid);
        // The first pass prepares and warms up.
        if (pass >= 1 && ms < best[i]!.ms) best[i] = { ms, cpuMs: cpu0 === null || cpu1 === null ? null : (cpu1 - cpu0) / set.length };
      }
    }
    return best;
  } finally {
    await client.end();
  }
}

/** The section on PostgreSQL (`--backend postgres`), at `--pg-url`, in a schema made for this run and dropped after. */
export async function runGraphqlOnPostgres(ctx: BenchContext): Promise<SectionResult> {
  const o = ctx.options;
  const url = o.pgUrl;
  const schema = `mq_bench_graphql_${process.pid}`;
  const admin = new pg.Pool({ connectionString: url, max: 1 });
  const warnings: string[] = [];
  try {
    ctx.log(
      `graphql: generating and loading ${fmtInt(SIZES.accounts)} accounts, ${fmtInt(SIZES.contacts)} contacts, ${fmtInt(SIZES.opportunities)} opportunities ` +
        `into PostgreSQL schema ${schema} (seed ${o.seed}, untimed, about 2 minutes)...`,
    );
    const t0 = performance.now();
    const schemaDir = benchSchemaDir(ctx.tmp.file("graphql-schema-pg"));
    const { quarantined } = await loadGraphqlDatabase(url, schemaDir, o.seed, SIZES, schema);
    // A server's autovacuum would analyze the fresh tables soon; done here so that every run plans alike.
    await admin.query(`VACUUM ANALYZE ${["accounts", "contacts", "opportunities", "regions"].map((d) => `"${schema}"."${d}__state"`).join(", ")}`);
    collectGarbage();
    const generateLoadMs = performance.now() - t0;
    const dbBytes = Number(
      (
        await admin.query<{ b: string }>(
          "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::text AS b FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'",
          [schema],
        )
      ).rows[0]!.b,
    );
    if (quarantined > 0) ctx.log(`graphql: WARNING ${quarantined} generated rows were quarantined or rejected`);
    ctx.log(`graphql: loaded in ${fmt(generateLoadMs / 1000, 1)} s`);

    const mirror = await Mirror.open({ database: url, pgSchema: schema, schemaDir });
    const basePool = new pg.Pool({ connectionString: url, options: `-c search_path=${schema} ${READ_SESSION_OPTIONS}`, max: 4 });
    const baseline = pgBaseline(basePool);
    const gql = await startServer(mirror, { port: 0, host: "127.0.0.1", limits: DEFAULT_LIMITS });
    const base = await startBaselineServer((v) => baseline.answer(v));
    try {
      const { rows, equal, identical, gs, bs, ratio, oneClient } = await compareServers(ctx, gql.port, base.port, warnings);

      ctx.log("graphql: profile (statements replayed alone, CPU profiles under load)...");
      const captured = await captureStatements(mirror, url, schema);
      const baseStatements: Captured[][] = [];
      for (const v of VARIANTS) baseStatements.push(await baseline.statements(v));
      const [replayGql, replayBase] = await replay(url, schema, [captured, baseStatements]);
      const sqlReplay = {
        statementsPerRequest: round(captured.reduce((n, st) => n + st.length, 0) / Math.max(1, captured.length), 2),
        graphqlMs: round(replayGql!.ms, 3),
        graphqlBackendCpuMs: replayGql!.cpuMs === null ? null : round(replayGql!.cpuMs, 3),
        baselineMs: round(replayBase!.ms, 3),
        baselineBackendCpuMs: replayBase!.cpuMs === null ? null : round(replayBase!.cpuMs, 3),
      };
      collectGarbage();
      const cpuGql = await cpuProfile(gql.port, REPO_MARK);
      collectGarbage();
      const cpuBase = await cpuProfile(base.port, REPO_MARK);

      const json = {
        graphql: {
          backend: "postgres",
          database: { ...SIZES, schema, dbMB: toMB(dbBytes), generateLoadMs: Math.round(generateLoadMs), quarantined },
          query: { variants: VARIANTS.length, regions: REGIONS, offsets: OFFSETS, minEmployees: MIN_EMPLOYEES, pageSizes: { accounts: 20, contacts: 10, opportunities: 5 } },
          rows,
          sameJson: { equal, identical, variants: VARIANTS.length },
          graphql: gs,
          baseline: bs,
          ratio,
          oneClient,
          profile: { sqlReplay, cpu: { samplingIntervalUs: CPU_SAMPLING_US, graphql: cpuGql, baseline: cpuBase } },
          warnings,
        },
      };
      const ms = (x: number | null) => (x === null ? "-" : fmt(x, 2));
      const lines = [
        `Database: PostgreSQL ${url.replace(/\/\/[^@/]*@/, "//…@")}, schema ${schema} (dropped after): ${fmtInt(SIZES.accounts)} accounts, ${fmtInt(SIZES.contacts)} contacts, ` +
          `${fmtInt(SIZES.opportunities)} opportunities, ${fmt(toMB(dbBytes), 1)} MB (generated and loaded through applyBatch in ${fmt(generateLoadMs / 1000, 1)} s, untimed)`,
        `Servers: startServer on the PostgreSQL mirror (compiled engine, PgJsonReader) vs three hand-written statements through pg + JSON.stringify on node:http (pool of 4)`,
        `Response: ${fmt(rows.accounts, 0)} accounts, ${fmt(rows.contacts, 1)} contacts, ${fmt(rows.opportunities, 1)} opportunities (${fmtInt(rows.responseBytes)} bytes)`,
        `Same JSON: ${equal}/${VARIANTS.length} variants equal (${identical} also in key order)`,
        "",
        ...table(
          ["system", "req/s (median)", "best", "runs", "p50 ms", "p90 ms", "p99 ms", "requests", "errors", "1 client: p50", "p99"],
          [
            [
              "GraphQL (Apollo)",
              fmt(gs.requestsPerSec, 0),
              fmt(gs.best, 0),
              gs.runs.map((r) => fmt(r, 0)).join(" / "),
              ms(gs.p50Ms),
              ms(gs.p90Ms),
              ms(gs.p99Ms),
              fmtInt(gs.requests),
              String(gs.errors),
              ms(oneClient.graphql.p50Ms),
              ms(oneClient.graphql.p99Ms),
            ],
            [
              "baseline (SQL+JSON)",
              fmt(bs.requestsPerSec, 0),
              fmt(bs.best, 0),
              bs.runs.map((r) => fmt(r, 0)).join(" / "),
              ms(bs.p50Ms),
              ms(bs.p90Ms),
              ms(bs.p99Ms),
              fmtInt(bs.requests),
              String(bs.errors),
              ms(oneClient.baseline.p50Ms),
              ms(oneClient.baseline.p99Ms),
            ],
          ],
        ),
        "",
        `ratio GraphQL / baseline: median ${fmt(ratio.median, 3)}, best ${fmt(ratio.best, 3)}, paired ${ratio.paired.map((r) => fmt(r, 3)).join(" / ")} ` +
          `(target ${GRAPHQL_TARGET_RATIO}: ${ratio.meetsTarget ? "met" : "NOT met"})`,
        `SQL replayed alone (one request's statements per variant, best of ${REPLAY_PASSES - 1} interleaved passes on one connection, ms per request): ` +
          `GraphQL's ${sqlReplay.statementsPerRequest} statement(s) ${ms(sqlReplay.graphqlMs)} (backend CPU ${ms(sqlReplay.graphqlBackendCpuMs)}), ` +
          `baseline's 3 ${ms(sqlReplay.baselineMs)} (backend CPU ${ms(sqlReplay.baselineBackendCpuMs)})`,
        `Node CPU under load (sampling ${CPU_SAMPLING_US} µs): GraphQL ${ms(cpuGql.busyMsPerRequest)} busy ms/request at ${fmt(cpuGql.requestsPerSec, 0)} req/s, ` +
          `baseline ${ms(cpuBase.busyMsPerRequest)} at ${fmt(cpuBase.requestsPerSec, 0)} req/s`,
        ...table(
          ["GraphQL: component", "ms/request", "share"],
          cpuGql.components.filter((c) => c.share >= 0.02).map((c) => [c.label, fmt(c.msPerRequest, 3), `${fmt(100 * c.share, 1)}%`]),
        ),
        ...(warnings.length ? ["", ...warnings] : []),
      ];
      return { json, lines };
    } finally {
      await base.stop();
      await gql.stop();
      await basePool.end();
      await mirror.close();
    }
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch((e: Error) => ctx.log(`graphql: WARNING schema ${schema} not dropped: ${e.message}`));
    await admin.end();
  }
}

/**
 * The statements the server runs for one request of each variant: the same operation through Apollo on
 * the same mirror, its compiled engine reading through a PgJsonReader of its own that reports them.
 */
async function captureStatements(mirror: Mirror, url: string, schema: string): Promise<Captured[][]> {
  const reader = await PgJsonReader.open(url, { schema, connections: 1, cursorKey: mirror.cursorKey });
  const apollo = createApollo(mirror);
  await apollo.start();
  try {
    const out: Captured[][] = [];
    for (const v of VARIANTS) {
      const seen: Captured[] = [];
      const stop = reader.observe((sql, params) => seen.push({ sql, params: [...params] }));
      try {
        const body = JSON.parse(requestBody(v)) as { query: string; variables: Record<string, unknown> };
        const response = await apollo.executeOperation(body, {
          contextValue: createContext(mirror, { jsonReader: reader, writer: inProcessWriter(mirror), limits: DEFAULT_LIMITS }),
        });
        if (response.body.kind !== "single" || response.body.singleResult.errors)
          throw new Error(`graphql: the captured request failed: ${JSON.stringify(response.body).slice(0, 300)}`);
      } finally {
        stop();
      }
      out.push(seen);
    }
    return out;
  } finally {
    await apollo.stop();
    await reader.close();
  }
}
