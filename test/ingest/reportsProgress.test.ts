// Progress on stderr: one line redrawn in place on a terminal (bar, rows, rows/s, ETA
// from the bytes read), plain lines at most every few seconds elsewhere.

import { describe, expect, it } from "vitest";
import { createProgress, duration } from "../../src/ingest/progress";

function stream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, isTTY, columns: 120, write: (t: string) => writes.push(t) };
}

const state = (batches: number, elapsedMs: number) => ({ batches, rows: batches * 5_000, bytesRead: batches * 1_000_000, fileBytes: 4_000_000, elapsedMs });

describe("progress", () => {
  it("redraws one line on a terminal with a bar, rows, rows/s and the time left", () => {
    const s = stream(true);
    const p = createProgress(s);
    p.update(state(1, 1_000));
    p.note("retrying batch x:2 in 250 ms");
    p.update(state(2, 2_000));
    p.finish(state(4, 4_000));
    expect(s.writes[0]).toBe("\r\x1b[2Kingest [########----------------------] 25%  5,000 rows  5,000 rows/s  ETA 3s");
    expect(s.writes[1]).toBe("\r\x1b[2Kingest: retrying batch x:2 in 250 ms\n");
    expect(s.writes[2]).toContain("50%  10,000 rows  5,000 rows/s  ETA 2s");
    expect(s.writes.slice(-2)).toEqual([expect.stringContaining("[##############################] 100%  20,000 rows"), "\n"]);
    expect(s.writes.filter((w) => w.includes("\n")).length).toBe(2);
  });

  it("writes plain lines elsewhere, at most one per interval, and the last state", () => {
    const s = stream(false);
    const p = createProgress(s, { intervalMs: 2_000 });
    p.update(state(1, 500));
    p.update(state(2, 1_500));
    p.update(state(3, 2_600));
    p.finish(state(4, 3_000));
    expect(s.writes).toEqual([
      "ingest: 1 batches, 5,000 rows sent, 10,000 rows/s, 25% of the file read, 2s left\n",
      "ingest: 3 batches, 15,000 rows sent, 5,769 rows/s, 75% of the file read, 1s left\n",
      "ingest: 4 batches, 20,000 rows sent, 6,667 rows/s, 100% of the file read, 0s left\n",
    ]);
  });

  it("writes durations in s, m and h", () => {
    expect([duration(5.4), duration(125), duration(3 * 3600 + 7 * 60)]).toEqual(["5s", "2m05s", "3h07m"]);
  });
});
