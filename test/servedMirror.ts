// A mirror of schema/ served over HTTP for a whole test file, on one backend: a file database
// on SQLite, so that batches cross to the server's writer thread as in production.

import { afterAll, beforeAll } from "vitest";
import type { Mirror } from "../src/mirror";
import { startServer, type RunningServer } from "../src/server/createServer";
import type { Backend } from "./backends";

/** Registers the mirror and its server for the current describe block; read them inside tests. */
export function useServedMirror(backend: Backend): { mirror: Mirror; server: RunningServer } {
  const served = {} as { mirror: Mirror; server: RunningServer };
  beforeAll(async () => {
    served.mirror = await backend.open({ schemaDir: "schema" }, { reopen: true }, "file");
    served.server = await startServer(served.mirror, { port: 0 });
  }, 30_000);
  afterAll(async () => {
    await served.server?.stop();
  });
  return served;
}
