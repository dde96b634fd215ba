// A row nested thousands of levels deep is quarantined alone (NESTED_TOO_DEEP), kept exactly as
// sent, and the other rows of its batch apply: the batch crosses to the writer thread intact.

import { describe, expect, it } from "vitest";
import { deepJsonText } from "../../src/changes/rowDepth";
import { BACKENDS, type Backend } from "../backends";
import { useServedMirror } from "../servedMirror";

describe.each(BACKENDS)("$name", (backend: Backend) => {
  // Batches over HTTP cross to the writer thread on SQLite (a file database).
  const served = useServedMirror(backend);

  it("a row nested 5,000 levels deep is quarantined as NESTED_TOO_DEEP with its payload as sent, and the 10 other rows apply", async () => {
    let deep: unknown = "bottom";
    for (let i = 0; i < 5000; i++) deep = [deep];
    const rows = Array.from({ length: 11 }, (_, i) => ({ region_code: `r${i}`, name: `Region ${i}`, revision: "1" })) as Record<string, unknown>[];
    rows[4] = { ...rows[4], name: deep };
    const res = await fetch(served.server.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        query: `mutation($rows: [JSONObject!]!) { applyChanges(dataset: "regions", batchId: "deep-1", changes: $rows) { status datasets { upserted quarantined { index code message } } } }`,
        variables: { rows: "__ROWS__" },
      }).replace('"__ROWS__"', rowsText(rows)),
    });
    const body = (await res.json()) as { data: { applyChanges: { status: string; datasets: { upserted: number; quarantined: { index: number; code: string }[] }[] } } };
    expect(body.data.applyChanges.status).toBe("APPLIED");
    expect(body.data.applyChanges.datasets[0]!.upserted).toBe(10);
    expect(body.data.applyChanges.datasets[0]!.quarantined.map((q) => [q.index, q.code])).toEqual([[4, "NESTED_TOO_DEEP"]]);
    // Kept as sent, and served as sent by the quarantine query (a response too deep for JSON.stringify).
    const sent = rowsText([rows[4]!]).slice(1, -1);
    const [entry] = await served.mirror.quarantine("regions");
    expect(deepJsonText(entry!.payload)).toBe(sent);
    const read = await fetch(served.server.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `{ quarantine(dataset: "regions") { nodes { code payload } } }` }),
    });
    expect(await read.text()).toBe(`{"data":{"quarantine":{"nodes":[{"code":"NESTED_TOO_DEEP","payload":${sent}}]}}}\n`);
  });
});

/** JSON text of rows nested past JSON.stringify's reach: the deep value written by hand. */
function rowsText(rows: Record<string, unknown>[]): string {
  const value = (v: unknown): string => {
    let depth = 0;
    let x = v;
    while (Array.isArray(x)) {
      depth++;
      x = x[0];
    }
    return "[".repeat(depth) + JSON.stringify(x) + "]".repeat(depth);
  };
  return `[${rows
    .map(
      (r) =>
        `{${Object.entries(r)
          .map(([k, v]) => `${JSON.stringify(k)}:${value(v)}`)
          .join(",")}}`,
    )
    .join(",")}]`;
}
