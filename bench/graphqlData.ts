// The graphql section's data and query: the demo models' rows (accounts, contacts, opportunities)
// generated from the seed and merged through Mirror.applyBatch, the nested query document and its
// 12 variants, shared by graphql.ts, graphqlPostgres.ts and ingest's reads.

import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Mirror } from "../src/mirror";
import { collectGarbage, fmt, fmtInt, seededRandom, toMB, type BenchContext } from "./lib";

export interface DatasetSizes {
  accounts: number;
  contacts: number;
  opportunities: number;
}
export const SIZES: DatasetSizes = { accounts: 10_000, contacts: 100_000, opportunities: 300_000 };
const LOAD_BATCH = 10_000;
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

export interface BuiltDatabase {
  file: string;
  schemaDir: string;
  generateLoadMs: number;
  dbMB: number;
  quarantined: number;
}

/** Generates and loads the database once per run (kept in the run's temporary folder). */
export function sharedDatabase(ctx: BenchContext): Promise<BuiltDatabase> {
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

export function countRows(text: string) {
  const body = JSON.parse(text) as { data: { accounts: { nodes: { contacts: { nodes: { ownedOpportunities: { nodes: unknown[] } }[] } }[] } } };
  const accounts = body.data.accounts.nodes;
  const contacts = accounts.flatMap((a) => a.contacts.nodes);
  const opportunities = contacts.flatMap((c) => c.ownedOpportunities.nodes);
  const leaves = accounts.length * ACCOUNT_FIELDS.length + contacts.length * CONTACT_FIELDS.length + opportunities.length * OPPORTUNITY_FIELDS.length;
  return { accounts: accounts.length, contacts: contacts.length, opportunities: opportunities.length, leaves, bytes: Buffer.byteLength(text) };
}
