// The mirrorql command line: `mirrorql serve` and `mirrorql check`.

import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { printSchemaSdl } from "../graphql/buildSchema";
import { Mirror } from "../mirror";
import { loadModels } from "../models/loadModels";
import { ModelValidationError } from "../models/ModelProblem";
import { loadDemoChanges } from "../demo/loadDemoChanges";
import { startServer } from "../server/createServer";
import { log } from "../server/log";

const HELP = `mirrorql: mirror warehouse tables through change data capture and serve them over GraphQL.

Usage:
  mirrorql serve [options]     Serve the models over GraphQL at http://HOST:PORT/graphql
  mirrorql check [--schema D]  Check the model files and report every problem
  mirrorql sdl [--schema D] [--out FILE]
                               Print (or write) the GraphQL SDL generated from the models
  mirrorql --help              This text

Options of serve:
  --port N            Port (default 4000, or the PORT environment variable)
  --host H            Address to bind (default 127.0.0.1)
  --schema DIR        Folder of model files (default schema/)
  --db FILE           SQLite database file, created if missing (default data/mirror.db)
  --demo              Load the sample change streams of demo/changes/ first (a no-op once loaded)
  --no-introspection  Refuse introspection queries
  --max-page-size N   Largest first/last accepted (default 1000)
`;

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      help: { type: "boolean", short: "h" },
      port: { type: "string" },
      host: { type: "string" },
      schema: { type: "string" },
      db: { type: "string" },
      demo: { type: "boolean" },
      "no-introspection": { type: "boolean" },
      "max-page-size": { type: "string" },
      out: { type: "string" },
    },
  });
  const command = positionals[0];
  if (values.help || !command) {
    process.stdout.write(HELP);
    return values.help ? 0 : 2;
  }
  const schemaDir = values.schema ?? "schema";
  try {
    if (command === "check") {
      const models = loadModels(schemaDir);
      process.stdout.write(`${models.length} models in ${schemaDir} are valid: ${models.map((m) => m.name).join(", ")}\n`);
      return 0;
    }
    if (command === "sdl") {
      const sdl = printSchemaSdl(loadModels(schemaDir));
      if (values.out) writeFileSync(values.out, sdl);
      else process.stdout.write(sdl);
      return 0;
    }
    if (command !== "serve") {
      process.stderr.write(`Unknown command "${command}".\n\n${HELP}`);
      return 2;
    }
    const port = Number(values.port ?? process.env.PORT ?? 4000);
    const maxPageSize = Number(values["max-page-size"] ?? 1000);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, received ${values.port ?? process.env.PORT}.`);
    if (!Number.isInteger(maxPageSize) || maxPageSize < 1) throw new UsageError(`--max-page-size must be a positive integer, received ${values["max-page-size"]}.`);

    const database = values.db ?? "data/mirror.db";
    const mirror = Mirror.open({ database, schemaDir });
    if (values.demo) {
      const fresh = loadDemoChanges(mirror).filter((r) => !r.replayed);
      if (fresh.length > 0) log("info", "demo_loaded", { batches: fresh.map((r) => r.batchId) });
    }
    const server = await startServer(mirror, {
      port,
      ...(values.host ? { host: values.host } : {}),
      introspection: !values["no-introspection"],
      limits: { maxPageSize },
    });
    log("info", "listening", { url: server.url, database, schema: schemaDir, datasets: mirror.models.map((m) => m.dataset) });
    process.stdout.write(`mirrorql serving ${mirror.models.length} datasets at ${server.url}\n`);

    let stopping = false;
    const shutdown = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      log("info", "stopping", { signal });
      await server.stop();
      mirror.close();
      log("info", "stopped");
      process.exit(0);
    };
    process.on("SIGTERM", () => void shutdown("SIGTERM"));
    process.on("SIGINT", () => void shutdown("SIGINT"));
    return -1;
  } catch (e) {
    if (e instanceof ModelValidationError || e instanceof UsageError) {
      process.stderr.write(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

class UsageError extends Error {}

const code = await main(process.argv.slice(2));
if (code >= 0) process.exit(code);
