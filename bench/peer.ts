// Section "peer": mirrorql against PostGraphile v5 on PostgreSQL 15, the tool a user would
// pick instead. The peer's own harness lives in bench/peer/postgraphile (its data generator,
// schema and indexes, PostGraphile config, query and load client bench.mjs, with its own
// package.json: Node 22, PostGraphile 5.1.5, autocannon 8, installed by `npm ci` there the
// first time this section runs). Both servers get the same generated CSVs: PostgreSQL
// through \copy into a throwaway cluster (as the peer's run.sh), mirrorql through
// Mirror.applyBatch into a SQLite file, or with `--backend postgres` into schema `mirrorql`
// of the same cluster and database (both cached). Both run as real servers in child
// processes (`mirrorql serve`, PostGraphile's CLI) and are measured by the same load client
// (bench.mjs under Node 22: one checked request, warm-up, measured autocannon run, 8
// connections), alternately, round after round, with the CPU time of each server (its Node
// process, plus every process of the PostgreSQL cluster for a server reading from it).

import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { fmt, fmtInt, median, round, table, toMB, type BenchContext, type Section, type SectionResult } from "./lib";
import { counts, firstDifference, fromMirrorql, fromPostGraphile, type Counts } from "./peer/compare";
import { ensurePeerDeps, freePort, missingPrerequisite, PEER_DIR, PEER_NODE, PeerRun, peerVersions, REPO_ROOT, stopChild, type Server } from "./peer/harness";
import { processCpuMs } from "./peer/cpuTime";
import { FULL_SIZE, peerDataset } from "./peer/dataset";
import { runPeerLoadClient, type RunFigures } from "./peer/loadRun";
import { mirrorqlDatabase, mirrorqlInPostgres, PEER_PG_SCHEMA, PEER_SCHEMA_DIR } from "./peer/mirrorqlDb";

const CLI = fileURLToPath(new URL("../bin/mirrorql.js", import.meta.url));
const STATEMENT_COUNTER = fileURLToPath(new URL("./peer/countStatements.mjs", import.meta.url));
const MIRRORQL_QUERY = fileURLToPath(new URL("./peer/mirrorql.graphql", import.meta.url));
const PEER_QUERY = join(PEER_DIR, "query.graphql");
const RESULTS = join(PEER_DIR, "results", "peer-section");
const REGION = "emea";
const OPERATION = "NestedAccounts";
/** What both servers must return at full size, seed 42, region emea (the peer's README). */
const EXPECTED_FULL: Counts = { accounts: 20, contacts: 164, opportunities: 474 };
/** mirrorql's requests/s over PostGraphile's that each backend is held to. */
export const PEER_RPS_TARGET = { sqlite: 2.0, postgres: 1.5 } as const;
const TARGETS = ["mirrorql", "postgraphile"] as const;
type Target = (typeof TARGETS)[number];

const requestBody = (queryFile: string) => JSON.stringify({ query: readFileSync(queryFile, "utf8"), variables: { region: REGION }, operationName: OPERATION });

async function post(url: string, body: string): Promise<{ status: number; text: string }> {
  const r = await fetch(url, { method: "POST", headers: { "content-type": "application/json", accept: "application/json" }, body });
  return { status: r.status, text: await r.text() };
}

function skipped(reason: string): SectionResult {
  return { json: { peer: { skipped: reason } }, lines: [`skipped: ${reason}`] };
}

const medianOf = (xs: (number | null | undefined)[]) => {
  const v = xs.filter((x): x is number => typeof x === "number");
  return v.length ? round(median(v), 2) : null;
};

async function run(ctx: BenchContext): Promise<SectionResult> {
  const started = performance.now();
  const o = ctx.options;
  const log = ctx.log;
  const why = missingPrerequisite();
  if (why) {
    log(`peer: skipped: ${why}`);
    return skipped(why);
  }
  let deps: { installed: boolean; ms: number };
  try {
    deps = await ensurePeerDeps(log);
  } catch (e) {
    const reason = `the peer's dependencies could not be installed (npm ci in bench/peer/postgraphile): ${(e as Error).message}`;
    log(`peer: skipped: ${reason}`);
    return skipped(reason);
  }
  const versions = peerVersions();
  const onPostgres = o.backend === "postgres";
  const target = PEER_RPS_TARGET[onPostgres ? "postgres" : "sqlite"];
  const data = await peerDataset(o.peerScale, o.seed, log);
  const mdb = onPostgres ? null : await mirrorqlDatabase(data.dir, data.manifestFile, log);
  const fullSize =
    data.manifest.accounts === FULL_SIZE.accounts &&
    data.manifest.contacts === FULL_SIZE.contacts &&
    data.manifest.opportunities === FULL_SIZE.opportunities &&
    data.manifest.seed === 42;
  mkdirSync(RESULTS, { recursive: true });

  const peer = new PeerRun(log);
  try {
    // ---- PostgreSQL + PostGraphile, as run.sh
    const t0 = performance.now();
    const cluster = await peer.startCluster(await freePort());
    log(`peer: PostgreSQL ${versions.postgres} up on 127.0.0.1:${cluster.port} (${cluster.pgdata}); loading the CSVs (\\copy, indexes.sql, VACUUM ANALYZE)...`);
    const loaded = await peer.loadCluster(data.dir);
    const pgLoadMs = performance.now() - t0;
    log(`peer: PostgreSQL loaded in ${fmt(pgLoadMs / 1000, 1)} s: ${loaded.counts}, ${fmt(toMB(loaded.dbBytes), 1)} MB`);
    // mirrorql's own tables in the same database, in a schema of their own, before PostGraphile starts.
    const mpg = onPostgres ? await mirrorqlInPostgres(peer, cluster.url, data.dir, data.manifestFile, log) : null;

    const pglPort = await freePort();
    const pglUrl = `http://127.0.0.1:${pglPort}/graphql`;
    const t1 = performance.now();
    const pglProc = peer.spawnLogged("postgraphile", PEER_NODE, [join(PEER_DIR, "node_modules", "postgraphile", "dist", "cli-run.js"), "-C", "graphile.config.mjs"], {
      cwd: PEER_DIR,
      env: { ...process.env, DATABASE_URL: cluster.url, PGL_PORT: String(pglPort), GRAPHILE_ENV: "production", NODE_ENV: "production" },
    });
    await peer.waitReady("PostGraphile", pglProc.child, pglUrl, pglProc.logFile);
    const pgl: Server = { name: "postgraphile", pid: pglProc.child.pid!, port: pglPort, url: pglUrl, logFile: pglProc.logFile, child: pglProc.child };
    const pglStartMs = performance.now() - t1;
    log(`peer: PostGraphile ${versions.postgraphile} (Node ${versions.peerNode}) ready at ${pglUrl} in ${fmt(pglStartMs / 1000, 1)} s`);

    // ---- mirrorql: on the cluster, or on a copy of the cached database file (a server writes to its file)
    let location: string[];
    if (mdb) {
      const db = peer.file("mirrorql.db");
      copyFileSync(mdb.file, db);
      location = ["--db", db];
    } else {
      location = ["--db", cluster.url, "--pg-schema", PEER_PG_SCHEMA];
    }
    const serve = async (name: string, extra: { nodeArgs?: string[]; env?: NodeJS.ProcessEnv } = {}) => {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}/graphql`;
      const t = performance.now();
      const p = peer.spawnLogged(
        name,
        process.execPath,
        [...(extra.nodeArgs ?? []), CLI, "serve", ...location, "--schema", PEER_SCHEMA_DIR, "--port", String(port), "--host", "127.0.0.1"],
        {
          cwd: REPO_ROOT,
          env: { ...process.env, NODE_ENV: "production", ...extra.env },
        },
      );
      await peer.waitReady(name, p.child, url, p.logFile);
      const server: Server = { name, pid: p.child.pid!, port, url, logFile: p.logFile, child: p.child };
      return { server, startMs: performance.now() - t };
    };

    // Statements per request: a separate, unmeasured server with a preload that logs every better-sqlite3 or pg execution.
    const mqBody = requestBody(MIRRORQL_QUERY);
    const warnings: string[] = [];
    let statementsPerRequest: number | null = null;
    let statementSql: string[] = [];
    try {
      const statementsFile = peer.file("statements.log");
      const counter = await serve("mirrorql-count", { nodeArgs: ["--import", STATEMENT_COUNTER], env: { MIRRORQL_BENCH_STATEMENTS: statementsFile } });
      const statementLines = () => (existsSync(statementsFile) ? readFileSync(statementsFile, "utf8").split("\n").filter(Boolean) : []);
      try {
        await post(counter.server.url, mqBody);
        const before = statementLines().length;
        const counted = await post(counter.server.url, mqBody);
        const executed = statementLines().slice(before);
        if (counted.status === 200 && executed.length > 0) {
          statementsPerRequest = executed.length;
          statementSql = executed.slice(0, 10).map((l) => l.split("\t")[1]!.slice(0, 120));
        }
      } finally {
        await stopChild(counter.server.child);
      }
    } catch (e) {
      warnings.push(`statements per request not counted: ${(e as Error).message.slice(0, 500)}`);
    }

    const mq = await serve("mirrorql");
    const mqBytes = mdb ? mdb.bytes : mpg!.bytes;
    const mqCached = mdb ? mdb.cached : mpg!.cached;
    log(
      `peer: mirrorql serving ${mq.server.url} in ${fmt(mq.startMs / 1000, 1)} s (${mdb ? "SQLite file" : `PostgreSQL schema ${PEER_PG_SCHEMA}`} ${fmt(toMB(mqBytes), 1)} MB${mqCached ? ", cached" : ""})`,
    );
    const servers: Record<Target, Server> = { mirrorql: mq.server, postgraphile: pgl };
    const bodies: Record<Target, string> = { mirrorql: mqBody, postgraphile: requestBody(PEER_QUERY) };

    // ---- the same rows in the same order, once per run
    const answers = { mirrorql: await post(mq.server.url, bodies.mirrorql), postgraphile: await post(pglUrl, bodies.postgraphile) };
    for (const t of TARGETS) writeFileSync(join(RESULTS, `check-${t}.json`), answers[t].text);
    const parsed = {} as Record<Target, ReturnType<typeof fromMirrorql>>;
    for (const t of TARGETS) {
      const a = answers[t];
      let json: { errors?: unknown };
      try {
        json = JSON.parse(a.text) as { errors?: unknown };
      } catch {
        throw new Error(`peer: ${t} answered HTTP ${a.status} with no JSON: ${a.text.slice(0, 500)}`);
      }
      if (a.status !== 200 || json.errors) throw new Error(`peer: ${t} answered HTTP ${a.status} with errors: ${JSON.stringify(json.errors ?? a.text).slice(0, 1000)}`);
      parsed[t] = t === "mirrorql" ? fromMirrorql(json) : fromPostGraphile(json);
    }
    const difference = firstDifference(parsed.mirrorql, parsed.postgraphile);
    const sizes = counts(parsed.mirrorql);
    const check = {
      same: difference === null,
      ...sizes,
      expected: fullSize ? EXPECTED_FULL : null,
      responseBytes: { mirrorql: answers.mirrorql.text.length, postgraphile: answers.postgraphile.text.length },
    };
    if (difference !== null) {
      throw new Error(`peer: mirrorql and PostGraphile do not return the same rows: ${difference} (both answers in ${RESULTS}/check-*.json)`);
    }
    if (fullSize && (sizes.accounts !== EXPECTED_FULL.accounts || sizes.contacts !== EXPECTED_FULL.contacts || sizes.opportunities !== EXPECTED_FULL.opportunities)) {
      throw new Error(`peer: both servers returned ${JSON.stringify(sizes)}, expected ${JSON.stringify(EXPECTED_FULL)} at full size (answers in ${RESULTS})`);
    }
    if (sizes.accounts === 0) throw new Error(`peer: both servers returned no account for region ${REGION}`);
    log(
      `peer: same rows in the same order from both: ${sizes.accounts} accounts, ${sizes.contacts} contacts, ${sizes.opportunities} opportunities` +
        (statementsPerRequest !== null ? `; mirrorql ran ${statementsPerRequest} SQL statement${statementsPerRequest === 1 ? "" : "s"} for it` : ""),
    );

    // ---- rounds: the same load client against each server in turn
    // A server reading from the cluster is charged the cluster's CPU too (only one server is under load at a time).
    const cpuOf = (t: Target) =>
      t === "mirrorql" && !onPostgres ? { node: processCpuMs(mq.server.pid), postgres: 0 } : { node: processCpuMs(servers[t].pid), postgres: peer.clusterCpuMs() };
    const measure = (t: Target, roundNo: number): Promise<RunFigures> =>
      runPeerLoadClient(peer, {
        target: t,
        server: servers[t],
        queryFile: t === "mirrorql" ? MIRRORQL_QUERY : PEER_QUERY,
        operation: OPERATION,
        region: REGION,
        round: roundNo,
        durationS: o.peerDuration,
        connections: o.peerConnections,
        warmupS: o.peerWarmup,
        manifestFile: data.manifestFile,
        outDir: join(RESULTS, t),
        cpu: () => cpuOf(t),
        nodeAndPostgresApart: t === "postgraphile" || onPostgres,
        log,
      });

    const runs: Record<Target, RunFigures[]> = { mirrorql: [], postgraphile: [] };
    for (let r = 1; r <= o.peerRounds; r++) {
      for (const t of TARGETS) {
        log(`peer: round ${r}/${o.peerRounds}: ${t} (${o.peerWarmup} s warm-up, ${o.peerDuration} s measured, ${o.peerConnections} connections)`);
        const f = await measure(t, r);
        runs[t].push(f);
        if (f.errors || f.non2xx || f.mismatches || f.timeouts) {
          warnings.push(`round ${r}, ${t}: ${f.errors} errors, ${f.non2xx} non-2xx, ${f.mismatches} bodies unlike the checked one, ${f.timeouts} timeouts`);
        }
        log(
          `peer:   ${t}: ${fmt(f.requestsPerSec, 1)} requests/s, p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms, CPU ${f.cpuMsPerRequest === null ? "?" : fmt(f.cpuMsPerRequest, 1)} ms/request`,
        );
      }
    }

    const summary = (t: Target) => {
      const rs = runs[t];
      return {
        requestsPerSec: medianOf(rs.map((x) => x.requestsPerSec)),
        best: Math.max(...rs.map((x) => x.requestsPerSec)),
        p50Ms: medianOf(rs.map((x) => x.p50Ms)),
        p99Ms: medianOf(rs.map((x) => x.p99Ms)),
        cpuMsPerRequest: medianOf(rs.map((x) => x.cpuMsPerRequest)),
        ...(t === "postgraphile" || onPostgres
          ? { nodeCpuMsPerRequest: medianOf(rs.map((x) => x.nodeCpuMsPerRequest)), postgresCpuMsPerRequest: medianOf(rs.map((x) => x.postgresCpuMsPerRequest)) }
          : {}),
        requests: rs.reduce((s, x) => s + x.requests, 0),
        errors: rs.reduce((s, x) => s + x.errors + x.non2xx + x.timeouts, 0),
        mismatches: rs.reduce((s, x) => s + x.mismatches, 0),
        responseBytes: rs[0]?.responseBytes ?? null,
        runs: rs,
      };
    };
    const m = summary("mirrorql");
    const p = summary("postgraphile");
    const ratio = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : round(a / b, 2));
    const rpsRatio = ratio(m.requestsPerSec, p.requestsPerSec);
    const p99Ratio = ratio(m.p99Ms, p.p99Ms);
    const ratios = {
      requestsPerSec: rpsRatio,
      requestsPerSecTarget: target,
      meetsRequestsPerSecTarget: rpsRatio !== null && rpsRatio >= target,
      p99: p99Ratio,
      meetsP99Target: p99Ratio !== null && p99Ratio < 1,
      cpuMsPerRequest: ratio(m.cpuMsPerRequest, p.cpuMsPerRequest),
      paired: runs.mirrorql.map((x, i) => ({
        round: x.round,
        requestsPerSec: ratio(x.requestsPerSec, runs.postgraphile[i]?.requestsPerSec ?? null),
        p99: ratio(x.p99Ms, runs.postgraphile[i]?.p99Ms ?? null),
      })),
    };
    const seconds = round((performance.now() - started) / 1000, 1);

    const json = {
      peer: {
        config: {
          backend: onPostgres ? "postgres" : "sqlite",
          scale: o.peerScale,
          seed: data.manifest.seed,
          region: REGION,
          rounds: o.peerRounds,
          durationS: o.peerDuration,
          warmupS: o.peerWarmup,
          connections: o.peerConnections,
          order: TARGETS,
          client: "bench/peer/postgraphile/bench.mjs (autocannon) under the peer's Node",
        },
        versions: { ...versions, node: process.version },
        dataset: {
          accounts: data.manifest.accounts,
          contacts: data.manifest.contacts,
          opportunities: data.manifest.opportunities,
          seed: data.manifest.seed,
          dir: data.dir,
          generated: data.generated,
          generateMs: Math.round(data.generateMs),
        },
        setup: {
          depsInstalled: deps.installed,
          depsInstallMs: Math.round(deps.ms),
          postgresLoadMs: Math.round(pgLoadMs),
          postgresDbMB: toMB(loaded.dbBytes),
          postgraphileStartMs: Math.round(pglStartMs),
          mirrorqlDbCached: mqCached,
          mirrorqlLoadMs: Math.round(mdb ? mdb.loadMs : mpg!.loadMs),
          mirrorqlDbMB: toMB(mqBytes),
          mirrorqlStartMs: Math.round(mq.startMs),
          mirrorqlIndexes: mdb ? mdb.indexes : mpg!.indexes,
          ...(mpg ? { mirrorqlPgSchema: mpg.schema } : {}),
        },
        check,
        statementsPerRequest,
        statementSql,
        mirrorql: m,
        postgraphile: p,
        ratio: ratios,
        warnings,
        seconds,
      },
    };

    const f1 = (x: number | null | undefined) => (x == null ? "-" : fmt(x, 1));
    const row = (
      label: string,
      r: { requestsPerSec: number | null; p50Ms: number | null; p99Ms: number | null; cpuMsPerRequest: number | null; requests?: number },
      extra = "",
    ) => [label, f1(r.requestsPerSec), f1(r.p50Ms), f1(r.p99Ms), f1(r.cpuMsPerRequest), extra, r.requests === undefined ? "" : fmtInt(r.requests)];
    const rows: string[][] = [];
    for (let i = 0; i < o.peerRounds; i++) {
      const a = runs.mirrorql[i]!;
      const b = runs.postgraphile[i]!;
      rows.push(row(`round ${i + 1} mirrorql`, a, onPostgres ? `${f1(a.nodeCpuMsPerRequest)} + ${f1(a.postgresCpuMsPerRequest)}` : ""));
      rows.push(row(`round ${i + 1} postgraphile`, b, `${f1(b.nodeCpuMsPerRequest)} + ${f1(b.postgresCpuMsPerRequest)}`));
    }
    rows.push(row("median mirrorql", m, onPostgres ? `${f1(m.nodeCpuMsPerRequest)} + ${f1(m.postgresCpuMsPerRequest)}` : ""));
    rows.push(row("median postgraphile", p, `${f1(p.nodeCpuMsPerRequest)} + ${f1(p.postgresCpuMsPerRequest)}`));
    const lines = [
      `PostGraphile ${versions.postgraphile} on PostgreSQL ${versions.postgres} (Node ${versions.peerNode}) vs mirrorql serve (Node ${process.version}) on ` +
        (onPostgres ? `the same PostgreSQL (schema ${PEER_PG_SCHEMA} of the same database); ` : "SQLite; ") +
        `${fmtInt(data.manifest.accounts)} accounts, ${fmtInt(data.manifest.contacts)} contacts, ${fmtInt(data.manifest.opportunities)} opportunities (seed ${data.manifest.seed}), region ${REGION}`,
      `load client: bench.mjs (autocannon ${versions.autocannon}), ${o.peerConnections} connections, ${o.peerWarmup} s warm-up + ${o.peerDuration} s measured per run, ${o.peerRounds} round${o.peerRounds === 1 ? "" : "s"} (mirrorql, then PostGraphile)`,
      `answers: the same ${sizes.accounts} accounts / ${sizes.contacts} contacts / ${sizes.opportunities} opportunities in the same order; ` +
        `${fmtInt(check.responseBytes.mirrorql)} bytes (mirrorql) vs ${fmtInt(check.responseBytes.postgraphile)} (PostGraphile)` +
        (statementsPerRequest !== null ? `; mirrorql ran ${statementsPerRequest} SQL statement${statementsPerRequest === 1 ? "" : "s"} per request` : ""),
      `setup (untimed): PostgreSQL load ${fmt(pgLoadMs / 1000, 1)} s (${fmt(toMB(loaded.dbBytes), 1)} MB); mirrorql ${mdb ? "database" : `schema ${PEER_PG_SCHEMA}`} ` +
        `${mqCached ? `cached (${mdb ? "copied" : `restored in ${fmt(mpg!.loadMs / 1000, 1)} s`})` : `built in ${fmt((mdb ? mdb.loadMs : mpg!.loadMs) / 1000, 1)} s`} (${fmt(toMB(mqBytes), 1)} MB)`,
      "",
      ...table(["", "requests/s", "p50 ms", "p99 ms", "CPU ms/req", "(Node + PG)", "requests"], rows),
      "",
      `mirrorql / PostGraphile: requests/s ${rpsRatio === null ? "-" : fmt(rpsRatio, 2)} (target >= ${fmt(target, 1)}: ${ratios.meetsRequestsPerSecTarget ? "met" : "NOT met"}), ` +
        `p99 ${p99Ratio === null ? "-" : fmt(p99Ratio, 2)} (target < 1: ${ratios.meetsP99Target ? "met" : "NOT met"}), CPU per request ${ratios.cpuMsPerRequest === null ? "-" : fmt(ratios.cpuMsPerRequest, 2)}`,
      `paired requests/s ratios by round: ${ratios.paired.map((x) => (x.requestsPerSec === null ? "-" : fmt(x.requestsPerSec, 2))).join(", ")}`,
      onPostgres
        ? `CPU: each server's Node process (all threads) + every process of the PostgreSQL cluster they share, over the measured window (one server under load at a time)`
        : `CPU: mirrorql = its server process (all threads); PostGraphile = its Node process + every process of its PostgreSQL cluster, over the measured window`,
      ...warnings.map((w) => `WARNING ${w}`),
    ];
    return { json, lines };
  } finally {
    await peer.stopAll();
  }
}

export const peerSection: Section = {
  name: "peer",
  summary: "mirrorql serve vs PostGraphile 5 on PostgreSQL 15 (the peer's data, query shape and load client; alternating rounds)",
  run,
};
