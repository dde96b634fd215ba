// The client keeps batches in flight (two by default), so that the server parses one
// while it applies another; the summary is the same whatever the order of the answers.

import { describe, expect, it } from "vitest";
import { ingestFile } from "../../src/ingest/ingestFile";
import { BACKENDS } from "../backends";
import { contacts, jsonlOf, mirroredContacts, useServer, writeFile } from "./helpers";

/** A fetch that counts the requests open at once; `hold` delays each answer. */
function concurrencyProbe(hold: (call: number) => number) {
  let open = 0;
  let calls = 0;
  const probe = { most: 0 };
  const impl: typeof fetch = async (input, init) => {
    const call = ++calls;
    probe.most = Math.max(probe.most, ++open);
    try {
      const res = await fetch(input, init);
      await new Promise((r) => setTimeout(r, hold(call)));
      return res;
    } finally {
      open--;
    }
  };
  return { probe, impl };
}

describe.each(BACKENDS)("batches in flight ($name)", (backend) => {
  const served = useServer(backend);

  it("sends two batches before awaiting the first answer by default, and one with inFlight: 1", async () => {
    const s = served();
    const file = writeFile(s.dir, "contacts.jsonl", jsonlOf(contacts(50)));
    const two = concurrencyProbe(() => 20);
    await ingestFile({ file, dataset: "contacts", server: s.url, batchSize: 10, fetch: two.impl });
    expect(two.probe.most).toBe(2);
    const one = concurrencyProbe(() => 20);
    await ingestFile({ file, dataset: "contacts", server: s.url, batchSize: 10, fetch: one.impl, inFlight: 1, batchPrefix: "again" });
    expect(one.probe.most).toBe(1);
  });

  it("sums the receipts whatever order the answers come back in", async () => {
    const s = served();
    const rows = contacts(60);
    const file = writeFile(s.dir, "contacts.jsonl", jsonlOf(rows));
    // Odd requests answer late, so that later batches are answered first.
    const { impl } = concurrencyProbe((call) => (call % 2 === 1 ? 40 : 0));
    const answered: string[] = [];
    const summary = await ingestFile({ file, dataset: "contacts", server: s.url, batchSize: 10, fetch: impl, inFlight: 3, onBatch: ({ batchId }) => answered.push(batchId) });
    expect(answered).not.toEqual([...answered].sort((a, b) => Number(a.split(":").pop()) - Number(b.split(":").pop())));
    expect(summary).toMatchObject({ complete: true, batches: 6, rows: 60, received: 60, upserted: 60 });
    expect(await mirroredContacts(s.mirror)).toEqual(rows);
  });

  it("refuses a number of batches in flight outside 1 to 8", async () => {
    const s = served();
    const file = writeFile(s.dir, "contacts.jsonl", jsonlOf(contacts(1)));
    for (const inFlight of [0, 9, 1.5]) {
      await expect(ingestFile({ file, dataset: "contacts", server: s.url, inFlight })).rejects.toMatchObject({
        code: "BAD_USER_INPUT",
        message: expect.stringContaining("from 1 to 8"),
      });
    }
  });
});
