// The mirrorql command line: `mirrorql serve`, `mirrorql check`, `mirrorql sdl`, `mirrorql ingest`, `mirrorql keys`,
// `mirrorql import|export adobe`, `mirrorql import ddl` and `mirrorql backup`.

import { readFileSync, writeFileSync } from "node:fs";
import { ingestFile } from "../ingest/ingestFile";
import { IngestError } from "../ingest/IngestError";
import { formatSummary } from "../ingest/formatSummary";
import { createProgress } from "../ingest/progress";
import { ACCESS_FLAGS, ACCESS_HELP } from "./accessOptions";
import { CONFIG_FILE, readCommandOptions, UsageError, type OptionDefs, type ValuesOf } from "./commandOptions";

const OVERVIEW = `mirrorql: mirror warehouse tables through change data capture and serve them over GraphQL.

Usage:
  mirrorql serve [options]     Serve the models over GraphQL at http://HOST:PORT/graphql
  mirrorql check [--schema D]  Check the model files and report every problem
  mirrorql sdl [--schema D] [--out FILE]
                               Print (or write) the GraphQL SDL generated from the models
  mirrorql ingest FILE --dataset NAME [options]
                               Load a CSV or JSON Lines file (gzip too) into a running server
  mirrorql keys create|list|revoke [options]
                               Make, list or revoke API keys in the database (--db, --pg-schema
                               as serve; see mirrorql keys --help)
  mirrorql import adobe SCHEMA.json... --descriptors FILE --out DIR [--force]
                               Turn Adobe relational schemas and descriptors into model files
  mirrorql import ddl FILE.sql --version COLUMN [--timestamp COLUMN] [--table T:KEY=VALUE,...] --out DIR [--force]
                               Turn warehouse CREATE TABLE statements (Snowflake, BigQuery,
                               Databricks) into model files (see mirrorql import ddl --help)
  mirrorql export adobe [--schema D] --out DIR [--force]
                               Write the models as Adobe schemas plus descriptors.json
                               (see mirrorql import --help)
  mirrorql backup [--db FILE] [--force] OUT
                               Copy a SQLite mirror to OUT, safe while a server writes it: whole
                               batches only (PostgreSQL: pg_dump; see mirrorql backup --help)
  mirrorql COMMAND --help      The options of a command
  mirrorql --version           The version of mirrorql
`;

const SETTINGS_HELP = `Every option --some-name of serve, ingest, check and sdl may also be given as the environment
variable MIRRORQL_SOME_NAME (true/false for switches, commas between the items of a list) or in a
configuration file: ${CONFIG_FILE} in the current folder, or the file --config FILE (or
MIRRORQL_CONFIG) names, e.g. { "serve": { "port": 4001, "rate-reads": "50/s" } }. The command line
comes first, then the environment, then the file.
`;

const SERVE_HELP = `Usage: mirrorql serve [options]

Options of serve:
  --port N            Port (default 4000, or the PORT environment variable)
  --host H            Address to bind (default 127.0.0.1)
  --allowed-hosts L   Comma-separated host names requests may carry in their Host header
                      (default on a loopback address: localhost, 127.0.0.1, ::1; elsewhere any)
  --schema DIR        Folder of model files (default schema/)
  --db LOCATION       A SQLite database file, created if missing, or a PostgreSQL URL
                      (postgres://user:password@host:5432/dbname); default: the DATABASE_URL
                      environment variable, else data/mirror.db
  --durability D      SQLite only: full (default; an acknowledged batch survives a power loss) or
                      normal (it survives the process being killed; the last batches may be lost
                      on power loss). On PostgreSQL the server's synchronous_commit decides.
  --pg-schema NAME    PostgreSQL only: the one schema mirrorql keeps everything in, created if
                      missing (default mirrorql)
  --model-poll S      PostgreSQL only: seconds between checks for models another serve process
                      loaded into the schema, then served without a restart (default 5; 0 never)
  --demo              Serve the package's demo models (unless --schema names others) and load its
                      sample change streams (demo/changes/) first (a no-op once loaded)
  --no-introspection  Refuse introspection queries
  --max-page-size N   Largest first/last accepted (default 1000)
  --max-nodes N       Most objects one query could return, page sizes multiplied down each
                      path, checked before it runs (default 200000)
  --read-timeout MS   A read statement still running after MS milliseconds is stopped and answers
                      TIMEOUT (default 10000; 0: no limit; SQLite: reader threads only)
  --max-tokens N      Largest query document, in GraphQL tokens (default 15000)
  --max-repeated-pairs N
                      Most pairs of selections of one response key in one selection set
                      (default 500; graphql-js validates them in quadratic time)
  --max-batch-rows N  Most rows one batch may hold (default 50000)
  --max-body-bytes N  Largest request body in bytes (default 67108864, 64 MiB)
  --readers N         Reader threads of the read engine, 0 to 16 (default: one per core, at most 4;
                      0 reads on the main thread); on PostgreSQL, the read pool has 2N connections
                      (at least 2)
  --engine E          compiled (default: each root field is one SQL statement building its JSON)
                      or resolvers (the reference resolvers, field by field; slower; SQLite only)
  --log-level L       trace, debug, info (default), warn, error, fatal or silent (MIRRORQL_LOG=silent
                      silences all)
  --metrics-public    Serve /metrics to any address (default: loopback peers only)
  --watch             Apply changes of the --schema folder while serving, as defineModels does
                      (evolution rules, revisions, audit; a model removed from it is not dropped)

${ACCESS_HELP}
${SETTINGS_HELP}`;

const INGEST_HELP = `Usage: mirrorql ingest FILE --dataset NAME [options]

Options of ingest (FILE: .csv, .jsonl or .ndjson, optionally .gz):
  --dataset NAME      The dataset to load (required)
  --format F          native (default), debezium, delta-cdf, snowflake or bigquery
  --server URL        The GraphQL endpoint (default http://127.0.0.1:4000/graphql)
  --batch-size N      Rows per batch, 1 to 50000 (default 5000)
  --batch-prefix P    Batch ids are P:1, P:2, ... (default: from the file's path, size and
                      time, the dataset, format and batch size; a run again resends the same ids)
  --retries N         Retries of a batch after a network error or HTTP 5xx (default 7)
  --in-flight N       Batches sent before the first answer is awaited, 1 to 8 (default 2)
  --stats             Print the client's peak memory (max RSS) and speed on stderr at the end
  --delimiter C       CSV files: the character between fields (default ","; "\\t" or tab for tabs)
  --null S            CSV files: unquoted text that means null besides an empty field (e.g. \\N,
                      as Snowflake unloads write it)
  --token T           The credential sent as "Authorization: Bearer T": an API key or a JWT
  Exit code: 0 loaded, 1 loaded with rows quarantined, 2 stopped by an error (run again to resume).

${SETTINGS_HELP}`;

const CHECK_HELP = `Usage: mirrorql check [--schema DIR]

Checks the model files of DIR (default schema/) and reports every problem.

${SETTINGS_HELP}`;

const SDL_HELP = `Usage: mirrorql sdl [--schema DIR] [--out FILE]

Prints (or writes to FILE) the GraphQL SDL generated from the model files of DIR (default schema/).

${SETTINGS_HELP}`;

const SERVE_OPTIONS = {
  port: { type: "string" },
  host: { type: "string" },
  "allowed-hosts": { type: "string" },
  schema: { type: "string" },
  db: { type: "string" },
  "pg-schema": { type: "string" },
  durability: { type: "string" },
  demo: { type: "boolean" },
  "no-introspection": { type: "boolean" },
  "max-page-size": { type: "string" },
  "max-nodes": { type: "string" },
  "read-timeout": { type: "string" },
  "max-tokens": { type: "string" },
  "max-repeated-pairs": { type: "string" },
  "max-batch-rows": { type: "string" },
  "max-body-bytes": { type: "string" },
  readers: { type: "string" },
  engine: { type: "string" },
  "model-poll": { type: "string" },
  "log-level": { type: "string" },
  "metrics-public": { type: "boolean" },
  watch: { type: "boolean" },
  ...ACCESS_FLAGS,
} as const satisfies OptionDefs;

const INGEST_OPTIONS = {
  dataset: { type: "string" },
  format: { type: "string" },
  server: { type: "string" },
  "batch-size": { type: "string" },
  "batch-prefix": { type: "string" },
  retries: { type: "string" },
  "in-flight": { type: "string" },
  stats: { type: "boolean" },
  token: { type: "string" },
  delimiter: { type: "string" },
  null: { type: "string" },
} as const satisfies OptionDefs;

const CHECK_OPTIONS = { schema: { type: "string" } } as const satisfies OptionDefs;
const SDL_OPTIONS = { schema: { type: "string" }, out: { type: "string" } } as const satisfies OptionDefs;

const HELPS: Record<string, string> = { serve: SERVE_HELP, ingest: INGEST_HELP, check: CHECK_HELP, sdl: SDL_HELP };

/** A command's options, or the exit code when it was asked for help or refused its command line. */
function read<D extends OptionDefs>(command: string, argv: string[], defs: D): { values: ValuesOf<D>; positionals: string[] } | number {
  let read;
  try {
    read = readCommandOptions(command, argv, defs);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`${e.message}\n\n${HELPS[command]}`);
    return 2;
  }
  if (read.values.help) {
    process.stdout.write(HELPS[command]!);
    return 0;
  }
  return read;
}

/** The version of this package. */
function version(): string {
  return (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;
}

export async function main(argv: string[]): Promise<number> {
  // `keys` reads its own options (keysCommand.ts), and opens the storage without models.
  if (argv[0] === "keys") return (await import("./keysCommand")).keysCommand(argv.slice(1));
  // `import adobe`, `import ddl` and `export adobe` read their own options (adobeCommand.ts, ddlCommand.ts).
  if (argv[0] === "import" && argv[1] === "ddl") return (await import("./ddlCommand")).ddlCommand(argv.slice(2));
  if (argv[0] === "import" || argv[0] === "export") return (await import("./adobeCommand")).adobeCommand(argv[0], argv.slice(1));
  // `backup` too (backupCommand.ts): it copies the database file and needs neither models nor a server.
  if (argv[0] === "backup") return (await import("./backupCommand")).backupCommand(argv.slice(1));
  if (argv[0] === "--version" || argv[0] === "-v") {
    process.stdout.write(`mirrorql ${version()}\n`);
    return 0;
  }
  const command = argv[0];
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(OVERVIEW);
    return command === undefined ? 2 : 0;
  }
  if (!(command in HELPS)) {
    process.stderr.write(`Unknown command ${JSON.stringify(command)}; mirrorql --help lists the commands.\n`);
    return 2;
  }
  if (command === "ingest") {
    const options = read(command, argv.slice(1), INGEST_OPTIONS);
    return typeof options === "number" ? options : ingest(options.positionals, options.values);
  }
  // The server's modules are loaded only for the commands that use them: `ingest` is a
  // small HTTP client and keeps its memory low without them (GraphQL, SQLite, models).
  const { printSchemaSdl } = await import("../graphql/buildSchema");
  const { Mirror } = await import("../mirror");
  const { loadModels } = await import("../models/loadModels");
  const { ModelValidationError } = await import("../models/ModelProblem");
  const { loadDemoChanges, DEMO_SCHEMA_DIR } = await import("../demo/loadDemoChanges");
  const { startServer } = await import("../server/createServer");
  const { MirrorError } = await import("../errors");
  const { DEFAULT_QUERY_LIMITS } = await import("../graphql/limits/QueryLimits");
  const { isPostgresUrl, withoutPassword } = await import("../storage/openStorage");
  const { configureLog, isLogThreshold, log, LOG_THRESHOLDS } = await import("../server/log");
  try {
    if (command === "check" || command === "sdl") {
      const options = read(command, argv.slice(1), command === "check" ? CHECK_OPTIONS : SDL_OPTIONS);
      if (typeof options === "number") return options;
      const schemaDir = options.values.schema ?? "schema";
      const models = loadModels(schemaDir);
      if (command === "check") process.stdout.write(`${models.length} models in ${schemaDir} are valid: ${models.map((m) => m.name).join(", ")}\n`);
      else if (command === "sdl" && (options.values as ValuesOf<typeof SDL_OPTIONS>).out)
        writeFileSync((options.values as ValuesOf<typeof SDL_OPTIONS>).out!, printSchemaSdl(models));
      else process.stdout.write(printSchemaSdl(models));
      return 0;
    }
    const options = read(command, argv.slice(1), SERVE_OPTIONS);
    if (typeof options === "number") return options;
    const { values } = options;
    // --demo serves the package's demo models unless --schema names others.
    const schemaDir = values.schema ?? (values.demo ? DEMO_SCHEMA_DIR : "schema");
    const logLevel = values["log-level"] ?? (process.env.MIRRORQL_LOG_LEVEL || undefined);
    if (logLevel !== undefined) {
      if (!isLogThreshold(logLevel)) throw new UsageError(`--log-level (or MIRRORQL_LOG_LEVEL) must be one of ${LOG_THRESHOLDS.join(", ")}, received ${logLevel}.`);
      // Threads started from here on (writer, readers) read their level from the environment they inherit.
      process.env.MIRRORQL_LOG_LEVEL = logLevel;
      configureLog({ level: logLevel });
    }
    const port = Number(values.port ?? process.env.PORT ?? 4000);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, received ${values.port ?? process.env.PORT}.`);
    const positive = (flag: "max-page-size" | "max-batch-rows" | "max-body-bytes" | "max-nodes" | "max-tokens" | "max-repeated-pairs", fallback: number) => {
      const n = Number(values[flag] ?? fallback);
      if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${flag} must be a positive integer, received ${values[flag]}.`);
      return n;
    };

    const limits = { maxPageSize: positive("max-page-size", 1000) };
    const queryLimits = {
      maxNodes: positive("max-nodes", DEFAULT_QUERY_LIMITS.maxNodes),
      maxTokens: positive("max-tokens", DEFAULT_QUERY_LIMITS.maxTokens),
      maxRepeatedPairs: positive("max-repeated-pairs", DEFAULT_QUERY_LIMITS.maxRepeatedPairs),
      timeoutMs: Number(values["read-timeout"] ?? DEFAULT_QUERY_LIMITS.timeoutMs),
    };
    if (!Number.isInteger(queryLimits.timeoutMs) || queryLimits.timeoutMs < 0)
      throw new UsageError(`--read-timeout must be a whole number of milliseconds (0: no limit), received ${values["read-timeout"]}.`);
    const ingestLimits = { maxBatchRows: positive("max-batch-rows", 50_000), maxBodyBytes: positive("max-body-bytes", 64 * 1024 * 1024) };
    const modelPoll = values["model-poll"] === undefined ? undefined : Number(values["model-poll"]);
    if (modelPoll !== undefined && (values["model-poll"]!.trim() === "" || !(Number.isFinite(modelPoll) && modelPoll >= 0 && modelPoll <= 3600)))
      throw new UsageError(`--model-poll must be a number of seconds from 0 to 3600, received ${values["model-poll"]}.`);
    const readers = values.readers === undefined ? undefined : Number(values.readers);
    if (readers !== undefined && !(Number.isInteger(readers) && readers >= 0 && readers <= 16))
      throw new UsageError(`--readers must be an integer from 0 to 16, received ${values.readers}.`);
    const engine = values.engine ?? "compiled";
    if (engine !== "compiled" && engine !== "resolvers") throw new UsageError(`--engine must be compiled or resolvers, received ${values.engine}.`);
    const database = values.db ?? (process.env.DATABASE_URL || "data/mirror.db");
    const postgres = isPostgresUrl(database);
    if (!postgres && values["pg-schema"] !== undefined)
      throw new UsageError(`--pg-schema applies to a PostgreSQL database only; --db (or DATABASE_URL) names the SQLite file ${database}.`);
    const durability = values.durability;
    if (durability !== undefined && durability !== "full" && durability !== "normal") throw new UsageError(`--durability must be full or normal, received ${durability}.`);
    if (postgres && durability !== undefined)
      throw new UsageError("--durability applies to SQLite only; on PostgreSQL, durability is the server's synchronous_commit and fsync settings.");
    if (postgres && engine === "resolvers")
      throw new UsageError("--engine resolvers reads SQLite only (the reference resolvers' SQL is SQLite's); on PostgreSQL, serve with the compiled engine.");
    const { accessOptionsFrom } = await import("./accessOptions");
    const access = accessOptionsFrom(values);
    const mirror = await Mirror.open({
      database,
      schemaDir,
      ...(values["pg-schema"] !== undefined ? { pgSchema: values["pg-schema"] } : {}),
      ...(durability ? { durability } : {}),
    }).catch((e: unknown) => {
      // The server cannot be reached, refuses the login or lacks the database: say where, not how the driver failed.
      const code = (e as { code?: unknown }).code;
      if (postgres && typeof code === "string" && /^(E[A-Z]+|08...|28...|3D000|42501)$/.test(code)) {
        throw new UsageError(`Cannot open the PostgreSQL database ${withoutPassword(database)}: ${(e as Error).message} (${code}).`);
      }
      throw e;
    });
    if (values.demo) {
      const fresh = (await loadDemoChanges(mirror)).filter((r) => !r.replayed);
      if (fresh.length > 0) log("info", "demo_loaded", { batches: fresh.map((r) => r.batchId) });
    }
    const server = await startServer(mirror, {
      port,
      ...(values.host ? { host: values.host } : {}),
      ...(values["allowed-hosts"]
        ? {
            allowedHosts: values["allowed-hosts"]
              .split(",")
              .map((h) => h.trim())
              .filter(Boolean),
          }
        : {}),
      introspection: !values["no-introspection"],
      ...(durability ? { durability } : {}),
      limits,
      queryLimits,
      ingestLimits,
      ...(readers !== undefined ? { readers } : {}),
      ...(modelPoll !== undefined ? { modelPollMs: Math.round(modelPoll * 1000) } : {}),
      engine,
      access,
      ...(values["metrics-public"] ? { metricsPublic: true } : {}),
      ...(values.watch ? { watchModelFiles: schemaDir } : {}),
    });
    log("info", "listening", { url: server.url, database: postgres ? withoutPassword(database) : database, schema: schemaDir, datasets: mirror.models.map((m) => m.dataset) });
    process.stdout.write(`mirrorql serving ${mirror.models.length} datasets at ${server.url}\n`);

    let stopping = false;
    const shutdown = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      log("info", "stopping", { signal });
      await server.stop();
      await mirror.close();
      log("info", "stopped");
      process.exit(0);
    };
    process.on("SIGTERM", () => void shutdown("SIGTERM"));
    process.on("SIGINT", () => void shutdown("SIGINT"));
    return -1;
  } catch (e) {
    if (e instanceof ModelValidationError || e instanceof UsageError || e instanceof MirrorError) {
      process.stderr.write(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

/** `mirrorql ingest`: 0 loaded, 1 loaded with quarantined rows, 2 stopped by an error, 130 interrupted. */
async function ingest(files: string[], values: ValuesOf<typeof INGEST_OPTIONS>): Promise<number> {
  const whole = (name: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v)) throw new IngestError("BAD_USER_INPUT", `--${name} must be a whole number, received ${JSON.stringify(v)}.`);
    return Number(v);
  };
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write("\nStopping; run the same command again to resume (Ctrl-C again quits at once).\n");
    controller.abort(new Error("interrupted"));
  };
  process.on("SIGINT", onSignal);
  try {
    if (files.length !== 1) throw new IngestError("BAD_USER_INPUT", `Name one file to load: mirrorql ingest FILE --dataset NAME (see mirrorql --help).`);
    if (!values.dataset) throw new IngestError("BAD_USER_INPUT", "Name the dataset to load with --dataset NAME.");
    const batchSize = whole("batch-size", values["batch-size"]);
    const retries = whole("retries", values.retries);
    const inFlight = whole("in-flight", values["in-flight"]);
    const token = values.token;
    const summary = await ingestFile({
      file: files[0]!,
      dataset: values.dataset,
      ...(values.format !== undefined ? { format: values.format } : {}),
      ...(values.server !== undefined ? { server: values.server } : {}),
      ...(batchSize !== undefined ? { batchSize } : {}),
      ...(values["batch-prefix"] !== undefined ? { batchPrefix: values["batch-prefix"] } : {}),
      ...(retries !== undefined ? { retries } : {}),
      ...(inFlight !== undefined ? { inFlight } : {}),
      ...(token ? { token } : {}),
      ...(values.delimiter !== undefined ? { delimiter: values.delimiter } : {}),
      ...(values.null !== undefined ? { nullMarker: values.null } : {}),
      progress: createProgress(process.stderr),
      signal: controller.signal,
    });
    process.stdout.write(formatSummary(summary));
    if (values.stats) printStats(summary.rows, summary.elapsedMs);
    return summary.quarantined > 0 ? 1 : 0;
  } catch (e) {
    if (!(e instanceof IngestError)) throw e;
    process.stderr.write(`mirrorql ingest: ${e.code}: ${e.message}\n`);
    if (e.summary && e.summary.batches > 0) process.stdout.write(formatSummary(e.summary));
    if (values.stats && e.summary) printStats(e.summary.rows, e.summary.elapsedMs);
    return e.code === "ABORTED" ? 130 : 2;
  } finally {
    process.off("SIGINT", onSignal);
  }
}

function printStats(rows: number, elapsedMs: number): void {
  const maxRssBytes = process.resourceUsage().maxRSS * 1024;
  const stats = { maxRssBytes, rows, elapsedMs: Math.round(elapsedMs), rowsPerSecond: elapsedMs > 0 ? Math.round((rows * 1000) / elapsedMs) : 0 };
  process.stderr.write(`stats: ${JSON.stringify(stats)}\n`);
}

let code: number;
try {
  code = await main(process.argv.slice(2));
} catch (e) {
  // Unexpected: say what failed in one line; the stack only on request.
  const err = e as Error & { cause?: Error };
  process.stderr.write(`mirrorql: ${err.message}${err.cause ? ` (${err.cause.message})` : ""}\n`);
  if (process.env.MIRRORQL_DEBUG) process.stderr.write(`${err.stack}\n`);
  else process.stderr.write("Set MIRRORQL_DEBUG=1 to see the stack trace.\n");
  code = 1;
}
if (code >= 0) process.exit(code);
