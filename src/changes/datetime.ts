// Datetimes are stored as instants in one canonical text form,
// `YYYY-MM-DDTHH:MM:SS.fffffffffZ` (UTC, nanoseconds), so that text order is time
// order in SQL and no precision a warehouse sends is lost.

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The digit at `i` of `text`, or -1 when it is not one of 0-9. */
function digit(text: string, i: number): number {
  const c = text.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/** The number spelled by the digits from `from` to `to` (exclusive), or -1 when one is not a digit. */
function digits(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = digit(text, i);
    if (d < 0) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * The common case on the write path, `YYYY-MM-DDTHH:MM:SS[.f{1,9}]Z` (already UTC, with a `T` and
 * seconds), read character by character: its canonical form, undefined when a part is out of range
 * (month 13, 31 February), or null when the text is not of this shape.
 */
function canonicalUtc(text: string): string | undefined | null {
  const n = text.length;
  if (n < 20 || n > 30 || n === 21 || text.charCodeAt(n - 1) !== 90 /* Z */) return null;
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 84 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return null;
  const y = digits(text, 0, 4);
  const mo = digits(text, 5, 7);
  const d = digits(text, 8, 10);
  const h = digits(text, 11, 13);
  const mi = digits(text, 14, 16);
  const s = digits(text, 17, 19);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || s < 0) return null;
  if (n > 20 && (text.charCodeAt(19) !== 46 /* . */ || digits(text, 20, n - 1) < 0)) return null;
  if (!(y >= 1 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo) && h < 24 && mi < 60 && s < 60)) return undefined;
  if (n === 30) return text;
  return n === 20 ? `${text.slice(0, 19)}.000000000Z` : `${text.slice(0, n - 1)}${"000000000".slice(n - 21)}Z`;
}

const daysInMonth = (y: number, m: number) => (m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31);

const pad = (n: number, width: number) => String(n).padStart(width, "0");

function utcMillis(y: number, mo: number, d: number, h: number, mi: number, s: number): number | undefined {
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, 0);
  const t = date.getTime();
  // Reject overflowing parts (month 13, 31 February, hour 24) instead of rolling them over.
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  if (date.getUTCHours() !== h || date.getUTCMinutes() !== mi || date.getUTCSeconds() !== s) return undefined;
  return t;
}

function formatMillis(ms: number): string | undefined {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  if (!(y >= 1 && y <= 9999)) return undefined;
  return `${pad(y, 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}` + `T${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;
}

/**
 * The canonical UTC form of an ISO-8601 datetime, or undefined when the text is not one.
 * Without an offset the time is taken as UTC.
 * @example canonicalDatetime("2026-03-01T10:00:00.5+02:00") // "2026-03-01T08:00:00.500000000Z"
 */
export function canonicalDatetime(text: string): string | undefined {
  const utc = canonicalUtc(text);
  if (utc !== null) return utc;
  const m = ISO.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = "0", mi = "0", s = "0", frac = "", zone = "Z"] = m;
  const base = utcMillis(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s));
  if (base === undefined) return undefined;
  let offsetMinutes = 0;
  if (zone !== "Z" && zone !== "z") {
    const digits = zone.replace(":", "");
    const oh = Number(digits.slice(1, 3));
    const om = Number(digits.slice(3, 5) || "0");
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = (zone[0] === "-" ? -1 : 1) * (oh * 60 + om);
  }
  const whole = formatMillis(base - offsetMinutes * 60_000);
  return whole === undefined ? undefined : `${whole}.${frac.padEnd(9, "0")}Z`;
}

/** The canonical form of a JavaScript Date (millisecond precision). */
export function canonicalFromDate(date: Date): string | undefined {
  const ms = date.getTime();
  if (Number.isNaN(ms)) return undefined;
  const whole = formatMillis(ms);
  return whole === undefined ? undefined : `${whole}.${pad(((ms % 1000) + 1000) % 1000, 3)}000000Z`;
}

/** A calendar date `YYYY-MM-DD`, checked to exist. */
export function canonicalDate(text: string): string | undefined {
  const m = DATE.exec(text);
  if (!m) return undefined;
  const [, y, mo, d] = m;
  return utcMillis(Number(y), Number(mo), Number(d), 0, 0, 0) === undefined || Number(y) < 1 ? undefined : text;
}
