// Integers beyond 2^53 sent as JSON numbers over HTTP keep their digits: stored exactly in an
// integer field, and kept exactly in the quarantine's payload and the receipt when refused.

import { describe, expect, it } from "vitest";
import { BACKENDS, type Backend } from "../backends";
import { useServedMirror } from "../servedMirror";

const APPLY = `mutation($rows: [JSONObject!]!, $batchId: ID) { applyChanges(dataset: "contacts", batchId: $batchId, changes: $rows) {
  status datasets { upserted quarantined { index code field received } } } }`;

/** A contacts row as JSON text, with `extra` written in verbatim (a number JSON.stringify could not write). */
const row = (id: string, extra: string) => `{"contact_id":"${id}","account_id":"a1","last_name":"L","email_opt_in":true,${extra}}`;

describe.each(BACKENDS)("$name", (backend: Backend) => {
  // Batches over HTTP cross to the writer thread on SQLite (a file database).
  const served = useServedMirror(backend);

  const post = async (text: string) => {
    const res = await fetch(served.server.url, { method: "POST", headers: { "content-type": "application/json" }, body: text });
    return (await res.json()) as { data?: any; errors?: { message: string; extensions: { code: string } }[] };
  };
  const apply = (batchId: string, rows: string[]) => post(`{"query":${JSON.stringify(APPLY)},"variables":{"batchId":"${batchId}","rows":[${rows.join(",")}]}}`);

  it("a JSON number beyond 2^53 in an integer field is stored exactly and read back as the Int64 string", async () => {
    const body = await apply("big-1", [row("c1", '"row_scn":9007199254740993')]);
    expect(body.errors).toBeUndefined();
    expect(body.data.applyChanges).toEqual({ status: "APPLIED", datasets: [{ upserted: 1, quarantined: [] }] });
    expect((await served.mirror.rows("contacts")).find((r) => r.row.contact_id === "c1")!.row.row_scn).toBe(9007199254740993n);
    const read = await post(JSON.stringify({ query: `{ contacts(where: { contact_id: { _eq: "c1" } }) { nodes { row_scn } } }` }));
    expect(read).toEqual({ data: { contacts: { nodes: [{ row_scn: "9007199254740993" }] } } });
  });

  it("the same number in a string field and 2^64+1 in an integer field are quarantined with their exact digits in the payload and the receipt", async () => {
    const body = await apply("big-2", [row("c2", '"email":9007199254740993,"row_scn":1'), row("c3", '"lead_score":18446744073709551617,"row_scn":1')]);
    expect(body.errors).toBeUndefined();
    expect(body.data.applyChanges.datasets[0].quarantined).toEqual([
      { index: 0, code: "INVALID_VALUE", field: "email", received: "9007199254740993 (number)" },
      { index: 1, code: "INVALID_VALUE", field: "lead_score", received: "18446744073709551617 (number)" },
    ]);
    const payloads = (await backend.sql(served.mirror, `SELECT row_index, payload FROM contacts__quarantine ORDER BY row_index`)).map((r) => String(r.payload));
    // Written as the numbers sent, not as strings.
    expect(payloads[0]).toMatch(/"email": ?9007199254740993[,}]/);
    expect(payloads[1]).toMatch(/"lead_score": ?18446744073709551617[,}]/);
    // The stored receipt, as `batch` serves it later.
    const stored = await post(JSON.stringify({ query: `{ batch(id: "big-2") { datasets { quarantined { field received } } } }` }));
    expect(stored.data.batch.datasets[0].quarantined).toEqual([
      { field: "email", received: "9007199254740993 (number)" },
      { field: "lead_score", received: "18446744073709551617 (number)" },
    ]);
    // The quarantine reads its payloads back exactly, and the quarantine query serves the digits sent.
    expect((await served.mirror.quarantine("contacts")).map((q) => (q.payload as Record<string, unknown>).email ?? (q.payload as Record<string, unknown>).lead_score)).toEqual([
      9007199254740993n,
      18446744073709551617n,
    ]);
    const res = await fetch(served.server.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `{ quarantine(dataset: "contacts") { nodes { payload } } }` }),
    });
    const text = await res.text();
    expect(text).toContain('"email":9007199254740993,');
    expect(text).toContain('"lead_score":18446744073709551617,');
  });

  it("an integer beyond 2^53 written inline in the query text keeps its digits too: stored exactly, or quarantined with them", async () => {
    const text = `mutation { applyChanges(dataset: "contacts", batchId: "big-inline", changes: [
      { contact_id: "c7", account_id: "a1", last_name: "L", email_opt_in: true, row_scn: 9007199254740995 },
      { contact_id: "c8", account_id: "a1", last_name: "L", email_opt_in: true, row_scn: 1, email: 9007199254740993 }
    ]) { datasets { upserted quarantined { index field received } } } }`;
    const body = await post(JSON.stringify({ query: text }));
    expect(body.errors).toBeUndefined();
    expect(body.data.applyChanges.datasets[0]).toEqual({ upserted: 1, quarantined: [{ index: 1, field: "email", received: "9007199254740993 (number)" }] });
    expect((await served.mirror.rows("contacts")).find((r) => r.row.contact_id === "c7")!.row.row_scn).toBe(9007199254740995n);
  });

  it("a query with an Int64 variable beyond 2^53 sent as a JSON number answers, twice (no plan cached for a bigint)", async () => {
    const query = `query($v: Int64) { contacts(where: { row_scn: { _eq: $v } }) { nodes { contact_id row_scn } } }`;
    for (let i = 0; i < 2; i++) {
      const body = await post(`{"query":${JSON.stringify(query)},"variables":{"v":9007199254740993}}`);
      expect(body).toEqual({ data: { contacts: { nodes: [{ contact_id: "c1", row_scn: "9007199254740993" }] } } });
    }
    // The rounded neighbour does not match, and a number beyond 64 bits is refused as bad input.
    expect((await post(`{"query":${JSON.stringify(query)},"variables":{"v":9007199254740992}}`)).data.contacts.nodes).toEqual([]);
    const refused = await post(`{"query":${JSON.stringify(query)},"variables":{"v":18446744073709551617}}`);
    expect(refused.errors?.[0]?.extensions.code).toBe("BAD_USER_INPUT");
    expect(refused.errors?.[0]?.message).toContain("18446744073709551617");
  });

  it("a number field receiving an integer beyond 2^53 stores the nearest double, as a JSON number would", async () => {
    // opportunities.amount is a number field.
    const text = `{"opportunity_id":"o1","account_id":"a1","name":"N","stage":"s","is_won":false,"stage_version":1,"updated_at":"2026-01-01T00:00:00Z","amount":9007199254740993}`;
    const body = await post(`{"query":${JSON.stringify(APPLY.replace('"contacts"', '"opportunities"'))},"variables":{"batchId":"big-3","rows":[${text}]}}`);
    expect(body.errors).toBeUndefined();
    expect(body.data.applyChanges.datasets[0]).toEqual({ upserted: 1, quarantined: [] });
    expect((await served.mirror.rows("opportunities"))[0]!.row.amount).toBe(9007199254740992);
  });
});
