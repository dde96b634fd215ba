// null in a filter: a null condition is no condition, as an absent one, on both engines;
// a null operand is refused, _isNull included (it takes true or false).

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoApi } from "./fixture";

const engines = ["compiled", "resolvers"] as const;
let apis: Record<(typeof engines)[number], Awaited<ReturnType<typeof demoApi>>>;
beforeAll(async () => {
  apis = { compiled: await demoApi(undefined, "compiled"), resolvers: await demoApi(undefined, "resolvers") };
});
afterAll(async () => {
  for (const api of Object.values(apis)) await api.close();
});

const count = async (engine: (typeof engines)[number], where: string) =>
  ((await apis[engine].execute(`{ accounts(where: ${where}) { totalCount } }`)).result as { data: { accounts: { totalCount: number } } }).data.accounts.totalCount;

describe.each(engines)("null in where (%s)", (engine) => {
  it("a null _and, _or, _not, field or relationship filter is no condition", async () => {
    const all = await count(engine, "{}");
    expect(all).toBeGreaterThan(1);
    for (const where of ["{ _and: null }", "{ _or: null }", "{ _not: null }", "{ name: null }", "{ region: null }"]) expect(await count(engine, where)).toBe(all);
  });

  it("an empty _or list matches nothing, an empty _and list everything", async () => {
    expect(await count(engine, "{ _or: [] }")).toBe(0);
    expect(await count(engine, "{ _and: [] }")).toBe(await count(engine, "{}"));
  });

  it("_isNull: null is refused with BAD_USER_INPUT naming the field", async () => {
    const { result } = await apis[engine].execute(`{ accounts(where: { industry: { _isNull: null } }) { totalCount } }`);
    expect(result).toMatchObject({
      data: null,
      errors: [{ message: "Filter industry._isNull received null; give true (the field is null) or false (it is not).", extensions: { code: "BAD_USER_INPUT", field: "industry" } }],
    });
  });
});
