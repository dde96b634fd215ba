// A network error or an HTTP 5xx is retried with the same batch id (so a batch the
// server did apply is answered as replayed, not applied twice), with a growing wait and a
// bounded number of attempts; a GraphQL error or an HTTP 4xx is never retried.

import { describe, expect, it } from "vitest";
import { ingestFile } from "../../src/ingest/ingestFile";
import { backoffDelay, DEFAULT_RETRIES } from "../../src/ingest/sendBatch";
import { BACKENDS } from "../backends";
import { contacts, jsonlOf, mirroredContacts, useServer, writeFile, type Served } from "./helpers";

/** A fetch that records the batch id of every attempt and lets `fault` replace an attempt's outcome. */
function recording(fault: (call: number, send: () => Promise<Response>) => Promise<Response>) {
  const attempts: string[] = [];
  const impl: typeof fetch = (input, init) => {
    attempts.push((JSON.parse(String(init?.body)) as { variables: { batchId: string } }).variables.batchId);
    return fault(attempts.length, () => fetch(input, init));
  };
  return { attempts, impl };
}

function setUp(served: () => Served, n = 30) {
  const s = served();
  const rows = contacts(n);
  return { ...s, rows, file: writeFile(s.dir, "contacts.jsonl", jsonlOf(rows)) };
}

describe.each(BACKENDS)("retries ($name)", (backend) => {
  const served = useServer(backend, { ingestLimits: { maxBodyBytes: 20_000 } });

  it("retry a batch whose request failed on the network, with the same batch id", async () => {
    const s = setUp(served);
    const { attempts, impl } = recording((call, send) => (call === 2 ? Promise.reject(new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } })) : send()));
    const notes: string[] = [];
    const summary = await ingestFile({
      file: s.file,
      dataset: "contacts",
      server: s.url,
      batchSize: 10,
      fetch: impl,
      retryDelayMs: 5,
      progress: { update() {}, finish() {}, note: (m) => notes.push(m) },
    });
    expect(attempts).toEqual([1, 2, 2, 3].map((n) => `${summary.batchPrefix}:${n}`));
    expect(summary).toMatchObject({ complete: true, batches: 3, retries: 1, replayedBatches: 0, upserted: 30 });
    expect(notes).toEqual([expect.stringMatching(/ECONNREFUSED.*retrying batch .*:2 in 5 ms/)]);
    expect(await mirroredContacts(s.mirror)).toEqual(s.rows);
  });

  it("retry a batch whose answer was lost after the server applied it: the retry is replayed, nothing doubled", async () => {
    const s = setUp(served);
    const { attempts, impl } = recording(async (call, send) => {
      const res = await send();
      if (call !== 2) return res;
      await res.text();
      throw new TypeError("fetch failed", { cause: { code: "ECONNRESET" } });
    });
    // One batch in flight, so that call 3 is the retry of call 2.
    const summary = await ingestFile({ file: s.file, dataset: "contacts", server: s.url, batchSize: 10, fetch: impl, retryDelayMs: 5, inFlight: 1 });
    expect(attempts[1]).toBe(attempts[2]);
    expect(summary).toMatchObject({ batches: 3, retries: 1, replayedBatches: 1, received: 30, upserted: 30, unchanged: 0 });
    expect(await s.mirror.history("contacts")).toHaveLength(30);
    expect(await s.mirror.batches({ dataset: "contacts", limit: 10 })).toHaveLength(3);
  });

  it("retry an HTTP 5xx, doubling the wait each time", async () => {
    const s = setUp(served, 10);
    const { attempts, impl } = recording((call, send) => (call <= 3 ? Promise.resolve(new Response("Bad gateway", { status: 502 })) : send()));
    const waits: number[] = [];
    const summary = await ingestFile({
      file: s.file,
      dataset: "contacts",
      server: s.url,
      fetch: impl,
      retryDelayMs: 2,
      progress: { update() {}, finish() {}, note: (m) => waits.push(Number(/in (\d+) ms/.exec(m)![1])) },
    });
    expect(new Set(attempts).size).toBe(1);
    expect(attempts).toHaveLength(4);
    expect(waits).toEqual([2, 4, 8]);
    expect(summary).toMatchObject({ batches: 1, retries: 3, upserted: 10 });
  });

  it("stop trying a server that never answered once the connect timeout has passed (UNREACHABLE), rather than retrying for 24 s", async () => {
    const s = setUp(served, 10);
    const { attempts, impl } = recording(() => Promise.reject(new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } })));
    await expect(ingestFile({ file: s.file, dataset: "contacts", server: s.url, fetch: impl, retryDelayMs: 20, connectTimeoutMs: 50 })).rejects.toMatchObject({
      code: "UNREACHABLE",
      message: expect.stringContaining("is it running"),
    });
    expect(attempts.length).toBeLessThan(DEFAULT_RETRIES + 1);
  });

  it("give up after the configured attempts with the last error", async () => {
    const s = setUp(served, 10);
    const { attempts, impl } = recording(() => Promise.reject(new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } })));
    await expect(ingestFile({ file: s.file, dataset: "contacts", server: s.url, fetch: impl, retries: 3, retryDelayMs: 1 })).rejects.toMatchObject({
      code: "NETWORK",
      message: expect.stringContaining("(4 attempts)"),
    });
    expect(attempts).toHaveLength(4);
    // The defaults: 8 attempts, waiting 0.25, 0.5, 1, 2, 4, 8 and 8 s between them (under 24 s in all).
    expect(DEFAULT_RETRIES).toBe(7);
    const waits = Array.from({ length: DEFAULT_RETRIES }, (_, i) => backoffDelay(i + 1));
    expect(waits).toEqual([250, 500, 1_000, 2_000, 4_000, 8_000, 8_000]);
    expect(waits.reduce((a, b) => a + b)).toBe(23_750);
  });

  it("never retry a GraphQL error: stop at once with its code", async () => {
    const s = setUp(served, 10);
    const { attempts, impl } = recording((_, send) => send());
    await expect(ingestFile({ file: s.file, dataset: "no_such_dataset", server: s.url, fetch: impl })).rejects.toMatchObject({
      code: "UNKNOWN_DATASET",
      message: expect.stringContaining("Unknown dataset"),
    });
    expect(attempts).toHaveLength(1);
  });

  it("never retry an HTTP 4xx: a body over the server's limit stops with LIMIT_EXCEEDED", async () => {
    const s = setUp(served, 300);
    const { attempts, impl } = recording((_, send) => send());
    const error = await ingestFile({ file: s.file, dataset: "contacts", server: s.url, fetch: impl, batchSize: 300 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "LIMIT_EXCEEDED" });
    expect(attempts).toHaveLength(1);
    const notFound = await ingestFile({ file: s.file, dataset: "contacts", server: s.url.replace("/graphql", "/nope") }).catch((e: unknown) => e);
    expect(notFound).toMatchObject({ code: "HTTP_404", message: expect.stringContaining("--server must be the URL of the GraphQL endpoint") });
  });
});
