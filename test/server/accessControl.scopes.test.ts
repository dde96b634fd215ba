// Access control over real HTTP (issue #10), on each backend: what each scope lets a caller do
// (read, write, admin; for every dataset or for one), the status and code of a refusal, that a
// refused operation writes nothing, that a read is refused whole when any dataset it touches is
// not readable, that introspection shows only the readable datasets, and the audit log of admin
// actions.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDemoChanges } from "../../src/demo/loadDemoChanges";
import type { Mirror } from "../../src/mirror";
import { startServer, type RunningServer } from "../../src/server/createServer";
import { BACKENDS } from "../backends";
import { accountRow, codesOf, contactRow, createKey, forbiddenDatasets, graphql, rowOf, type Answer } from "./accessClient";

const APPLY = `mutation($dataset: String!, $changes: [JSONObject!]!) { applyChanges(dataset: $dataset, changes: $changes) { status datasets { dataset upserted quarantined { quarantineId } } } }`;
const TYPED = `mutation($changes: [ContactChangeInput!]!) { applyContactsChanges(changes: $changes) { status datasets { upserted } } }`;
const BATCH = `mutation($items: [DatasetChangesInput!]!) { applyChangeBatch(items: $items, atomic: true) { status datasets { dataset upserted } } }`;
const PURGE = `mutation($keys: [JSONObject!]!) { purgeKeys(dataset: "contacts", keys: $keys, reason: "erasure request") { dataset keys { state } } }`;
const DISCARD = `mutation($ids: [ID!]!) { discardQuarantine(dataset: "contacts", ids: $ids, reason: "bad feed") { id } }`;
const QUARANTINE = `{ quarantine(dataset: "contacts") { nodes { id payload } } }`;
/** Two contacts of the demo data (the tests add others, named acl-...). */
const CONTACTS = `{ contacts(first: 2, where: { contact_id: { _startsWith: "ct-" } }, orderBy: [{ contact_id: ASC }]) { nodes { contact_id } } }`;

/** A refusal of the whole operation for missing scopes: HTTP 403, no data, FORBIDDEN errors only. */
function expectForbidden(answer: Answer, datasets: (string | undefined)[]) {
  expect(answer.status).toBe(403);
  expect(answer.body.data).toBeUndefined();
  expect(new Set(codesOf(answer))).toEqual(new Set(["FORBIDDEN"]));
  expect(forbiddenDatasets(answer)).toEqual(datasets);
  for (const d of datasets) if (d !== undefined) expect(answer.body.errors!.map((e) => e.message).join("\n")).toContain(`"${d}"`);
}

describe.each(BACKENDS)("access control by scope ($name)", (backend) => {
  let mirror: Mirror;
  let server: RunningServer;
  /** Key texts by role. */
  const keys: Record<string, string> = {};
  const as = (role: string, query: string, variables?: Record<string, unknown>) => graphql(server.url, { token: keys[role]! }, query, variables);

  beforeAll(async () => {
    // A file on SQLite: the server's writer thread applies batches, as in production.
    mirror = await backend.open({ schemaDir: "schema" }, { reopen: true }, "file");
    await loadDemoChanges(mirror);
    const scopes: Record<string, string[]> = {
      read: ["read"],
      write: ["write"],
      admin: ["admin"],
      readContacts: ["read:contacts"],
      readAccounts: ["read:accounts"],
      writeContacts: ["write:contacts"],
      readWriteContacts: ["read:contacts", "write:contacts"],
      adminContacts: ["admin:contacts"],
    };
    for (const [role, s] of Object.entries(scopes)) keys[role] = (await createKey(mirror, `key-${role}`, s)).text;
    server = await startServer(mirror, { port: 0 });
  }, 60_000);
  afterAll(() => server?.stop(), 30_000);

  describe("read", () => {
    it("a query of a dataset needs read: a read key is answered, a write key refused 403 FORBIDDEN naming the dataset", async () => {
      const ok = await as("read", CONTACTS);
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual({ data: { contacts: { nodes: [{ contact_id: "ct-2001" }, { contact_id: "ct-2002" }] } } });
      const refused = await as("write", CONTACTS);
      expectForbidden(refused, ["contacts"]);
      expect(refused.body.errors![0]!.extensions).toMatchObject({ expected: "read:contacts", received: ["write"] });
    });

    it("write does not include read, also for a query by key", async () => {
      expectForbidden(await as("writeContacts", `{ contact(contact_id: "ct-2001") { last_name } }`), ["contacts"]);
    });

    it("admin includes read", async () => {
      expect((await as("admin", CONTACTS)).body.data.contacts.nodes).toHaveLength(2);
    });
  });

  describe("write", () => {
    it("applyChanges needs write on its dataset: a read key is refused 403 and nothing is written; a write key applies", async () => {
      const refused = await as("read", APPLY, { dataset: "contacts", changes: [contactRow("acl-w1")] });
      expectForbidden(refused, ["contacts"]);
      expect(await rowOf(mirror, "contacts", "contact_id", "acl-w1")).toBeUndefined();
      const applied = await as("write", APPLY, { dataset: "contacts", changes: [contactRow("acl-w1")] });
      expect(applied.status).toBe(200);
      expect(applied.body.data.applyChanges).toMatchObject({ status: "APPLIED", datasets: [{ dataset: "contacts", upserted: 1 }] });
      expect(await rowOf(mirror, "contacts", "contact_id", "acl-w1")).toMatchObject({ last_name: "L-acl-w1" });
    });

    it("a typed mutation needs write on its dataset: refused 403 for read, applied for write:contacts", async () => {
      expectForbidden(await as("readContacts", TYPED, { changes: [contactRow("acl-w2")] }), ["contacts"]);
      expect(await rowOf(mirror, "contacts", "contact_id", "acl-w2")).toBeUndefined();
      const applied = await as("writeContacts", TYPED, { changes: [contactRow("acl-w2")] });
      expect(applied.body).toEqual({ data: { applyContactsChanges: { status: "APPLIED", datasets: [{ upserted: 1 }] } } });
    });

    it("a mutation of several root fields is refused whole when one is not allowed, so that none runs", async () => {
      const both = `mutation($c: [JSONObject!]!, $a: [JSONObject!]!) {
        first: applyChanges(dataset: "contacts", changes: $c) { status } second: applyChanges(dataset: "accounts", changes: $a) { status } }`;
      expectForbidden(await as("writeContacts", both, { c: [contactRow("acl-m1")], a: [accountRow("acl-m2")] }), ["accounts"]);
      expect(await rowOf(mirror, "contacts", "contact_id", "acl-m1")).toBeUndefined();
    });

    it("admin includes write", async () => {
      const applied = await as("admin", APPLY, { dataset: "contacts", changes: [contactRow("acl-w3")] });
      expect(applied.body.data.applyChanges.status).toBe("APPLIED");
    });
  });

  describe("admin", () => {
    it("purgeKeys needs admin: refused 403 for a write key with the row kept; an admin key purges, recorded in the audit log with its name", async () => {
      await as("write", APPLY, { dataset: "contacts", changes: [contactRow("acl-p1")] });
      expectForbidden(await as("write", PURGE, { keys: [{ contact_id: "acl-p1" }] }), ["contacts"]);
      expect(await rowOf(mirror, "contacts", "contact_id", "acl-p1")).toBeDefined();
      const purged = await as("admin", PURGE, { keys: [{ contact_id: "acl-p1" }] });
      expect(purged.body).toEqual({ data: { purgeKeys: { dataset: "contacts", keys: [{ state: "ROW" }] } } });
      expect(await rowOf(mirror, "contacts", "contact_id", "acl-p1")).toBeUndefined();
      const entry = (await mirror.storage.auditLog({ limit: 10 })).find((e) => e.action === "purge");
      expect(entry).toMatchObject({ principal: "apiKey:key-admin", target: { dataset: "contacts", keys: 1, reason: "erasure request" } });
      expect(Date.now() - Date.parse(entry!.at)).toBeLessThan(60_000);
    });

    it("the quarantine's payloads and discardQuarantine need admin: refused 403 for read and write keys, the row kept; an admin discards, recorded in the audit log", async () => {
      const sent = await as("write", APPLY, { dataset: "contacts", changes: [contactRow("acl-q1", "acc-1001", { lead_score: "high" })] });
      const id = sent.body.data.applyChanges.datasets[0].quarantined[0].quarantineId as string;
      expectForbidden(await as("write", QUARANTINE), ["contacts"]);
      expectForbidden(await as("read", QUARANTINE), ["contacts"]);
      expectForbidden(await as("write", DISCARD, { ids: [id] }), ["contacts"]);
      expect((await mirror.quarantine("contacts")).map((q) => String(q.id))).toContain(id);
      const listed = await as("admin", QUARANTINE);
      expect(listed.body.data.quarantine.nodes).toContainEqual({ id, payload: contactRow("acl-q1", "acc-1001", { lead_score: "high" }) });
      const discarded = await as("admin", DISCARD, { ids: [id] });
      expect(discarded.body).toEqual({ data: { discardQuarantine: [{ id }] } });
      expect((await mirror.quarantine("contacts")).map((q) => String(q.id))).not.toContain(id);
      const entry = (await mirror.storage.auditLog({ limit: 10 })).find((e) => e.action === "quarantine.discard");
      expect(entry).toMatchObject({ principal: "apiKey:key-admin", target: { dataset: "contacts", ids: [id], reason: "bad feed" } });
    });

    it("admin of one dataset administers that dataset only", async () => {
      expect((await as("adminContacts", QUARANTINE)).status).toBe(200);
      expectForbidden(await as("adminContacts", `{ quarantine(dataset: "accounts") { nodes { id } } }`), ["accounts"]);
    });
  });

  describe("admin fields of keys and the audit log", () => {
    const CREATE = `mutation($name: String!, $scopes: [String!]!, $expiresAt: DateTime, $readsPerSecond: Float) {
      createApiKey(name: $name, scopes: $scopes, expiresAt: $expiresAt, readsPerSecond: $readsPerSecond) { token key { id name scopes expiresAt readsPerSecond revokedAt } } }`;
    const REVOKE = `mutation($key: String!) { revokeApiKey(key: $key) { id name revokedAt } }`;

    it("a key made by createApiKey works at once, limited to its scopes, and its making is audited", async () => {
      const made = await as("admin", CREATE, { name: "made-by-api", scopes: ["read:contacts"], readsPerSecond: 50 });
      expect(made.status).toBe(200);
      const { token, key } = made.body.data.createApiKey;
      expect(token).toMatch(/^mq_[a-z2-7]{12}_[A-Za-z0-9_-]{43}$/);
      expect(key).toEqual({ id: token.slice(3, 15), name: "made-by-api", scopes: ["read:contacts"], expiresAt: null, readsPerSecond: 50, revokedAt: null });
      const reads = await graphql(server.url, { token }, CONTACTS);
      expect(reads.body.data.contacts.nodes).toHaveLength(2);
      expectForbidden(
        await graphql(
          server.url,
          { token },
          `
            {
              accounts(first: 1) {
                totalCount
              }
            }
          `,
        ),
        ["accounts"],
      );
      const logged = await as("admin", `{ auditLog(first: 5, action: "key.create") { nodes { principal action target } } }`);
      expect(logged.body.data.auditLog.nodes[0]).toEqual({
        principal: "apiKey:key-admin",
        action: "key.create",
        target: { id: key.id, name: "made-by-api", scopes: ["read:contacts"] },
      });
    });

    it("a key revoked by revokeApiKey is refused at once, and its revocation is audited", async () => {
      const { token, key } = (await as("admin", CREATE, { name: "revoked-by-api", scopes: ["read"] })).body.data.createApiKey;
      expect((await graphql(server.url, { token }, CONTACTS)).status).toBe(200);
      const revoked = await as("admin", REVOKE, { key: "revoked-by-api" });
      expect(revoked.body.data.revokeApiKey).toMatchObject({ id: key.id, name: "revoked-by-api" });
      expect(revoked.body.data.revokeApiKey.revokedAt).not.toBeNull();
      const refused = await graphql(server.url, { token }, CONTACTS);
      expect(refused.status).toBe(401);
      expect(refused.body.errors![0]!.extensions).toMatchObject({ code: "UNAUTHENTICATED", reason: "revoked" });
      const entry = (await mirror.storage.auditLog({ limit: 10, action: "key.revoke" }))[0];
      expect(entry).toMatchObject({ principal: "apiKey:key-admin", action: "key.revoke", target: { id: key.id, name: "revoked-by-api" } });
    });

    it("apiKeys lists every key without a secret", async () => {
      const listed = await as("admin", `{ apiKeys { name scopes revokedAt } }`);
      const byName = new Map((listed.body.data.apiKeys as { name: string; scopes: string[] }[]).map((k) => [k.name, k]));
      expect(byName.get("key-readContacts")).toEqual({ name: "key-readContacts", scopes: ["read:contacts"], revokedAt: null });
      expect(JSON.stringify(listed.body)).not.toMatch(/mq_|secret/i);
    });

    it("the admin fields need admin over every dataset: refused 403 for read, write and admin of one dataset, with no key made", async () => {
      for (const role of ["read", "write", "adminContacts"]) {
        expectForbidden(await as(role, CREATE, { name: `escalated-${role}`, scopes: ["admin"] }), [undefined]);
        expectForbidden(await as(role, REVOKE, { key: "key-admin" }), [undefined]);
        expectForbidden(await as(role, `{ apiKeys { name } }`), [undefined]);
        expectForbidden(await as(role, `{ auditLog { nodes { action } } }`), [undefined]);
      }
      const names = (await mirror.apiKeys()).map((k) => k.name);
      expect(names.filter((n) => n.startsWith("escalated-"))).toEqual([]);
      expect((await as("admin", CONTACTS)).status).toBe(200);
    });

    it("createApiKey refuses a taken name, an unknown scope and a past expiry with BAD_USER_INPUT", async () => {
      const taken = await as("admin", CREATE, { name: "key-read", scopes: ["read"] });
      expect(codesOf(taken)).toEqual(["BAD_USER_INPUT"]);
      const badScope = await as("admin", CREATE, { name: "bad-scope", scopes: ["superuser"] });
      expect(codesOf(badScope)).toEqual(["BAD_USER_INPUT"]);
      const past = await as("admin", CREATE, { name: "past", scopes: ["read"], expiresAt: "2020-01-01T00:00:00Z" });
      expect(codesOf(past)).toEqual(["BAD_USER_INPUT"]);
      expect((await mirror.apiKeys()).map((k) => k.name)).not.toEqual(expect.arrayContaining(["bad-scope"]));
    });

    it("auditLog pages newest first and filters by action", async () => {
      for (const n of [1, 2]) await mirror.appendAudit({ principal: "test", action: "test.mark", target: { n } });
      const first = await as("admin", `{ auditLog(first: 1) { nodes { seq action } hasNextPage endCursor } }`);
      const page = first.body.data.auditLog;
      expect(page.nodes).toHaveLength(1);
      expect(page.hasNextPage).toBe(true);
      const next = await as("admin", `query($after: String) { auditLog(first: 1, after: $after) { nodes { seq } } }`, { after: page.endCursor });
      expect(Number(next.body.data.auditLog.nodes[0].seq)).toBeLessThan(Number(page.nodes[0].seq));
      const creates = await as("admin", `{ auditLog(first: 50, action: "key.create") { nodes { action } } }`);
      expect(new Set((creates.body.data.auditLog.nodes as { action: string }[]).map((n) => n.action))).toEqual(new Set(["key.create"]));
    });
  });

  describe("scopes of one dataset", () => {
    it("read:contacts reads contacts", async () => {
      const ok = await as(
        "readContacts",
        `{ contacts(first: 1, where: { contact_id: { _startsWith: "ct-" } }, orderBy: [{ contact_id: ASC }]) { nodes { contact_id last_name } } }`,
      );
      expect(ok.body).toEqual({ data: { contacts: { nodes: [{ contact_id: "ct-2001", last_name: "Lopez" }] } } });
    });

    it("an edge into a dataset not readable refuses the whole query 403 naming it, rather than answering null", async () => {
      expectForbidden(await as("readContacts", `{ contacts(first: 2) { nodes { contact_id account { name } } } }`), ["accounts"]);
      expectForbidden(await as("readContacts", `{ contact(contact_id: "ct-2001") { account { name } } }`), ["accounts"]);
    });

    it("a filter through a relationship into a dataset not readable is refused, inline or in variables", async () => {
      expectForbidden(await as("readContacts", `{ contacts(where: { account: { name: { _startsWith: "North" } } }) { totalCount } }`), ["accounts"]);
      const viaVariables = await as("readContacts", `query($w: ContactWhere) { contacts(where: $w) { totalCount } }`, { w: { account: { name: { _startsWith: "North" } } } });
      expectForbidden(viaVariables, ["accounts"]);
      // The same document with a filter of contacts' own fields is answered: the refusal follows the variables.
      const own = await as("readContacts", `query($w: ContactWhere) { contacts(where: $w) { totalCount } }`, { w: { last_name: { _eq: "Lopez" } } });
      expect(own.body).toEqual({ data: { contacts: { totalCount: 1 } } });
    });

    it("a nested connection into a dataset not readable is refused (accounts -> contacts for read:accounts)", async () => {
      expect((await as("readAccounts", `{ accounts(first: 1) { nodes { name } } }`)).status).toBe(200);
      expectForbidden(await as("readAccounts", `{ accounts(first: 1) { nodes { name contacts(first: 2) { nodes { contact_id } } } } }`), ["contacts"]);
    });

    it("every missing dataset is named at once", async () => {
      const both = await as("readContacts", `{ contacts(first: 1) { nodes { account { name region { name } } ownedOpportunities { totalCount } } } }`);
      expectForbidden(both, ["accounts", "opportunities", "regions"]);
    });

    it("write:contacts cannot write accounts, and a batch of both datasets is refused whole with nothing applied", async () => {
      expectForbidden(await as("writeContacts", APPLY, { dataset: "accounts", changes: [accountRow("acl-a1")] }), ["accounts"]);
      expectForbidden(
        await as("writeContacts", `mutation($changes: [AccountChangeInput!]!) { applyAccountsChanges(changes: $changes) { status } }`, { changes: [accountRow("acl-a1")] }),
        ["accounts"],
      );
      expect(await rowOf(mirror, "accounts", "account_id", "acl-a1")).toBeUndefined();
      const batch = await as("writeContacts", BATCH, {
        items: [
          { dataset: "contacts", changes: [contactRow("acl-b1", "acl-a2")] },
          { dataset: "accounts", changes: [accountRow("acl-a2")] },
        ],
      });
      expectForbidden(batch, ["accounts"]);
      expect(await rowOf(mirror, "contacts", "contact_id", "acl-b1")).toBeUndefined();
      expect(await rowOf(mirror, "accounts", "account_id", "acl-a2")).toBeUndefined();
      // With write on both it goes through.
      const applied = await as("write", BATCH, {
        items: [
          { dataset: "contacts", changes: [contactRow("acl-b1", "acl-a2")] },
          { dataset: "accounts", changes: [accountRow("acl-a2")] },
        ],
      });
      expect(applied.body.data.applyChangeBatch).toEqual({
        status: "APPLIED",
        datasets: [
          { dataset: "contacts", upserted: 1 },
          { dataset: "accounts", upserted: 1 },
        ],
      });
    });
  });

  describe("a refusal follows the operation however it is spelled", () => {
    it("edges reached through fragments, aliases, edges { node } or an inline fragment on the root are refused", async () => {
      const spellings = [
        `{ contacts(first: 1) { nodes { ...C } } } fragment C on Contact { account { name } }`,
        `{ contacts(first: 1) { nodes { ... on Contact { account { name } } } } }`,
        `{ a: contacts(first: 1) { nodes { b: account { c: name } } } }`,
        `{ contacts(first: 1) { edges { node { account { name } } } } }`,
        `{ ... on Query { accounts(first: 1) { totalCount } } }`,
        `{ contacts(first: 1) { totalCount } ...Q } fragment Q on Query { accounts(first: 1) { totalCount } }`,
      ];
      for (const query of spellings) expectForbidden(await as("readContacts", query), ["accounts"]);
    });

    it("a relationship filter nested in _or and _not is refused", async () => {
      const query = `{ contacts(where: { _or: [{ last_name: { _eq: "Lopez" } }, { _not: { account: { name: { _eq: "Globex GmbH" } } } }] }) { totalCount } }`;
      expectForbidden(await as("readContacts", query), ["accounts"]);
    });

    it("a nested connection asked for its totalCount only is refused", async () => {
      expectForbidden(await as("readAccounts", `{ accounts(first: 1) { nodes { contacts { totalCount } } } }`), ["contacts"]);
    });

    it("@include and @skip decide with the variables: an edge left out is not needed", async () => {
      const query = `query($edge: Boolean!) { contact(contact_id: "ct-2001") { last_name account @include(if: $edge) { name } } }`;
      expectForbidden(await as("readContacts", query, { edge: true }), ["accounts"]);
      expect((await as("readContacts", query, { edge: false })).body).toEqual({ data: { contact: { last_name: "Lopez" } } });
    });

    it("of a document of several operations, the one named runs and is the one checked", async () => {
      const document = `query Mine { contacts(first: 1) { totalCount } } query Theirs { accounts(first: 1) { totalCount } }`;
      const post = (operationName: string) =>
        fetch(server.url, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${keys.readContacts}` },
          body: JSON.stringify({ query: document, operationName }),
        });
      expect((await post("Mine")).status).toBe(200);
      expect((await post("Theirs")).status).toBe(403);
    });

    it("a GET query is refused as a POST is", async () => {
      const url = `${server.url}?query=${encodeURIComponent(`{ accounts(first: 1) { totalCount } }`)}`;
      const res = await fetch(url, { headers: { "apollo-require-preflight": "true", authorization: `Bearer ${keys.readContacts}` } });
      expect(res.status).toBe(403);
      expect(JSON.stringify(await res.json())).toContain("FORBIDDEN");
    });
  });

  describe("what a caller sees", () => {
    const TYPES = `{ __schema { types { name } queryType { fields { name } } } }`;
    const typesOf = (a: Answer) => (a.body.data.__schema.types as { name: string }[]).map((t) => t.name);
    const rootFieldsOf = (a: Answer) => (a.body.data.__schema.queryType.fields as { name: string }[]).map((f) => f.name);

    it("introspection shows a read:contacts key the types and root fields of contacts, none of accounts", async () => {
      const seen = await as("readContacts", TYPES);
      expect(seen.status).toBe(200);
      expect(typesOf(seen)).toContain("Contact");
      expect(typesOf(seen)).not.toContain("Account");
      expect(rootFieldsOf(seen)).toEqual(expect.arrayContaining(["contacts", "contact", "datasets"]));
      expect(rootFieldsOf(seen)).not.toContain("accounts");
      const account = await as("readContacts", `{ account: __type(name: "Account") { name } contact: __type(name: "Contact") { fields { name } } }`);
      expect(account.body.data.account).toBeNull();
      const contactFields = (account.body.data.contact.fields as { name: string }[]).map((f) => f.name);
      expect(contactFields).toContain("last_name");
      expect(contactFields).not.toContain("account");
    });

    it("introspection shows a caller who reads nothing (a write key) the fixed part only", async () => {
      const seen = await as("write", TYPES);
      expect(seen.status).toBe(200);
      expect(typesOf(seen)).not.toContain("Contact");
      expect(rootFieldsOf(seen)).toContain("datasets");
      expect(rootFieldsOf(seen)).not.toContain("contacts");
    });

    it("introspection shows a read key every dataset", async () => {
      const seen = await as("read", TYPES);
      expect(typesOf(seen)).toEqual(expect.arrayContaining(["Contact", "Account", "Opportunity", "Region", "Subscription", "WebEvent", "AccountProfile"]));
      expect((await as("read", `{ __type(name: "Account") { name } }`)).body.data.__type).toEqual({ name: "Account" });
    });

    it("datasets and dataset list only the readable datasets", async () => {
      const limited = await as("readContacts", `{ datasets { dataset } contacts: dataset(name: "contacts") { name } accounts: dataset(name: "accounts") { name } }`);
      expect(limited.body).toEqual({ data: { datasets: [{ dataset: "contacts" }], contacts: { name: "Contact" }, accounts: null } });
      const all = await as("read", `{ datasets { dataset } }`);
      expect((all.body.data.datasets as { dataset: string }[]).map((d) => d.dataset).sort()).toEqual([
        "account_profiles",
        "accounts",
        "contacts",
        "opportunities",
        "regions",
        "subscriptions",
        "web_events",
      ]);
      // A write key reads no dataset, so it sees none.
      expect((await as("write", `{ datasets { dataset } }`)).body).toEqual({ data: { datasets: [] } });
    });
  });
});
