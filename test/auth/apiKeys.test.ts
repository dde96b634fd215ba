// API key material and scopes: the key text's shape, strict parsing, hashing and constant-time
// matching of secrets, and which scope strings a key may carry.

import { createHash } from "node:crypto";
import * as crypto from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { generateApiKey, hashSecret, parseApiKey, secretMatches } from "../../src/auth/apiKeys";
import { parseScope } from "../../src/auth/scopes";
import { MirrorError } from "../../src/errors";

vi.mock("node:crypto", async (original) => {
  const actual = await original<typeof import("node:crypto")>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

describe("key text", () => {
  it("a key is mq_, a 12-character lower-case base32 id, _, and 32 random bytes in base64url", () => {
    const { id, secret, text } = generateApiKey();
    expect(id).toMatch(/^[a-z2-7]{12}$/);
    expect(Buffer.from(secret, "base64url")).toHaveLength(32);
    expect(text).toBe(`mq_${id}_${secret}`);
  });

  it("every key made is different, in id and secret", () => {
    const keys = Array.from({ length: 200 }, generateApiKey);
    expect(new Set(keys.map((k) => k.id)).size).toBe(200);
    expect(new Set(keys.map((k) => k.secret)).size).toBe(200);
  });

  it("a made key parses back to its id and secret, also when its secret holds _ or -", () => {
    for (let i = 0; i < 50; i++) {
      const { id, secret, text } = generateApiKey();
      expect(parseApiKey(text)).toEqual({ id, secret });
    }
    const secret = `_-${"A".repeat(40)}A`;
    expect(parseApiKey(`mq_abcdefghijkl_${secret}`)).toEqual({ id: "abcdefghijkl", secret });
  });

  it.each([
    ["", "empty"],
    ["abcdefghijkl", "an id alone"],
    [` mq_abcdefghijkl_${"A".repeat(43)}`, "leading space"],
    [`mq_abcdefghijkl_${"A".repeat(43)}\n`, "trailing newline"],
    [`MQ_abcdefghijkl_${"A".repeat(43)}`, "prefix in capitals"],
    [`mq_ABCDEFGHIJKL_${"A".repeat(43)}`, "id in capitals"],
    [`mq_abcdefghijk1_${"A".repeat(43)}`, "id with a digit outside base32"],
    [`mq_abcdefghijk_${"A".repeat(43)}`, "id of 11 characters"],
    [`mq_abcdefghijkl_${"A".repeat(42)}`, "secret of 42 characters"],
    [`mq_abcdefghijkl_${"A".repeat(44)}`, "secret of 44 characters"],
    [`mq_abcdefghijkl_${"A".repeat(42)}=`, "padded secret"],
    [`mq_abcdefghijkl_${"A".repeat(42)}+`, "secret in standard base64"],
    [`mq_abcdefghijkl_${"A".repeat(42)}B`, "secret not in canonical form (spare bits set)"],
  ])("a text that is not exactly a key is refused: %j (%s)", (text) => {
    expect(parseApiKey(text)).toBeUndefined();
  });
});

describe("secrets", () => {
  it("the stored hash is SHA-256 of the secret part", () => {
    const { secret } = generateApiKey();
    expect(hashSecret(secret)).toEqual(createHash("sha256").update(secret).digest());
  });

  it("a secret matches its own hash only", () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(secretMatches(a.secret, hashSecret(a.secret))).toBe(true);
    expect(secretMatches(b.secret, hashSecret(a.secret))).toBe(false);
    expect(secretMatches(a.secret, Buffer.alloc(0))).toBe(false);
    expect(secretMatches(a.secret, hashSecret(a.secret).subarray(0, 31))).toBe(false);
  });

  it("a secret is compared with crypto.timingSafeEqual, whose time does not depend on where the bytes differ", () => {
    const timingSafeEqual = vi.mocked(crypto.timingSafeEqual);
    timingSafeEqual.mockClear();
    const { secret } = generateApiKey();
    secretMatches(secret, hashSecret("another"));
    expect(timingSafeEqual).toHaveBeenCalledTimes(1);
  });
});

describe("scopes", () => {
  it.each([
    ["read", { action: "read" }],
    ["write", { action: "write" }],
    ["admin", { action: "admin" }],
    ["read:contacts", { action: "read", dataset: "contacts" }],
    ["write:order_lines", { action: "write", dataset: "order_lines" }],
    ["admin:Accounts2", { action: "admin", dataset: "Accounts2" }],
  ])("%j is a scope", (text, scope) => {
    expect(parseScope(text)).toEqual(scope);
  });

  const refusal = (text: string): MirrorError => {
    try {
      parseScope(text);
    } catch (e) {
      if (e instanceof MirrorError) return e;
      throw e;
    }
    throw new Error(`expected ${JSON.stringify(text)} to be refused`);
  };

  it.each([
    ["reed", `must be read, write or admin, optionally followed by ":dataset" (e.g. "read:contacts"), received "reed". Did you mean "read"?`],
    ["READ", `received "READ"`],
    ["", `received "".`],
    ["delete:contacts", `received "delete:contacts".`],
    ["read:", `names the dataset after ":", which must be a table name of letters, digits and single underscores, starting with a letter; received "" in "read:"`],
    ["read:2020_contacts", `received "2020_contacts"`],
    ["read:contacts:extra", `received "contacts:extra"`],
    ["read:a__b", `received "a__b"`],
    ["read:sqlite_master", `received "sqlite_master"`],
    ["read: contacts", `received " contacts"`],
  ])("%j is refused with BAD_USER_INPUT naming the scope, the rule and what was received", (text, message) => {
    const e = refusal(text);
    expect(e.code).toBe("BAD_USER_INPUT");
    expect(e.details).toEqual({ argument: "scope", scope: text });
    expect(e.message).toContain(`The scope ${JSON.stringify(text)} is not valid`);
    expect(e.message).toContain(message);
  });
});
