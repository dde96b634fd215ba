// Model changes made by one replica are served by the others without a restart: a server on
// PostgreSQL polls for models another process loaded and swaps in a schema and planner built
// from them; its reads, introspection and writes follow the new models.

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Mirror } from "../../src/mirror";
import { startServer, type RunningServer } from "../../src/server/createServer";
import { dropSchema, FIXED_NOW, freshSchema, openReplica, POSTGRES_URL, url, withReplicas } from "./replicas";

const ACCOUNT = {
  name: "Account",
  dataset: "accounts",
  fields: { account_id: { type: "string", required: true }, name: { type: "string" }, v: { type: "integer", required: true } },
  primaryKey: ["account_id"],
  version: "v",
};
const GROWN = { ...ACCOUNT, fields: { ...ACCOUNT.fields, region: { type: "string" } } };
const REGION = {
  name: "Region",
  dataset: "regions",
  fields: { code: { type: "string", required: true }, v: { type: "integer", required: true } },
  primaryKey: ["code"],
  version: "v",
};

const post = async (endpoint: string, query: string) =>
  (await fetch(endpoint, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) })).json() as Promise<{
    data?: unknown;
    errors?: { message: string }[];
  }>;

/** Asks `query` until it answers without errors (the replica has picked up the models); the test's timeout bounds the wait. */
async function once(endpoint: string, query: string) {
  for (;;) {
    const answer = await post(endpoint, query);
    if (!answer.errors) return answer;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe.skipIf(!POSTGRES_URL)("postgres replicas: serving models another replica loaded", () => {
  it("a serving replica answers with the models another process loaded, without a restart: new field, new dataset, writes", async () => {
    await withReplicas(1, [ACCOUNT], { now: FIXED_NOW }, async ([old], schema) => {
      const server: RunningServer = await startServer(old!, { port: 0, modelPollMs: 30 });
      let grown: Mirror | undefined;
      try {
        await old!.applyChanges("accounts", [{ account_id: "a1", name: "Acme", v: 1 }]);
        const before = await post(server.url, `{ accounts { nodes { account_id region } } }`);
        expect(before.errors?.[0]?.message).toContain(`Cannot query field "region"`);

        // Another process starts with grown models: an optional field and a dataset more.
        grown = await openReplica([GROWN, REGION], schema, { now: FIXED_NOW });
        await grown.applyChanges("accounts", [{ account_id: "a2", name: "Bolt", region: "eu", v: 1 }]);

        expect(await once(server.url, `{ accounts(orderBy: [{ account_id: ASC }]) { nodes { account_id region } } }`)).toEqual({
          data: {
            accounts: {
              nodes: [
                { account_id: "a1", region: null },
                { account_id: "a2", region: "eu" },
              ],
            },
          },
        });
        const types = await post(server.url, `{ __type(name: "Region") { fields { name } } }`);
        expect(types).toMatchObject({ data: { __type: { fields: expect.arrayContaining([{ name: "code" }]) } } });
        // Writes through the old replica follow the new models too.
        const applied = await post(server.url, `mutation { applyChanges(dataset: "regions", batchId: "r1", changes: [{ code: "eu", v: 1 }]) { status } }`);
        expect(applied).toEqual({ data: { applyChanges: { status: "APPLIED" } } });
        expect((await grown.rows("regions")).map((r) => r.row)).toEqual([{ code: "eu", v: 1n }]);
        expect(old!.models.map((m) => m.dataset)).toEqual(["accounts", "regions"]);
      } finally {
        await server.stop();
        await grown?.close();
      }
    });
  });

  it("mirrorql serve --model-poll serves the grown models another process loaded, without a restart", async () => {
    const schema = freshSchema();
    const dir = mkdtempSync(join(tmpdir(), "mirrorql-models-"));
    writeFileSync(join(dir, "accounts.json"), JSON.stringify(ACCOUNT));
    const child = spawn(process.execPath, ["bin/mirrorql.js", "serve", "--port", "0", "--db", url(), "--pg-schema", schema, "--schema", dir, "--model-poll", "0.2"], {
      env: { ...process.env, MIRRORQL_LOG: "silent" },
    });
    try {
      const endpoint = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (d: Buffer) => {
          out += d.toString();
          const m = /at (http:\/\/\S+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.on("exit", (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
      });
      const grown = await openReplica([GROWN, REGION], schema);
      try {
        await grown.applyChanges("regions", [{ code: "eu", v: 1 }]);
      } finally {
        await grown.close();
      }
      expect(await once(endpoint, `{ regions { nodes { code } } accounts { nodes { region } } }`)).toEqual({
        data: { regions: { nodes: [{ code: "eu" }] }, accounts: { nodes: [] } },
      });
    } finally {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.on("exit", resolve));
      rmSync(dir, { recursive: true, force: true });
      await dropSchema(schema);
    }
  });
});
