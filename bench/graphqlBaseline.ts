// The graphql section's baseline: the same JSON as the nested query from three hand-written
// statements prepared once on a read-only connection, served by a plain node:http server.

import Database from "better-sqlite3";
import { createServer as createHttpServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { formatDatetime } from "../src/graphql/scalars";
import { ACCOUNT_FIELDS, CONTACT_FIELDS, OPPORTUNITY_FIELDS, type Variables } from "./graphqlData";
import type { Captured } from "./graphqlProfile";

// ---------------------------------------------------------------- baseline

type Row = Record<string, unknown>;
const str = (v: unknown) => (v === null ? null : String(v));
const bool = (v: unknown) => (v === null ? null : v === 1n || v === 1);
const datetime = (v: unknown) => (v === null ? null : formatDatetime(v as string));

export interface BaselineTiming {
  sqlMs: number;
  buildMs: number;
}

/** Three prepared statements and plain objects: the least a server must do to give the same answer. */
export function baselineAnswerer(file: string) {
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
