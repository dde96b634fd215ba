// The names a model generates in the GraphQL API must be its own.

import { describe, expect, it } from "vitest";
import { isEnumType, isInputObjectType, isObjectType, isScalarType } from "graphql";
import { buildSchema } from "../../src/graphql/buildSchema";
import { FIXED_MUTATION_FIELDS, FIXED_QUERY_FIELDS, FIXED_TYPE_NAMES, apiNames } from "../../src/models/apiNames";
import { loadModels, parseModels } from "../../src/models/loadModels";
import { ModelValidationError } from "../../src/models/ModelProblem";

const model = (name: string, dataset: string) => ({
  name,
  dataset,
  fields: { id: { type: "string", required: true }, v: { type: "integer", required: true } },
  primaryKey: ["id"],
  version: "v",
});

function problemsOf(...docs: object[]) {
  try {
    parseModels(docs.map((d, i) => ({ file: `m${i}.json`, text: JSON.stringify(d) })));
  } catch (e) {
    if (e instanceof ModelValidationError) return e.problems;
    throw e;
  }
  return [];
}

describe("generated API names", () => {
  it("refuses a model whose type would clash with mirrorql's own types", () => {
    expect(problemsOf(model("PageInfo", "pages"))).toContainEqual(expect.objectContaining({ path: "$.name", message: expect.stringContaining('"PageInfo"') }));
  });

  it("refuses a dataset whose root field would clash with mirrorql's own fields", () => {
    expect(problemsOf(model("Batch", "batches"))).toContainEqual(expect.objectContaining({ path: "$.dataset", message: expect.stringContaining('query field "batches"') }));
  });

  it("refuses two models whose generated types would clash", () => {
    expect(problemsOf(model("Account", "accounts"), model("AccountEdge", "account_edges"))).toContainEqual(
      expect.objectContaining({ file: "m1.json", message: expect.stringContaining('"AccountEdge" that this model generates is already used by m0.json') }),
    );
  });

  it("keeps the list of fixed names in step with the schema", () => {
    const models = loadModels("schema");
    const schema = buildSchema(models);
    const generated = new Set(models.flatMap((m) => Object.values(apiNames(m).types)));
    const fixed = Object.keys(schema.getTypeMap()).filter((n) => !n.startsWith("__") && !generated.has(n));
    for (const name of fixed) expect(FIXED_TYPE_NAMES).toContain(name);
    const generatedFields = new Set(models.flatMap((m) => [apiNames(m).query.byKey, apiNames(m).query.list, apiNames(m).mutation.typed]));
    for (const f of Object.keys(schema.getQueryType()!.getFields()).filter((f) => !generatedFields.has(f))) expect(FIXED_QUERY_FIELDS).toContain(f);
    for (const f of Object.keys(schema.getMutationType()!.getFields()).filter((f) => !generatedFields.has(f))) expect(FIXED_MUTATION_FIELDS).toContain(f);
    expect(fixed.every((n) => isObjectType(schema.getType(n)) || isInputObjectType(schema.getType(n)) || isEnumType(schema.getType(n)) || isScalarType(schema.getType(n)))).toBe(
      true,
    );
  });
});
