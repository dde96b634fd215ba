// The writer thread applies batches on its own connection, keeps error codes, and is
// started again after it dies; it says whether it is alive and how many calls wait (/readyz, /metrics).

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Worker } from "node:worker_threads";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Mirror } from "../../src/mirror";
import { startThreadWriter } from "../../src/writer/threadWriter";
import { CONTACT, models } from "../helpers";

const dirs: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

async function setup() {
  const dir = mkdtempSync(join(tmpdir(), "mirrorql-writer-"));
  dirs.push(dir);
  const database = join(dir, "mirror.db");
  const mirror = await Mirror.open({ database, models: models(CONTACT) });
  return { database, mirror };
}

describe("writer thread", () => {
  it("applies batches that the main connection then reads, and keeps error codes", async () => {
    const { database, mirror } = await setup();
    const writer = await startThreadWriter({ database, models: mirror.models });
    const receipt = await writer.applyBatch([{ dataset: "contacts", rows: [{ id: "a", name: "A", v: "9007199254740993" }] }], { batchId: "w1" });
    expect(receipt.datasets[0]!.upserted).toBe(1);
    expect((await mirror.rows("contacts"))[0]!.row.v).toBe(9007199254740993n);
    await expect(writer.discardQuarantine("contacts", [42], "nothing there")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await writer.close();
    await mirror.close();
  });

  it("fails the calls in flight when the thread dies, and starts a new one for the next call", async () => {
    const { database, mirror } = await setup();
    vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const threads: Worker[] = [];
    const writer = await startThreadWriter({ database, models: mirror.models }, (w) => threads.push(w));
    const rows = Array.from({ length: 20_000 }, (_, i) => ({ id: `r${i}`, name: "N", v: 1 }));
    const inFlight = writer.applyBatch([{ dataset: "contacts", rows }], { batchId: "lost" });
    await threads[0]!.terminate();
    await expect(inFlight).rejects.toThrow(/writer thread stopped/);
    expect(await mirror.batch("lost")).toBeUndefined();
    const r = await writer.applyBatch([{ dataset: "contacts", rows: [{ id: "b", name: "B", v: 1 }] }], { batchId: "after" });
    expect(r.datasets[0]!.upserted).toBe(1);
    expect(threads).toHaveLength(2);
    await writer.close();
    await mirror.close();
  });

  it("is alive while its thread runs; a health check finding the thread dead starts a new one; closed, it is not alive", async () => {
    const { database, mirror } = await setup();
    vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const threads: Worker[] = [];
    const writer = await startThreadWriter({ database, models: mirror.models }, (w) => threads.push(w));
    expect(writer.alive()).toBe(true);
    const inFlight = writer.applyBatch([{ dataset: "contacts", rows: [{ id: "a", name: "A", v: 1 }] }], { batchId: "q1" });
    expect(writer.queueDepth()).toBe(1);
    await inFlight;
    expect(writer.queueDepth()).toBe(0);
    await threads[0]!.terminate();
    expect(writer.alive()).toBe(false);
    await vi.waitFor(() => expect(writer.alive()).toBe(true), { timeout: 10_000 });
    expect(threads).toHaveLength(2);
    await writer.close();
    expect(writer.alive()).toBe(false);
    await mirror.close();
  });

  it("writes under the models given to syncModels, also after the thread is started again", async () => {
    const { database, mirror } = await setup();
    vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const threads: Worker[] = [];
    const writer = await startThreadWriter({ database, models: mirror.models }, (w) => threads.push(w));
    const TAG = { name: "Tag", dataset: "tags", fields: { id: { type: "string", required: true }, v: { type: "integer", required: true } }, primaryKey: ["id"], version: "v" };
    // The server's mirror syncs first (the tables), then the writer follows.
    await mirror.syncModels(models(CONTACT, TAG));
    await writer.syncModels(mirror.models);
    expect((await writer.applyBatch([{ dataset: "tags", rows: [{ id: "t1", v: 1 }] }], {})).datasets[0]!.upserted).toBe(1);
    await threads[0]!.terminate();
    expect((await writer.applyBatch([{ dataset: "tags", rows: [{ id: "t2", v: 1 }] }], {})).datasets[0]!.upserted).toBe(1);
    expect(threads).toHaveLength(2);
    expect((await mirror.rows("tags")).map((r) => r.row.id)).toEqual(["t1", "t2"]);
    await writer.close();
    await mirror.close();
  });
});
