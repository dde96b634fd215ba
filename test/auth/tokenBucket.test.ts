// Per-principal rate limits: a bucket lets a burst through, then the configured rate, tells a
// refused client exactly when to come back, and never lets more through than burst + rate * T.

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { RateLimiter, parseRate, type Rate } from "../../src/auth/tokenBucket";
import { MirrorError } from "../../src/errors";

function clock() {
  let ms = 1_000_000;
  return {
    now: () => ms,
    advance: (by: number) => {
      ms += by;
    },
  };
}

const FIVE_A_SECOND: Rate = { perSecond: 5, burst: 5 };

describe("RateLimiter", () => {
  it("lets a full burst through at once, then refuses", () => {
    const limiter = new RateLimiter(clock().now);
    for (let i = 0; i < 5; i++) expect(limiter.take("alice", "read", FIVE_A_SECOND)).toEqual({ allowed: true });
    expect(limiter.take("alice", "read", FIVE_A_SECOND)).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it("refills at the configured rate, up to the burst only", () => {
    const { now, advance } = clock();
    const limiter = new RateLimiter(now);
    for (let i = 0; i < 5; i++) limiter.take("alice", "read", FIVE_A_SECOND);
    advance(400); // two tokens back
    expect(limiter.take("alice", "read", FIVE_A_SECOND).allowed).toBe(true);
    expect(limiter.take("alice", "read", FIVE_A_SECOND).allowed).toBe(true);
    expect(limiter.take("alice", "read", FIVE_A_SECOND).allowed).toBe(false);
    advance(60_000); // a long pause fills the bucket, no more
    for (let i = 0; i < 5; i++) expect(limiter.take("alice", "read", FIVE_A_SECOND).allowed).toBe(true);
    expect(limiter.take("alice", "read", FIVE_A_SECOND).allowed).toBe(false);
  });

  it("says exactly how many whole seconds until enough tokens are back, at least 1", () => {
    const { now, advance } = clock();
    const limiter = new RateLimiter(now);
    const slow: Rate = { perSecond: 0.25, burst: 2 }; // one token every 4 s
    limiter.take("bob", "write", slow, 2);
    expect(limiter.take("bob", "write", slow)).toEqual({ allowed: false, retryAfterSeconds: 4 });
    expect(limiter.take("bob", "write", slow, 2)).toEqual({ allowed: false, retryAfterSeconds: 8 });
    advance(3_001);
    expect(limiter.take("bob", "write", slow)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    advance(999);
    expect(limiter.take("bob", "write", slow)).toEqual({ allowed: true });
  });

  it("serves a request exactly when its retry time has passed, whatever float dust the rate leaves", () => {
    const { now, advance } = clock();
    const limiter = new RateLimiter(now);
    const third: Rate = { perSecond: 1 / 3, burst: 1 };
    limiter.take("carol", "read", third);
    const refused = limiter.take("carol", "read", third);
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 3 });
    advance(3_000);
    expect(limiter.take("carol", "read", third)).toEqual({ allowed: true });
  });

  it("keeps the buckets of different principals and of reads and writes apart", () => {
    const limiter = new RateLimiter(clock().now);
    const one: Rate = { perSecond: 1, burst: 1 };
    expect(limiter.take("alice", "read", one).allowed).toBe(true);
    expect(limiter.take("alice", "read", one).allowed).toBe(false);
    expect(limiter.take("alice", "write", one).allowed).toBe(true);
    expect(limiter.take("bob", "read", one).allowed).toBe(true);
    // Keys that would collide if key and kind were simply joined.
    expect(limiter.take("read alice", "write", one).allowed).toBe(true);
  });

  it("charges a request costing more than the burst the whole burst: served from a full bucket, which it empties", () => {
    const { now, advance } = clock();
    const limiter = new RateLimiter(now);
    expect(limiter.take("alice", "write", FIVE_A_SECOND, 50)).toEqual({ allowed: true });
    expect(limiter.take("alice", "write", FIVE_A_SECOND, 50)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    advance(500);
    expect(limiter.take("alice", "write", FIVE_A_SECOND, 50).allowed).toBe(false);
    advance(500);
    expect(limiter.take("alice", "write", FIVE_A_SECOND, 50).allowed).toBe(true);
  });

  it("drops buckets that have filled up again, and keeps those still draining", () => {
    const { now, advance } = clock();
    const limiter = new RateLimiter(now);
    const slow: Rate = { perSecond: 0.001, burst: 1 };
    limiter.take("slow", "read", slow);
    for (let i = 0; i < 500; i++) limiter.take(`user${i}`, "read", FIVE_A_SECOND);
    expect(limiter.size).toBe(501);
    advance(11_000);
    limiter.take("newcomer", "read", FIVE_A_SECOND);
    expect(limiter.size).toBe(2);
    expect(limiter.take("slow", "read", slow).allowed).toBe(false);
  });

  it("sweeps when the buckets double in number, without waiting for the clock", () => {
    const { now, advance } = clock();
    const limiter = new RateLimiter(now);
    for (let i = 0; i < 1000; i++) limiter.take(`user${i}`, "read", FIVE_A_SECOND);
    advance(1_000); // all full again, but the time-based sweep is not due
    for (let i = 0; i < 100; i++) limiter.take(`other${i}`, "read", FIVE_A_SECOND);
    expect(limiter.size).toBeLessThan(200);
  });

  it("never lets through more than burst + perSecond * T in any window of T seconds", () => {
    const request = fc.record({ gapMs: fc.integer({ min: 0, max: 2_000 }), cost: fc.integer({ min: 1, max: 8 }) });
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 40, noNaN: true }),
        fc.integer({ min: 1, max: 20 }),
        fc.array(request, { minLength: 1, maxLength: 150 }),
        (perSecond, burst, requests) => {
          const { now, advance } = clock();
          const limiter = new RateLimiter(now);
          const served: { at: number; charged: number }[] = [];
          for (const { gapMs, cost } of requests) {
            advance(gapMs);
            if (limiter.take("p", "read", { perSecond, burst }, cost).allowed) served.push({ at: now(), charged: Math.min(cost, burst) });
          }
          for (let i = 0; i < served.length; i++) {
            let charged = 0;
            for (let j = i; j < served.length; j++) {
              charged += served[j]!.charged;
              const seconds = (served[j]!.at - served[i]!.at) / 1000;
              if (charged > burst + perSecond * seconds + 1e-6) return false;
            }
          }
          return true;
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("parseRate", () => {
  it("reads a count per second, minute or hour, with a burst of one second's worth by default", () => {
    expect(parseRate("50/s", "o")).toEqual({ perSecond: 50, burst: 50 });
    expect(parseRate("600/min", "o")).toEqual({ perSecond: 10, burst: 10 });
    expect(parseRate("1800 / hour", "o")).toEqual({ perSecond: 0.5, burst: 1 });
    expect(parseRate("2.5/s", "o")).toEqual({ perSecond: 2.5, burst: 3 });
  });

  it("reads a plain number as per second", () => {
    expect(parseRate("20", "o")).toEqual({ perSecond: 20, burst: 20 });
  });

  it("reads an explicit burst", () => {
    expect(parseRate("50/s burst 100", "o")).toEqual({ perSecond: 50, burst: 100 });
    expect(parseRate("6/min BURST 30", "o")).toEqual({ perSecond: 0.1, burst: 30 });
  });

  it("refuses text that is not a positive rate with a whole burst, saying what was expected and received", () => {
    for (const text of ["", "fast", "-5/s", "0/s", "50/fortnight", "50/s burst 0", "50/s burst 1.5", "50/s burst", "50/s/s"]) {
      let error: unknown;
      try {
        parseRate(text, "--rate-limit-read");
      } catch (e) {
        error = e;
      }
      expect(error, text).toBeInstanceOf(MirrorError);
      expect((error as MirrorError).code).toBe("BAD_USER_INPUT");
      expect((error as MirrorError).details).toMatchObject({ option: "--rate-limit-read", received: text, expected: expect.stringContaining("50/s") });
      expect((error as MirrorError).message).toContain("--rate-limit-read");
    }
  });
});
