// What each field type makes of a bigint: a JSON integer beyond 2^53 as the HTTP server reads it (server/parseBody.ts).

import { describe, expect, it } from "vitest";
import { COERCE, describeReceived } from "../../src/changes/coerceValue";

describe("a bigint in a row", () => {
  it("an integer field stores a bigint within 64 bits exactly and refuses one beyond", () => {
    expect(COERCE.integer(9007199254740993n)).toBe(9007199254740993n);
    expect(COERCE.integer(-(2n ** 63n))).toBe(-(2n ** 63n));
    expect(COERCE.integer(2n ** 63n - 1n)).toBe(2n ** 63n - 1n);
    expect(COERCE.integer(2n ** 63n)).toBeUndefined();
    expect(COERCE.integer(2n ** 64n + 1n)).toBeUndefined();
  });

  it("a number field stores the nearest double, as JSON.parse gives for the same digits", () => {
    expect(COERCE.number(9007199254740993n)).toBe(JSON.parse("9007199254740993"));
    expect(COERCE.number(18446744073709551617n)).toBe(JSON.parse("18446744073709551617"));
    expect(COERCE.number(10n ** 400n)).toBeUndefined(); // JSON.parse gives Infinity, which a number field refuses
  });

  it("a string field refuses a bigint, as it refuses every number", () => {
    expect(COERCE.string(9007199254740993n)).toBeUndefined();
    expect(COERCE.string(9007199254740991)).toBeUndefined();
  });

  it("a refused bigint is described with its exact digits as the number the client sent, alone or inside a row", () => {
    expect(describeReceived(18446744073709551617n)).toBe("18446744073709551617 (number)");
    expect(describeReceived({ a: 9007199254740993n })).toBe('{"a":9007199254740993} (object)');
  });
});
