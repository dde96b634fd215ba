// One index entry holds at most 2,000 bytes of values on every backend (src/changes/indexEntryLimit.ts):
// a row whose key, relationship field or declared index is over it is quarantined alone as
// INVALID_VALUE and the rest of its batch applies (PostgreSQL refused the whole batch with 54000,
// while SQLite stored it); values at the limit are stored by both. Values are incompressible (hash
// chains), so that no index entry fits by compression.

import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalDatetime } from "../../src/changes/datetime";
import { MAX_INDEX_ENTRY_BYTES } from "../../src/changes/indexEntryLimit";
import { BACKENDS } from "../backends";
import { CONTACT, del, rowsOf, type ModelJson } from "../helpers";

const digests = (seed: string) => Array.from({ length: 200 }, (_, i) => createHash("sha256").update(`${seed}${i}`).digest());
/** `n` hex characters: n bytes. */
const hex = (seed: string, n: number) =>
  digests(seed)
    .map((d) => d.toString("hex"))
    .join("")
    .slice(0, n);
/** `n` CJK characters of 3 UTF-8 bytes each. */
const cjk = (seed: string, n: number) =>
  String.fromCodePoint(
    ...Buffer.concat(digests(seed))
      .subarray(0, 2 * n)
      .reduce<number[]>((cps, b, i, all) => (i % 2 ? cps : [...cps, 0x4e00 + (((b << 8) | all[i + 1]!) % 20_000)]), []),
  );

const CONTACT_IX: ModelJson = { ...CONTACT, indexes: [["name"], ["email", "seen_at"]] };
const ORDER: ModelJson = {
  name: "Order",
  dataset: "orders",
  fields: { id: { type: "string", required: true }, contact_id: { type: "string" }, v: { type: "integer", required: true } },
  primaryKey: ["id"],
  version: "v",
  relationships: [{ field: "contact_id", target: "Contact", cardinality: "M:1" }],
  indexes: [["contact_id", "v"]],
};
const SEEN_AT = "2026-01-01T00:00:00Z";

describe.each(BACKENDS)("$name", (backend) => {
  it("quarantines a row whose key, relationship field or indexed field is over 2,000 bytes as INVALID_VALUE naming the field; the rest of the batch applies", async () => {
    expect(MAX_INDEX_ENTRY_BYTES).toBe(2000);
    const m = await backend.mirror([CONTACT_IX, ORDER]);
    const contacts = await m.applyChanges("contacts", [
      { id: hex("k", 4000), name: "Ann", v: 1 },
      { id: "a", name: "Ann", v: 1 },
      { id: "b", name: cjk("n", 667), v: 1 },
      { id: "c", name: "C", email: hex("e", 1990), seen_at: SEEN_AT, v: 1 },
      del({ id: hex("d", 2001), v: 2 }),
    ]);
    expect(contacts.datasets[0]).toMatchObject({ upserted: 1, deleted: 0 });
    const quarantined = contacts.datasets[0]!.quarantined;
    expect(quarantined.map((q) => [q.index, q.code, q.field, q.received])).toEqual([
      [0, "INVALID_VALUE", "id", "4000 bytes"],
      [2, "INVALID_VALUE", "name", "2001 bytes"],
      [3, "INVALID_VALUE", "email", expect.stringMatching(/^\d{4} bytes \(email: 1990, seen_at: \d+\)$/)],
      [4, "INVALID_VALUE", "id", "2001 bytes"],
    ]);
    expect(quarantined[0]).toMatchObject({ expected: "at most 2000 bytes (UTF-8) in the fields of one index" });

    const orders = await m.applyChanges("orders", [
      { id: "o", contact_id: hex("k", 4000), v: 1 },
      { id: "p", contact_id: "a", v: 1 },
    ]);
    expect(orders.datasets[0]).toMatchObject({ upserted: 1 });
    expect(orders.datasets[0]!.quarantined).toMatchObject([{ index: 0, code: "INVALID_VALUE", field: "contact_id", received: "4000 bytes" }]);

    expect((await rowsOf(m, "contacts")).map((r) => r.id)).toEqual(["a"]);
    expect((await rowsOf(m, "orders")).map((r) => r.id)).toEqual(["p"]);
    expect(await m.quarantine("contacts")).toHaveLength(4);
    expect((await m.quarantine("contacts"))[0]!.payload).toEqual({ id: hex("k", 4000), name: "Ann", v: 1 });
  });

  it("stores a key, a relationship field and indexes of exactly 2,000 bytes, with their history", async () => {
    const m = await backend.mirror([CONTACT_IX, ORDER]);
    const key = hex("k", 2000);
    const name = `${cjk("n", 666)}ab`;
    const email = hex("e", 2000 - canonicalDatetime(SEEN_AT)!.length); // with seen_at as stored (text): 2,000 bytes
    for (const v of [1, 2]) {
      const r = await m.applyChanges("contacts", [
        { id: key, name, v },
        { id: "c", name: "C", email, seen_at: SEEN_AT, v },
      ]);
      expect(r.datasets[0], `v${v}`).toMatchObject({ upserted: 2, quarantined: [] });
    }
    expect(Buffer.byteLength(name)).toBe(2000);
    // The relationship field alone, and with v (8 bytes) in the declared index [contact_id, v].
    const orders = await m.applyChanges("orders", [{ id: "o", contact_id: hex("k", 1992), v: 1 }]);
    expect(orders.datasets[0]).toMatchObject({ upserted: 1, quarantined: [] });
    expect((await rowsOf(m, "contacts")).map((r) => r.id).sort()).toEqual(["c", key].sort());
    expect(await m.history("contacts", { id: key })).toHaveLength(2);
    expect((await m.applyChanges("contacts", [del({ id: key, v: 3 })])).datasets[0]).toMatchObject({ deleted: 1 });
  });

  it("refuses a batch id over 2,000 bytes with BAD_USER_INPUT (it is indexed too) and takes one of 2,000", async () => {
    const m = await backend.mirror([CONTACT]);
    await expect(m.applyChanges("contacts", [{ id: "a", name: "A", v: 1 }], { batchId: hex("b", 2001) })).rejects.toMatchObject({
      code: "BAD_USER_INPUT",
      details: { argument: "batchId", expected: "at most 2000 bytes (UTF-8)", received: "2001 bytes" },
    });
    expect(await m.batches({ limit: 10 })).toEqual([]);
    expect((await m.applyChanges("contacts", [{ id: "a", name: "A", v: 1 }], { batchId: hex("b", 2000) })).status).toBe("applied");
    expect(await m.batch(hex("b", 2000))).toMatchObject({ batchId: hex("b", 2000) });
  });

  it("replays 600 quarantined rows without a batch id: the generated id stays within the limit", async () => {
    const m = await backend.mirror([CONTACT]);
    await m.applyChanges(
      "contacts",
      Array.from({ length: 600 }, (_, i) => ({ id: `c${i}`, v: 1 })),
    );
    const ids = (await m.quarantine("contacts")).map((q) => q.id);
    expect(ids).toHaveLength(600);
    const replay = await m.replayQuarantine("contacts", ids);
    expect(replay.status).toBe("applied");
    expect(Buffer.byteLength(replay.batchId)).toBeLessThanOrEqual(MAX_INDEX_ENTRY_BYTES);
    expect(replay.batchId).toMatch(/^replay:contacts:600 rows sha256 [0-9a-f]{64}:/);
    expect(await m.batch(replay.batchId)).toMatchObject({ batchId: replay.batchId });
  });
});
