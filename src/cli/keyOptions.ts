// The options of `mirrorql keys create` read into a key's name, expiry and limits; input that
// does not fit is refused with BAD_USER_INPUT naming the option, what it takes and what it got.

import { checkKeyName } from "../auth/keyAdmin";
import { MirrorError } from "../errors";
import { parseDurationMs } from "../models/duration";
import type { KeyLimits } from "../storage/AccessRecords";

const refuse = (option: string, message: string) => new MirrorError("BAD_USER_INPUT", message, { argument: option });

/** A key's name: for people to tell keys apart, so printable, trimmed and short. */
export function parseKeyName(name: string | undefined): string {
  if (name === undefined) throw refuse("name", "Name the key with --name NAME (e.g. --name nightly-export): names tell keys apart in lists and the audit log.");
  return checkKeyName(name, "--name");
}

/** `2027-01-01` or `2027-01-01T12:00[:00[.000]]` with `Z` or an offset: a local time would depend on the machine. */
const TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;
/** `90d`, `12h`, `30m`, `2w`. */
const SPAN = /^(\d+)([mhdw])$/;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
/** Past year 9999 toISOString writes "+010000-...", which no longer sorts as time. */
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * When a key expires, as ISO text, from `--expires TIME` or `--expires-in SPAN` (not both),
 * which must be after `now`; undefined when neither is given (the key does not expire).
 */
export function parseExpiry(given: { at?: string | undefined; in?: string | undefined }, now: Date): string | undefined {
  if (given.at !== undefined && given.in !== undefined) throw refuse("expires", "Give --expires or --expires-in, not both.");
  let ms: number;
  if (given.at !== undefined) {
    ms = parseTime(given.at);
    if (ms <= now.getTime()) throw refuse("expires", `--expires must be in the future, received ${given.at} (it is ${now.toISOString()} now).`);
  } else if (given.in !== undefined) {
    const span = parseSpan(given.in);
    ms = now.getTime() + span;
  } else {
    return undefined;
  }
  if (!(ms <= LATEST)) throw refuse("expires", "The key's expiry is beyond the dates the mirror can write; leave --expires out for a key that does not expire.");
  return new Date(ms).toISOString();
}

function parseTime(text: string): number {
  const m = TIME.exec(text);
  const ms = Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text);
  // Date.parse takes 2027-02-30 for 2 March: the day must be the one written.
  const [year, month, day] = (m ?? []).slice(1).map(Number);
  const real = m && !Number.isNaN(ms) && new Date(Date.UTC(year!, month! - 1, day!)).getUTCDate() === day && month! >= 1 && month! <= 12;
  if (!real) throw refuse("expires", `--expires must be a date (2027-01-01, midnight UTC) or a time with its zone (2027-01-01T12:00:00Z), received ${JSON.stringify(text)}.`);
  return ms;
}

function parseSpan(text: string): number {
  const m = SPAN.exec(text);
  const ms = m ? Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS] : parseDurationMs(text);
  if (ms === undefined || !(ms > 0))
    throw refuse("expires-in", `--expires-in must be a positive span such as 90d, 12h, 30m or 2w (or ISO 8601, P90D), received ${JSON.stringify(text)}.`);
  return ms;
}

/** The key's own limits from their options' text; undefined when none is given. */
export function parseLimits(given: { readsPerSecond?: string | undefined; writesPerSecond?: string | undefined; maxNodes?: string | undefined }): KeyLimits | undefined {
  const limits: KeyLimits = {};
  if (given.readsPerSecond !== undefined) limits.readsPerSecond = rate("reads-per-second", given.readsPerSecond);
  if (given.writesPerSecond !== undefined) limits.writesPerSecond = rate("writes-per-second", given.writesPerSecond);
  if (given.maxNodes !== undefined) {
    const n = Number(given.maxNodes);
    if (!/^\d+$/.test(given.maxNodes) || !Number.isSafeInteger(n) || n < 1)
      throw refuse("max-nodes", `--max-nodes must be a positive whole number, received ${JSON.stringify(given.maxNodes)}.`);
    limits.maxNodes = n;
  }
  return Object.keys(limits).length > 0 ? limits : undefined;
}

/** A rate may be a fraction (0.5: one every two seconds), but not zero: revoke a key to stop it. */
function rate(option: string, text: string): number {
  const n = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || !(n > 0) || !Number.isFinite(n))
    throw refuse(option, `--${option} must be a positive number of requests per second, received ${JSON.stringify(text)}.`);
  return n;
}
