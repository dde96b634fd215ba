// Section "graphql": the read path over HTTP. A 3-level nested query (20 accounts, each with
// its first 10 contacts, each with its first 5 owned opportunities) served by the real
// server (startServer: Apollo Server 5 + the compiled read engine: one statement per root field)
// against a baseline that returns the same JSON from three hand-written prepared
// statements on a plain node:http server. Both read the same file database (10,000
// accounts, 100,000 contacts, 300,000 opportunities, loaded through Mirror.applyBatch,
// untimed). A client in a worker thread (its own event loop, so on the second core) drives
// each server with concurrent keep-alive requests on 127.0.0.1; the servers run alternately.
// Then a profile: the phases of one request in process (Apollo hooks, SQL timed on the
// reader), graphql-js alone, and a CPU profile (node:inspector) of the server under load.
// With --backend postgres the section runs graphqlPostgres.ts instead (same data, query,
// comparison and load, on a PostgreSQL mirror against a pg baseline).

import { parse } from "graphql";
import { buildSchema } from "../src/graphql/buildSchema";
import { DEFAULT_LIMITS } from "../src/graphql/connectionArgs";
import { Mirror } from "../src/mirror";
import { startServer } from "../src/server/createServer";
import { baselineAnswerer, startBaselineServer, type BaselineTiming } from "./graphqlBaseline";
import { compareServers, CONCURRENCY, FIRST_WARMUP, GRAPHQL_TARGET_RATIO, MEASURE, WARMUP } from "./graphqlCompare";
import { MIN_EMPLOYEES, OFFSETS, QUERY, REGIONS, sharedDatabase, SIZES, VARIANTS } from "./graphqlData";
import { runGraphqlOnPostgres } from "./graphqlPostgres";
import { apolloPhases, CPU_SAMPLING_US, cpuProfile, directExecute, IN_PROCESS_REQUESTS, replay, REPO_MARK, UPDATED_AT_SUBQUERY } from "./graphqlProfile";
import { collectGarbage, fmt, fmtInt, round, table, type BenchContext, type Section, type SectionResult } from "./lib";

export const graphqlSection: Section = {
  name: "graphql",
  summary: "nested 3-level GraphQL query over HTTP (Apollo) vs hand-written SQL + JSON on node:http",
  async run(ctx: BenchContext): Promise<SectionResult> {
    const o = ctx.options;
    if (o.backend === "postgres") return runGraphqlOnPostgres(ctx);
    const built = await sharedDatabase(ctx);
    const mirror = await Mirror.open({ database: built.file, schemaDir: built.schemaDir });
    const baseline = baselineAnswerer(built.file);
    const gql = await startServer(mirror, { port: 0, host: "127.0.0.1", limits: DEFAULT_LIMITS });
    const base = await startBaselineServer((v) => baseline.answer(v));
    const warnings: string[] = [];
    try {
      const { rows, equal, identical, gs, bs, ratio, oneClient } = await compareServers(ctx, gql.port, base.port, warnings);

      // 3. Profile: phases in process, graphql-js alone, SQL replayed, the baseline's parts, CPU profiles under load.
      ctx.log("graphql: profile (in-process phases, graphql-js alone, SQL replay, CPU profiles under load)...");
      collectGarbage();
      const { phases, captured } = await apolloPhases(mirror);
      const document = parse(QUERY);
      const merged = await directExecute(mirror, buildSchema(mirror.models), document);
      const bt: BaselineTiming = { sqlMs: 0, buildMs: 0 };
      for (let i = 0; i < 100; i++) baseline.answer(VARIANTS[i % VARIANTS.length]!);
      for (let i = 0; i < IN_PROCESS_REQUESTS; i++) baseline.answer(VARIANTS[i % VARIANTS.length]!, bt);

      const sqlite = mirror.database.sqlite;
      const hasSubquery = captured.some((stmts) => stmts.some((st) => st.sql.replace(UPDATED_AT_SUBQUERY, "") !== st.sql));
      const withoutSubquery = captured.map((stmts) => stmts.map((st) => ({ ...st, sql: st.sql.replace(UPDATED_AT_SUBQUERY, "") })));
      const [replayGql, replayBase, replayNoSub] = replay(sqlite, [captured, VARIANTS.map((v) => baseline.statements(v)), ...(hasSubquery ? [withoutSubquery] : [])]);
      const sqlReplay = {
        statementsPerRequest: round(captured.reduce((n, st) => n + st.length, 0) / captured.length, 2),
        graphqlMs: round(replayGql!, 3),
        graphqlWithoutUpdatedAtMs: replayNoSub === undefined ? null : round(replayNoSub, 3),
        baselineMs: round(replayBase!, 3),
      };

      collectGarbage();
      const cpuGql = await cpuProfile(gql.port, REPO_MARK);
      collectGarbage();
      const cpuBase = await cpuProfile(base.port, REPO_MARK);

      const per = (ms: number, n = IN_PROCESS_REQUESTS) => round(ms / n, 3);
      const profileJson = {
        inProcess: {
          requests: IN_PROCESS_REQUESTS,
          apollo: {
            totalMs: per(phases.totalMs),
            beforeRequestMs: per(phases.beforeRequestMs),
            beforeExecuteMs: per(phases.beforeExecuteMs),
            parseMs: per(phases.parseMs),
            validateMs: per(phases.validateMs),
            executeMs: per(phases.executeMs),
            sqlMs: per(phases.sqlMs),
            executeWithoutSqlMs: per(phases.executeMs - phases.sqlMs),
            afterExecuteMs: per(phases.afterExecuteMs),
            stringifyMs: per(phases.stringifyMs),
            statementsPerRequest: round(phases.statements / IN_PROCESS_REQUESTS, 2),
          },
          graphqlJs: {
            executeMs: per(merged.executeMs),
            sqlMs: per(merged.sqlMs),
            executeWithoutSqlMs: per(merged.executeMs - merged.sqlMs),
            stringifyMs: per(merged.stringifyMs),
          },
          baseline: { totalMs: per(bt.sqlMs + bt.buildMs), sqlMs: per(bt.sqlMs), buildAndStringifyMs: per(bt.buildMs) },
          usPerObject: round(((phases.executeMs - phases.sqlMs) * 1000) / IN_PROCESS_REQUESTS / rows.objects, 2),
          usPerLeaf: round(((phases.executeMs - phases.sqlMs) * 1000) / IN_PROCESS_REQUESTS / rows.leaves, 3),
        },
        sqlReplay,
        cpu: { samplingIntervalUs: CPU_SAMPLING_US, graphql: cpuGql, baseline: cpuBase },
      };

      const json = {
        graphql: {
          database: { ...SIZES, dbMB: built.dbMB, generateLoadMs: Math.round(built.generateLoadMs), quarantined: built.quarantined },
          query: { variants: VARIANTS.length, regions: REGIONS, offsets: OFFSETS, minEmployees: MIN_EMPLOYEES, pageSizes: { accounts: 20, contacts: 10, opportunities: 5 } },
          load: { concurrency: CONCURRENCY, warmup: o.warmup ? FIRST_WARMUP : WARMUP, warmupLaterRuns: WARMUP, measure: MEASURE, runs: o.runs },
          rows,
          sameJson: { equal, identical, variants: VARIANTS.length },
          graphql: gs,
          baseline: bs,
          ratio,
          oneClient,
          profile: profileJson,
          warnings,
        },
      };

      const ms = (x: number) => fmt(x, 2);
      const ap = profileJson.inProcess.apollo;
      const baseCpu = new Map(cpuBase.components.map((c) => [c.label, c]));
      const cpuLabels = [...new Set([...cpuGql.components, ...cpuBase.components].filter((c) => c.share >= 0.01).map((c) => c.label))];
      const gqlCpu = new Map(cpuGql.components.map((c) => [c.label, c]));
      cpuLabels.sort((a, b) => (gqlCpu.get(b)?.msPerRequest ?? 0) - (gqlCpu.get(a)?.msPerRequest ?? 0));
      const cell = (c: { msPerRequest: number; share: number } | undefined) => (c ? [fmt(c.msPerRequest, 3), `${fmt(100 * c.share, 1)}%`] : ["", ""]);
      const lines = [
        `Database: ${fmtInt(SIZES.accounts)} accounts, ${fmtInt(SIZES.contacts)} contacts, ${fmtInt(SIZES.opportunities)} opportunities, ` +
          `${fmt(built.dbMB, 1)} MB (generated and loaded through applyBatch in ${fmt(built.generateLoadMs / 1000, 1)} s, untimed)`,
        `Query: accounts(first: 20, offset, where is_customer/employee_count/region_code, orderBy employee_count DESC) > contacts(first: 10, lead_score DESC) ` +
          `> ownedOpportunities(first: 5, amount DESC), one document with variables; ${VARIANTS.length} variants (4 regions x offsets ${OFFSETS.join("/")}) rotated`,
        `Response: ${fmt(rows.accounts, 0)} accounts, ${fmt(rows.contacts, 1)} contacts, ${fmt(rows.opportunities, 1)} opportunities ` +
          `(${fmt(rows.objects, 0)} objects, ${fmtInt(rows.leaves)} leaf values, ${fmtInt(rows.responseBytes)} bytes; objects ${rows.minObjects}-${rows.maxObjects} across variants)`,
        `Same JSON: ${equal}/${VARIANTS.length} variants equal (${identical} also in key order)`,
        `Load: ${CONCURRENCY} keep-alive clients in a worker thread, 127.0.0.1; per run warm-up then up to ${fmtInt(MEASURE.requests)} requests or ${MEASURE.ms / 1000} s; ${o.runs} runs each, alternating`,
        "",
        ...table(
          ["system", "req/s (median)", "best", "runs", "p50 ms", "p90 ms", "p99 ms", "requests", "errors", "1 client: p50", "p99"],
          [
            [
              "GraphQL (Apollo)",
              fmt(gs.requestsPerSec, 0),
              fmt(gs.best, 0),
              gs.runs.map((r) => fmt(r, 0)).join(" / "),
              ms(gs.p50Ms),
              ms(gs.p90Ms),
              ms(gs.p99Ms),
              fmtInt(gs.requests),
              String(gs.errors),
              ms(oneClient.graphql.p50Ms),
              ms(oneClient.graphql.p99Ms),
            ],
            [
              "baseline (SQL+JSON)",
              fmt(bs.requestsPerSec, 0),
              fmt(bs.best, 0),
              bs.runs.map((r) => fmt(r, 0)).join(" / "),
              ms(bs.p50Ms),
              ms(bs.p90Ms),
              ms(bs.p99Ms),
              fmtInt(bs.requests),
              String(bs.errors),
              ms(oneClient.baseline.p50Ms),
              ms(oneClient.baseline.p99Ms),
            ],
          ],
        ),
        "",
        `ratio GraphQL / baseline: median ${fmt(ratio.median, 3)}, best ${fmt(ratio.best, 3)}, paired ${ratio.paired.map((r) => fmt(r, 3)).join(" / ")} ` +
          `(target ${GRAPHQL_TARGET_RATIO}: ${ratio.meetsTarget ? "met" : "NOT met"})`,
        "",
        `Profile, in process (no HTTP), ms per request, mean of ${IN_PROCESS_REQUESTS}:`,
        ...table(
          ["path", "total", "SQL", "execute w/o SQL", "stringify", "other"],
          [
            [
              "Apollo executeHTTPGraphQLRequest",
              ms(ap.totalMs),
              ms(ap.sqlMs),
              ms(ap.executeWithoutSqlMs),
              ms(ap.stringifyMs),
              ms(ap.beforeRequestMs + ap.beforeExecuteMs + ap.afterExecuteMs),
            ],
            [
              "reference resolvers: graphql-js execute + JSON.stringify",
              ms(per(merged.executeMs + merged.stringifyMs)),
              ms(per(merged.sqlMs)),
              ms(per(merged.executeMs - merged.sqlMs)),
              ms(per(merged.stringifyMs)),
              "",
            ],
            ["baseline answer()", ms(per(bt.sqlMs + bt.buildMs)), ms(per(bt.sqlMs)), "", `${ms(per(bt.buildMs))} (build + stringify)`, ""],
          ],
        ),
        `  Apollo phases: before requestDidStart ${ms(ap.beforeRequestMs)}, to executionDidStart ${ms(ap.beforeExecuteMs)} (parse ${ms(ap.parseMs)}, validate ${ms(ap.validateMs)}: ` +
          `document cached after the first), execute ${ms(ap.executeMs)} (SQL ${ms(ap.sqlMs)}, ${ap.statementsPerRequest} statements), ` +
          `to willSendResponse ${ms(ap.afterExecuteMs)}, stringify ${ms(ap.stringifyMs)}`,
        `  execute without SQL: ${fmt(profileJson.inProcess.usPerObject, 2)} µs per object, ${fmt(profileJson.inProcess.usPerLeaf, 3)} µs per leaf value`,
        `  SQL replayed alone (statements of one request per variant, best of 7 interleaved passes, ms per request): GraphQL's ${ms(sqlReplay.graphqlMs)}` +
          (sqlReplay.graphqlWithoutUpdatedAtMs === null ? "" : `, without the _mq_updated_at subquery ${ms(sqlReplay.graphqlWithoutUpdatedAtMs)}`) +
          `, baseline's ${ms(sqlReplay.baselineMs)} (requested columns only, no look-ahead row)`,
        "",
        `CPU profiles of the servers' thread under load (sampling ${CPU_SAMPLING_US} µs): GraphQL ${fmtInt(cpuGql.requests)} requests at ${fmt(cpuGql.requestsPerSec, 0)} req/s, ` +
          `${ms(cpuGql.busyMsPerRequest)} busy ms/request, idle ${fmt(100 * cpuGql.idleShare, 1)}%; baseline ${fmtInt(cpuBase.requests)} at ${fmt(cpuBase.requestsPerSec, 0)} req/s, ` +
          `${ms(cpuBase.busyMsPerRequest)} busy ms/request, idle ${fmt(100 * cpuBase.idleShare, 1)}%. Self time, ms per request (share of busy time):`,
        ...table(
          ["component", "GraphQL ms", "share", "baseline ms", "share"],
          cpuLabels.map((l) => [l, ...cell(gqlCpu.get(l)), ...cell(baseCpu.get(l))]),
        ),
        "  (V8 builtins such as JSON.stringify count in their JS caller, e.g. Apollo's prettyJSONStringify; V8 work done for better-sqlite3's",
        "   native all() (row objects, BigInts) may count in its JS caller: SqlReader.all here, answer() in the baseline)",
        "",
        "GraphQL: top functions by self time:",
        ...table(
          ["function", "ms/request", "share"],
          cpuGql.topFunctions.slice(0, 14).map((c) => [c.label, fmt(c.msPerRequest, 3), `${fmt(100 * c.share, 1)}%`]),
        ),
        ...(warnings.length ? ["", ...warnings] : []),
      ];
      return { json, lines };
    } finally {
      await base.stop();
      await gql.stop();
      baseline.close();
      await mirror.close();
    }
  },
};
