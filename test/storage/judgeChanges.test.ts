// The PostgreSQL merge decides in Node what each change does (src/storage/postgres/judgeChanges.ts):
// there, values must order and tell apart exactly as PostgreSQL orders and compares them.

import { describe, expect, it } from "vitest";
import { compileNormalizer, type Change } from "../../src/changes/normalizeChange";
import { changeJudge, compareText } from "../../src/storage/postgres/judgeChanges";
import { models } from "../helpers";

const PAIR = models({
  name: "Pair",
  dataset: "pairs",
  fields: { a: { type: "string", required: true }, b: { type: "string", required: true }, v: { type: "integer", required: true }, s: { type: "string" } },
  primaryKey: ["a", "b"],
  version: "v",
})[0]!;

function changes(rows: Record<string, unknown>[]): Change[] {
  const normalize = compileNormalizer(PAIR);
  return rows.map((row) => {
    const n = normalize(row);
    if (!n.ok) throw new Error(JSON.stringify(n.problems));
    return n.change;
  });
}

describe("the PostgreSQL merge's judgement in Node", () => {
  it("orders texts by code point, as PostgreSQL's C collation does, not by UTF-16 unit", () => {
    // U+E000 is one unit above the surrogates that spell U+10000: JavaScript's < says the opposite.
    expect("\u{10000}" < "\uE000").toBe(true);
    expect(compareText("\uE000", "\u{10000}")).toBe(-1);
    expect(compareText("\u{10000}", "\uE000")).toBe(1);
    expect(compareText("a", "ab")).toBe(-1);
    expect(compareText("é", "é")).toBe(0);
  });

  it("tells apart composite keys whose values would read alike joined together", () => {
    const batch = changes([
      { a: "x1", b: "y", v: 2 },
      { a: "x", b: "1y", v: 1 },
      { a: "1:x", b: "y", v: 1 },
      { a: "1", b: "x1:y", v: 1 },
    ]);
    const walk = changeJudge(PAIR).start();
    walk.add(
      batch,
      batch.map(() => true),
      "nnnn",
    );
    expect(walk.judgement).toMatchObject({ upserted: 4, stale: 0 });
  });

  it("judges a change against the change of its key current at that point of the batch, counting a tie of contents as a conflict (R4, R4.3)", () => {
    const batch = changes([
      { a: "k", b: "k", v: 1, s: "p" },
      { a: "k", b: "k", v: 3, s: "q" },
      { a: "k", b: "k", v: 2 },
      { a: "k", b: "k", v: 3, s: "r" },
    ]);
    // The state before the batch (version 1 of other contents) loses to each of them.
    const walk = changeJudge(PAIR).start();
    const probe = walk.add(
      batch,
      batch.map(() => true),
      "bbbb",
    );
    const [q, r] = [batch[1]!, batch[3]!];
    const rWins = r.hash > q.hash;
    expect(walk.judgement).toMatchObject({ upserted: rWins ? 3 : 2, stale: rWins ? 1 : 2, conflicts: 1 });
    // The stale version 2 may meet an upsert of version 2 in the history before the batch: it is probed.
    expect(probe).toContain(2);
  });

  it("walks a batch given in parts exactly as given whole: a key's change in a later part is judged against its applied change of an earlier part", () => {
    const batch = changes([
      { a: "k", b: "k", v: 3, s: "q" },
      { a: "m", b: "m", v: 1 },
      { a: "k", b: "k", v: 2 },
      { a: "k", b: "k", v: 3, s: "r" },
      { a: "m", b: "m", v: 0 },
    ]);
    const whole = changeJudge(PAIR).start();
    const wholeProbe = whole.add(
      batch,
      batch.map(() => true),
      "nnbbl",
    );
    const parted = changeJudge(PAIR).start();
    // The flags of a later part are against the state after the earlier one; for a key with a change applied in it, they are not read.
    const first = parted.add(batch.slice(0, 2), [true, true], "nn");
    const second = parted.add(batch.slice(2), [true, true, true], "lll");
    expect(parted.judgement).toEqual(whole.judgement);
    expect([...first, ...second.map((i) => i + 2)]).toEqual(wholeProbe);
  });
});
