// The options of `mirrorql keys create` read into a key's name, expiry and limits.

import { describe, expect, it } from "vitest";
import { parseExpiry, parseKeyName, parseLimits } from "../../src/cli/keyOptions";

const NOW = new Date("2026-11-30T10:00:00.000Z");

describe("expiry", () => {
  it.each([
    [{ at: "2027-01-01" }, "2027-01-01T00:00:00.000Z"],
    [{ at: "2027-01-01T12:00Z" }, "2027-01-01T12:00:00.000Z"],
    [{ at: "2027-01-01T12:00:00+02:00" }, "2027-01-01T10:00:00.000Z"],
    [{ at: "2027-01-01T12:00:00.5Z" }, "2027-01-01T12:00:00.500Z"],
    [{ in: "90d" }, "2027-02-28T10:00:00.000Z"],
    [{ in: "12h" }, "2026-11-30T22:00:00.000Z"],
    [{ in: "30m" }, "2026-11-30T10:30:00.000Z"],
    [{ in: "2w" }, "2026-12-14T10:00:00.000Z"],
    [{ in: "P1DT1H" }, "2026-12-01T11:00:00.000Z"],
  ])("%j expires at %s, as UTC text that sorts as time", (given, expected) => {
    expect(parseExpiry(given, NOW)).toBe(expected);
  });

  it("no expiry given: the key does not expire", () => {
    expect(parseExpiry({}, NOW)).toBeUndefined();
  });

  it.each([
    [{ at: "2027-02-30" }, "--expires must be a date"],
    [{ at: "2027-13-01" }, "--expires must be a date"],
    [{ at: "2027-01-01T12:00:00" }, "a time with its zone"],
    [{ at: "tomorrow" }, "--expires must be a date"],
    [{ at: "2026-11-30T10:00:00Z" }, "--expires must be in the future"],
    [{ in: "0d" }, "--expires-in must be a positive span"],
    [{ in: "1y" }, "--expires-in must be a positive span"],
    [{ in: "99999999999d" }, "beyond the dates the mirror can write"],
    [{ at: "2027-01-01", in: "90d" }, "not both"],
  ])("%j is refused: %s", (given, message) => {
    expect(() => parseExpiry(given, NOW)).toThrow(message);
  });
});

describe("name and limits", () => {
  it.each([undefined, "", " padded", "tab\there", "x".repeat(101)])("the name %j is refused", (name) => {
    expect(() => parseKeyName(name)).toThrow(expect.objectContaining({ code: "BAD_USER_INPUT", details: expect.objectContaining({ argument: "name" }) }));
  });

  it("a name may hold spaces and punctuation inside", () => {
    expect(parseKeyName("nightly export (crm)")).toBe("nightly export (crm)");
  });

  it("limits: rates may be fractions, a node limit a whole number; none given is no limits of its own", () => {
    expect(parseLimits({ readsPerSecond: "0.5", writesPerSecond: "10", maxNodes: "5000" })).toEqual({ readsPerSecond: 0.5, writesPerSecond: 10, maxNodes: 5000 });
    expect(parseLimits({})).toBeUndefined();
    expect(() => parseLimits({ maxNodes: "1.5" })).toThrow("--max-nodes must be a positive whole number");
    expect(() => parseLimits({ writesPerSecond: "-1" })).toThrow("--writes-per-second must be a positive number");
  });
});
