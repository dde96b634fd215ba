// The rules one model file must meet on its own (docs/model-format.md).

import { describe, it, expect } from "vitest";
import { account, contact, load, onlyProblem, pageView, problem, problemsOf, withFields, without } from "./helpers";

const ACCOUNT = "schema/Account.json";
const PAGE_VIEW = "schema/PageView.json";

describe("a model file", () => {
  it("refuses a file that is not valid JSON", () => {
    expect(onlyProblem({ file: "schema/Broken.json", text: '{ "name": "Broken", ' })).toMatchObject(problem("schema/Broken.json", "$", "is not valid JSON"));
  });

  it("refuses a JSON document that is not an object", () => {
    expect(onlyProblem({ file: "schema/List.json", text: "[]" })).toMatchObject(problem("schema/List.json", "$", "must be a JSON object, received []"));
  });

  it("refuses a model without a primary key", () => {
    expect(onlyProblem(without(account(), "primaryKey"))).toMatchObject(problem(ACCOUNT, "$.primaryKey", "must name the primary key field(s)"));
  });

  it("refuses a primary key naming an undeclared field, suggesting the closest", () => {
    expect(onlyProblem(account({ primaryKey: ["acount_id"] }))).toMatchObject(
      problem(ACCOUNT, "$.primaryKey[0]", 'names field "acount_id", which the model does not declare. Did you mean "account_id"?'),
    );
  });

  it("refuses a model without a version", () => {
    expect(onlyProblem(without(account(), "version"))).toMatchObject(problem(ACCOUNT, "$.version", "must name the version field(s)"));
  });

  it("refuses an unknown field type, suggesting the closest", () => {
    expect(onlyProblem(withFields(account(), { employees: { type: "integr" } }))).toMatchObject(
      problem(ACCOUNT, "$.fields.employees.type", 'unknown field type "integr". Did you mean "integer"?'),
    );
  });

  it.each([
    ["long", "integer"],
    ["double", "number"],
    ["bool", "boolean"],
    ["date-time", "datetime"],
    ["timestamp", "datetime"],
  ])("suggests the type meant by the SQL or XDM type name %s", (type, meant) => {
    expect(onlyProblem(withFields(account(), { x: { type } })).message).toContain(`Did you mean "${meant}"?`);
  });

  it("refuses nested objects and arrays as field types", () => {
    const p = onlyProblem(withFields(account(), { address: { type: "object" } }));
    expect(p).toMatchObject(problem(ACCOUNT, "$.fields.address.type", 'unknown field type "object".'));
    expect(p.fix).toContain("Nested objects and arrays are not supported");
  });

  it("refuses a key field that is not required", () => {
    const doc = withFields(account(), { account_id: { type: "string" } });
    expect(onlyProblem(doc)).toMatchObject(problem(ACCOUNT, "$.primaryKey[0]", 'key field "account_id" is not required'));
  });

  it("refuses a version field of a type that cannot order changes", () => {
    const doc = withFields(account({ version: "name" }), { name: { type: "string", required: true } });
    expect(onlyProblem(doc)).toMatchObject(problem(ACCOUNT, "$.version", 'version field "name" has type "string", which cannot order changes'));
  });

  it("points at the element of a tuple version that has a wrong type", () => {
    const doc = withFields(account({ version: ["revision", "synced_on"] }), {
      revision: { type: "integer", required: true },
      synced_on: { type: "date", required: true },
    });
    expect(onlyProblem(doc)).toMatchObject(problem(ACCOUNT, "$.version[1]", 'version field "synced_on" has type "date"'));
  });

  it("refuses a version field that is not required", () => {
    const doc = withFields(account(), { updated_at: { type: "datetime" } });
    expect(onlyProblem(doc)).toMatchObject(problem(ACCOUNT, "$.version", 'version field "updated_at" is not required'));
  });

  it("accepts integer, number and datetime versions, single or as a tuple", () => {
    const doc = withFields(account({ version: ["revision", "score", "updated_at"] }), {
      revision: { type: "integer", required: true },
      score: { type: "number", required: true },
    });
    expect(load(doc)[0]!.version).toEqual(["revision", "score", "updated_at"]);
  });

  it("refuses a time-series model without a timestamp", () => {
    expect(onlyProblem(without(pageView(), "timestamp"))).toMatchObject(problem(PAGE_VIEW, "$.timestamp", "a time-series model must name its timestamp field"));
  });

  it("refuses a time-series key that does not include the timestamp", () => {
    const doc = withFields(pageView({ primaryKey: ["session_id", "seq"] }), {});
    expect(onlyProblem(doc)).toMatchObject(problem(PAGE_VIEW, "$.primaryKey", 'must include its timestamp "viewed_at"'));
  });

  it("refuses a timestamp that is not a datetime", () => {
    const doc = withFields(pageView(), { viewed_at: { type: "date", required: true } });
    expect(onlyProblem(doc)).toMatchObject(problem(PAGE_VIEW, "$.timestamp", 'timestamp field "viewed_at" must be a required datetime, it is a required date'));
  });

  it("refuses a timestamp naming an undeclared field", () => {
    expect(onlyProblem(pageView({ timestamp: "viewedAt" }))).toMatchObject(
      problem(PAGE_VIEW, "$.timestamp", 'names field "viewedAt", which the model does not declare. Did you mean "viewed_at"?'),
    );
  });

  it("refuses a timestamp on a record model", () => {
    expect(onlyProblem(account({ timestamp: "updated_at" }))).toMatchObject(problem(ACCOUNT, "$.timestamp", "only time-series models have a timestamp"));
  });

  it("refuses an unknown behavior", () => {
    expect(onlyProblem(account({ behavior: "event" }))).toMatchObject(problem(ACCOUNT, "$.behavior", 'must be "record" or "time-series", received "event"'));
  });

  it.each(["contact", "Contact-Person", "9Lives", "__Type", ""])("refuses the model name %j, not a PascalCase GraphQL name", (name) => {
    const doc = contact({ name, relationships: [] });
    expect(onlyProblem({ file: "schema/model.json", text: JSON.stringify(doc) })).toMatchObject(
      problem("schema/model.json", "$.name", "must be a GraphQL type name in PascalCase"),
    );
  });

  it.each(["account-list", "1accounts", "accounts__history", "_mq_accounts", "sqlite_master", "my accounts"])("refuses the dataset name %j", (dataset) => {
    expect(onlyProblem(account({ dataset }))).toMatchObject(problem(ACCOUNT, "$.dataset", "must be a table name of letters, digits and single underscores"));
  });

  it("refuses a field name that is not a valid GraphQL name", () => {
    const problems = problemsOf(withFields(account(), { "first-name": { type: "string" }, "2fa_enabled": { type: "boolean" } }));
    expect(problems).toEqual([
      problem(ACCOUNT, '$.fields["first-name"]', 'field name "first-name" is not a valid GraphQL name'),
      problem(ACCOUNT, '$.fields["2fa_enabled"]', 'field name "2fa_enabled" is not a valid GraphQL name'),
    ]);
  });

  it.each(["_change_request_type", "_version", "_updatedAt", "_mq_hash", "__typename", "_VERSION", "_MQ_ROW"])("refuses the reserved field name %s", (name) => {
    expect(onlyProblem(withFields(account(), { [name]: { type: "string" } }))).toMatchObject(problem(ACCOUNT, `$.fields.${name}`, `field name "${name}" is reserved by mirrorql`));
  });

  it("refuses two field names that differ only in case", () => {
    expect(onlyProblem(withFields(account(), { Name: { type: "string" } }))).toMatchObject(
      problem(ACCOUNT, "$.fields.Name", 'field name "Name" differs from field "name" only in case'),
    );
  });

  it("refuses unknown properties with a did-you-mean hint", () => {
    const doc = withFields(
      account({ tombstoneRetension: "P7D", relationships: [{ field: "region", target: "Account", targetField: "account_id", cardinality: "M:0", inverse_name: "x" }] }),
      {
        name: { type: "string", requird: true },
      },
    );
    expect(problemsOf(doc)).toEqual([
      problem(ACCOUNT, "$.tombstoneRetension", 'unknown model property "tombstoneRetension". Did you mean "tombstoneRetention"?'),
      problem(ACCOUNT, "$.fields.name.requird", 'unknown field property "requird". Did you mean "required"?'),
      problem(ACCOUNT, "$.relationships[0].inverse_name", 'unknown relationship property "inverse_name". Did you mean "inverseName"?'),
    ]);
  });

  it("refuses a required or unique flag that is not a boolean", () => {
    expect(onlyProblem(withFields(account(), { name: { type: "string", required: "yes" } }))).toMatchObject(
      problem(ACCOUNT, "$.fields.name.required", 'must be true or false, received "yes"'),
    );
  });

  it.each([["P1Y"], ["P1M"], ["7 days"], [7], ["P"], ["PT"], ["P1.5D"], ["-P7D"]])("refuses the tombstoneRetention %j", (tombstoneRetention) => {
    expect(onlyProblem(account({ tombstoneRetention }))).toMatchObject(
      problem(ACCOUNT, "$.tombstoneRetention", "must be an ISO-8601 duration in weeks, days, hours, minutes or seconds"),
    );
  });

  it.each([
    ["P7D", 7 * 86_400_000],
    ["P2W", 14 * 86_400_000],
    ["PT36H", 36 * 3_600_000],
    ["P1DT12H30M", 86_400_000 + 12 * 3_600_000 + 30 * 60_000],
    ["PT0.5S", 500],
  ])("reads the tombstoneRetention %s as a fixed length", (tombstoneRetention, ms) => {
    expect(load(account({ tombstoneRetention }))[0]).toMatchObject({ tombstoneRetention, tombstoneRetentionMs: ms });
  });

  it("keeps tombstones forever when no retention is set", () => {
    const [model] = load(account());
    expect(model!.tombstoneRetention).toBeUndefined();
    expect(model!.tombstoneRetentionMs).toBeUndefined();
  });

  it("refuses a relationship from a field the model does not declare", () => {
    expect(onlyProblem(account(), contact({ relationships: [{ field: "acount_id", target: "Account", cardinality: "M:1" }] }))).toMatchObject(
      problem("schema/Contact.json", "$.relationships[0].field", 'must name a root-level field of this model, received "acount_id". Did you mean "account_id"?'),
    );
  });

  it.each(["M:M", "M:N", "N:M", "m:n"])("refuses the many-to-many cardinality %s", (cardinality) => {
    const p = onlyProblem(account(), contact({ relationships: [{ field: "account_id", target: "Account", cardinality }] }));
    expect(p).toMatchObject(problem("schema/Contact.json", "$.relationships[0].cardinality", `many-to-many relationships are not supported, received "${cardinality}"`));
    expect(p.fix).toContain("its own dataset with two M:1 relationships");
  });

  it("refuses a one-to-many cardinality, which belongs on the other model as M:1", () => {
    const p = onlyProblem(account(), contact({ relationships: [{ field: "account_id", target: "Account", cardinality: "1:M" }] }));
    expect(p).toMatchObject(problem("schema/Contact.json", "$.relationships[0].cardinality", 'one-to-many is declared from the other side, received "1:M"'));
    expect(p.fix).toContain('declare "M:1" on the other model');
  });

  it("refuses an unknown cardinality", () => {
    expect(onlyProblem(account(), contact({ relationships: [{ field: "account_id", target: "Account", cardinality: "many-to-one" }] }))).toMatchObject(
      problem("schema/Contact.json", "$.relationships[0].cardinality", 'must be one of M:1, 1:1, M:0, 1:0, received "many-to-one"'),
    );
  });
});
