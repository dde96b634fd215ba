// Per-principal rate limits: one token bucket per principal and kind of request (reads and
// writes apart), refilled continuously at the configured rate up to its burst.

import { MirrorError } from "../errors";

export interface Rate {
  perSecond: number;
  /** Bucket size: how many requests may come at once after a quiet spell. */
  burst: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  /** When `tokens` was last brought up to date, in the limiter's clock (ms). */
  at: number;
  rate: Rate;
}

/** Sweeps run at most this often (clock time) unless the map has doubled since the last one. */
const SWEEP_INTERVAL_MS = 10_000;
const MIN_SWEEP_SIZE = 1024;
/** Float dust in refills must not turn an exact wait of 2 s into a retry of 3 s. */
const EPSILON = 1e-9;

/**
 * Token buckets keyed by principal and kind. A bucket that has filled up again is the same as
 * no bucket, so idle buckets are dropped by a sweep whose cost is amortised over the requests,
 * and memory stays proportional to the principals active in the last few seconds.
 *
 * A request costing more than the burst could never be served by a bucket that holds at most
 * the burst; it is charged the burst instead, so it passes when the bucket is full and empties it.
 * @example new RateLimiter().take("alice", "read", { perSecond: 50, burst: 50 })
 */
export class RateLimiter {
  readonly #buckets = new Map<string, Bucket>();
  readonly #now: () => number;
  #lastSweep: number;
  #sizeAfterSweep = 0;

  /** `now` in milliseconds; by default a monotonic clock, so changes of the wall clock neither refill nor drain buckets. */
  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
    this.#lastSweep = now();
  }

  /** Buckets held, for tests and metrics. */
  get size(): number {
    return this.#buckets.size;
  }

  take(key: string, kind: "read" | "write", rate: Rate, cost = 1): RateDecision {
    checkRate(rate);
    if (!(cost > 0) || !Number.isFinite(cost)) throw new TypeError(`RateLimiter.take: cost must be a positive finite number; received ${cost}.`);
    const now = this.#now();
    this.#sweepIfDue(now);
    // The kind has no space in it, so the pair maps to one string unambiguously.
    const id = `${kind} ${key}`;
    const bucket = this.#buckets.get(id) ?? { tokens: rate.burst, at: now, rate };
    refill(bucket, now, rate);
    const charge = Math.min(cost, rate.burst);
    if (bucket.tokens + EPSILON >= charge) {
      bucket.tokens = Math.max(0, bucket.tokens - charge);
      this.#buckets.set(id, bucket);
      return { allowed: true };
    }
    this.#buckets.set(id, bucket);
    const wait = (charge - bucket.tokens) / rate.perSecond;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(wait - EPSILON)) };
  }

  #sweepIfDue(now: number): void {
    const crowded = this.#buckets.size >= Math.max(MIN_SWEEP_SIZE, 2 * this.#sizeAfterSweep);
    if (!crowded && now - this.#lastSweep < SWEEP_INTERVAL_MS) return;
    for (const [id, bucket] of this.#buckets) {
      refill(bucket, now, bucket.rate);
      if (bucket.tokens + EPSILON >= bucket.rate.burst) this.#buckets.delete(id);
    }
    this.#lastSweep = now;
    this.#sizeAfterSweep = this.#buckets.size;
  }
}

function refill(bucket: Bucket, now: number, rate: Rate): void {
  // A clock that steps back (an injected one may) adds nothing and keeps the later instant.
  const elapsed = Math.max(0, now - bucket.at);
  bucket.tokens = Math.min(rate.burst, bucket.tokens + (elapsed / 1000) * rate.perSecond);
  bucket.at = Math.max(bucket.at, now);
  bucket.rate = rate;
}

function checkRate(rate: Rate): void {
  if (!(rate.perSecond > 0) || !Number.isFinite(rate.perSecond) || !(rate.burst >= 1) || !Number.isFinite(rate.burst)) {
    throw new TypeError(`RateLimiter.take: a rate needs perSecond > 0 and burst >= 1; received ${JSON.stringify(rate)}. Build rates with parseRate.`);
  }
}

const SECONDS_PER_UNIT: Record<string, number> = {
  s: 1,
  sec: 1,
  second: 1,
  min: 60,
  minute: 60,
  h: 3600,
  hour: 3600,
};

const RATE = /^(\d+(?:\.\d+)?)\s*(?:\/\s*([a-z]+))?(?:\s+burst\s+(\S+))?$/i;
const EXPECTED = 'a rate such as "50/s", "600/min", "1000/h", "50/s burst 100", or a number meaning per second';

/**
 * Reads a rate limit option. The burst defaults to one second's worth of requests (at least 1):
 * "50/s" lets 50 requests through at once, "600/min" 10 at once and then 10 a second; write
 * "burst N" for more room.
 * @example parseRate("600/min burst 100", "--rate-limit-read") // { perSecond: 10, burst: 100 }
 */
export function parseRate(text: string, option: string): Rate {
  const refuse = (why: string) =>
    new MirrorError("BAD_USER_INPUT", `${option}: ${JSON.stringify(text)} is not a usable rate: ${why}. Expected ${EXPECTED}.`, { option, expected: EXPECTED, received: text });
  const m = typeof text === "string" ? RATE.exec(text.trim()) : null;
  if (!m) throw refuse("it does not read as a count per unit of time");
  const [, count, unit, burstText] = m;
  const seconds = unit === undefined ? 1 : SECONDS_PER_UNIT[unit.toLowerCase()];
  if (seconds === undefined) throw refuse(`unknown unit "${unit}" (use s, min or h)`);
  const perSecond = Number(count) / seconds;
  if (!(perSecond > 0) || !Number.isFinite(perSecond)) throw refuse("the rate must be more than 0 (to stop writes, withhold the scope instead)");
  if (burstText === undefined) return { perSecond, burst: Math.max(1, Math.ceil(perSecond)) };
  const burst = Number(burstText);
  if (!/^\d+$/.test(burstText) || !Number.isSafeInteger(burst) || burst < 1) throw refuse(`the burst must be a whole number of requests, 1 or more; received "${burstText}"`);
  return { perSecond, burst };
}
