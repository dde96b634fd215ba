// Arguments that end up stored or looked up (a batch id, a discard or purge reason) take only text every
// backend stores as sent: U+0000 or a lone surrogate is refused with BAD_USER_INPUT naming the
// argument before the storage is asked, in the library and through GraphQL alike, on each backend.

import { describe, expect, it } from "vitest";
import { BACKENDS } from "../backends";
import { graphqlOver } from "../graphql/fixture";
import { CONTACT, rowsOf } from "../helpers";

const UNSTORABLE = ["b\u0000", "b\ud800", "\udc00b"];

describe.each(BACKENDS)("$name", (backend) => {
  it("refuses a batch id, a discard reason or a purge reason holding U+0000 or a lone surrogate with BAD_USER_INPUT, storing nothing", async () => {
    const m = await backend.mirror([CONTACT]);
    for (const text of UNSTORABLE) {
      await expect(m.applyChanges("contacts", [{ id: "a", name: "A", v: 1 }], { batchId: text })).rejects.toMatchObject({
        code: "BAD_USER_INPUT",
        details: { argument: "batchId", expected: expect.stringContaining("U+0000"), received: `${JSON.stringify(text)} (string)` },
      });
      await expect(m.applyChanges("contacts", [{ id: "a", name: "A", v: 1 }, { id: "junk" }], { batchId: text, atomic: true })).rejects.toMatchObject({ code: "BAD_USER_INPUT" });
    }
    expect(await m.batches({ limit: 10 })).toEqual([]);
    expect(await rowsOf(m, "contacts")).toEqual([]);
    for (const text of UNSTORABLE) await expect(m.batch(text)).rejects.toMatchObject({ code: "BAD_USER_INPUT", details: { argument: "id" } });

    await m.applyChanges("contacts", [{ id: "a", name: "A", v: 1 }, { id: "junk" }]);
    const [junk] = await m.quarantine("contacts");
    for (const text of UNSTORABLE) {
      await expect(m.discardQuarantine("contacts", [junk!.id], text)).rejects.toMatchObject({ code: "BAD_USER_INPUT", details: { argument: "reason" } });
      await expect(m.purgeKeys("contacts", [{ id: "a" }], text)).rejects.toMatchObject({ code: "BAD_USER_INPUT", details: { argument: "reason" } });
      await expect(m.replayQuarantine("contacts", [junk!.id], { batchId: text })).rejects.toMatchObject({ code: "BAD_USER_INPUT", details: { argument: "batchId" } });
    }
    expect(await m.quarantine("contacts")).toHaveLength(1);
    expect(await rowsOf(m, "contacts")).toHaveLength(1);
    expect(await m.batches({ limit: 10 })).toHaveLength(1);
  });

  it("answers the same refusals through GraphQL as BAD_USER_INPUT naming the argument, never INTERNAL", async () => {
    const m = await backend.mirror([CONTACT]);
    await m.applyChanges("contacts", [{ id: "a", name: "A", v: 1 }, { id: "junk" }]);
    const [junk] = await m.quarantine("contacts");
    const api = await graphqlOver(m);
    const operations = [
      `mutation($t: String!) { discardQuarantine(dataset: "contacts", ids: ["${junk!.id}"], reason: $t) { id } }`,
      `mutation($t: String!) { purgeKeys(dataset: "contacts", keys: [{ id: "a" }], reason: $t) { at } }`,
      `mutation($t: ID!) { replayQuarantine(dataset: "contacts", ids: ["${junk!.id}"], batchId: $t) { batchId } }`,
      `query($t: ID!) { batch(id: $t) { batchId } }`,
    ];
    try {
      for (const text of UNSTORABLE) {
        for (const operation of operations) {
          const { result } = await api.execute(operation, { t: text });
          expect(result, operation).toMatchObject({ errors: [{ extensions: { code: "BAD_USER_INPUT", argument: operation.match(/(batchId|reason|id): \$t/)![1] } }] });
        }
      }
      expect(await m.quarantine("contacts")).toHaveLength(1);
      expect(await rowsOf(m, "contacts")).toHaveLength(1);
    } finally {
      await api.close(); // closes the mirror too
    }
  });
});
