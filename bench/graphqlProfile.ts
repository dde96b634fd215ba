// Where the graphql section's time goes: Apollo's phases in process (with every statement of the
// server's SqlReader timed), graphql-js execute alone, the statements of one request replayed alone,
// and a CPU profile (node:inspector) of the servers' thread under load, grouped by component.

import { HeaderMap, type ApolloServerPlugin } from "@apollo/server";
import type Database from "better-sqlite3";
import { execute, type DocumentNode, type GraphQLSchema } from "graphql";
import { Session } from "node:inspector/promises";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import { unlimitedAccess } from "../src/auth/RequestAccess";
import { DEFAULT_LIMITS } from "../src/graphql/connectionArgs";
import { RequestContext } from "../src/graphql/RequestContext";
import { Mirror } from "../src/mirror";
import { createApollo, type ServerContext } from "../src/server/createServer";
import { SqlReader } from "../src/storage/sqlite/SqlReader";
import { CONCURRENCY, WARMUP } from "./graphqlCompare";
import { requestBody, VARIANTS } from "./graphqlData";
import { round } from "./lib";
import { drive, type LoadResult } from "./loadClient";

export const CPU_SAMPLING_US = 250;
export const IN_PROCESS_REQUESTS = 300;
const PROFILE_LOAD = { requests: 2_000, ms: 3_000 };
/** How this checkout's files show in profile URLs (`/main/` in /work/main), to tell mirrorql's and the bench's own files. */
export const REPO_MARK = `/${basename(fileURLToPath(new URL("../", import.meta.url)))}/`;

// ---------------------------------------------------------------- in process

interface Phases {
  requests: number;
  totalMs: number;
  /** executeHTTPGraphQLRequest entry -> requestDidStart: body/headers checks, context creation. */
  beforeRequestMs: number;
  /** requestDidStart -> executionDidStart: document cache lookup (parse + validate only on a miss), operation resolution, variable coercion. */
  beforeExecuteMs: number;
  parseMs: number;
  validateMs: number;
  /** executionDidStart -> executionDidEnd: graphql-js execute, including the SQL. */
  executeMs: number;
  sqlMs: number;
  statements: number;
  /** executionDidEnd -> willSendResponse. */
  afterExecuteMs: number;
  /** willSendResponse -> return: ordering of the result fields and JSON.stringify. */
  stringifyMs: number;
}

function timingPlugin(p: { mark: (name: string) => void; add: (name: "parseMs" | "validateMs", ms: number) => void }): ApolloServerPlugin<ServerContext> {
  return {
    async requestDidStart() {
      p.mark("requestDidStart");
      return {
        async parsingDidStart() {
          const t = performance.now();
          return async () => p.add("parseMs", performance.now() - t);
        },
        async validationDidStart() {
          const t = performance.now();
          return async () => p.add("validateMs", performance.now() - t);
        },
        async executionDidStart() {
          p.mark("executionDidStart");
          return {
            async executionDidEnd() {
              p.mark("executionDidEnd");
            },
          };
        },
        async willSendResponse() {
          p.mark("willSendResponse");
        },
      };
    },
  };
}

/**
 * The read path's per-request context (what createContext gives resolvers of queries: `api`, fresh
 * DataLoaders per request); the write-side parts of the server's context are not needed by queries.
 */
const readContext = (mirror: Mirror, reader: SqlReader) =>
  ({
    mirror,
    access: unlimitedAccess(mirror.storage),
    api: new RequestContext({ models: mirror.models, reader, jsonReader: reader, limits: DEFAULT_LIMITS, cursorKey: mirror.cursorKey }),
  }) as unknown as ServerContext;

/** A reader whose statements are timed (the server's own SqlReader class, on the mirror's connection). */
function timedReader(mirror: Mirror, acc: { sqlMs: number; statements: number }): SqlReader {
  const reader = new SqlReader(mirror.database.sqlite, mirror.cursorKey);
  const timed =
    <A extends unknown[], R>(run: (...args: A) => R) =>
    (...args: A): R => {
      const t = performance.now();
      try {
        return run(...args);
      } finally {
        acc.sqlMs += performance.now() - t;
        acc.statements++;
      }
    };
  // all(): the reference resolvers' statements; value(): the compiled engine's one statement per root field.
  reader.all = timed(reader.all.bind(reader)) as SqlReader["all"];
  reader.value = timed(reader.value.bind(reader));
  return reader;
}

export async function apolloPhases(mirror: Mirror): Promise<{ phases: Phases; captured: Captured[][] }> {
  const acc = { sqlMs: 0, statements: 0 };
  const reader = timedReader(mirror, acc);
  const captured: Captured[][] = VARIANTS.map(() => []);
  let capturing: Captured[] | undefined;
  const unobserve = reader.observe((sql, params) => capturing?.push({ sql, params: [...params] }));
  const marks = new Map<string, number>();
  const sums = { parseMs: 0, validateMs: 0 };
  const apollo = createApollo(mirror, { plugins: [timingPlugin({ mark: (n) => marks.set(n, performance.now()), add: (n, ms) => (sums[n] += ms) })] });
  await apollo.start();
  const headers = new HeaderMap([["content-type", "application/json"]]);
  const bodies = VARIANTS.map((v) => JSON.parse(requestBody(v)) as unknown);
  const run = async (i: number) => {
    const t0 = performance.now();
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: "POST", headers, search: "", body: bodies[i % bodies.length] },
      context: async () => readContext(mirror, reader),
    });
    const t1 = performance.now();
    if (response.body.kind !== "complete" || response.body.string.includes('"errors"')) throw new Error("in-process GraphQL request failed");
    return { t0, t1 };
  };
  try {
    for (let i = 0; i < 100; i++) {
      // warm-up; the first request of each variant records its statements
      capturing = i < VARIANTS.length ? captured[i] : undefined;
      await run(i);
    }
    capturing = undefined;
    unobserve();
    acc.sqlMs = 0;
    acc.statements = 0;
    sums.parseMs = 0;
    sums.validateMs = 0;
    const p: Phases = {
      requests: IN_PROCESS_REQUESTS,
      totalMs: 0,
      beforeRequestMs: 0,
      beforeExecuteMs: 0,
      parseMs: 0,
      validateMs: 0,
      executeMs: 0,
      sqlMs: 0,
      statements: 0,
      afterExecuteMs: 0,
      stringifyMs: 0,
    };
    for (let i = 0; i < IN_PROCESS_REQUESTS; i++) {
      const { t0, t1 } = await run(i);
      const m = (n: string) => marks.get(n)!;
      p.totalMs += t1 - t0;
      p.beforeRequestMs += m("requestDidStart") - t0;
      p.beforeExecuteMs += m("executionDidStart") - m("requestDidStart");
      p.executeMs += m("executionDidEnd") - m("executionDidStart");
      p.afterExecuteMs += m("willSendResponse") - m("executionDidEnd");
      p.stringifyMs += t1 - m("willSendResponse");
    }
    p.parseMs = sums.parseMs;
    p.validateMs = sums.validateMs;
    p.sqlMs = acc.sqlMs;
    p.statements = acc.statements;
    return { phases: p, captured };
  } finally {
    await apollo.stop();
  }
}

interface DirectTiming {
  executeMs: number;
  sqlMs: number;
  stringifyMs: number;
}

/** The reference resolvers: graphql-js execute alone (pre-parsed document, no Apollo), then JSON.stringify. */
export async function directExecute(mirror: Mirror, schema: GraphQLSchema, document: DocumentNode): Promise<DirectTiming> {
  const acc = { sqlMs: 0, statements: 0 };
  const reader = timedReader(mirror, acc);
  const out: DirectTiming = { executeMs: 0, sqlMs: 0, stringifyMs: 0 };
  for (let i = 0; i < 100 + IN_PROCESS_REQUESTS; i++) {
    if (i === 100) acc.sqlMs = 0;
    const t0 = performance.now();
    const result = await execute({ schema, document, variableValues: { ...VARIANTS[i % VARIANTS.length]! }, contextValue: readContext(mirror, reader) });
    const t1 = performance.now();
    const text = JSON.stringify(result);
    const t2 = performance.now();
    if (result.errors) throw new Error(`direct execute failed: ${result.errors[0]?.message}; ${text.slice(0, 200)}`);
    if (i >= 100) {
      out.executeMs += t1 - t0;
      out.stringifyMs += t2 - t1;
    }
  }
  out.sqlMs = acc.sqlMs;
  return out;
}

export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface CpuProfileSummary {
  requests: number;
  requestsPerSec: number;
  wallMs: number;
  busyMs: number;
  idleShare: number;
  busyMsPerRequest: number;
  /** Self time by component, ms per request (sorted, largest first). */
  components: { label: string; msPerRequest: number; share: number }[];
  topFunctions: { label: string; msPerRequest: number; share: number }[];
}

export const IDLE = "idle (event loop waiting)";

/** Where a profile node's self time goes: by package, graphql-js folder, mirrorql file, or native function. */
export function componentOf(n: ProfileNode, root: string): string {
  const { functionName: fn, url } = n.callFrame;
  if (fn === "(idle)") return IDLE;
  if (fn === "(garbage collector)") return "garbage collector";
  if (fn === "(program)") return "(program): VM/native, not attributed";
  if (url === "") {
    if (fn === "all") return "better-sqlite3 Statement.all (native: SQLite steps, row building)";
    return `native: ${fn || "(anonymous)"}`;
  }
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(url);
  if (m) {
    if (m[1] === "graphql") {
      const dir = m[2]!.split("/")[0]!;
      return `graphql-js ${/\.m?js$/.test(dir) ? "(index)" : `${dir}/`}`;
    }
    return m[1]!;
  }
  if (url.startsWith("node:")) return "Node internals (http, net, streams, events)";
  const i = url.indexOf(root);
  if (i >= 0) return `${url.slice(i + root.length).startsWith("bench/") ? "bench" : "mirrorql"} ${url.slice(i + root.length).replace(/\?.*$/, "")}`;
  return "other";
}

/**
 * Self time of a CPU profile by component and by function, per request. V8 builtins (JSON.stringify,
 * Array methods) count in their JS caller; work V8 does for a native addon (better-sqlite3 creating row
 * objects and BigInts) may be counted in the JS caller of `all` as well.
 */
function analyzeCpuProfile(profile: { nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[] }, root: string, load: LoadResult): CpuProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const components = new Map<string, number>();
  const functions = new Map<string, number>();
  let totalUs = 0;
  for (let i = 0; i < samples.length; i++) {
    const us = deltas[i + 1] ?? 0; // the interval that follows the sample
    const n = byId.get(samples[i]!)!;
    totalUs += us;
    const c = componentOf(n, root);
    components.set(c, (components.get(c) ?? 0) + us);
    if (c === IDLE) continue;
    const f = n.callFrame;
    // tsx-compiled sources have no useful line numbers: name the file only.
    const where = f.url.includes(root)
      ? ` ${f.url.slice(f.url.indexOf(root) + root.length).replace(/\?.*$/, "")}`
      : f.url
        ? ` ${f.url.replace(/^.*node_modules\//, "")}:${f.lineNumber + 1}`
        : "";
    const name = `${f.functionName || "(anonymous)"}${where}`;
    functions.set(name, (functions.get(name) ?? 0) + us);
  }
  const idleUs = components.get(IDLE) ?? 0;
  components.delete(IDLE);
  const busyUs = totalUs - idleUs;
  const requests = load.latencies.length;
  const rows = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([label, us]) => ({ label, msPerRequest: round(us / 1000 / requests, 3), share: round(us / busyUs, 3) }));
  return {
    requests,
    requestsPerSec: round(load.requestsPerSec, 1),
    wallMs: round(totalUs / 1000, 1),
    busyMs: round(busyUs / 1000, 1),
    idleShare: round(idleUs / totalUs, 3),
    busyMsPerRequest: round(busyUs / 1000 / requests, 3),
    components: rows(components, 30),
    topFunctions: rows(functions, 15),
  };
}

/** Drives a server while the main thread (where both servers run) is CPU-profiled, after the warm-up. */
export async function cpuProfile(port: number, root: string): Promise<CpuProfileSummary> {
  const session = new Session();
  session.connect();
  try {
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: CPU_SAMPLING_US });
    const load = await drive(port, VARIANTS.map(requestBody), CONCURRENCY, WARMUP, PROFILE_LOAD, async () => {
      await session.post("Profiler.start");
    });
    const { profile } = await session.post("Profiler.stop");
    return analyzeCpuProfile(profile as unknown as Parameters<typeof analyzeCpuProfile>[0], root, load);
  } finally {
    session.disconnect();
  }
}

export interface Captured {
  sql: string;
  params: readonly unknown[];
}

/**
 * The statements of one request per variant, replayed alone on one connection, each set in turn
 * (interleaved, so that other load on the machine hits them alike): best pass, ms per request.
 */
export function replay(db: Database.Database, sets: Captured[][][]): number[] {
  const prepared = sets.map((requests) => requests.map((stmts) => stmts.map((st) => ({ stmt: db.prepare(st.sql), params: st.params }))));
  const pass = (set: (typeof prepared)[number]) => {
    const t0 = performance.now();
    for (const stmts of set) for (const st of stmts) st.stmt.all(...st.params);
    return (performance.now() - t0) / set.length;
  };
  const best = prepared.map(() => Infinity);
  for (let rep = 0; rep < 8; rep++) {
    prepared.forEach((set, i) => {
      const ms = pass(set);
      if (rep >= 1) best[i] = Math.min(best[i]!, ms); // the first pass warms up
    });
  }
  return best;
}

/** The applied-at column every read statement adds (selectColumns in compileQuery.ts), for a what-if without it. */
export const UPDATED_AT_SUBQUERY = /, \(SELECT b\.received_at FROM _mq_batches AS b WHERE b\.seq = t\."_mq_batch"\) AS "_mq_updated_at"/g;
