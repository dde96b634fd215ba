// What the graphql section measures alike on both backends: the same JSON from the GraphQL server
// and the baseline for every variant, then both loaded in turn by the bench's load client
// (loadClient.ts), then one client at a time for the latency without queueing.

import { request as httpRequest } from "node:http";
import { isDeepStrictEqual } from "node:util";
import { countRows, requestBody, VARIANTS } from "./graphqlData";
import { collectGarbage, fmt, median, percentile, round, type BenchContext } from "./lib";
import { drive, type Limit, type LoadResult } from "./loadClient";

export const GRAPHQL_TARGET_RATIO = 0.5;
export const CONCURRENCY = 12;
export const FIRST_WARMUP: Limit = { requests: 400, ms: 3_000 };
export const WARMUP: Limit = { requests: 150, ms: 1_500 };
export const MEASURE: Limit = { requests: 4_000, ms: 6_000 };
const ONE_CLIENT: Limit = { requests: 400, ms: 2_500 };
const BODIES = VARIANTS.map(requestBody);

/** One request with its whole answer (for the comparison of the answers, outside the load). */
function post(port: number, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: "127.0.0.1", port, path: "/graphql", method: "POST", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

// ---------------------------------------------------------------- statistics

export interface SystemSummary {
  requestsPerSec: number;
  best: number;
  runs: number[];
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  requests: number;
  errors: number;
  responseBytes: number;
}

function summarize(results: LoadResult[]): SystemSummary {
  const all = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const rates = results.map((r) => round(r.requestsPerSec, 1));
  const requests = results.reduce((s, r) => s + r.completed, 0);
  return {
    requestsPerSec: median(rates),
    best: Math.max(...rates),
    runs: rates,
    p50Ms: round(percentile(all, 0.5), 2),
    p90Ms: round(percentile(all, 0.9), 2),
    p99Ms: round(percentile(all, 0.99), 2),
    maxMs: round(all[all.length - 1] ?? NaN, 2),
    requests,
    errors: results.reduce((s, r) => s + r.errors, 0),
    responseBytes: Math.round(results.reduce((s, r) => s + r.bytes, 0) / Math.max(1, requests)),
  };
}

/**
 * What both backends measure alike: the same JSON from the GraphQL server and the baseline for every variant,
 * then load alternating baseline and GraphQL (`--runs` times), then one client at a time.
 */
export async function compareServers(ctx: BenchContext, gqlPort: number, basePort: number, warnings: string[]) {
  const o = ctx.options;
  // 1. The same JSON from both, for every variant.
  let identical = 0;
  let equal = 0;
  const sizes: ReturnType<typeof countRows>[] = [];
  for (const v of VARIANTS) {
    const body = requestBody(v);
    const [g, b] = [await post(gqlPort, body), await post(basePort, body)];
    if (g.status !== 200 || b.status !== 200) throw new Error(`graphql: status ${g.status} / ${b.status}: ${g.text.slice(0, 300)} ${b.text.slice(0, 300)}`);
    const gj = JSON.parse(g.text) as unknown;
    const bj = JSON.parse(b.text) as unknown;
    if (isDeepStrictEqual(gj, bj)) {
      equal++;
      if (JSON.stringify(gj) === JSON.stringify(bj)) identical++;
    } else if (warnings.length < 2) {
      warnings.push(`WARNING: responses differ for ${JSON.stringify(v)}: GraphQL ${g.text.slice(0, 160)}… baseline ${b.text.slice(0, 160)}…`);
    }
    sizes.push(countRows(g.text));
  }
  if (equal < VARIANTS.length) warnings.unshift(`WARNING: only ${equal}/${VARIANTS.length} variants gave equal JSON from GraphQL and the baseline`);
  for (const w of warnings) ctx.log(`graphql: ${w}`);
  const avg = (k: keyof ReturnType<typeof countRows>) => round(sizes.reduce((s, x) => s + x[k], 0) / sizes.length, 1);
  const rows = {
    variants: VARIANTS.length,
    accounts: avg("accounts"),
    contacts: avg("contacts"),
    opportunities: avg("opportunities"),
    objects: round(avg("accounts") + avg("contacts") + avg("opportunities"), 1),
    leaves: avg("leaves"),
    responseBytes: avg("bytes"),
    minObjects: Math.min(...sizes.map((s) => s.accounts + s.contacts + s.opportunities)),
    maxObjects: Math.max(...sizes.map((s) => s.accounts + s.contacts + s.opportunities)),
  };

  // 2. Load, alternating baseline and GraphQL.
  const gqlRuns: LoadResult[] = [];
  const baseRuns: LoadResult[] = [];
  for (let run = 1; run <= o.runs; run++) {
    const warm = run === 1 && o.warmup ? FIRST_WARMUP : WARMUP;
    collectGarbage();
    const b = await drive(basePort, BODIES, CONCURRENCY, warm, MEASURE);
    baseRuns.push(b);
    collectGarbage();
    const g = await drive(gqlPort, BODIES, CONCURRENCY, warm, MEASURE);
    gqlRuns.push(g);
    ctx.memory.sample();
    ctx.log(`graphql: run ${run}/${o.runs}: baseline ${fmt(b.requestsPerSec, 0)} req/s, GraphQL ${fmt(g.requestsPerSec, 0)} req/s`);
  }
  const gs = summarize(gqlRuns);
  const bs = summarize(baseRuns);
  if (gs.errors || bs.errors) warnings.push(`WARNING: failed requests: GraphQL ${gs.errors}, baseline ${bs.errors}`);
  const ratioMedian = round(gs.requestsPerSec / bs.requestsPerSec, 3);
  const ratio = {
    median: ratioMedian,
    best: round(gs.best / bs.best, 3),
    paired: gqlRuns.map((g, i) => round(g.requestsPerSec / baseRuns[i]!.requestsPerSec, 3)),
    target: GRAPHQL_TARGET_RATIO,
    meetsTarget: ratioMedian >= GRAPHQL_TARGET_RATIO,
  };

  // 2b. Latency without queueing: one client at a time.
  ctx.log("graphql: one client (latency without queueing)...");
  collectGarbage();
  const oneBase = await drive(basePort, BODIES, 1, WARMUP, ONE_CLIENT);
  const oneGql = await drive(gqlPort, BODIES, 1, WARMUP, ONE_CLIENT);
  const one = (r: LoadResult) => {
    const sorted = [...r.latencies].sort((a, b) => a - b);
    return { requests: sorted.length, requestsPerSec: round(r.requestsPerSec, 1), p50Ms: round(percentile(sorted, 0.5), 2), p99Ms: round(percentile(sorted, 0.99), 2) };
  };
  const oneClient = { graphql: one(oneGql), baseline: one(oneBase) };

  return { rows, equal, identical, gs, bs, ratio, oneClient };
}
