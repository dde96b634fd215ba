// "versionSource": a model that orders its changes by a change format's native order
// (docs/change-formats.md, "Order": the model says so explicitly).

import { describe, expect, it } from "vitest";
import { account, load, onlyProblem, problem, problemsOf, withFields } from "./helpers";

const ACCOUNT = "schema/Account.json";

/** Account with one more version field `pos` of the given type, used as the version. */
const ordered = (versionSource: unknown, type: string, over: Record<string, unknown> = {}) =>
  withFields(account({ version: "pos", versionSource, ...over }), { pos: { type, required: true } });

describe("versionSource", () => {
  it("is optional: a model without it keeps ordering by its own version fields", () => {
    expect(load(account())[0]!.versionSource).toBeUndefined();
  });

  it.each([
    ["debezium", "integer"],
    ["debezium", "string"],
    ["debezium", "datetime"],
    ["delta-cdf", "integer"],
    ["bigquery-cdc", "string"],
  ])("accepts %s filling a version field of type %s", (versionSource, type) => {
    expect(load(ordered(versionSource, type))[0]).toMatchObject({ version: ["pos"], versionSource });
  });

  it.each([
    ["delta-cdf", "string", "_commit_version, an integer", '"integer"'],
    ["delta-cdf", "datetime", "_commit_version, an integer", '"integer"'],
    ["bigquery-cdc", "integer", "_CHANGE_SEQUENCE_NUMBER, a string", '"string"'],
    ["debezium", "number", "the Postgres LSN (integer)", '"integer" or "string" or "datetime"'],
  ])("refuses %s filling a version field of type %s", (versionSource, type, fills, fix) => {
    const p = onlyProblem(ordered(versionSource, type));
    expect(p).toMatchObject(problem(ACCOUNT, "$.version", `version field "pos" has type "${type}", but versionSource "${versionSource}" fills it with`));
    expect(p.message).toContain(fills);
    expect(p.fix).toContain(fix);
  });

  it("refuses a tuple version: the native order fills exactly one field", () => {
    const doc = withFields(account({ version: ["pos", "updated_at"], versionSource: "delta-cdf" }), { pos: { type: "integer", required: true } });
    const problems = problemsOf(doc);
    expect(problems).toContainEqual(problem(ACCOUNT, "$.version", 'with "versionSource": "delta-cdf" the version must be exactly one field'));
  });

  it("refuses snowflake-stream, which has no per-row order, saying the model's version orders it", () => {
    const p = onlyProblem(ordered("snowflake-stream", "integer"));
    expect(p).toMatchObject(problem(ACCOUNT, "$.versionSource", "Snowflake streams carry no per-row order"));
    expect(p.fix).toContain("the model's own version field orders Snowflake changes");
  });

  it("refuses native as a version source", () => {
    expect(onlyProblem(ordered("native", "integer"))).toMatchObject(problem(ACCOUNT, "$.versionSource", '"native" cannot be a version source'));
  });

  it("refuses an unknown version source, suggesting the closest", () => {
    expect(onlyProblem(ordered("debezum", "integer"))).toMatchObject(
      problem(ACCOUNT, "$.versionSource", 'must be one of "debezium", "delta-cdf", "bigquery-cdc", received "debezum". Did you mean "debezium"?'),
    );
    expect(onlyProblem(ordered(true, "integer"))).toMatchObject(problem(ACCOUNT, "$.versionSource", "received true"));
  });

  it("refuses a native-order version field that is part of the primary key", () => {
    const doc = withFields(account({ primaryKey: ["account_id", "pos"], version: "pos", versionSource: "delta-cdf" }), { pos: { type: "integer", required: true } });
    expect(onlyProblem(doc)).toMatchObject(problem(ACCOUNT, "$.version", 'version field "pos" is part of the primary key'));
  });

  it("still refuses a string version without versionSource, pointing at versionSource", () => {
    const p = onlyProblem(ordered(undefined, "string"));
    expect(p).toMatchObject(problem(ACCOUNT, "$.version", 'version field "pos" has type "string", which cannot order changes'));
    expect(p.fix).toContain('a string version is allowed only with "versionSource"');
  });

  it("keeps the version field required, since every change must carry it", () => {
    const doc = withFields(account({ version: "pos", versionSource: "delta-cdf" }), { pos: { type: "integer" } });
    expect(onlyProblem(doc)).toMatchObject(problem(ACCOUNT, "$.version", 'version field "pos" is not required'));
  });
});
