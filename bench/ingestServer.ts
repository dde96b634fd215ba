// A child-process server for the `ingest` section, for what `mirrorql serve` cannot do from
// the command line: choose the writer (`--writer in-process`, which startServer offers but the
// CLI does not) and stop cleanly on request, so that `node --cpu-prof` writes its profiles
// (the profile of every thread is written when the process exits normally).
// Otherwise the same as `mirrorql serve --port 0 --db FILE --schema DIR`: Mirror.open, then
// startServer with the default limits, on 127.0.0.1.
//
//   node --import tsx bench/ingestServer.ts --db FILE --schema DIR [--writer thread|in-process]
//
// Prints the CLI's line `mirrorql serving N datasets at URL` once listening; the IPC message
// "stop" (or a closed IPC channel) stops the server, closes the database and exits with 0.

import { parseArgs } from "node:util";
import { Mirror } from "../src/mirror";
import { startServer } from "../src/server/createServer";

const { values } = parseArgs({ options: { db: { type: "string" }, schema: { type: "string" }, writer: { type: "string" } } });
if (!values.db || !values.schema) throw new Error("usage: ingestServer.ts --db FILE --schema DIR [--writer thread|in-process]");
const writer = values.writer === "in-process" ? "in-process" : "thread";

const mirror = await Mirror.open({ database: values.db, schemaDir: values.schema });
const server = await startServer(mirror, { port: 0, host: "127.0.0.1", writer });
process.stdout.write(`mirrorql serving ${mirror.models.length} datasets at ${server.url}\n`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.stop();
  await mirror.close();
  process.exit(0);
};
process.on("message", (m) => {
  if (m === "stop") void stop();
});
process.on("disconnect", () => void stop());
