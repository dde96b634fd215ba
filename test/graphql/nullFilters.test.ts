// Filters and cursors at their edges, on both engines and both backends (the reference
// resolvers on SQLite only): a null condition is no condition, as an absent one; oversized
// filters and forged out-of-range cursors are refused as user input; a null operand is refused,
// _isNull included (it takes true or false).

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BACKENDS } from "../backends";
import { demoApi } from "./fixture";
import { randomBytes } from "node:crypto";
import { CursorKey } from "../../src/query/cursor";
import { cursorPayload, signedCursor } from "../helpers";

type Engine = "compiled" | "resolvers";

describe.each(BACKENDS)("$name", (backend) => {
  // The reference resolvers' SQL is SQLite's; a PostgreSQL server has the compiled engine only.
  const engines: Engine[] = backend.name === "sqlite" ? ["compiled", "resolvers"] : ["compiled"];
  const apis: Partial<Record<Engine, Awaited<ReturnType<typeof demoApi>>>> = {};
  beforeAll(async () => {
    for (const engine of engines) apis[engine] = await demoApi(undefined, engine, backend.location({ lifetime: "file" }));
  }, 60_000);
  afterAll(async () => {
    for (const api of Object.values(apis)) await api.close();
  });

  const count = async (engine: Engine, where: string) =>
    ((await apis[engine]!.execute(`{ accounts(where: ${where}) { totalCount } }`)).result as { data: { accounts: { totalCount: number } } }).data.accounts.totalCount;

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
      const { result } = await apis[engine]!.execute(`{ accounts(where: { industry: { _isNull: null } }) { totalCount } }`);
      expect(result).toMatchObject({
        data: null,
        errors: [
          { message: "Filter industry._isNull received null; give true (the field is null) or false (it is not).", extensions: { code: "BAD_USER_INPUT", field: "industry" } },
        ],
      });
    });
  });

  describe.each(engines)("oversized filters and forged cursors (%s)", (engine) => {
    const codeOf = async (query: string) => ((await apis[engine]!.execute(query)).result as { errors?: { extensions: { code: string } }[] }).errors?.[0]?.extensions.code;

    it("a where of more than 1,000 terms is LIMIT_EXCEEDED, not INTERNAL; 1,000 are answered", async () => {
      const terms = (n: number) => Array.from({ length: n }, (_, i) => `{ name: { _eq: "n${i}" } }`).join(", ");
      expect(await codeOf(`{ accounts(where: { _or: [${terms(1100)}] }) { totalCount } }`)).toBe("LIMIT_EXCEEDED");
      expect(await count(engine, `{ _or: [${terms(500)}] }`)).toBe(0);
      expect(await codeOf(`{ accounts(where: { _or: [${terms(501)}] }) { totalCount } }`)).toBe("LIMIT_EXCEEDED");
    });

    it("a where nested deeper than 32 is LIMIT_EXCEEDED, not INTERNAL", async () => {
      const nested = (n: number) => "{ _not: ".repeat(n) + `{ name: { _neq: "x" } }` + " }".repeat(n);
      expect(await codeOf(`{ accounts(where: ${nested(1100)}) { totalCount } }`)).toBe("LIMIT_EXCEEDED");
      expect(await count(engine, nested(32))).toBe(await count(engine, "{}"));
      expect(await codeOf(`{ accounts(where: ${nested(33)}) { totalCount } }`)).toBe("LIMIT_EXCEEDED");
    });

    it("a String operand holding U+0000 or a lone surrogate is BAD_USER_INPUT naming the argument path, not INTERNAL and never a match", async () => {
      // PostgreSQL cannot bind U+0000 (22021) and SQLite's LIKE stops at it ("apple\u0000" matched "apple"); no stored string holds either.
      const cases: [string, string][] = [
        ["{ name: { _eq: $v } }", "where.name._eq"],
        ["{ name: { _neq: $v } }", "where.name._neq"],
        ["{ name: { _gt: $v } }", "where.name._gt"],
        ["{ name: { _startsWith: $v } }", "where.name._startsWith"],
        ["{ name: { _like: $v } }", "where.name._like"],
        ["{ name: { _ilike: $v } }", "where.name._ilike"],
        ['{ name: { _in: ["x", $v] } }', "where.name._in[1]"],
        ["{ name: { _nin: [$v] } }", "where.name._nin[0]"],
        ['{ _or: [{ name: { _eq: "x" } }, { _not: { name: { _eq: $v } } }] }', "where._or[1]._not.name._eq"],
      ];
      for (const v of ["A\u0000", "A\ud800", "\udfffA"]) {
        for (const [where, argument] of cases) {
          const { result } = await apis[engine]!.execute(`query($v: String!) { accounts(where: ${where}) { nodes { name } } }`, { v });
          expect(result, where).toMatchObject({
            data: null,
            errors: [{ extensions: { code: "BAD_USER_INPUT", argument, field: "name", expected: expect.stringContaining("U+0000"), received: `${JSON.stringify(v)} (string)` } }],
          });
        }
      }
      // Through a relationship filter and in a nested list, the path starts at that list's own where.
      const related = await apis[engine]!.execute(`query($v: String!) { contacts(where: { account: { name: { _startsWith: $v } } }) { totalCount } }`, { v: "A\u0000" });
      expect(related.result).toMatchObject({ errors: [{ extensions: { code: "BAD_USER_INPUT", argument: "where.account.name._startsWith" } }] });
    });

    it("a key argument holding U+0000 or a lone surrogate is BAD_USER_INPUT naming the key, not INTERNAL", async () => {
      for (const v of ["acc-1001\u0000", "acc-\ud800"]) {
        const { result } = await apis[engine]!.execute(`query($v: String!) { account(account_id: $v) { name } regions(first: 1) { totalCount } }`, { v });
        expect(result).toMatchObject({
          data: { account: null, regions: { totalCount: 7 } },
          errors: [{ path: ["account"], extensions: { code: "BAD_USER_INPUT", argument: "account_id", field: "account_id", received: `${JSON.stringify(v)} (string)` } }],
        });
      }
    });

    it("a forged cursor whose value holds U+0000 is refused as BAD_USER_INPUT, not INTERNAL", async () => {
      const first = (await apis[engine]!.execute(`{ accounts(first: 1, orderBy: [{ name: ASC }]) { pageInfo { endCursor } } }`)).result as {
        data: { accounts: { pageInfo: { endCursor: string } } };
      };
      const [fingerprint, values] = cursorPayload(first.data.accounts.pageInfo.endCursor);
      const forged = signedCursor(apis[engine]!.mirror.cursorKey, [fingerprint, ["A\u0000", ...values.slice(1)]]);
      const { result } = await apis[engine]!.execute(`{ accounts(first: 1, orderBy: [{ name: ASC }], after: "${forged}") { totalCount } }`);
      expect(result).toMatchObject({ errors: [{ extensions: { code: "BAD_USER_INPUT", argument: "after" } }] });
    });

    it("a cursor signed with another database's secret is refused as BAD_USER_INPUT: cursors are authenticated", async () => {
      const first = (await apis[engine]!.execute(`{ accounts(first: 1, orderBy: [{ name: ASC }]) { pageInfo { endCursor } } }`)).result as {
        data: { accounts: { pageInfo: { endCursor: string } } };
      };
      const elsewhere = signedCursor(new CursorKey(randomBytes(32)), cursorPayload(first.data.accounts.pageInfo.endCursor));
      const { result } = await apis[engine]!.execute(`{ accounts(first: 1, orderBy: [{ name: ASC }], after: "${elsewhere}") { totalCount } }`);
      expect(result).toMatchObject({ errors: [{ message: expect.stringContaining("did not make it"), extensions: { code: "BAD_USER_INPUT", argument: "after" } }] });
      const own = (await apis[engine]!.execute(`{ accounts(first: 1, orderBy: [{ name: ASC }], after: "${first.data.accounts.pageInfo.endCursor}") { totalCount } }`)).result;
      expect(own).not.toHaveProperty("errors");
    });

    it("a cursor holding an integer beyond 64 bits is refused as BAD_USER_INPUT", async () => {
      const first = (await apis[engine]!.execute(`{ contacts(first: 1, orderBy: [{ row_scn: ASC }]) { pageInfo { endCursor } } }`)).result as {
        data: { contacts: { pageInfo: { endCursor: string } } };
      };
      const [fingerprint, values] = cursorPayload(first.data.contacts.pageInfo.endCursor);
      const forged = signedCursor(apis[engine]!.mirror.cursorKey, [fingerprint, [{ i: "99999999999999999999" }, ...values.slice(1)]]);
      expect(await codeOf(`{ contacts(first: 1, orderBy: [{ row_scn: ASC }], after: "${forged}") { totalCount } }`)).toBe("BAD_USER_INPUT");
    });
  });
});
