// One test (or a few) per rule of docs/merge-rules.md; each name states the rule it pins down.
// Every test runs on each storage backend (test/backends.ts).

import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { MirrorOptions } from "../../src/mirror";
import { BACKENDS } from "../backends";
import { CONTACT, del, rowsOf, type ModelJson } from "../helpers";

const c = (id: string, v: number | string, extra: Record<string, unknown> = {}) => ({ id, name: `n-${id}`, v, ...extra });

/** A child of Contact, for batches over several datasets and relationships. */
const ORDER: ModelJson = {
  name: "Order",
  dataset: "orders",
  fields: { id: { type: "string", required: true }, contact_id: { type: "string" }, v: { type: "integer", required: true } },
  primaryKey: ["id"],
  version: "v",
  relationships: [{ field: "contact_id", target: "Contact", cardinality: "M:1" }],
};

describe.each(BACKENDS)("$name", (backend) => {
  const mirror = (docs: ModelJson[] = [CONTACT], options: Pick<MirrorOptions, "now"> = {}) => backend.mirror(docs, options);

  describe("R1: the operation comes from _change_request_type", () => {
    it("treats u, U, null and an absent column as upsert and d, D as delete", async () => {
      const m = await mirror();
      const r = await m.applyChanges("contacts", [
        c("a", 1, { _change_request_type: "u" }),
        c("b", 1, { _change_request_type: "U" }),
        c("c", 1, { _change_request_type: null }),
        c("d", 1),
        c("e", 1),
        c("f", 1),
      ]);
      expect(r.datasets[0]!.upserted).toBe(6);
      const r2 = await m.applyChanges("contacts", [del({ id: "e", v: 2 }), { id: "f", v: 2, _change_request_type: "D" }]);
      expect(r2.datasets[0]!.deleted).toBe(2);
      expect((await rowsOf(m, "contacts")).map((r) => r.id)).toEqual(["a", "b", "c", "d"]);
    });

    it("rejects any other value with INVALID_CHANGE_TYPE", async () => {
      const m = await mirror();
      const r = await m.applyChanges("contacts", [c("a", 1, { _change_request_type: "x" }), c("b", 1, { _change_request_type: "delete" })]);
      expect(r.datasets[0]!.quarantined.map((q) => [q.index, q.code, q.field, q.received])).toEqual([
        [0, "INVALID_CHANGE_TYPE", "_change_request_type", '"x" (string)'],
        [1, "INVALID_CHANGE_TYPE", "_change_request_type", '"delete" (string)'],
      ]);
      expect(await rowsOf(m, "contacts")).toEqual([]);
    });

    it("never stores the control column as a field", async () => {
      const m = await mirror();
      await m.applyChanges("contacts", [c("a", 1, { _change_request_type: "u" })]);
      const columns = await backend.columns(m, "contacts");
      expect(columns).not.toContain("_change_request_type");
      expect(Object.keys((await rowsOf(m, "contacts"))[0]!)).not.toContain("_change_request_type");
    });
  });

  describe("R2: every change names its key and its version", () => {
    it("rejects a missing or null key field with NULL_KEY naming the field", async () => {
      const m = await mirror();
      const r = await m.applyChanges("contacts", [{ name: "x", v: 1 }, { id: null, name: "x", v: 1 }, del({ v: 1 })]);
      expect(r.datasets[0]!.quarantined.map((q) => [q.index, q.code, q.field])).toEqual([
        [0, "NULL_KEY", "id"],
        [1, "NULL_KEY", "id"],
        [2, "NULL_KEY", "id"],
      ]);
    });

    it("rejects a missing version with NULL_VERSION, on deletes too", async () => {
      const m = await mirror();
      const r = await m.applyChanges("contacts", [{ id: "a", name: "x" }, del({ id: "a" }), { id: "a", name: "x", v: null }]);
      expect(r.datasets[0]!.quarantined.map((q) => [q.code, q.field])).toEqual([
        ["NULL_VERSION", "v"],
        ["NULL_VERSION", "v"],
        ["NULL_VERSION", "v"],
      ]);
      expect(r.datasets[0]!.quarantined[1]!.message).toContain("on deletes too");
    });

    it.each([
      ["score", 1.5, "64-bit integer"],
      ["score", "9223372036854775808", "64-bit integer"],
      ["score", 2 ** 60, "64-bit integer"],
      ["balance", "abc", "finite number"],
      ["active", "yes", "boolean"],
      ["born", "2026-02-30", "YYYY-MM-DD"],
      ["seen_at", "yesterday", "ISO-8601 datetime"],
      ["name", 42, "a string"],
    ])("rejects %s = %j with INVALID_VALUE naming the field, the expected type and what was received", async (field, value, expected) => {
      const m = await mirror();
      const r = await m.applyChanges("contacts", [c("a", 1, { [field]: value })]);
      const q = r.datasets[0]!.quarantined[0]!;
      expect(q).toMatchObject({ code: "INVALID_VALUE", field });
      expect(q.expected).toContain(expected);
      expect(q.received).toContain(JSON.stringify(value));
      expect(q.message).toContain(`"${field}"`);
    });

    it("accepts the documented coercions: decimal strings for 64-bit integers, ISO-8601 with offsets, boolean spellings", async () => {
      const m = await mirror();
      await m.applyChanges("contacts", [
        c("a", "3", { score: "9007199254740993", balance: "12.5", active: "true", seen_at: "2026-03-01T10:00:00.123456+02:00", born: "1990-02-28" }),
        c("b", 1, { active: 0, seen_at: "2026-03-01 08:00" }),
      ]);
      expect(await rowsOf(m, "contacts")).toEqual([
        { id: "a", name: "n-a", v: 3n, score: 9007199254740993n, balance: 12.5, active: true, seen_at: "2026-03-01T08:00:00.123456000Z", born: "1990-02-28", email: null },
        { id: "b", name: "n-b", v: 1n, score: null, balance: null, active: false, seen_at: "2026-03-01T08:00:00.000000000Z", born: null, email: null },
      ]);
    });

    it("rejects a field the model does not declare with UNKNOWN_FIELD", async () => {
      const m = await mirror();
      const r = await m.applyChanges("contacts", [c("a", 1, { emial: "x@y" })]);
      expect(r.datasets[0]!.quarantined[0]).toMatchObject({ code: "UNKNOWN_FIELD", field: "emial" });
    });

    it("rejects a string holding U+0000 or a lone surrogate with INVALID_VALUE naming the field, in keys too, and quarantines the row as sent", async () => {
      // PostgreSQL's text cannot hold U+0000, and each database replaces a lone surrogate its own way.
      const m = await mirror();
      const rows = [c("a", 1, { email: "a\u0000b" }), c("b\u0000", 1), c("d", 1, { name: "x\ud800" }), del({ id: "\udc00e", v: 1 }), c("ok", 1, { email: "\u{1F600}" })];
      const r = await m.applyChanges("contacts", rows);
      expect(r.datasets[0]!.quarantined.map((q) => [q.index, q.code, q.field])).toEqual([
        [0, "INVALID_VALUE", "email"],
        [1, "INVALID_VALUE", "id"],
        [2, "INVALID_VALUE", "name"],
        [3, "INVALID_VALUE", "id"],
      ]);
      expect(r.datasets[0]!.quarantined[0]!.message).toBe('Field "email" expects a string of Unicode text without the NUL character (U+0000), received "a\\u0000b" (string).');
      expect(r.datasets[0]).toMatchObject({ upserted: 1, deleted: 0 });
      expect(await rowsOf(m, "contacts")).toMatchObject([{ id: "ok", email: "\u{1F600}" }]);
      expect((await m.quarantine("contacts")).map((e) => [e.code, e.payload])).toEqual(rows.slice(0, 4).map((row) => ["INVALID_VALUE", row]));
    });

    it("names an undeclared field holding U+0000 or a lone surrogate with \\u escapes in its UNKNOWN_FIELD refusal", async () => {
      const m = await mirror();
      const r = await m.applyChanges("contacts", [c("a", 1, { "e\u0000mail": "x@y" }), c("b", 1, { "x\ud800": 1 })]);
      expect(r.datasets[0]!.quarantined.map((q) => [q.code, q.field])).toEqual([
        ["UNKNOWN_FIELD", "e\\u0000mail"],
        ["UNKNOWN_FIELD", "x\\ud800"],
      ]);
      expect(r.datasets[0]!.quarantined[0]!.message).toContain('Field "e\\u0000mail" is not declared');
      expect((await m.quarantine("contacts")).map((e) => e.field)).toEqual(["e\\u0000mail", "x\\ud800"]);
    });

    it("reads only the key and version of a delete and ignores its other fields", async () => {
      const m = await mirror();
      await m.applyChanges("contacts", [c("a", 1)]);
      const r = await m.applyChanges("contacts", [del({ id: "a", v: 2, score: "not a number", name: null })]);
      expect(r.datasets[0]).toMatchObject({ deleted: 1, quarantined: [] });
    });
  });

  describe("R3: an upsert replaces the whole row", () => {
    it("sets fields absent from the upsert to null", async () => {
      const m = await mirror();
      await m.applyChanges("contacts", [c("a", 1, { email: "a@x", score: 5 })]);
      await m.applyChanges("contacts", [c("a", 2, { score: 6 })]);
      expect((await rowsOf(m, "contacts"))[0]).toMatchObject({ email: null, score: 6n });
    });

    it("rejects a required field that is absent or null with MISSING_REQUIRED", async () => {
      const m = await mirror();
      const r = await m.applyChanges("contacts", [
        { id: "a", v: 1 },
        { id: "b", v: 1, name: null },
      ]);
      expect(r.datasets[0]!.quarantined.map((q) => [q.code, q.field])).toEqual([
        ["MISSING_REQUIRED", "name"],
        ["MISSING_REQUIRED", "name"],
      ]);
    });
  });

  describe("R4: the greatest version wins, per key", () => {
    it("keeps the greatest version whatever the arrival order", async () => {
      const m = await mirror();
      await m.applyChanges("contacts", [c("a", 3, { score: 3 }), c("a", 1, { score: 1 })]);
      await m.applyChanges("contacts", [c("a", 2, { score: 2 })]);
      expect((await rowsOf(m, "contacts"))[0]!.score).toBe(3n);
    });

    it("lets a delete beat an upsert of equal version, in either order", async () => {
      for (const order of [
        [c("a", 2), del({ id: "a", v: 2 })],
        [del({ id: "a", v: 2 }), c("a", 2)],
      ]) {
        const m = await mirror();
        await m.applyChanges("contacts", order);
        expect(await rowsOf(m, "contacts")).toEqual([]);
        expect(await m.tombstones("contacts")).toMatchObject([{ key: { id: "a" }, version: 2n }]);
      }
    });

    it("breaks a tie between different upserts of equal version by content, counting a conflict", async () => {
      const x = c("a", 2, { score: 1 });
      const y = c("a", 2, { score: 2 });
      const finals = [];
      for (const order of [
        [x, y],
        [y, x],
      ]) {
        const m = await mirror();
        const r = await m.applyChanges("contacts", order);
        expect(r.datasets[0]!.conflicts).toBe(1);
        finals.push(await rowsOf(m, "contacts"));
      }
      expect(finals[0]).toEqual(finals[1]);
    });

    it("counts a conflict once per new upsert of equal version, across batches, whether it wins, loses or re-opens an expired key", async () => {
      let now = Date.parse("2026-01-01T00:00:00Z");
      const m = await mirror([{ ...CONTACT, tombstoneRetention: "P1D" }], { now: () => new Date(now) });
      await m.applyChanges("contacts", [c("a", 2, { score: 5 })]);
      // A later batch: one upsert loses the tie (smaller content), one wins it; each meets the first.
      const tie = await m.applyChanges("contacts", [c("a", 2, { score: 1 }), c("a", 2, { score: 9 })]);
      expect(tie.datasets[0]).toMatchObject({ upserted: 1, stale: 1, conflicts: 2 });
      // Not a conflict: a greater version, and a delete.
      expect((await m.applyChanges("contacts", [c("a", 3), del({ id: "a", v: 4 })])).datasets[0]!.conflicts).toBe(0);
      now += 2 * 86_400_000;
      await m.purgeExpiredTombstones();
      // The tombstone is gone, the history stays: a fourth content of version 2 lands and still meets the others.
      const reopened = await m.applyChanges("contacts", [c("a", 2, { score: 7 })]);
      expect(reopened.datasets[0]).toMatchObject({ upserted: 1, conflicts: 1 });
    });

    it("treats an identical change as the same change: re-sending it changes nothing", async () => {
      const m = await mirror();
      await m.applyChanges("contacts", [c("a", 1, { score: 1 })], { batchId: "first" });
      const r = await m.applyChanges("contacts", [c("a", 1, { score: 1 }), c("a", 1, { score: 1 })], { batchId: "second" });
      expect(r.datasets[0]).toMatchObject({ upserted: 0, stale: 0, unchanged: 2, conflicts: 0 });
      expect((await m.rows("contacts"))[0]!.batchId).toBe("first");
      expect(await m.history("contacts")).toHaveLength(1);
    });

    it("compares 64-bit integer versions exactly, never through a double", async () => {
      const m = await mirror();
      await m.applyChanges("contacts", [c("a", "9007199254740993", { score: 2 }), c("a", "9007199254740992", { score: 1 })]);
      expect((await m.rows("contacts"))[0]).toMatchObject({ version: 9007199254740993n, row: { score: 2n } });
    });

    const EVENTS: ModelJson = {
      name: "Order",
      dataset: "orders",
      fields: { id: { type: "string", required: true }, status: { type: "string" }, updated: { type: "datetime", required: true } },
      primaryKey: ["id"],
      version: "updated",
    };

    it("compares datetime versions as instants, time zones normalised, to the microsecond", async () => {
      const m = await mirror([EVENTS]);
      // 10:30+02:00 is 08:30Z: earlier than 09:00Z although its text is greater.
      await m.applyChanges("orders", [
        { id: "o", status: "late", updated: "2026-01-01T09:00:00Z" },
        { id: "o", status: "early", updated: "2026-01-01T10:30:00+02:00" },
      ]);
      expect((await rowsOf(m, "orders"))[0]!.status).toBe("late");
      await m.applyChanges("orders", [{ id: "o", status: "micro", updated: "2026-01-01T09:00:00.000001Z" }]);
      expect((await rowsOf(m, "orders"))[0]!.status).toBe("micro");
    });

    it("compares tuple versions first field first", async () => {
      const m = await mirror([
        {
          name: "Deal",
          dataset: "deals",
          fields: { id: { type: "string", required: true }, major: { type: "integer", required: true }, at: { type: "datetime", required: true }, s: { type: "string" } },
          primaryKey: ["id"],
          version: ["major", "at"],
        },
      ]);
      await m.applyChanges("deals", [
        { id: "d", major: 2, at: "2026-01-01T00:00:00Z", s: "2-early" },
        { id: "d", major: 1, at: "2027-01-01T00:00:00Z", s: "1-late" },
        { id: "d", major: 2, at: "2026-06-01T00:00:00Z", s: "2-late" },
      ]);
      expect((await rowsOf(m, "deals"))[0]!.s).toBe("2-late");
    });
  });

  describe("R5: stale changes are counted, never applied to the current state", () => {
    it("counts an older upsert as stale, keeps the current row and records it in the history", async () => {
      const m = await mirror();
      await m.applyChanges("contacts", [c("a", 5, { score: 5 })]);
      const r = await m.applyChanges("contacts", [c("a", 4, { score: 4 })]);
      expect(r.datasets[0]).toMatchObject({ upserted: 0, stale: 1 });
      expect((await rowsOf(m, "contacts"))[0]!.score).toBe(5n);
      expect((await m.history("contacts")).map((h) => h.version)).toEqual([4n, 5n]);
    });

    it("counts an upsert older than a tombstone as stale", async () => {
      const m = await mirror();
      await m.applyChanges("contacts", [c("a", 1), del({ id: "a", v: 5 })]);
      const r = await m.applyChanges("contacts", [c("a", 4)]);
      expect(r.datasets[0]!.stale).toBe(1);
      expect(await rowsOf(m, "contacts")).toEqual([]);
    });

    it("counts a delete older than the current row as stale", async () => {
      const m = await mirror();
      await m.applyChanges("contacts", [c("a", 5)]);
      const r = await m.applyChanges("contacts", [del({ id: "a", v: 4 })]);
      expect(r.datasets[0]).toMatchObject({ deleted: 0, stale: 1 });
      expect(await rowsOf(m, "contacts")).toHaveLength(1);
      expect(await m.tombstones("contacts")).toEqual([]);
    });
  });

  describe("R6: deletes of unknown keys are remembered", () => {
    it("leaves a tombstone that keeps lower upserts out and is cleared by a greater one", async () => {
      const m = await mirror();
      expect((await m.applyChanges("contacts", [del({ id: "ghost", v: 3 })])).datasets[0]!.deleted).toBe(1);
      expect(await m.tombstones("contacts")).toMatchObject([{ key: { id: "ghost" }, version: 3n }]);
      await m.applyChanges("contacts", [c("ghost", 2)]);
      expect(await rowsOf(m, "contacts")).toEqual([]);
      await m.applyChanges("contacts", [c("ghost", 4)]);
      expect((await rowsOf(m, "contacts")).map((r) => r.v)).toEqual([4n]);
      expect(await m.tombstones("contacts")).toEqual([]);
    });
  });

  describe("R7: tombstone retention is explicit", () => {
    const days = (n: number) => n * 86_400_000;

    it("keeps tombstones forever when the model sets no retention", async () => {
      let now = Date.parse("2026-01-01T00:00:00Z");
      const m = await mirror([CONTACT], { now: () => new Date(now) });
      await m.applyChanges("contacts", [del({ id: "a", v: 3 })]);
      now += days(3650);
      await m.applyChanges("contacts", [c("a", 1)]);
      expect(await m.purgeExpiredTombstones()).toBe(0);
      expect(await m.tombstones("contacts")).toHaveLength(1);
      expect(await rowsOf(m, "contacts")).toEqual([]);
    });

    it("removes tombstones after the model's retention, which re-opens the key to older changes", async () => {
      let now = Date.parse("2026-01-01T00:00:00Z");
      const m = await mirror([{ ...CONTACT, tombstoneRetention: "P7D" }], { now: () => new Date(now) });
      await m.applyChanges("contacts", [del({ id: "a", v: 3 })]);
      now += days(6);
      await m.applyChanges("contacts", [c("a", 1)]);
      expect(await rowsOf(m, "contacts")).toEqual([]);
      now += days(2);
      expect(await m.purgeExpiredTombstones()).toBe(1);
      // The documented consequence: a late change older than the forgotten delete lands.
      await m.applyChanges("contacts", [c("a", 2)]);
      expect((await rowsOf(m, "contacts")).map((r) => r.v)).toEqual([2n]);
    });

    it("still knows the changes of a re-opened key's history that are above its new state: sent again they are unchanged, and they meet ties", async () => {
      let now = Date.parse("2026-01-01T00:00:00Z");
      const m = await mirror([{ ...CONTACT, tombstoneRetention: "P7D" }], { now: () => new Date(now) });
      await m.applyChanges("contacts", [c("a", 5, { score: 1 }), del({ id: "a", v: 6 })]);
      now += days(8);
      expect(await m.purgeExpiredTombstones()).toBe(1);
      await m.applyChanges("contacts", [c("a", 3)]);
      // Each beats the state (version 3). The history holds the delete, and an upsert of version 5 with
      // other contents: the second upsert, stale after the first, meets it (a conflict).
      const r = await m.applyChanges("contacts", [del({ id: "a", v: 6 }), c("a", 7), c("a", 5, { score: 2 })]);
      expect(r.datasets[0]).toMatchObject({ deleted: 0, unchanged: 1, upserted: 1, stale: 1, conflicts: 1 });
      expect(await m.history("contacts", { id: "a" })).toHaveLength(5);
    });
  });

  describe("R8: history is a version timeline", () => {
    it("records every accepted change with version, operation, row, batch and time, as non-overlapping intervals", async () => {
      const m = await mirror([CONTACT], { now: () => new Date("2026-05-01T00:00:00Z") });
      await m.applyChanges("contacts", [c("a", 1, { score: 1 }), c("a", 5, { score: 5 })], { batchId: "b1" });
      await m.applyChanges("contacts", [c("a", 3, { score: 3 }), del({ id: "a", v: 7 })], { batchId: "b2" });
      const h = await m.history("contacts", { id: "a" });
      expect(h.map((e) => [e.op, e.version, e.validFrom, e.validTo, e.batchId, e.row?.score ?? null])).toEqual([
        ["upsert", 1n, 1n, 3n, "b1", 1n],
        // The late change is slotted into its place although it never became current.
        ["upsert", 3n, 3n, 5n, "b2", 3n],
        ["upsert", 5n, 5n, 7n, "b1", 5n],
        // The delete ends the open interval.
        ["delete", 7n, 7n, null, "b2", null],
      ]);
      expect(h.every((e) => e.receivedAt === "2026-05-01T00:00:00.000Z")).toBe(true);
    });
  });

  describe("R8: history of a key is removed only by an explicit data-hygiene purge", () => {
    it("keeps every history entry through later changes, deletes and tombstone retention", async () => {
      let now = Date.parse("2026-01-01T00:00:00Z");
      const m = await mirror([{ ...CONTACT, tombstoneRetention: "P7D" }], { now: () => new Date(now) });
      await m.applyChanges("contacts", [c("a", 1), c("a", 2), del({ id: "a", v: 3 })]);
      now += 8 * 86_400_000;
      expect(await m.purgeExpiredTombstones()).toBe(1);
      expect(await m.tombstones("contacts")).toEqual([]);
      expect((await m.history("contacts", { id: "a" })).map((e) => e.version)).toEqual([1n, 2n, 3n]);
    });

    it("purges a key's row or tombstone and its whole history, and nothing of other keys", async () => {
      const m = await mirror();
      await m.applyChanges("contacts", [c("a", 1), c("a", 2), c("b", 1), c("c", 1), del({ id: "c", v: 2 })]);
      const receipt = await m.purgeKeys("contacts", [{ id: "a" }, { id: "c" }, { id: "nobody" }], "erasure request 4711");
      expect(receipt.keys.map((k) => [k.state, k.historyEntries])).toEqual([
        ["row", 2],
        ["tombstone", 2],
        ["nothing", 0],
      ]);
      expect((await rowsOf(m, "contacts")).map((r) => r.id)).toEqual(["b"]);
      expect(await m.tombstones("contacts")).toEqual([]);
      expect((await m.history("contacts")).map((e) => e.key.id)).toEqual(["b"]);
    });

    it("logs each purged key by digest with the reason, never the key itself", async () => {
      const m = await mirror();
      await m.applyChanges("contacts", [c("alice@example.com", 1)]);
      const { keys } = await m.purgeKeys("contacts", [{ id: "alice@example.com" }], "GDPR art. 17");
      const log = await backend.sql(m, "SELECT * FROM _mq_purges");
      expect(log).toEqual([expect.objectContaining({ dataset: "contacts", key_digest: keys[0]!.keyDigest, state: "row", history_entries: 1n, reason: "GDPR art. 17" })]);
      expect(JSON.stringify(log, (_k, v) => (typeof v === "bigint" ? String(v) : v))).not.toContain("alice@example.com");
      // The digest is SHA-256 of the key's canonical encoding, so that an auditor can find a key they know.
      expect(keys[0]!.keyDigest).toBe(createHash("sha256").update('{"id":"alice@example.com"}').digest("hex"));
    });

    it("treats a change that arrives after the purge as new", async () => {
      const m = await mirror();
      await m.applyChanges("contacts", [c("a", 5)]);
      await m.purgeKeys("contacts", [{ id: "a" }], "test");
      const r = await m.applyChanges("contacts", [c("a", 1)]);
      expect(r.datasets[0]).toMatchObject({ upserted: 1, unchanged: 0 });
      expect((await rowsOf(m, "contacts")).map((row) => row.v)).toEqual([1n]);
    });

    it("refuses the whole purge, removing nothing, when one key is invalid or no reason is given", async () => {
      const m = await mirror();
      await m.applyChanges("contacts", [c("a", 1)]);
      await expect(m.purgeKeys("contacts", [{ id: "a" }, { id: "b", name: "x" }], "test")).rejects.toThrow(
        expect.objectContaining({
          code: "BAD_USER_INPUT",
          message: expect.stringContaining('keys[1]: Field "name" is not part of the key'),
          details: expect.objectContaining({ index: 1, field: "name", rejectionCode: "UNKNOWN_FIELD" }),
        }),
      );
      await expect(m.purgeKeys("contacts", [{}], "test")).rejects.toThrow(
        expect.objectContaining({ details: expect.objectContaining({ rejectionCode: "NULL_KEY", field: "id" }) }),
      );
      await expect(m.purgeKeys("contacts", [{ id: 7 }], "test")).rejects.toThrow(
        expect.objectContaining({ details: expect.objectContaining({ rejectionCode: "INVALID_VALUE", field: "id", expected: expect.stringContaining("a string") }) }),
      );
      await expect(m.purgeKeys("contacts", [{ id: "a\u0000" }], "test")).rejects.toThrow(
        expect.objectContaining({ details: expect.objectContaining({ rejectionCode: "INVALID_VALUE", field: "id" }) }),
      );
      await expect(m.purgeKeys("contacts", [{ id: "a" }], " ")).rejects.toThrow(expect.objectContaining({ code: "BAD_USER_INPUT", message: expect.stringContaining("reason") }));
      expect((await rowsOf(m, "contacts")).map((r) => r.id)).toEqual(["a"]);
      expect(await m.history("contacts")).toHaveLength(1);
    });
  });

  describe("R9: batches are atomic and receipted", () => {
    it("rolls back the whole batch when the server fails inside it", async () => {
      const m = await mirror([CONTACT, ORDER]);
      await backend.sql(m, `DROP TABLE "orders__history"`);
      await expect(
        m.applyBatch(
          [
            { dataset: "contacts", rows: [c("a", 1)] },
            { dataset: "orders", rows: [{ id: "o", v: 1 }] },
          ],
          { batchId: "x" },
        ),
      ).rejects.toThrow();
      expect(await rowsOf(m, "contacts")).toEqual([]);
      expect(await m.batch("x")).toBeUndefined();
    });

    it("quarantines invalid rows with their payload, index and error, and applies the valid ones", async () => {
      const m = await mirror();
      const bad = c("b", 1, { score: "many" });
      const r = await m.applyChanges("contacts", [c("a", 1), bad], { batchId: "q" });
      expect(r.status).toBe("applied");
      expect((await rowsOf(m, "contacts")).map((x) => x.id)).toEqual(["a"]);
      expect(await m.quarantine("contacts")).toMatchObject([{ batchId: "q", rowIndex: 1, code: "INVALID_VALUE", field: "score", payload: bad }]);
    });

    it("with atomic: true, rejects the whole batch for one invalid row and writes nothing", async () => {
      const m = await mirror();
      const r = await m.applyChanges("contacts", [c("a", 1), c("b", 1, { score: "many" })], { batchId: "at", atomic: true });
      expect(r.status).toBe("rejected");
      expect(r.datasets[0]!.rejected).toMatchObject([{ index: 1, code: "INVALID_VALUE", field: "score" }]);
      expect(await rowsOf(m, "contacts")).toEqual([]);
      expect(await m.quarantine("contacts")).toEqual([]);
      // Nothing was recorded, so the corrected batch can be sent under the same id.
      expect((await m.applyChanges("contacts", [c("a", 1), c("b", 1)], { batchId: "at", atomic: true })).datasets[0]!.upserted).toBe(2);
    });

    it("states batch id, dataset, received, upserted, deleted, stale, unchanged, conflicts and quarantined rows", async () => {
      const m = await mirror();
      await m.applyChanges("contacts", [c("a", 1), c("s", 5)]);
      const r = await m.applyChanges("contacts", [c("b", 1), del({ id: "a", v: 2 }), c("s", 4), c("s", 5), c("t", 1, { score: 1 }), c("t", 1, { score: 2 }), { id: "z" }], {
        batchId: "r1",
      });
      expect(r).toMatchObject({ batchId: "r1", status: "applied", replayed: false, atomic: false });
      expect(r.datasets).toMatchObject([{ dataset: "contacts", received: 7, deleted: 1, unchanged: 1, conflicts: 1 }]);
      // b and the first t are upserted, s@4 is stale; the second t is upserted or stale depending on which content wins the tie.
      const secondWon = (await rowsOf(m, "contacts")).find((x) => x.id === "t")!.score === 2n;
      expect(r.datasets[0]).toMatchObject(secondWon ? { upserted: 3, stale: 1 } : { upserted: 2, stale: 2 });
      expect(r.datasets[0]!.quarantined.map((q) => q.index)).toEqual([6]);
    });

    it("generates a batch id when none is given", async () => {
      const r = await (await mirror()).applyChanges("contacts", [c("a", 1)]);
      expect(r.batchId).toMatch(/^[0-9a-f-]{36}$/);
    });

    it("returns the first receipt for a batch id applied before and applies nothing", async () => {
      const m = await mirror();
      const first = await m.applyChanges("contacts", [c("a", 1)], { batchId: "same" });
      const again = await m.applyChanges("contacts", [c("a", 2), c("b", 1)], { batchId: "same" });
      expect(again).toEqual({ ...first, replayed: true });
      expect((await rowsOf(m, "contacts")).map((r) => [r.id, r.v])).toEqual([["a", 1n]]);
      expect(await m.batch("same")).toEqual(first);
    });

    it("applies batches sent concurrently by one process one after another, in the order sent", async () => {
      const m = await mirror();
      const receipts = await Promise.all(Array.from({ length: 12 }, (_, i) => m.applyChanges("contacts", [c("a", i + 1), c("b", 12 - i), del({ id: "c", v: i })])));
      expect(receipts.map((r) => [r.datasets[0]!.upserted, r.datasets[0]!.stale, r.datasets[0]!.deleted])).toEqual(
        Array.from({ length: 12 }, (_, i) => [i === 0 ? 2 : 1, i === 0 ? 0 : 1, 1]),
      );
      expect((await rowsOf(m, "contacts")).map((r) => [r.id, r.v])).toEqual([
        ["a", 12n],
        ["b", 12n],
      ]);
    });

    it("applies parents and children of several datasets in one batch", async () => {
      const m = await mirror([CONTACT, ORDER]);
      const r = await m.applyBatch([
        { dataset: "orders", rows: [{ id: "o1", contact_id: "a", v: 1 }] },
        { dataset: "contacts", rows: [c("a", 1)] },
      ]);
      expect(r.datasets.map((d) => [d.dataset, d.upserted])).toEqual([
        ["orders", 1],
        ["contacts", 1],
      ]);
    });

    it("refuses an unknown dataset with UNKNOWN_DATASET before writing anything", async () => {
      const m = await mirror();
      await expect(
        m.applyBatch([
          { dataset: "contacts", rows: [c("a", 1)] },
          { dataset: "contcts", rows: [] },
        ]),
      ).rejects.toThrow(expect.objectContaining({ code: "UNKNOWN_DATASET" }));
      expect(await rowsOf(m, "contacts")).toEqual([]);
    });
  });

  describe("R10: record and time-series behaviour", () => {
    const CLICK: ModelJson = {
      name: "Click",
      dataset: "clicks",
      behavior: "time-series",
      fields: { session: { type: "string", required: true }, at: { type: "datetime", required: true }, page: { type: "string" }, seq: { type: "integer", required: true } },
      primaryKey: ["session", "at"],
      version: "seq",
      timestamp: "at",
    };

    it("keeps one row per key for records", async () => {
      const m = await mirror();
      await m.applyChanges("contacts", [c("a", 1), c("a", 2)]);
      expect(await rowsOf(m, "contacts")).toHaveLength(1);
    });

    it("keeps each event of a time series by (key, timestamp), applies versions per event and deletes single events", async () => {
      const m = await mirror([CLICK]);
      await m.applyChanges("clicks", [
        { session: "s", at: "2026-01-01T00:00:00Z", page: "/a", seq: 1 },
        { session: "s", at: "2026-01-01T00:00:01Z", page: "/b", seq: 1 },
        { session: "s", at: "2026-01-01T02:00:00+02:00", page: "/a2", seq: 2 },
        { session: "s", at: "2026-01-01T00:00:01Z", page: "/old", seq: 0 },
      ]);
      expect((await rowsOf(m, "clicks")).map((r) => r.page)).toEqual(["/a2", "/b"]);
      await m.applyChanges("clicks", [del({ session: "s", at: "2026-01-01T00:00:01Z", seq: 1 })]);
      expect((await rowsOf(m, "clicks")).map((r) => r.page)).toEqual(["/a2"]);
    });
  });

  describe("R11: relationships are resolved at read time", () => {
    it("accepts children before their parent and parents deleted under their children, and reports dangling references", async () => {
      const m = await mirror([CONTACT, ORDER]);
      await m.applyChanges("orders", [
        { id: "o1", contact_id: "a", v: 1 },
        { id: "o2", contact_id: "b", v: 1 },
        { id: "o3", v: 1 },
      ]);
      expect(await m.integrity()).toMatchObject([{ dataset: "orders", relationship: "contact", dangling: 2 }]);
      await m.applyChanges("contacts", [c("a", 1), c("b", 1)]);
      expect((await m.integrity())[0]!.dangling).toBe(0);
      await m.applyChanges("contacts", [del({ id: "b", v: 2 })]);
      expect((await m.integrity())[0]).toMatchObject({ dangling: 1, examples: [{ key: { id: "o2" }, value: "b" }] });
      expect(await rowsOf(m, "orders")).toHaveLength(3);
    });
  });

  describe("nothing sent is lost", () => {
    it("accounts for every row of a batch in the mirror, the quarantine or the receipt", async () => {
      const m = await mirror();
      const rows = [c("a", 1), c("a", 1), c("a", 0), del({ id: "b", v: 1 }), { id: "c" }, c("d", 1, { x: 1 }), "not an object"];
      const d = (await m.applyChanges("contacts", rows)).datasets[0]!;
      expect(d.upserted + d.deleted + d.stale + d.unchanged + d.quarantined.length).toBe(rows.length);
      expect((await m.quarantine("contacts")).map((q) => q.payload)).toEqual([rows[4], rows[5], rows[6]]);
      expect(d.quarantined[2]).toMatchObject({ code: "INVALID_ROW" });
    });
  });
});
