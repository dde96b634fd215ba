// Datetimes are stored in one canonical UTC text form (src/changes/datetime.ts). The common shape,
// already UTC with a `T` and seconds, is read character by character for speed; it must say exactly
// what the pattern of that shape says, for every text, and leave every other text to the general
// ISO-8601 reading.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalDatetime } from "../../src/changes/datetime";

const UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/;
const daysInMonth = (y: number, m: number) => (m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31);

/** The reference reading of the UTC shape, by its pattern; "other" for a text not of that shape. */
function byPattern(text: string): string | undefined | "other" {
  const m = UTC.exec(text);
  if (!m) return "other";
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const valid = y >= 1 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo) && h < 24 && mi < 60 && s < 60;
  return valid ? `${text.slice(0, 19)}.${(m[7] ?? "").padEnd(9, "0")}Z` : undefined;
}

const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, "0"));
const shaped = fc
  .tuple(fc.integer({ min: 0, max: 9999 }), two(19), two(39), two(29), two(69), two(69), fc.option(fc.stringMatching(/^[0-9]{0,11}$/)))
  .map(([y, mo, d, h, mi, s, f]) => `${String(y).padStart(4, "0")}-${mo}-${d}T${h}:${mi}:${s}${f === null ? "" : `.${f}`}Z`);
const noise = fc.array(fc.constantFrom(..."0123456789-T:.Zz +x".split("")), { maxLength: 32 }).map((a) => a.join(""));
const texts = fc.oneof(
  shaped,
  noise,
  shaped.map((t) => t.slice(1)),
  shaped.map((t) => t.replace("T", " ")),
  shaped.map((t) => t.replace("Z", "+00:00")),
);

describe("canonical datetimes", () => {
  it("reads the UTC shape exactly as its pattern does, out-of-range parts refused", () => {
    fc.assert(
      fc.property(texts, (text) => {
        const expected = byPattern(text);
        if (expected !== "other") expect(canonicalDatetime(text)).toBe(expected);
      }),
      { numRuns: 20_000 },
    );
  });

  it("gives the texts of other shapes the general reading: offsets, spaces, no seconds", () => {
    expect(canonicalDatetime("2026-03-01T10:00:00.5+02:00")).toBe("2026-03-01T08:00:00.500000000Z");
    expect(canonicalDatetime("2026-03-01 10:00")).toBe("2026-03-01T10:00:00.000000000Z");
    expect(canonicalDatetime("2026-03-01T10:00:00.123456789Z")).toBe("2026-03-01T10:00:00.123456789Z");
    expect(canonicalDatetime("2026-02-29T10:00:00Z")).toBeUndefined();
    expect(canonicalDatetime("2026-03-01T10:00:00.Z")).toBeUndefined();
  });
});
