// serve --watch: a change of the model files' folder is applied while the server runs, through
// the registry (evolution rules, revisions), and served without a restart; files that do not
// check leave the served models as they were; a model removed from the folder is not dropped.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Mirror } from "../../src/mirror";
import { startServer, type RunningServer } from "../../src/server/createServer";
import { BACKENDS } from "../backends";
import { graphql } from "./accessClient";

const REGION = {
  name: "Region",
  dataset: "regions",
  fields: { code: { type: "string", required: true }, label: { type: "string" }, v: { type: "integer", required: true } },
  primaryKey: ["code"],
  version: "v",
};

/** Polls `check` until it holds (the watcher settles changes for 300 ms), at most 20 s. */
async function eventually(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("the change was not served within 20 s");
}

describe.each(BACKENDS)("$name: serve --watch", (backend) => {
  const dirs: string[] = [];
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it("applies a grown model file without a restart, keeps serving when a file does not check, and drops nothing", async () => {
    vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const dir = mkdtempSync(join(tmpdir(), "mirrorql-watch-"));
    dirs.push(dir);
    writeFileSync(join(dir, "region.json"), JSON.stringify(REGION));
    const mirror: Mirror = await backend.open({ schemaDir: dir }, backend.location({ reopen: true }));
    server = await startServer(mirror, { port: 0, modelPollMs: 0, watchModelFiles: dir });
    const typeFields = async () => {
      const answer = await graphql(
        server!.url,
        {},
        `
          {
            __type(name: "Region") {
              fields {
                name
              }
            }
          }
        `,
      );
      return ((answer.body.data as { __type: { fields: { name: string }[] } | null }).__type?.fields ?? []).map((f) => f.name);
    };
    expect(await typeFields()).not.toContain("population");

    writeFileSync(join(dir, "region.json"), JSON.stringify({ ...REGION, fields: { ...REGION.fields, population: { type: "integer" } } }));
    await eventually(async () => (await typeFields()).includes("population"));
    const applied = await graphql(
      server.url,
      {},
      `
        mutation {
          applyRegionsChanges(changes: [{ code: "r1", label: "One", v: 1, population: 5 }]) {
            datasets {
              upserted
            }
          }
        }
      `,
    );
    expect(applied.body).toEqual({ data: { applyRegionsChanges: { datasets: [{ upserted: 1 }] } } });
    expect((await mirror.storage.modelRevisions({ limit: 10 })).map((r) => r.principal)).toEqual([expect.stringContaining("--watch")]);

    // A file that does not check: logged, and the served models stay.
    writeFileSync(join(dir, "region.json"), "{ not json");
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await typeFields()).toContain("population");
    // A model removed from the folder is not dropped: its data stays served.
    rmSync(join(dir, "region.json"));
    await new Promise((r) => setTimeout(r, 1_000));
    expect(
      (
        await graphql(
          server.url,
          {},
          `
            {
              regions {
                nodes {
                  code
                  population
                }
              }
            }
          `,
        )
      ).body,
    ).toEqual({ data: { regions: { nodes: [{ code: "r1", population: "5" }] } } });
  });
});
