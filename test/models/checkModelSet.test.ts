// The rules that span models: unique names, and relationships that resolve to a real, compatible, unique field.

import { describe, it, expect } from "vitest";
import { account, contact, load, onlyProblem, pageView, problem, problemsOf, withFields } from "./helpers";

const CONTACT = "schema/Contact.json";
const rel = (r: Record<string, unknown>) => contact({ relationships: [{ field: "account_id", target: "Account", cardinality: "M:1", ...r }] });

describe("a set of models", () => {
  it("refuses duplicate model names", () => {
    const second = { file: "schema/Account2.json", text: JSON.stringify(account({ dataset: "customers" })) };
    expect(onlyProblem(account(), second)).toMatchObject(problem("schema/Account2.json", "$.name", 'model name "Account" is already used by schema/Account.json'));
  });

  it("refuses duplicate datasets", () => {
    expect(onlyProblem(account(), contact({ dataset: "accounts", relationships: [] }))).toMatchObject(
      problem(CONTACT, "$.dataset", 'dataset "accounts" is already used by schema/Account.json'),
    );
  });

  it("refuses datasets that differ only in case, since table names ignore case", () => {
    expect(onlyProblem(account(), contact({ dataset: "Accounts", relationships: [] }))).toMatchObject(
      problem(CONTACT, "$.dataset", 'dataset "Accounts" is already used by schema/Account.json (as "accounts": table names ignore case)'),
    );
  });

  it("refuses a relationship to an unknown model, suggesting the closest", () => {
    expect(onlyProblem(account(), rel({ target: "Acount" }))).toMatchObject(
      problem(CONTACT, "$.relationships[0].target", 'target model "Acount" does not exist. Did you mean "Account"?'),
    );
  });

  it("refuses a relationship to an unknown field of the target", () => {
    expect(onlyProblem(account(), rel({ targetField: "acount_id" }))).toMatchObject(
      problem(CONTACT, "$.relationships[0].targetField", 'target "Account" has no field "acount_id". Did you mean "account_id"?'),
    );
  });

  it("refuses a targetField that is neither the target's primary key nor unique", () => {
    expect(onlyProblem(account(), rel({ targetField: "region" }))).toMatchObject(
      problem(CONTACT, "$.relationships[0].targetField", '"Account.region" is neither the target\'s primary key nor declared unique'),
    );
  });

  it("accepts a targetField declared unique", () => {
    const [, c] = load(account(), rel({ targetField: "billing_id" }));
    expect(c!.relationships[0]).toMatchObject({ target: "Account", targetField: "billing_id" });
  });

  it("refuses a relationship to a composite-key target without targetField", () => {
    const doc = withFields(contact({ relationships: [{ field: "session_id", target: "PageView", cardinality: "M:0" }] }), { session_id: { type: "string" } });
    expect(onlyProblem(doc, pageView())).toMatchObject(
      problem(CONTACT, "$.relationships[0].targetField", 'target "PageView" has a composite primary key (session_id, viewed_at), which one field cannot reference'),
    );
  });

  it("refuses a relationship between fields of different types", () => {
    const doc = withFields(rel({}), { account_id: { type: "integer" } });
    expect(onlyProblem(account(), doc)).toMatchObject(
      problem(CONTACT, "$.relationships[0].field", '"Contact.account_id" is an integer but references "Account.account_id", a string'),
    );
  });

  it("refuses a relationship name that clashes with a field", () => {
    const doc = withFields(rel({}), { account: { type: "string" } });
    expect(onlyProblem(account(), doc)).toMatchObject(problem(CONTACT, "$.relationships[0]", 'relationship "account" on Contact clashes with field "account"'));
  });

  it("refuses an inverse name that clashes with a field of the target", () => {
    expect(onlyProblem(account(), rel({ inverseName: "region" }))).toMatchObject(
      problem(CONTACT, "$.relationships[0]", 'inverse relationship "region" on Account clashes with field "region"'),
    );
  });

  it("refuses two relationships whose default inverse names clash", () => {
    const doc = withFields(
      contact({
        relationships: [
          { field: "account_id", target: "Account", cardinality: "M:1" },
          { field: "billing_account_id", target: "Account", cardinality: "M:0" },
        ],
      }),
      { billing_account_id: { type: "string" } },
    );
    expect(onlyProblem(account(), doc)).toMatchObject(
      problem(CONTACT, "$.relationships[1]", 'inverse relationship "contacts" on Account clashes with inverse relationship "contacts" of schema/Contact.json'),
    );
  });

  it.each(["_version", "_mq_account", "__account"])("refuses the reserved relationship name %s", (name) => {
    const p = onlyProblem(account(), rel({ name }));
    expect(p.path).toBe("$.relationships[0].name");
    expect(p.message).toMatch(/reserved by mirrorql|valid GraphQL field name/);
  });

  it.each([
    ["account_id", "M:1", "account", "contacts"],
    ["accountId", "M:0", "account", "contacts"],
    ["parentAccountID", "M:1", "parentAccount", "contacts"],
    ["owner", "1:1", "account", "contact"],
    ["primary_account_id", "1:0", "primary_account", "contact"],
  ])("names a relationship on %s (%s) %s, with inverse %s, by default", (field, cardinality, name, inverseName) => {
    const doc = withFields(contact({ relationships: [{ field, target: "Account", cardinality }] }), { account_id: undefined, [field]: { type: "string" } });
    const contactModel = load(account(), doc).find((m) => m.name === "Contact")!;
    expect(contactModel.relationships).toEqual([{ field, target: "Account", targetField: "account_id", cardinality, name, inverseName }]);
  });

  it("keeps explicit relationship names", () => {
    const [, c] = load(account(), rel({ name: "employer", inverseName: "staff" }));
    expect(c!.relationships[0]).toMatchObject({ name: "employer", inverseName: "staff" });
  });

  it("accepts a reference to its own model", () => {
    const doc = withFields(account({ relationships: [{ field: "parent_id", target: "Account", cardinality: "M:0", inverseName: "subsidiaries" }] }), {
      parent_id: { type: "string" },
    });
    expect(load(doc)[0]!.relationships[0]).toMatchObject({ name: "parent", inverseName: "subsidiaries", targetField: "account_id" });
  });

  it("does not report a reference to a model that is refused for its own problems", () => {
    const brokenAccount = withFields(account(), { account_id: { type: "string" } });
    expect(problemsOf(brokenAccount, contact())).toEqual([problem("schema/Account.json", "$.primaryKey[0]", 'key field "account_id" is not required')]);
  });
});
