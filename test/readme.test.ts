// The README's shell examples that talk to a running server are run against one, as a reader
// would paste them: each fenced `sh` block holding a curl, in README order, with the server's
// address in place of http://127.0.0.1:4000 and DATABASE_URL naming its database (the default
// database of the command line). A block must exit 0 and print no GraphQL error.

import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDemoChanges } from "../src/demo/loadDemoChanges";
import { Mirror } from "../src/mirror";
import { startServer, type RunningServer } from "../src/server/createServer";

/** The fenced `sh` blocks of the README (indented ones too), with their line. */
function shellBlocks(text: string): { line: number; code: string }[] {
  const blocks: { line: number; code: string }[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```sh\s*$/.exec(lines[i]!);
    if (!open) continue;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && lines[j]!.trim() !== "```"; j++) body.push(lines[j]!.slice(open[1]!.length));
    blocks.push({ line: i + 1, code: body.join("\n") });
    i = j;
  }
  return blocks;
}

const talking = shellBlocks(readFileSync("README.md", "utf8")).filter((b) => /\bcurl\b/.test(b.code));

describe("README examples", () => {
  const dir = mkdtempSync(join(tmpdir(), "mirrorql-readme-"));
  const database = join(dir, "mirror.db");
  let mirror: Mirror;
  let server: RunningServer;
  beforeAll(async () => {
    mirror = await Mirror.open({ database, schemaDir: "schema" });
    await loadDemoChanges(mirror);
    server = await startServer(mirror, { port: 0 });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await mirror?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("has examples that talk to a server", () => {
    expect(talking.length).toBeGreaterThanOrEqual(2);
  });

  it.each(talking.map((b) => [b.line, b.code] as const))("the block at README line %i runs against a server and prints no error", async (_line, code) => {
    const base = server.url.replace(/\/graphql$/, "");
    // Asynchronously: the server answers on this process's event loop.
    const { stdout: output } = await promisify(execFile)("bash", ["-euo", "pipefail", "-c", code.replaceAll("http://127.0.0.1:4000", base)], {
      env: { ...process.env, DATABASE_URL: database, MIRRORQL_LOG: "silent" },
      encoding: "utf8",
      timeout: 60_000,
    });
    const responses = output.split("\n").filter((l) => l.startsWith("{"));
    expect(responses.length).toBeGreaterThan(0);
    for (const r of responses) expect(JSON.parse(r), r).not.toHaveProperty("errors");
  });
});
