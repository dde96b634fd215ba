// Section "graphql": the read path over HTTP. A 3-level nested query (20 accounts, each with
// its first 10 contacts, each with its first 5 owned opportunities) served by the real
// server (startServer: Apollo Server 5 + the compiled read engine: one statement per root field)
// against a baseline that returns the same JSON from three hand-written prepared
// statements on a plain node:http server. Both read the same file database (10,000
// accounts, 100,000 contacts, 300,000 opportunities, loaded through Mirror.applyBatch,
// untimed). A client in a worker thread (its own event loop, so on the second core) drives
// each server with concurrent keep-alive requests on 127.0.0.1; the servers run alternately.
// Then a profile: the phases of one request in process (Apollo hooks, SQL timed on the
// reader), graphql-js alone, and a CPU profile (node:inspector) of the server under load.
// With --backend postgres the section runs graphqlPostgres.ts instead (same data, query,
// comparison and load, on a PostgreSQL mirror against a pg baseline).

import { unlimitedAccess } from "../src/auth/RequestAccess";
import { HeaderMap, type ApolloServerPlugin } from "@apollo/server";
import Database from "better-sqlite3";
import { execute, parse, type DocumentNode, type GraphQLSchema } from "graphql";
import { copyFileSync, mkdirSync } from "node:fs";
import { createServer as createHttpServer, request as httpRequest, type IncomingMessage, type Server } from "node:http";
import { Session } from "node:inspector/promises";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { Worker } from "node:worker_threads";
import { buildSchema } from "../src/graphql/buildSchema";
import { DEFAULT_LIMITS } from "../src/graphql/connectionArgs";
import { formatDatetime } from "../src/graphql/scalars";
import { Mirror } from "../src/mirror";
import { RequestContext } from "../src/graphql/RequestContext";
import { createApollo, startServer, type ServerContext } from "../src/server/createServer";
import { SqlReader } from "../src/storage/sqlite/SqlReader";
import { collectGarbage, fmt, fmtInt, median, round, seededRandom, table, toMB, type BenchContext, type Section, type SectionResult } from "./lib";

export const GRAPHQL_TARGET_RATIO = 0.5;
export interface DatasetSizes {
  accounts: number;
  contacts: number;
  opportunities: number;
}
export const SIZES: DatasetSizes = { accounts: 10_000, contacts: 100_000, opportunities: 300_000 };
const LOAD_BATCH = 10_000;
const CONCURRENCY = 12;
const FIRST_WARMUP = { requests: 400, ms: 3_000 };
const WARMUP = { requests: 150, ms: 1_500 };
const MEASURE = { requests: 4_000, ms: 6_000 };
const ONE_CLIENT = { requests: 400, ms: 2_500 };
const PROFILE_LOAD = { requests: 2_000, ms: 3_000 };
export const CPU_SAMPLING_US = 250;
const IN_PROCESS_REQUESTS = 300;
const SCHEMA_DIR = fileURLToPath(new URL("../schema", import.meta.url));
/** The demo models the query reads (Account refers to Region): only these are loaded, so other models can change freely. */
const MODEL_FILES = ["Account.json", "Contact.json", "Opportunity.json", "Region.json"];

/** A folder with copies of the four demo model files, in the run's temporary folder. */
export function benchSchemaDir(folder: string): string {
  mkdirSync(folder, { recursive: true });
  for (const f of MODEL_FILES) copyFileSync(join(SCHEMA_DIR, f), join(folder, f));
  return folder;
}

export const REGIONS = ["AMER", "EMEA", "APAC", "LATAM"];
export const OFFSETS = [0, 20, 40];
export const MIN_EMPLOYEES = "100";

// ---------------------------------------------------------------- data

const INDUSTRIES = ["Software", "Retail", "Manufacturing", "Finance", "Healthcare", "Energy", "Media", "Logistics"];
const FIRST = ["Ada", "Ben", "Chloé", "Dmitri", "Eve", "Farid", "Grace", "Hiro", "Ines", "João", "Kim", "Lena", "Mo", "Nia"];
const LAST = ["Smith", "Okafor", "Müller", "Tanaka", "Rossi", "Nguyen", "García", "Kowalski", "Haddad", "Larsen", "O'Brien"];
const TITLES = ["CEO", "CTO", "VP Sales", "Head of IT", "Buyer", "Engineer", "Analyst"];
const STAGES = ["Prospecting", "Qualification", "Proposal", "Negotiation", "Closed Won", "Closed Lost"];
const BASE_MS = Date.UTC(2025, 0, 1);

const pad = (n: number, w: number) => String(n).padStart(w, "0");
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const dateOf = (r: () => number, year: number) => `${year}-${pad(1 + Math.floor(r() * 12), 2)}-${pad(1 + Math.floor(r() * 28), 2)}`;
const accountId = (i: number) => `acc-${pad(i, 5)}`;
const contactId = (i: number) => `con-${pad(i, 6)}`;

function* accountBatches(seed: number, sizes: DatasetSizes): Generator<Record<string, unknown>[]> {
  const r = seededRandom(seed + 101);
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < sizes.accounts; i++) {
    const employees = r() < 0.05 ? null : Math.floor(10 ** (1 + r() * 4));
    const customer = r() < 0.4;
    rows.push({
      account_id: accountId(i),
      name: `Account ${i} ${pick(r, LAST)}`,
      region_code: pick(r, REGIONS),
      industry: r() < 0.1 ? null : pick(r, INDUSTRIES),
      employee_count: employees,
      annual_revenue: employees === null || r() < 0.05 ? null : Math.round(employees * (50_000 + r() * 250_000)),
      is_customer: customer,
      customer_since: customer ? dateOf(r, 2015 + Math.floor(r() * 10)) : null,
      billing_customer_id: customer ? `bc-${pad(i, 5)}` : null,
      updated_at: new Date(BASE_MS + i * 1_000).toISOString(),
    });
    if (rows.length === LOAD_BATCH) yield rows.splice(0);
  }
  if (rows.length) yield rows;
}

/** Contacts, with the account of each (opportunities belong to their owner's account). */
function* contactBatches(seed: number, accountOf: Int32Array, sizes: DatasetSizes): Generator<Record<string, unknown>[]> {
  const r = seededRandom(seed + 102);
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < sizes.contacts; i++) {
    const account = Math.floor(r() * sizes.accounts);
    accountOf[i] = account;
    const first = r() < 0.05 ? null : pick(r, FIRST);
    const last = pick(r, LAST);
    rows.push({
      contact_id: contactId(i),
      account_id: accountId(account),
      first_name: first,
      last_name: last,
      email: r() < 0.1 ? null : `${(first ?? "x").toLowerCase()}.${i}@example.com`,
      title: r() < 0.2 ? null : pick(r, TITLES),
      lead_score: r() < 0.1 ? null : Math.floor(r() * 101),
      email_opt_in: r() < 0.6,
      // 64-bit system change numbers beyond 2^53, sent as decimal strings.
      row_scn: String(9_007_199_254_740_993n + BigInt(i) * 7n),
    });
    if (rows.length === LOAD_BATCH) yield rows.splice(0);
  }
  if (rows.length) yield rows;
}

function* opportunityBatches(seed: number, accountOf: Int32Array, sizes: DatasetSizes): Generator<Record<string, unknown>[]> {
  const r = seededRandom(seed + 103);
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < sizes.opportunities; i++) {
    const owner = r() < 0.05 ? null : Math.floor(r() * sizes.contacts);
    const stage = pick(r, STAGES);
    rows.push({
      opportunity_id: `opp-${pad(i, 6)}`,
      account_id: accountId(owner === null ? Math.floor(r() * sizes.accounts) : accountOf[owner]!),
      owner_contact_id: owner === null ? null : contactId(owner),
      name: `Deal ${i}`,
      stage,
      amount: r() < 0.05 ? null : Math.round(r() * 50_000_000) / 100,
      probability: Math.round(r() * 100) / 100,
      close_date: r() < 0.1 ? null : dateOf(r, 2025 + Math.floor(r() * 2)),
      is_won: stage === "Closed Won",
      stage_version: 1 + Math.floor(r() * 5),
      updated_at: new Date(BASE_MS + i * 500 + Math.floor(r() * 500)).toISOString(),
    });
    if (rows.length === LOAD_BATCH) yield rows.splice(0);
  }
  if (rows.length) yield rows;
}

/**
 * Generates the rows and merges them through Mirror.applyBatch, ~10,000 rows per batch (`sizes`: this section's by
 * default), into the database file `location`, or with `pgSchema` into that schema at the PostgreSQL URL `location`.
 */
export async function loadGraphqlDatabase(location: string, schemaDir: string, seed: number, sizes: DatasetSizes = SIZES, pgSchema?: string): Promise<{ quarantined: number }> {
  const mirror = await Mirror.open({ database: location, schemaDir, ...(pgSchema !== undefined ? { pgSchema } : {}) });
  let quarantined = 0;
  let batch = 0;
  try {
    const accountOf = new Int32Array(sizes.contacts);
    const load = async (dataset: string, batches: Iterable<Record<string, unknown>[]>) => {
      for (const rows of batches) {
        const receipt = await mirror.applyBatch([{ dataset, rows }], { batchId: `graphql-load-${batch++}` });
        for (const d of receipt.datasets) quarantined += d.quarantined.length + (d.rejected?.length ?? 0);
      }
    };
    await load("accounts", accountBatches(seed, sizes));
    await load("contacts", contactBatches(seed, accountOf, sizes));
    await load("opportunities", opportunityBatches(seed, accountOf, sizes));
    if (pgSchema === undefined) mirror.database.sqlite.pragma("wal_checkpoint(TRUNCATE)");
  } finally {
    await mirror.close();
  }
  return { quarantined };
}

interface BuiltDatabase {
  file: string;
  schemaDir: string;
  generateLoadMs: number;
  dbMB: number;
  quarantined: number;
}

/** Generates and loads the database once per run (kept in the run's temporary folder). */
function sharedDatabase(ctx: BenchContext): Promise<BuiltDatabase> {
  return ctx.shared("graphqlDatabase", async () => {
    const file = ctx.tmp.file("graphql.db");
    ctx.log(
      `graphql: generating and loading ${fmtInt(SIZES.accounts)} accounts, ${fmtInt(SIZES.contacts)} contacts, ${fmtInt(SIZES.opportunities)} opportunities (seed ${ctx.options.seed}, untimed)...`,
    );
    const t0 = performance.now();
    const schemaDir = benchSchemaDir(ctx.tmp.file("graphql-schema"));
    const { quarantined } = await loadGraphqlDatabase(file, schemaDir, ctx.options.seed);
    collectGarbage();
    const generateLoadMs = performance.now() - t0;
    if (quarantined > 0) ctx.log(`graphql: WARNING ${quarantined} generated rows were quarantined or rejected`);
    ctx.log(`graphql: loaded in ${fmt(generateLoadMs / 1000, 1)} s`);
    return { file, schemaDir, generateLoadMs, dbMB: toMB(ctx.tmp.dbBytes(file)), quarantined };
  });
}

// ---------------------------------------------------------------- the query

export const ACCOUNT_FIELDS = ["account_id", "name", "region_code", "industry", "employee_count", "annual_revenue", "customer_since", "updated_at"];
export const CONTACT_FIELDS = ["contact_id", "first_name", "last_name", "email", "title", "lead_score", "email_opt_in", "row_scn"];
export const OPPORTUNITY_FIELDS = ["opportunity_id", "name", "stage", "amount", "probability", "close_date", "is_won", "stage_version", "updated_at"];

export const QUERY = `query NestedAccounts($region: String!, $minEmployees: Int64!, $offset: Int!) {
  accounts(
    first: 20
    offset: $offset
    where: { is_customer: { _eq: true }, employee_count: { _gt: $minEmployees }, region_code: { _eq: $region } }
    orderBy: [{ employee_count: DESC }]
  ) {
    nodes {
      ${ACCOUNT_FIELDS.join(" ")}
      contacts(first: 10, orderBy: [{ lead_score: DESC }]) {
        nodes {
          ${CONTACT_FIELDS.join(" ")}
          ownedOpportunities(first: 5, orderBy: [{ amount: DESC }]) {
            nodes { ${OPPORTUNITY_FIELDS.join(" ")} }
          }
        }
      }
    }
  }
}`;

export interface Variables {
  region: string;
  minEmployees: string;
  offset: number;
}

/** 12 variants (4 regions x 3 offsets), each a full page of 20 accounts. */
export const VARIANTS: Variables[] = REGIONS.flatMap((region) => OFFSETS.map((offset) => ({ region, minEmployees: MIN_EMPLOYEES, offset })));
export const requestBody = (variables: Variables) => JSON.stringify({ operationName: "NestedAccounts", query: QUERY, variables });

// ---------------------------------------------------------------- baseline

type Row = Record<string, unknown>;
const str = (v: unknown) => (v === null ? null : String(v));
const bool = (v: unknown) => (v === null ? null : v === 1n || v === 1);
const datetime = (v: unknown) => (v === null ? null : formatDatetime(v as string));

interface BaselineTiming {
  sqlMs: number;
  buildMs: number;
}

/** Three prepared statements and plain objects: the least a server must do to give the same answer. */
function baselineAnswerer(file: string) {
  const db = new Database(file, { readonly: true });
  db.pragma("cache_size = -65536"); // as the mirror's own connection
  db.defaultSafeIntegers(true);
  const accounts = db.prepare(
    `SELECT ${ACCOUNT_FIELDS.join(", ")} FROM accounts
     WHERE is_customer = 1 AND employee_count > ? AND region_code = ?
     ORDER BY employee_count DESC, account_id ASC LIMIT 20 OFFSET ?`,
  );
  const contacts = db.prepare(
    `SELECT account_id, ${CONTACT_FIELDS.join(", ")} FROM (
       SELECT *, row_number() OVER (PARTITION BY account_id ORDER BY lead_score DESC, contact_id ASC) AS rn
       FROM contacts WHERE account_id IN (SELECT value FROM json_each(?)))
     WHERE rn <= 10 ORDER BY account_id, rn`,
  );
  const opportunities = db.prepare(
    `SELECT owner_contact_id, ${OPPORTUNITY_FIELDS.join(", ")} FROM (
       SELECT *, row_number() OVER (PARTITION BY owner_contact_id ORDER BY amount DESC, opportunity_id ASC) AS rn
       FROM opportunities WHERE owner_contact_id IN (SELECT value FROM json_each(?)))
     WHERE rn <= 5 ORDER BY owner_contact_id, rn`,
  );

  /** The three statements with the parameters one request binds (for the SQL replay). */
  const statements = (v: Variables): Captured[] => {
    const p1 = [BigInt(v.minEmployees), v.region, v.offset];
    const a = accounts.all(...p1) as Row[];
    const p2 = [JSON.stringify(a.map((r) => r.account_id))];
    const c = contacts.all(...p2) as Row[];
    const p3 = [JSON.stringify(c.map((r) => r.contact_id))];
    return [
      { sql: accounts.source, params: p1 },
      { sql: contacts.source, params: p2 },
      { sql: opportunities.source, params: p3 },
    ];
  };

  const answer = (v: Variables, timing?: BaselineTiming): string => {
    const t0 = timing ? performance.now() : 0;
    const a = accounts.all(BigInt(v.minEmployees), v.region, v.offset) as Row[];
    const c = contacts.all(JSON.stringify(a.map((r) => r.account_id))) as Row[];
    const o = opportunities.all(JSON.stringify(c.map((r) => r.contact_id))) as Row[];
    const t1 = timing ? performance.now() : 0;
    const oppsOf = new Map<unknown, Row[]>();
    for (const r of o) {
      const node = {
        opportunity_id: r.opportunity_id,
        name: r.name,
        stage: r.stage,
        amount: r.amount,
        probability: r.probability,
        close_date: r.close_date,
        is_won: bool(r.is_won),
        stage_version: str(r.stage_version),
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
        lead_score: str(r.lead_score),
        email_opt_in: bool(r.email_opt_in),
        row_scn: str(r.row_scn),
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
    const text = JSON.stringify({ data: { accounts: { nodes } } });
    if (timing) {
      timing.sqlMs += t1 - t0;
      timing.buildMs += performance.now() - t1;
    }
    return text;
  };
  return { answer, statements, db, close: () => db.close() };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export async function startBaselineServer(answer: (v: Variables) => string | Promise<string>): Promise<{ url: string; port: number; stop(): Promise<void> }> {
  const server: Server = createHttpServer(async (req, res) => {
    try {
      const body = JSON.parse(await readBody(req)) as { variables: Variables };
      const text = await answer(body.variables);
      res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) }).end(text);
    } catch (e) {
      res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ errors: [{ message: String(e) }] }));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// ---------------------------------------------------------------- HTTP client (worker thread)

/** Plain JavaScript, run with `eval: true` so that it needs no TypeScript loader. */
const CLIENT_SOURCE = String.raw`
const { parentPort, workerData } = require("node:worker_threads");
const http = require("node:http");
const { port, path, bodies, concurrency, warmup, measure } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const buffers = bodies.map((b) => Buffer.from(b));
function send(i) {
  return new Promise((resolve, reject) => {
    const body = buffers[i % buffers.length];
    const req = http.request({ host: "127.0.0.1", port, path, method: "POST", agent,
      headers: { "content-type": "application/json", "content-length": body.length } }, (res) => {
      let bytes = 0;
      res.on("data", (c) => { bytes += c.length; });
      res.on("end", () => resolve({ status: res.statusCode, bytes }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}
let counter = 0; // rotates the variants across phases
async function phase(limit, record) {
  let issued = 0, errors = 0, bytes = 0;
  const latencies = [];
  const start = performance.now();
  const deadline = start + limit.ms;
  async function worker() {
    while (issued < limit.requests && performance.now() < deadline) {
      issued++;
      const t = performance.now();
      try {
        const r = await send(counter++);
        if (r.status !== 200) errors++;
        bytes += r.bytes;
      } catch { errors++; }
      if (record) latencies.push(performance.now() - t);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { completed: issued, elapsedMs: performance.now() - start, latencies, errors, bytes };
}
(async () => {
  await phase(warmup, false);
  parentPort.postMessage({ kind: "warm" });
  const r = await phase(measure, true);
  agent.destroy();
  parentPort.postMessage({ kind: "done", ...r });
})().catch((e) => parentPort.postMessage({ kind: "error", message: String((e && e.stack) || e) }));
`;

interface Limit {
  requests: number;
  ms: number;
}

interface LoadResult {
  completed: number;
  elapsedMs: number;
  latencies: number[];
  errors: number;
  bytes: number;
  requestsPerSec: number;
}

/** Drives one server from a worker thread; `onWarm` runs once the warm-up is over (e.g. to start a profiler). */
function drive(port: number, warmup: Limit, measure: Limit, onWarm?: () => Promise<void> | void, concurrency = CONCURRENCY): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(CLIENT_SOURCE, {
      eval: true,
      workerData: { port, path: "/graphql", bodies: VARIANTS.map(requestBody), concurrency, warmup, measure },
    });
    worker.on("message", async (m: { kind: string } & Partial<LoadResult> & { message?: string }) => {
      if (m.kind === "warm") {
        await onWarm?.();
      } else if (m.kind === "done") {
        const r = m as unknown as LoadResult;
        resolve({ ...r, requestsPerSec: (r.latencies.length / r.elapsedMs) * 1000 });
        void worker.terminate();
      } else {
        reject(new Error(`HTTP client failed: ${m.message}`));
        void worker.terminate();
      }
    });
    worker.on("error", reject);
  });
}

function post(port: number, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: "127.0.0.1", port, path: "/graphql", method: "POST", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

// ---------------------------------------------------------------- statistics

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

export interface SystemSummary {
  requestsPerSec: number;
  best: number;
  runs: number[];
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  requests: number;
  errors: number;
  responseBytes: number;
}

function summarize(results: LoadResult[]): SystemSummary {
  const all = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const rates = results.map((r) => round(r.requestsPerSec, 1));
  const requests = results.reduce((s, r) => s + r.completed, 0);
  return {
    requestsPerSec: median(rates),
    best: Math.max(...rates),
    runs: rates,
    p50Ms: round(percentile(all, 0.5), 2),
    p90Ms: round(percentile(all, 0.9), 2),
    p99Ms: round(percentile(all, 0.99), 2),
    maxMs: round(all[all.length - 1] ?? NaN, 2),
    requests,
    errors: results.reduce((s, r) => s + r.errors, 0),
    responseBytes: Math.round(results.reduce((s, r) => s + r.bytes, 0) / Math.max(1, requests)),
  };
}

// ---------------------------------------------------------------- profile helpers

interface Phases {
  requests: number;
  totalMs: number;
  /** executeHTTPGraphQLRequest entry -> requestDidStart: body/headers checks, context creation. */
  beforeRequestMs: number;
  /** requestDidStart -> executionDidStart: document cache lookup (parse + validate only on a miss), operation resolution, variable coercion. */
  beforeExecuteMs: number;
  parseMs: number;
  validateMs: number;
  /** executionDidStart -> executionDidEnd: graphql-js execute, including the SQL. */
  executeMs: number;
  sqlMs: number;
  statements: number;
  /** executionDidEnd -> willSendResponse. */
  afterExecuteMs: number;
  /** willSendResponse -> return: ordering of the result fields and JSON.stringify. */
  stringifyMs: number;
}

function timingPlugin(p: { mark: (name: string) => void; add: (name: "parseMs" | "validateMs", ms: number) => void }): ApolloServerPlugin<ServerContext> {
  return {
    async requestDidStart() {
      p.mark("requestDidStart");
      return {
        async parsingDidStart() {
          const t = performance.now();
          return async () => p.add("parseMs", performance.now() - t);
        },
        async validationDidStart() {
          const t = performance.now();
          return async () => p.add("validateMs", performance.now() - t);
        },
        async executionDidStart() {
          p.mark("executionDidStart");
          return {
            async executionDidEnd() {
              p.mark("executionDidEnd");
            },
          };
        },
        async willSendResponse() {
          p.mark("willSendResponse");
        },
      };
    },
  };
}

/**
 * The read path's per-request context (what createContext gives resolvers of queries: `api`, fresh
 * DataLoaders per request); the write-side parts of the server's context are not needed by queries.
 */
const readContext = (mirror: Mirror, reader: SqlReader) =>
  ({
    mirror,
    access: unlimitedAccess(mirror.storage),
    api: new RequestContext({ models: mirror.models, reader, jsonReader: reader, limits: DEFAULT_LIMITS, cursorKey: mirror.cursorKey }),
  }) as unknown as ServerContext;

/** A reader whose statements are timed (the server's own SqlReader class, on the mirror's connection). */
function timedReader(mirror: Mirror, acc: { sqlMs: number; statements: number }): SqlReader {
  const reader = new SqlReader(mirror.database.sqlite, mirror.cursorKey);
  const timed =
    <A extends unknown[], R>(run: (...args: A) => R) =>
    (...args: A): R => {
      const t = performance.now();
      try {
        return run(...args);
      } finally {
        acc.sqlMs += performance.now() - t;
        acc.statements++;
      }
    };
  // all(): the reference resolvers' statements; value(): the compiled engine's one statement per root field.
  reader.all = timed(reader.all.bind(reader)) as SqlReader["all"];
  reader.value = timed(reader.value.bind(reader));
  return reader;
}

async function apolloPhases(mirror: Mirror): Promise<{ phases: Phases; captured: Captured[][] }> {
  const acc = { sqlMs: 0, statements: 0 };
  const reader = timedReader(mirror, acc);
  const captured: Captured[][] = VARIANTS.map(() => []);
  let capturing: Captured[] | undefined;
  const unobserve = reader.observe((sql, params) => capturing?.push({ sql, params: [...params] }));
  const marks = new Map<string, number>();
  const sums = { parseMs: 0, validateMs: 0 };
  const apollo = createApollo(mirror, { plugins: [timingPlugin({ mark: (n) => marks.set(n, performance.now()), add: (n, ms) => (sums[n] += ms) })] });
  await apollo.start();
  const headers = new HeaderMap([["content-type", "application/json"]]);
  const bodies = VARIANTS.map((v) => JSON.parse(requestBody(v)) as unknown);
  const run = async (i: number) => {
    const t0 = performance.now();
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: "POST", headers, search: "", body: bodies[i % bodies.length] },
      context: async () => readContext(mirror, reader),
    });
    const t1 = performance.now();
    if (response.body.kind !== "complete" || response.body.string.includes('"errors"')) throw new Error("in-process GraphQL request failed");
    return { t0, t1 };
  };
  try {
    for (let i = 0; i < 100; i++) {
      // warm-up; the first request of each variant records its statements
      capturing = i < VARIANTS.length ? captured[i] : undefined;
      await run(i);
    }
    capturing = undefined;
    unobserve();
    acc.sqlMs = 0;
    acc.statements = 0;
    sums.parseMs = 0;
    sums.validateMs = 0;
    const p: Phases = {
      requests: IN_PROCESS_REQUESTS,
      totalMs: 0,
      beforeRequestMs: 0,
      beforeExecuteMs: 0,
      parseMs: 0,
      validateMs: 0,
      executeMs: 0,
      sqlMs: 0,
      statements: 0,
      afterExecuteMs: 0,
      stringifyMs: 0,
    };
    for (let i = 0; i < IN_PROCESS_REQUESTS; i++) {
      const { t0, t1 } = await run(i);
      const m = (n: string) => marks.get(n)!;
      p.totalMs += t1 - t0;
      p.beforeRequestMs += m("requestDidStart") - t0;
      p.beforeExecuteMs += m("executionDidStart") - m("requestDidStart");
      p.executeMs += m("executionDidEnd") - m("executionDidStart");
      p.afterExecuteMs += m("willSendResponse") - m("executionDidEnd");
      p.stringifyMs += t1 - m("willSendResponse");
    }
    p.parseMs = sums.parseMs;
    p.validateMs = sums.validateMs;
    p.sqlMs = acc.sqlMs;
    p.statements = acc.statements;
    return { phases: p, captured };
  } finally {
    await apollo.stop();
  }
}

interface DirectTiming {
  executeMs: number;
  sqlMs: number;
  stringifyMs: number;
}

/** The reference resolvers: graphql-js execute alone (pre-parsed document, no Apollo), then JSON.stringify. */
async function directExecute(mirror: Mirror, schema: GraphQLSchema, document: DocumentNode): Promise<DirectTiming> {
  const acc = { sqlMs: 0, statements: 0 };
  const reader = timedReader(mirror, acc);
  const out: DirectTiming = { executeMs: 0, sqlMs: 0, stringifyMs: 0 };
  for (let i = 0; i < 100 + IN_PROCESS_REQUESTS; i++) {
    if (i === 100) acc.sqlMs = 0;
    const t0 = performance.now();
    const result = await execute({ schema, document, variableValues: { ...VARIANTS[i % VARIANTS.length]! }, contextValue: readContext(mirror, reader) });
    const t1 = performance.now();
    const text = JSON.stringify(result);
    const t2 = performance.now();
    if (result.errors) throw new Error(`direct execute failed: ${result.errors[0]?.message}; ${text.slice(0, 200)}`);
    if (i >= 100) {
      out.executeMs += t1 - t0;
      out.stringifyMs += t2 - t1;
    }
  }
  out.sqlMs = acc.sqlMs;
  return out;
}

export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface CpuProfileSummary {
  requests: number;
  requestsPerSec: number;
  wallMs: number;
  busyMs: number;
  idleShare: number;
  busyMsPerRequest: number;
  /** Self time by component, ms per request (sorted, largest first). */
  components: { label: string; msPerRequest: number; share: number }[];
  topFunctions: { label: string; msPerRequest: number; share: number }[];
}

export const IDLE = "idle (event loop waiting)";

/** Where a profile node's self time goes: by package, graphql-js folder, mirrorql file, or native function. */
export function componentOf(n: ProfileNode, root: string): string {
  const { functionName: fn, url } = n.callFrame;
  if (fn === "(idle)") return IDLE;
  if (fn === "(garbage collector)") return "garbage collector";
  if (fn === "(program)") return "(program): VM/native, not attributed";
  if (url === "") {
    if (fn === "all") return "better-sqlite3 Statement.all (native: SQLite steps, row building)";
    return `native: ${fn || "(anonymous)"}`;
  }
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(url);
  if (m) {
    if (m[1] === "graphql") {
      const dir = m[2]!.split("/")[0]!;
      return `graphql-js ${/\.m?js$/.test(dir) ? "(index)" : `${dir}/`}`;
    }
    return m[1]!;
  }
  if (url.startsWith("node:")) return "Node internals (http, net, streams, events)";
  const i = url.indexOf(root);
  if (i >= 0) return `${url.slice(i + root.length).startsWith("bench/") ? "bench" : "mirrorql"} ${url.slice(i + root.length).replace(/\?.*$/, "")}`;
  return "other";
}

/**
 * Self time of a CPU profile by component and by function, per request. V8 builtins (JSON.stringify,
 * Array methods) count in their JS caller; work V8 does for a native addon (better-sqlite3 creating row
 * objects and BigInts) may be counted in the JS caller of `all` as well.
 */
function analyzeCpuProfile(profile: { nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[] }, root: string, load: LoadResult): CpuProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const components = new Map<string, number>();
  const functions = new Map<string, number>();
  let totalUs = 0;
  for (let i = 0; i < samples.length; i++) {
    const us = deltas[i + 1] ?? 0; // the interval that follows the sample
    const n = byId.get(samples[i]!)!;
    totalUs += us;
    const c = componentOf(n, root);
    components.set(c, (components.get(c) ?? 0) + us);
    if (c === IDLE) continue;
    const f = n.callFrame;
    // tsx-compiled sources have no useful line numbers: name the file only.
    const where = f.url.includes(root)
      ? ` ${f.url.slice(f.url.indexOf(root) + root.length).replace(/\?.*$/, "")}`
      : f.url
        ? ` ${f.url.replace(/^.*node_modules\//, "")}:${f.lineNumber + 1}`
        : "";
    const name = `${f.functionName || "(anonymous)"}${where}`;
    functions.set(name, (functions.get(name) ?? 0) + us);
  }
  const idleUs = components.get(IDLE) ?? 0;
  components.delete(IDLE);
  const busyUs = totalUs - idleUs;
  const requests = load.latencies.length;
  const rows = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([label, us]) => ({ label, msPerRequest: round(us / 1000 / requests, 3), share: round(us / busyUs, 3) }));
  return {
    requests,
    requestsPerSec: round(load.requestsPerSec, 1),
    wallMs: round(totalUs / 1000, 1),
    busyMs: round(busyUs / 1000, 1),
    idleShare: round(idleUs / totalUs, 3),
    busyMsPerRequest: round(busyUs / 1000 / requests, 3),
    components: rows(components, 30),
    topFunctions: rows(functions, 15),
  };
}

/** Drives a server while the main thread (where both servers run) is CPU-profiled, after the warm-up. */
export async function cpuProfile(port: number, root: string): Promise<CpuProfileSummary> {
  const session = new Session();
  session.connect();
  try {
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: CPU_SAMPLING_US });
    const load = await drive(port, WARMUP, PROFILE_LOAD, async () => {
      await session.post("Profiler.start");
    });
    const { profile } = await session.post("Profiler.stop");
    return analyzeCpuProfile(profile as unknown as Parameters<typeof analyzeCpuProfile>[0], root, load);
  } finally {
    session.disconnect();
  }
}

export interface Captured {
  sql: string;
  params: readonly unknown[];
}

/**
 * The statements of one request per variant, replayed alone on one connection, each set in turn
 * (interleaved, so that other load on the machine hits them alike): best pass, ms per request.
 */
function replay(db: Database.Database, sets: Captured[][][]): number[] {
  const prepared = sets.map((requests) => requests.map((stmts) => stmts.map((st) => ({ stmt: db.prepare(st.sql), params: st.params }))));
  const pass = (set: (typeof prepared)[number]) => {
    const t0 = performance.now();
    for (const stmts of set) for (const st of stmts) st.stmt.all(...st.params);
    return (performance.now() - t0) / set.length;
  };
  const best = prepared.map(() => Infinity);
  for (let rep = 0; rep < 8; rep++) {
    prepared.forEach((set, i) => {
      const ms = pass(set);
      if (rep >= 1) best[i] = Math.min(best[i]!, ms); // the first pass warms up
    });
  }
  return best;
}

/** The applied-at column every read statement adds (selectColumns in compileQuery.ts), for a what-if without it. */
const UPDATED_AT_SUBQUERY = /, \(SELECT b\.received_at FROM _mq_batches AS b WHERE b\.seq = t\."_mq_batch"\) AS "_mq_updated_at"/g;

// ---------------------------------------------------------------- the section

export function countRows(text: string) {
  const body = JSON.parse(text) as { data: { accounts: { nodes: { contacts: { nodes: { ownedOpportunities: { nodes: unknown[] } }[] } }[] } } };
  const accounts = body.data.accounts.nodes;
  const contacts = accounts.flatMap((a) => a.contacts.nodes);
  const opportunities = contacts.flatMap((c) => c.ownedOpportunities.nodes);
  const leaves = accounts.length * ACCOUNT_FIELDS.length + contacts.length * CONTACT_FIELDS.length + opportunities.length * OPPORTUNITY_FIELDS.length;
  return { accounts: accounts.length, contacts: contacts.length, opportunities: opportunities.length, leaves, bytes: Buffer.byteLength(text) };
}

/**
 * What both backends measure alike: the same JSON from the GraphQL server and the baseline for every variant,
 * then load alternating baseline and GraphQL (`--runs` times), then one client at a time.
 */
export async function compareServers(ctx: BenchContext, gqlPort: number, basePort: number, warnings: string[]) {
  const o = ctx.options;
  // 1. The same JSON from both, for every variant.
  let identical = 0;
  let equal = 0;
  const sizes: ReturnType<typeof countRows>[] = [];
  for (const v of VARIANTS) {
    const body = requestBody(v);
    const [g, b] = [await post(gqlPort, body), await post(basePort, body)];
    if (g.status !== 200 || b.status !== 200) throw new Error(`graphql: status ${g.status} / ${b.status}: ${g.text.slice(0, 300)} ${b.text.slice(0, 300)}`);
    const gj = JSON.parse(g.text) as unknown;
    const bj = JSON.parse(b.text) as unknown;
    if (isDeepStrictEqual(gj, bj)) {
      equal++;
      if (JSON.stringify(gj) === JSON.stringify(bj)) identical++;
    } else if (warnings.length < 2) {
      warnings.push(`WARNING: responses differ for ${JSON.stringify(v)}: GraphQL ${g.text.slice(0, 160)}… baseline ${b.text.slice(0, 160)}…`);
    }
    sizes.push(countRows(g.text));
  }
  if (equal < VARIANTS.length) warnings.unshift(`WARNING: only ${equal}/${VARIANTS.length} variants gave equal JSON from GraphQL and the baseline`);
  for (const w of warnings) ctx.log(`graphql: ${w}`);
  const avg = (k: keyof ReturnType<typeof countRows>) => round(sizes.reduce((s, x) => s + x[k], 0) / sizes.length, 1);
  const rows = {
    variants: VARIANTS.length,
    accounts: avg("accounts"),
    contacts: avg("contacts"),
    opportunities: avg("opportunities"),
    objects: round(avg("accounts") + avg("contacts") + avg("opportunities"), 1),
    leaves: avg("leaves"),
    responseBytes: avg("bytes"),
    minObjects: Math.min(...sizes.map((s) => s.accounts + s.contacts + s.opportunities)),
    maxObjects: Math.max(...sizes.map((s) => s.accounts + s.contacts + s.opportunities)),
  };

  // 2. Load, alternating baseline and GraphQL.
  const gqlRuns: LoadResult[] = [];
  const baseRuns: LoadResult[] = [];
  for (let run = 1; run <= o.runs; run++) {
    const warm = run === 1 && o.warmup ? FIRST_WARMUP : WARMUP;
    collectGarbage();
    const b = await drive(basePort, warm, MEASURE);
    baseRuns.push(b);
    collectGarbage();
    const g = await drive(gqlPort, warm, MEASURE);
    gqlRuns.push(g);
    ctx.memory.sample();
    ctx.log(`graphql: run ${run}/${o.runs}: baseline ${fmt(b.requestsPerSec, 0)} req/s, GraphQL ${fmt(g.requestsPerSec, 0)} req/s`);
  }
  const gs = summarize(gqlRuns);
  const bs = summarize(baseRuns);
  if (gs.errors || bs.errors) warnings.push(`WARNING: failed requests: GraphQL ${gs.errors}, baseline ${bs.errors}`);
  const ratioMedian = round(gs.requestsPerSec / bs.requestsPerSec, 3);
  const ratio = {
    median: ratioMedian,
    best: round(gs.best / bs.best, 3),
    paired: gqlRuns.map((g, i) => round(g.requestsPerSec / baseRuns[i]!.requestsPerSec, 3)),
    target: GRAPHQL_TARGET_RATIO,
    meetsTarget: ratioMedian >= GRAPHQL_TARGET_RATIO,
  };

  // 2b. Latency without queueing: one client at a time.
  ctx.log("graphql: one client (latency without queueing)...");
  collectGarbage();
  const oneBase = await drive(basePort, WARMUP, ONE_CLIENT, undefined, 1);
  const oneGql = await drive(gqlPort, WARMUP, ONE_CLIENT, undefined, 1);
  const one = (r: LoadResult) => {
    const sorted = [...r.latencies].sort((a, b) => a - b);
    return { requests: sorted.length, requestsPerSec: round(r.requestsPerSec, 1), p50Ms: round(percentile(sorted, 0.5), 2), p99Ms: round(percentile(sorted, 0.99), 2) };
  };
  const oneClient = { graphql: one(oneGql), baseline: one(oneBase) };

  return { rows, equal, identical, gs, bs, ratio, oneClient };
}

export const graphqlSection: Section = {
  name: "graphql",
  summary: "nested 3-level GraphQL query over HTTP (Apollo) vs hand-written SQL + JSON on node:http",
  async run(ctx: BenchContext): Promise<SectionResult> {
    const o = ctx.options;
    // Loaded here: graphqlPostgres.ts builds on this module's exports (a static import would be a cycle).
    if (o.backend === "postgres") return (await import("./graphqlPostgres")).runGraphqlOnPostgres(ctx);
    const built = await sharedDatabase(ctx);
    const mirror = await Mirror.open({ database: built.file, schemaDir: built.schemaDir });
    const baseline = baselineAnswerer(built.file);
    const gql = await startServer(mirror, { port: 0, host: "127.0.0.1", limits: DEFAULT_LIMITS });
    const base = await startBaselineServer((v) => baseline.answer(v));
    const warnings: string[] = [];
    try {
      const { rows, equal, identical, gs, bs, ratio, oneClient } = await compareServers(ctx, gql.port, base.port, warnings);

      // 3. Profile: phases in process, graphql-js alone, SQL replayed, the baseline's parts, CPU profiles under load.
      ctx.log("graphql: profile (in-process phases, graphql-js alone, SQL replay, CPU profiles under load)...");
      collectGarbage();
      const { phases, captured } = await apolloPhases(mirror);
      const document = parse(QUERY);
      const merged = await directExecute(mirror, buildSchema(mirror.models), document);
      const bt: BaselineTiming = { sqlMs: 0, buildMs: 0 };
      for (let i = 0; i < 100; i++) baseline.answer(VARIANTS[i % VARIANTS.length]!);
      for (let i = 0; i < IN_PROCESS_REQUESTS; i++) baseline.answer(VARIANTS[i % VARIANTS.length]!, bt);

      const sqlite = mirror.database.sqlite;
      const hasSubquery = captured.some((stmts) => stmts.some((st) => st.sql.replace(UPDATED_AT_SUBQUERY, "") !== st.sql));
      const withoutSubquery = captured.map((stmts) => stmts.map((st) => ({ ...st, sql: st.sql.replace(UPDATED_AT_SUBQUERY, "") })));
      const [replayGql, replayBase, replayNoSub] = replay(sqlite, [captured, VARIANTS.map((v) => baseline.statements(v)), ...(hasSubquery ? [withoutSubquery] : [])]);
      const sqlReplay = {
        statementsPerRequest: round(captured.reduce((n, st) => n + st.length, 0) / captured.length, 2),
        graphqlMs: round(replayGql!, 3),
        graphqlWithoutUpdatedAtMs: replayNoSub === undefined ? null : round(replayNoSub, 3),
        baselineMs: round(replayBase!, 3),
      };

      collectGarbage();
      const cpuGql = await cpuProfile(gql.port, "/main/");
      collectGarbage();
      const cpuBase = await cpuProfile(base.port, "/main/");

      const per = (ms: number, n = IN_PROCESS_REQUESTS) => round(ms / n, 3);
      const profileJson = {
        inProcess: {
          requests: IN_PROCESS_REQUESTS,
          apollo: {
            totalMs: per(phases.totalMs),
            beforeRequestMs: per(phases.beforeRequestMs),
            beforeExecuteMs: per(phases.beforeExecuteMs),
            parseMs: per(phases.parseMs),
            validateMs: per(phases.validateMs),
            executeMs: per(phases.executeMs),
            sqlMs: per(phases.sqlMs),
            executeWithoutSqlMs: per(phases.executeMs - phases.sqlMs),
            afterExecuteMs: per(phases.afterExecuteMs),
            stringifyMs: per(phases.stringifyMs),
            statementsPerRequest: round(phases.statements / IN_PROCESS_REQUESTS, 2),
          },
          graphqlJs: {
            executeMs: per(merged.executeMs),
            sqlMs: per(merged.sqlMs),
            executeWithoutSqlMs: per(merged.executeMs - merged.sqlMs),
            stringifyMs: per(merged.stringifyMs),
          },
          baseline: { totalMs: per(bt.sqlMs + bt.buildMs), sqlMs: per(bt.sqlMs), buildAndStringifyMs: per(bt.buildMs) },
          usPerObject: round(((phases.executeMs - phases.sqlMs) * 1000) / IN_PROCESS_REQUESTS / rows.objects, 2),
          usPerLeaf: round(((phases.executeMs - phases.sqlMs) * 1000) / IN_PROCESS_REQUESTS / rows.leaves, 3),
        },
        sqlReplay,
        cpu: { samplingIntervalUs: CPU_SAMPLING_US, graphql: cpuGql, baseline: cpuBase },
      };

      const json = {
        graphql: {
          database: { ...SIZES, dbMB: built.dbMB, generateLoadMs: Math.round(built.generateLoadMs), quarantined: built.quarantined },
          query: { variants: VARIANTS.length, regions: REGIONS, offsets: OFFSETS, minEmployees: MIN_EMPLOYEES, pageSizes: { accounts: 20, contacts: 10, opportunities: 5 } },
          load: { concurrency: CONCURRENCY, warmup: o.warmup ? FIRST_WARMUP : WARMUP, warmupLaterRuns: WARMUP, measure: MEASURE, runs: o.runs },
          rows,
          sameJson: { equal, identical, variants: VARIANTS.length },
          graphql: gs,
          baseline: bs,
          ratio,
          oneClient,
          profile: profileJson,
          warnings,
        },
      };

      const ms = (x: number) => fmt(x, 2);
      const ap = profileJson.inProcess.apollo;
      const baseCpu = new Map(cpuBase.components.map((c) => [c.label, c]));
      const cpuLabels = [...new Set([...cpuGql.components, ...cpuBase.components].filter((c) => c.share >= 0.01).map((c) => c.label))];
      const gqlCpu = new Map(cpuGql.components.map((c) => [c.label, c]));
      cpuLabels.sort((a, b) => (gqlCpu.get(b)?.msPerRequest ?? 0) - (gqlCpu.get(a)?.msPerRequest ?? 0));
      const cell = (c: { msPerRequest: number; share: number } | undefined) => (c ? [fmt(c.msPerRequest, 3), `${fmt(100 * c.share, 1)}%`] : ["", ""]);
      const lines = [
        `Database: ${fmtInt(SIZES.accounts)} accounts, ${fmtInt(SIZES.contacts)} contacts, ${fmtInt(SIZES.opportunities)} opportunities, ` +
          `${fmt(built.dbMB, 1)} MB (generated and loaded through applyBatch in ${fmt(built.generateLoadMs / 1000, 1)} s, untimed)`,
        `Query: accounts(first: 20, offset, where is_customer/employee_count/region_code, orderBy employee_count DESC) > contacts(first: 10, lead_score DESC) ` +
          `> ownedOpportunities(first: 5, amount DESC), one document with variables; ${VARIANTS.length} variants (4 regions x offsets ${OFFSETS.join("/")}) rotated`,
        `Response: ${fmt(rows.accounts, 0)} accounts, ${fmt(rows.contacts, 1)} contacts, ${fmt(rows.opportunities, 1)} opportunities ` +
          `(${fmt(rows.objects, 0)} objects, ${fmtInt(rows.leaves)} leaf values, ${fmtInt(rows.responseBytes)} bytes; objects ${rows.minObjects}-${rows.maxObjects} across variants)`,
        `Same JSON: ${equal}/${VARIANTS.length} variants equal (${identical} also in key order)`,
        `Load: ${CONCURRENCY} keep-alive clients in a worker thread, 127.0.0.1; per run warm-up then up to ${fmtInt(MEASURE.requests)} requests or ${MEASURE.ms / 1000} s; ${o.runs} runs each, alternating`,
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
        "",
        `Profile, in process (no HTTP), ms per request, mean of ${IN_PROCESS_REQUESTS}:`,
        ...table(
          ["path", "total", "SQL", "execute w/o SQL", "stringify", "other"],
          [
            [
              "Apollo executeHTTPGraphQLRequest",
              ms(ap.totalMs),
              ms(ap.sqlMs),
              ms(ap.executeWithoutSqlMs),
              ms(ap.stringifyMs),
              ms(ap.beforeRequestMs + ap.beforeExecuteMs + ap.afterExecuteMs),
            ],
            [
              "reference resolvers: graphql-js execute + JSON.stringify",
              ms(per(merged.executeMs + merged.stringifyMs)),
              ms(per(merged.sqlMs)),
              ms(per(merged.executeMs - merged.sqlMs)),
              ms(per(merged.stringifyMs)),
              "",
            ],
            ["baseline answer()", ms(per(bt.sqlMs + bt.buildMs)), ms(per(bt.sqlMs)), "", `${ms(per(bt.buildMs))} (build + stringify)`, ""],
          ],
        ),
        `  Apollo phases: before requestDidStart ${ms(ap.beforeRequestMs)}, to executionDidStart ${ms(ap.beforeExecuteMs)} (parse ${ms(ap.parseMs)}, validate ${ms(ap.validateMs)}: ` +
          `document cached after the first), execute ${ms(ap.executeMs)} (SQL ${ms(ap.sqlMs)}, ${ap.statementsPerRequest} statements), ` +
          `to willSendResponse ${ms(ap.afterExecuteMs)}, stringify ${ms(ap.stringifyMs)}`,
        `  execute without SQL: ${fmt(profileJson.inProcess.usPerObject, 2)} µs per object, ${fmt(profileJson.inProcess.usPerLeaf, 3)} µs per leaf value`,
        `  SQL replayed alone (statements of one request per variant, best of 7 interleaved passes, ms per request): GraphQL's ${ms(sqlReplay.graphqlMs)}` +
          (sqlReplay.graphqlWithoutUpdatedAtMs === null ? "" : `, without the _mq_updated_at subquery ${ms(sqlReplay.graphqlWithoutUpdatedAtMs)}`) +
          `, baseline's ${ms(sqlReplay.baselineMs)} (requested columns only, no look-ahead row)`,
        "",
        `CPU profiles of the servers' thread under load (sampling ${CPU_SAMPLING_US} µs): GraphQL ${fmtInt(cpuGql.requests)} requests at ${fmt(cpuGql.requestsPerSec, 0)} req/s, ` +
          `${ms(cpuGql.busyMsPerRequest)} busy ms/request, idle ${fmt(100 * cpuGql.idleShare, 1)}%; baseline ${fmtInt(cpuBase.requests)} at ${fmt(cpuBase.requestsPerSec, 0)} req/s, ` +
          `${ms(cpuBase.busyMsPerRequest)} busy ms/request, idle ${fmt(100 * cpuBase.idleShare, 1)}%. Self time, ms per request (share of busy time):`,
        ...table(
          ["component", "GraphQL ms", "share", "baseline ms", "share"],
          cpuLabels.map((l) => [l, ...cell(gqlCpu.get(l)), ...cell(baseCpu.get(l))]),
        ),
        "  (V8 builtins such as JSON.stringify count in their JS caller, e.g. Apollo's prettyJSONStringify; V8 work done for better-sqlite3's",
        "   native all() (row objects, BigInts) may count in its JS caller: SqlReader.all here, answer() in the baseline)",
        "",
        "GraphQL: top functions by self time:",
        ...table(
          ["function", "ms/request", "share"],
          cpuGql.topFunctions.slice(0, 14).map((c) => [c.label, fmt(c.msPerRequest, 3), `${fmt(100 * c.share, 1)}%`]),
        ),
        ...(warnings.length ? ["", ...warnings] : []),
      ];
      return { json, lines };
    } finally {
      await base.stop();
      await gql.stop();
      baseline.close();
      await mirror.close();
    }
  },
};
