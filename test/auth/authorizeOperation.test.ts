// Rules of authorizeOperation: every root field of the API has a known need (so a new field
// cannot slip through unguarded), and a read needs `read` on every dataset it touches: its root,
// each edge, each nested connection and each relationship a filter goes through.

import { getVariableValues, parse, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import { authorizeOperation, rootFieldNeeds } from "../../src/auth/authorizeOperation";
import { Principal } from "../../src/auth/Principal";
import { parseScope } from "../../src/auth/scopes";
import { buildSchema } from "../../src/graphql/buildSchema";
import { DEFAULT_LIMITS } from "../../src/graphql/connectionArgs";
import { fragmentsOf, OperationPlanner } from "../../src/graphql/compiled/planOperation";
import { loadModels } from "../../src/models/loadModels";
import { CursorKey } from "../../src/query/cursor";
import { datasetsRead, type RootPlan } from "../../src/query/ReadPlan";
import { TEST_CURSOR_SECRET } from "../helpers";

const models = loadModels("schema");
const schema = buildSchema(models);
const needs = rootFieldNeeds(models);
const planner = new OperationPlanner(schema, models);
const key = new CursorKey(TEST_CURSOR_SECRET);

const principal = (...scopes: string[]) => new Principal("test", "apiKey", scopes.map(parseScope));

/** The datasets refused to `who` for `text`, as authorizeOperation reports them ("action:dataset"). */
function refused(who: Principal, text: string, raw: Record<string, unknown> = {}): string[] {
  const document = parse(text);
  const operation = document.definitions[0] as OperationDefinitionNode;
  const variables = getVariableValues(schema, operation.variableDefinitions ?? [], raw);
  if (variables.errors) throw variables.errors[0];
  const plans = new Map<string, RootPlan>();
  if (operation.operation === "query") {
    for (const step of planner.plan(document, operation, variables.coerced, DEFAULT_LIMITS, key)) if (step.kind === "read") plans.set(step.key, step.plan);
  }
  return authorizeOperation(who, needs, { schema, fragments: fragmentsOf(document), operation, variables: variables.coerced, plans }).map((e) => String(e.details.expected));
}

describe("authorizeOperation", () => {
  it("knows what every root field of the API needs: none falls back to the unknown field's admin", () => {
    const fields = [
      ...Object.keys(schema.getQueryType()!.getFields()).map((f) => needs.query.has(f) || f),
      ...Object.keys(schema.getMutationType()!.getFields()).map((f) => needs.mutation.has(f) || f),
    ];
    expect(fields.filter((f) => f !== true)).toEqual([]);
  });

  it("a read needs read on its root, each edge, each nested connection and each relationship its filters go through", () => {
    const reader = principal("read:contacts");
    expect(refused(reader, `{ contacts(first: 1) { nodes { contact_id } } }`)).toEqual([]);
    expect(refused(reader, `{ contacts(first: 1) { nodes { account { name } } } }`)).toEqual(["read:accounts"]);
    expect(refused(reader, `{ contacts(first: 1, where: { account: { name: { _eq: "x" } } }) { nodes { contact_id } } }`)).toEqual(["read:accounts"]);
    expect(refused(principal("read:accounts"), `{ accounts(first: 1) { nodes { contacts(first: 2) { nodes { contact_id } } } } }`)).toEqual(["read:contacts"]);
    expect(refused(reader, `{ accounts(first: 1) { nodes { name } } }`)).toEqual(["read:accounts"]);
  });

  it("a relationship filter given in variables is refused as one written in the document", () => {
    const text = `query ($w: ContactWhere) { contacts(first: 1, where: $w) { nodes { contact_id } } }`;
    expect(refused(principal("read:contacts"), text, { w: { account: { name: { _eq: "x" } } } })).toEqual(["read:accounts"]);
    expect(refused(principal("read:contacts"), text, { w: { email: { _eq: "x" } } })).toEqual([]);
  });

  it("fragments are followed: an edge inside a fragment needs read as one written inline", () => {
    const text = `query { contacts(first: 1) { ...C } } fragment C on ContactConnection { nodes { account { name } } }`;
    expect(refused(principal("read:contacts"), text)).toEqual(["read:accounts"]);
  });

  it("writes need write on each dataset of the batch, and write does not include read", () => {
    const writer = principal("write:contacts");
    expect(refused(writer, `mutation { applyChanges(dataset: "contacts", changes: []) { batchId } }`)).toEqual([]);
    expect(refused(writer, `mutation { applyChangeBatch(items: [{ dataset: "contacts", changes: [] }, { dataset: "accounts", changes: [] }]) { batchId } }`)).toEqual([
      "write:accounts",
    ]);
    expect(refused(writer, `{ contacts(first: 1) { nodes { contact_id } } }`)).toEqual(["read:contacts"]);
  });

  it("admin includes write and read of its datasets; purges, discards, keys and the audit log need admin", () => {
    const admin = principal("admin:contacts");
    expect(refused(admin, `mutation { purgeKeys(dataset: "contacts", keys: [], reason: "r") { dataset } }`)).toEqual([]);
    expect(refused(admin, `{ contacts(first: 1) { nodes { contact_id } } }`)).toEqual([]);
    expect(refused(admin, `mutation { purgeKeys(dataset: "accounts", keys: [], reason: "r") { dataset } }`)).toEqual(["admin:accounts"]);
    expect(refused(principal("write"), `mutation { discardQuarantine(dataset: "contacts", ids: [], reason: "r") { id } }`)).toEqual(["admin:contacts"]);
    expect(refused(admin, `{ auditLog { nodes { action } } apiKeys { id } }`)).toEqual(["admin"]);
    expect(refused(principal("admin"), `mutation { createApiKey(name: "k", scopes: ["read"]) { token } }`)).toEqual([]);
  });

  it("the refusals name every missing scope once", () => {
    const text = `{ a: accounts(first: 1) { nodes { name } } b: accounts(first: 2) { nodes { name } } contacts(first: 1) { nodes { contact_id } } }`;
    expect(refused(principal("read:web_events"), text).sort()).toEqual(["read:accounts", "read:contacts"]);
  });

  it("datasetsRead of a plan lists each dataset once", () => {
    const document = parse(`{ accounts(first: 1) { nodes { contacts(first: 1) { nodes { account { contacts(first: 1) { nodes { contact_id } } } } } } } }`);
    const [step] = planner.plan(document, document.definitions[0] as OperationDefinitionNode, {}, DEFAULT_LIMITS, key);
    expect(step!.kind).toBe("read");
    expect([...datasetsRead((step as { plan: RootPlan }).plan)].sort()).toEqual(["accounts", "contacts"]);
  });
});
