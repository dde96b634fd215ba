// "indexes": ordered field lists a model asks the state table to be indexed on; each one
// must name declared fields and be one that neither the primary key nor another index provides.

import { describe, expect, it } from "vitest";
import { account, contact, load, onlyProblem, pageView, problem, problemsOf, withFields } from "./helpers";

const ACCOUNT = "schema/Account.json";
const PAGE_VIEW = "schema/PageView.json";

/** Account with an integer `score` to sort by. */
const scored = (indexes: unknown) => withFields(account({ indexes }), { score: { type: "integer" } });

describe("indexes", () => {
  it("is optional: a model without it declares no index", () => {
    expect(load(account())[0]!.indexes).toEqual([]);
  });

  it("keeps each index's fields in the order written, and the indexes in the order listed", () => {
    expect(load(scored([["region"], ["score", "account_id"], ["name", "region"]]))[0]!.indexes).toEqual([["region"], ["score", "account_id"], ["name", "region"]]);
  });

  it("accepts an index that reorders the primary key's fields, which the key's order does not serve", () => {
    expect(load(pageView({ indexes: [["viewed_at", "session_id"]] }))[0]!.indexes).toEqual([["viewed_at", "session_id"]]);
  });

  it("accepts an index on a relationship field, which the automatic relationship index then serves", () => {
    expect(load(account(), contact({ indexes: [["account_id"], ["score"]] }))[1]!.indexes).toEqual([["account_id"], ["score"]]);
  });

  it.each([[{ region: 1 }], ["region"], [null]])("refuses indexes that are not an array: %j", (indexes) => {
    expect(onlyProblem(account({ indexes }))).toMatchObject(problem(ACCOUNT, "$.indexes", "must be an array of indexes, each a list of field names"));
  });

  it.each([[[]], [[1]], [["region", null]], [{ fields: ["region"] }]])("refuses an index that is not a non-empty array of field names: %j", (entry) => {
    expect(onlyProblem(account({ indexes: [["name"], entry] }))).toMatchObject(problem(ACCOUNT, "$.indexes[1]", "must be a non-empty array of field names"));
  });

  it("refuses a bare field name as an index, showing the list to write", () => {
    expect(onlyProblem(account({ indexes: ["region"] }))).toMatchObject(problem(ACCOUNT, "$.indexes[0]", 'received "region". To index "region" alone, write ["region"].'));
  });

  it("refuses an index naming an undeclared field, suggesting the closest", () => {
    expect(onlyProblem(account({ indexes: [["name", "regoin"]] }))).toMatchObject(
      problem(ACCOUNT, "$.indexes[0][1]", 'names field "regoin", which the model does not declare. Did you mean "region"?'),
    );
  });

  it("refuses a field repeated within one index", () => {
    expect(onlyProblem(account({ indexes: [["region", "name", "region"]] }))).toMatchObject(problem(ACCOUNT, "$.indexes[0][2]", 'names field "region" twice'));
  });

  it("refuses the same index listed twice, pointing at the first", () => {
    expect(onlyProblem(scored([["region", "score"], ["name"], ["region", "score"]]))).toMatchObject(
      problem(ACCOUNT, "$.indexes[2]", 'repeats index $.indexes[0] ["region","score"]'),
    );
  });

  it("refuses an index that is the start of another declared index, which serves its queries", () => {
    expect(onlyProblem(scored([["region"], ["region", "score"]]))).toMatchObject(
      problem(ACCOUNT, "$.indexes[0]", '["region"] is the start of index $.indexes[1] ["region","score"]'),
    );
  });

  it("refuses an index that repeats the primary key", () => {
    expect(onlyProblem(account({ indexes: [["account_id"]] }))).toMatchObject(problem(ACCOUNT, "$.indexes[0]", 'repeats the primary key ["account_id"]'));
  });

  it("refuses an index on the start of a composite primary key, by which the dataset is already stored", () => {
    expect(onlyProblem(pageView({ indexes: [["session_id"]] }))).toMatchObject(
      problem(PAGE_VIEW, "$.indexes[0]", '["session_id"] is the start of the primary key ["session_id","viewed_at"]'),
    );
  });

  it("refuses an index that starts with the whole primary key, whose uniqueness leaves nothing for later fields to order", () => {
    const p = onlyProblem(account({ indexes: [["account_id", "region"]] }));
    expect(p).toMatchObject(problem(ACCOUNT, "$.indexes[0]", '["account_id","region"] starts with the whole primary key ["account_id"]'));
    expect(p.fix).toContain("index the fields after the key on their own");
  });

  it("reports every index problem of every file at once", () => {
    const problems = problemsOf(account({ indexes: [["regin"], ["account_id"], "name"] }), contact({ indexes: {} }));
    expect(problems).toEqual([
      problem(ACCOUNT, "$.indexes[0][0]", 'names field "regin"'),
      problem(ACCOUNT, "$.indexes[2]", "must be a non-empty array of field names"),
      problem(ACCOUNT, "$.indexes[1]", "repeats the primary key"),
      problem("schema/Contact.json", "$.indexes", "must be an array of indexes"),
    ]);
  });

  it("refuses a misspelt indexes property with a did-you-mean hint", () => {
    expect(onlyProblem(account({ index: [["region"]] }))).toMatchObject(problem(ACCOUNT, "$.index", 'unknown model property "index". Did you mean "indexes"?'));
  });
});
