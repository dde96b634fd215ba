// The quarantine (R9: kept, replayed, discarded, each logged) and the batch ledger (receipts
// newest first, per dataset, paged) through the Mirror API, on each backend (test/backends.ts).

import { describe, expect, it } from "vitest";
import { Mirror } from "../../src/mirror";
import { BACKENDS } from "../backends";
import { CONTACT, models, rowsOf } from "../helpers";

const fields = CONTACT.fields as Record<string, object>;
const GROWN = { ...CONTACT, fields: { ...fields, phone: { type: "string" } } };
const ORDER = {
  name: "Order",
  dataset: "orders",
  fields: { id: { type: "string", required: true }, v: { type: "integer", required: true } },
  primaryKey: ["id"],
  version: "v",
};

describe.each(BACKENDS)("$name", (backend) => {
  describe("quarantine", () => {
    it("keeps the payload exactly as sent and replays it once the model grew, logging the replay", async () => {
      const at = backend.location({ reopen: true });
      const first = await Mirror.open({ ...at, models: models(CONTACT) });
      const payload = { id: "a", name: "Ann \u{1F600} \\u0041", v: 1, phone: "+1 555", nested: { deep: [1.5, "x"] } };
      const sent = await first.applyChanges("contacts", [payload, { id: "b", name: "Bo", v: 1 }], { batchId: "with-phone" });
      const id = sent.datasets[0]!.quarantined[0]!.quarantineId!;
      expect(sent.datasets[0]!.quarantined[0]).toMatchObject({ code: "UNKNOWN_FIELD", field: "phone" });
      expect((await first.quarantine("contacts"))[0]).toMatchObject({ id, batchId: "with-phone", rowIndex: 0, payload });
      await first.close();

      const grown = await Mirror.open({ ...at, models: models({ ...GROWN, fields: { ...(GROWN.fields as object), nested: { type: "string" } } }) });
      try {
        // Still invalid: nested is an object, not a string. The entry keeps its id and shows the new problem.
        const again = await grown.replayQuarantine("contacts", [id], { batchId: "replay-1" });
        expect(again.datasets[0]!.quarantined).toMatchObject([{ index: 0, quarantineId: id, code: "INVALID_VALUE", field: "nested" }]);
        expect(await grown.quarantine("contacts")).toMatchObject([{ id, batchId: "replay-1", code: "INVALID_VALUE" }]);
      } finally {
        await grown.close();
      }

      const fixed = await Mirror.open({ ...at, models: models({ ...GROWN, fields: { ...(GROWN.fields as object), nested: { type: "string" } } }) });
      try {
        await backend.sql(fixed, `UPDATE contacts__quarantine SET payload = '${JSON.stringify({ ...payload, nested: "flat" }).replace(/'/g, "''")}'`);
        const replay = await fixed.replayQuarantine("contacts", [id], { batchId: "replay-2" });
        expect(replay.datasets[0]).toMatchObject({ received: 1, upserted: 1, quarantined: [] });
        expect((await rowsOf(fixed, "contacts")).find((r) => r.id === "a")).toMatchObject({ phone: "+1 555", nested: "flat" });
        expect(await fixed.quarantine("contacts")).toEqual([]);
        const log = await backend.sql(fixed, "SELECT action, quarantine_id, batch_id, code FROM _mq_quarantine_log");
        expect(log).toEqual([{ action: "replayed", quarantine_id: BigInt(id), batch_id: "replay-2", code: "INVALID_VALUE" }]);
      } finally {
        await fixed.close();
      }
    });

    it("discards rows on purpose with a reason, logged with the payload text as sent", async () => {
      const m = await backend.mirror([CONTACT]);
      await m.applyChanges("contacts", [{ id: "junk" }, { id: "x", v: "many", name: "y" }, { id: "ok", name: "k", v: 1 }]);
      const ids = (await m.quarantine("contacts")).map((q) => q.id);
      expect(ids).toHaveLength(2);
      expect(await m.quarantine("contacts", { afterId: ids[0]!, limit: 5 })).toMatchObject([{ id: ids[1] }]);
      expect(await m.quarantine("contacts", { ids: [ids[1]!] })).toMatchObject([{ id: ids[1], code: "INVALID_VALUE" }]);
      const discarded = await m.discardQuarantine("contacts", [ids[0]!], "test row from a broken export");
      expect(discarded).toMatchObject([{ id: ids[0], payload: { id: "junk" } }]);
      expect((await m.quarantine("contacts")).map((q) => q.id)).toEqual([ids[1]]);
      expect(await backend.sql(m, "SELECT action, reason, payload, code FROM _mq_quarantine_log")).toEqual([
        { action: "discarded", reason: "test row from a broken export", payload: '{"id":"junk"}', code: "MISSING_REQUIRED" },
      ]);
    });
  });

  describe("ledger", () => {
    it("lists receipts newest first, of all datasets or of one, paged by ledger seq; a batch id is applied once", async () => {
      const m = await backend.mirror([CONTACT, ORDER]);
      await m.applyChanges("contacts", [{ id: "a", name: "A", v: 1 }], { batchId: "b1" });
      await m.applyChanges("orders", [{ id: "o", v: 1 }], { batchId: "b2" });
      await m.applyBatch(
        [
          { dataset: "contacts", rows: [{ id: "a", name: "A", v: 2 }] },
          { dataset: "orders", rows: [] },
        ],
        { batchId: "b3" },
      );
      const again = await m.applyChanges("contacts", [{ id: "a", name: "A", v: 9 }], { batchId: "b1" });
      expect(again).toMatchObject({ batchId: "b1", replayed: true, datasets: [{ upserted: 1 }] });
      const all = await m.batches({ limit: 10 });
      expect(all.map((e) => e.receipt.batchId)).toEqual(["b3", "b2", "b1"]);
      expect(all.map((e) => e.seq)).toEqual([3, 2, 1]);
      expect((await m.batches({ dataset: "contacts", limit: 10 })).map((e) => e.receipt.batchId)).toEqual(["b3", "b1"]);
      expect((await m.batches({ dataset: "orders", before: 3, limit: 10 })).map((e) => e.receipt.batchId)).toEqual(["b2"]);
      expect((await m.batch("b2"))!.datasets[0]).toMatchObject({ dataset: "orders", upserted: 1 });
      expect(await m.batch("nope")).toBeUndefined();
    });
  });
});
