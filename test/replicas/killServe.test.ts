// Two `mirrorql serve` processes on one PostgreSQL schema, fed batches over HTTP; one is killed
// with SIGKILL mid-stream. Every batch it acknowledged is whole in the ledger, no batch is in
// part, and the batches it had not acknowledged, sent again with their ids to the surviving
// replica, are applied once (or answered with the receipt of the one that did commit).

import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { keyed } from "./models";
import { dropSchema, freshSchema, POSTGRES_URL, url } from "./replicas";
import { expectWholeBatches } from "./wholeBatches";

const DATASETS = ["alphas", "betas"];
const ROWS = 1000;
const ACKS_BEFORE_KILL = 4;

function serve(schemaDir: string, schema: string): { child: ChildProcess; listening: Promise<string> } {
  const child = spawn(process.execPath, ["bin/mirrorql.js", "serve", "--port", "0", "--db", url(), "--pg-schema", schema, "--schema", schemaDir], {
    env: { ...process.env, MIRRORQL_LOG: "silent" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /at (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on("exit", (code, signal) => reject(new Error(`serve exited (${code ?? signal}): ${out}${err}`)));
  });
  return { child, listening };
}

const items = (i: number) => DATASETS.map((dataset) => ({ dataset, changes: Array.from({ length: ROWS }, (_, j) => ({ id: `b${i}-r${j}`, v: 1, val: "x".repeat(40) })) }));

/** Sends batch i; resolves with its status, or rejects when the connection fails (the server died). */
async function send(endpoint: string, i: number): Promise<{ status: string; replayed: boolean }> {
  const res = await fetch(endpoint, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      query: `mutation($items: [DatasetChangesInput!]!, $id: ID) { applyChangeBatch(items: $items, batchId: $id) { status replayed } }`,
      variables: { items: items(i), id: `serve-${i}` },
    }),
  });
  const body = (await res.json()) as { data?: { applyChangeBatch: { status: string; replayed: boolean } }; errors?: unknown };
  if (!body.data) throw new Error(`batch ${i} failed: ${JSON.stringify(body.errors)}`);
  return body.data.applyChangeBatch;
}

describe.skipIf(!POSTGRES_URL)("postgres replicas: a serve process killed while receiving batches", () => {
  it("after SIGKILL of one of two serve replicas, acknowledged batches are whole and the rest, sent again to the other, apply once", async () => {
    const schema = freshSchema();
    const dir = mkdtempSync(join(tmpdir(), "mirrorql-replicas-"));
    const children: ChildProcess[] = [];
    try {
      for (const d of DATASETS) writeFileSync(join(dir, `${d}.json`), JSON.stringify({ ...keyed(d), name: d === "alphas" ? "Alpha" : "Beta" }));
      const [doomed, survivor] = [serve(dir, schema), serve(dir, schema)];
      children.push(doomed.child, survivor.child);
      const [doomedUrl, survivorUrl] = await Promise.all([doomed.listening, survivor.listening]);

      // Two senders keep a batch each in flight to the doomed replica; it is killed after a few acknowledgements.
      const acked: number[] = [];
      const unacked: number[] = [];
      let next = 0;
      let killed = false;
      await Promise.all(
        [0, 1].map(async () => {
          while (!killed) {
            const i = next++;
            try {
              await send(doomedUrl, i);
              acked.push(i);
              if (acked.length >= ACKS_BEFORE_KILL && !killed) {
                killed = true;
                doomed.child.kill("SIGKILL");
              }
            } catch {
              unacked.push(i);
            }
          }
        }),
      );
      expect(unacked.length).toBeGreaterThan(0);

      const before = await expectWholeBatches(schema, DATASETS, ROWS);
      for (const i of acked) expect(before).toContain(`serve-${i}`);
      // Sent again to the surviving replica: applied now, or answered as applied before by the killed one.
      for (const i of unacked) {
        const receipt = await send(survivorUrl, i);
        expect(receipt).toEqual({ status: "APPLIED", replayed: before.includes(`serve-${i}`) });
      }
      const after = await expectWholeBatches(schema, DATASETS, ROWS);
      expect([...after].sort()).toEqual([...acked, ...unacked].map((i) => `serve-${i}`).sort());
    } finally {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGTERM");
      await Promise.all(children.map((c) => (c.exitCode === null && c.signalCode === null ? new Promise((resolve) => c.on("exit", resolve)) : undefined)));
      rmSync(dir, { recursive: true, force: true });
      await dropSchema(schema);
    }
  }, 120_000);
});
