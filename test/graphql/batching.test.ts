// N+1 must not exist: a nested query runs one statement per root field (compiled engine),
// or one per level (reference resolvers, SQLite only), whatever the number of rows, on each
// backend (test/backends.ts).

import { afterEach, describe, expect, it } from "vitest";
import { Mirror } from "../../src/mirror";
import { BACKENDS, type Location } from "../backends";
import { graphqlOver } from "./fixture";

async function mirrorWith(accounts: number, location: Location) {
  const mirror = await Mirror.open({ schemaDir: "schema", ...location });
  const at = "2026-01-01T00:00:00Z";
  const ids = Array.from({ length: accounts }, (_, i) => `acc-${String(i).padStart(5, "0")}`);
  await mirror.applyBatch([
    { dataset: "accounts", rows: ids.map((id, i) => ({ account_id: id, name: `Account ${i}`, region_code: "NA", is_customer: i % 2 === 0, updated_at: at })) },
    {
      dataset: "contacts",
      rows: ids.flatMap((id, i) => [0, 1, 2].map((c) => ({ contact_id: `${id}-c${c}`, account_id: id, last_name: `L${c}`, email_opt_in: true, row_scn: i * 3 + c }))),
    },
    {
      dataset: "opportunities",
      rows: ids.flatMap((id) =>
        [0, 1, 2].flatMap((c) =>
          [0, 1].map((o) => ({
            opportunity_id: `${id}-c${c}-o${o}`,
            account_id: id,
            owner_contact_id: `${id}-c${c}`,
            name: "Deal",
            stage: "Open",
            is_won: false,
            stage_version: 1,
            updated_at: at,
          })),
        ),
      ),
    },
  ]);
  return mirror;
}

const QUERY = `{
  accounts(first: 1000, orderBy: [{ name: ASC }]) {
    totalCount
    nodes {
      account_id
      region { name }
      contacts(first: 2, orderBy: [{ last_name: DESC }]) {
        totalCount
        nodes { contact_id account { account_id } ownedOpportunities(first: 1) { totalCount nodes { opportunity_id } } }
      }
    }
  }
}`;

const ENGINES = [
  // accounts + count, region, contacts + count, contact.account, opportunities + count.
  ["resolvers", 8],
  // One statement per root field.
  ["compiled", 1],
] as const;

describe.each(BACKENDS)("N+1 must not exist ($name)", (backend) => {
  const apis: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const api of apis.splice(0)) await api.close();
  });

  // The reference resolvers' SQL is SQLite's; a PostgreSQL server has the compiled engine only.
  it.each(ENGINES.filter(([engine]) => engine === "compiled" || backend.name === "sqlite"))(
    "runs the same number of statements for 50 and for 500 accounts in a 3-level query (%s)",
    async (engine, statements) => {
      const counts: number[] = [];
      for (const n of [50, 500]) {
        const api = await graphqlOver(await mirrorWith(n, backend.location()), undefined, engine);
        apis.push(api);
        const { result, sql } = await api.execute(QUERY);
        const data = (
          result as {
            data: { accounts: { totalCount: number; nodes: { contacts: { totalCount: number; nodes: { ownedOpportunities: { totalCount: number; nodes: unknown[] } }[] } }[] } };
          }
        ).data;
        expect(data.accounts.totalCount).toBe(n);
        expect(data.accounts.nodes).toHaveLength(n);
        for (const account of data.accounts.nodes) {
          expect(account.contacts.totalCount).toBe(3);
          expect(account.contacts.nodes).toHaveLength(2);
          for (const c of account.contacts.nodes) expect(c.ownedOpportunities).toMatchObject({ totalCount: 2, nodes: [expect.anything()] });
        }
        counts.push(sql.length);
      }
      expect(counts[0]).toBe(counts[1]);
      expect(counts[1]).toBe(statements);
    },
  );
});
