// A batch is one transaction, also for a process killed mid-stream: after SIGKILL of a process
// ingesting into PostgreSQL, every batch it acknowledged is in the ledger with all its rows, no
// batch left part of its effects, and another process resumes where it stopped.

import { spawn, type ChildProcess } from "node:child_process";
import { describe, expect, it } from "vitest";
import { dropSchema, freshSchema, keyed, openReplica, POSTGRES_URL, sql, url } from "./replicas";
import { expectWholeBatches } from "./wholeBatches";

const ROWS = 1500;
const KILLS = 3;
const ACKS_BEFORE_KILL = 3;

/** Starts the ingesting child from batch `first`; resolves with it and its acknowledged ids once it has acknowledged `acks` batches. */
function ingest(schema: string, first: number, acks: number): Promise<{ child: ChildProcess; started: string[]; acked: string[] }> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/replicas/ingestChild.ts", url(), schema, String(first), String(ROWS)], {
    env: { ...process.env, MIRRORQL_LOG: "silent" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const started: string[] = [];
  const acked: string[] = [];
  let out = "";
  let err = "";
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const lines = out.split("\n");
      out = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith("start ")) started.push(line.slice(6));
        if (line.startsWith("ack ")) acked.push(line.slice(4));
      }
      if (acked.length >= acks) resolve({ child, started, acked });
    });
    child.on("exit", (code, signal) => reject(new Error(`the ingesting child exited (${code ?? signal}) after ${acked.length} acknowledgements: ${err}`)));
  });
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners("exit");
    child.on("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

describe.skipIf(!POSTGRES_URL)("postgres replicas: a process killed while ingesting", () => {
  it("loses no acknowledged batch and leaves no part of a batch after SIGKILL; the next process resumes", async () => {
    const schema = freshSchema();
    try {
      const started: string[] = [];
      const acked: string[] = [];
      let next = 0;
      for (let k = 0; k < KILLS; k++) {
        const run = await ingest(schema, next, ACKS_BEFORE_KILL);
        // Killed at once, while the next two batches are being written.
        await kill(run.child);
        started.push(...run.started);
        acked.push(...run.acked);
        const ledger = await sql(`SELECT id FROM "${schema}"._mq_batches`);
        next = Math.max(...ledger.map((r) => Number(String(r.id).slice("kill-".length)))) + 1;
      }

      const ids = await expectWholeBatches(schema, ["alpha", "beta"], ROWS);
      for (const id of acked) expect(ids, `acknowledged ${id}`).toContain(id);
      // The kills landed inside batches: some batch was begun and never committed.
      expect(started.filter((id) => !ids.includes(id)).length).toBeGreaterThan(0);

      // A new process over the same schema is not held up by anything the killed ones left (locks, half-written rows).
      const resumed = await openReplica([keyed("alpha"), keyed("beta")], schema);
      try {
        const again = await resumed.applyChanges("alpha", [{ id: "after", v: 1 }]);
        expect(again.datasets[0]!.upserted).toBe(1);
        expect(await resumed.batch(acked[0]!)).toBeDefined();
      } finally {
        await resumed.close();
      }
    } finally {
      await dropSchema(schema);
    }
  }, 120_000);
});
