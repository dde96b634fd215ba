// parseBody: JSON.parse for ordinary bodies; integers beyond 2^53 kept as bigints with the digits sent.

import { describe, expect, it, vi } from "vitest";
import { parseExactJson as parseBody } from "../../src/changes/parseExactJson";

describe("parseBody", () => {
  it("a body with no run of 16 digits goes through JSON.parse", () => {
    const spy = vi.spyOn(JSON, "parse");
    try {
      const text = '{"variables":{"rows":[{"n":900719925474099,"x":1.5e300,"s":"abc"}]}}';
      expect(parseBody(text)).toEqual({ variables: { rows: [{ n: 900719925474099, x: 1.5e300, s: "abc" }] } });
      expect(spy).toHaveBeenCalledWith(text);
    } finally {
      spy.mockRestore();
    }
  });

  it("an integer JSON.parse would round becomes a bigint with the digits sent; other numbers are what JSON.parse gives", () => {
    const spy = vi.spyOn(JSON, "parse");
    try {
      const text = '{"a":9007199254740993,"b":-18446744073709551617,"c":1234567890123456,"d":1234567890123456.7,"e":1e17,"f":"9007199254740993","g":9007199254740991}';
      expect(parseBody(text)).toEqual({
        a: 9007199254740993n,
        b: -18446744073709551617n,
        c: 1234567890123456,
        d: 1234567890123456.7,
        e: 1e17,
        f: "9007199254740993",
        g: 9007199254740991,
      });
      expect(spy).not.toHaveBeenCalledWith(text);
    } finally {
      spy.mockRestore();
    }
  });

  it("keeps the last of repeated keys and own __proto__ keys, as JSON.parse does", () => {
    const text = '{"a":1,"a":9007199254740993,"__proto__":{"polluted":1}}';
    const parsed = parseBody(text) as Record<string, unknown>;
    expect(parsed.a).toBe(9007199254740993n);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(Object.keys(JSON.parse(text)));
  });

  it("throws a SyntaxError on text that is not JSON, on both paths", () => {
    expect(() => parseBody('{"a":')).toThrow(SyntaxError);
    expect(() => parseBody('{"a":9007199254740993')).toThrow(SyntaxError);
  });
});

describe("parseBody on a body nested deeper than the lossless parser's stack", () => {
  it("reads it as JSON.parse does rather than failing", () => {
    const depth = 100_000;
    const text = `{"n":9007199254740993,"deep":${"[".repeat(depth)}1${"]".repeat(depth)}}`;
    const parsed = parseBody(text) as { n: unknown; deep: unknown };
    expect(parsed.n).toBe(JSON.parse(text).n);
  });
});
