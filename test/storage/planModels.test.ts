// Storage.planModels says what syncModels would do to each dataset, from the same checks, and
// applies nothing: a dry run of defineModels relies on it on every backend.

import { describe, expect, it } from "vitest";
import { BACKENDS } from "../backends";
import { models } from "../helpers";

const ITEM = {
  name: "Item",
  dataset: "items",
  fields: { id: { type: "string", required: true }, label: { type: "string" }, v: { type: "integer", required: true } },
  primaryKey: ["id"],
  version: "v",
};
const TAG = { name: "Tag", dataset: "tags", fields: { id: { type: "string", required: true }, v: { type: "integer", required: true } }, primaryKey: ["id"], version: "v" };
const now = new Date("2026-03-01T00:00:00Z");

describe.each(BACKENDS)("$name", (backend) => {
  it("planModels: created, altered, unchanged, rebuilt when empty, refused while data is stored; nothing applied", async () => {
    const mirror = await backend.mirror([ITEM]);
    const grown = { ...ITEM, fields: { ...ITEM.fields, size: { type: "integer" } }, indexes: [["label"]] };
    const plans = await mirror.storage.planModels(models(grown, TAG), now);
    expect(plans).toEqual([
      { dataset: "items", change: "alter", addedFields: ["size"], addedIndexes: [["label"]], removedIndexes: [], problems: [] },
      { dataset: "tags", change: "create", addedFields: ["id", "v"], addedIndexes: [], removedIndexes: [], problems: [] },
    ]);
    expect(await mirror.storage.planModels(models(ITEM), now)).toMatchObject([{ dataset: "items", change: "unchanged" }]);
    expect(await backend.columns(mirror, "items__state")).not.toContain("size");
    expect(await backend.columns(mirror, "tags__state")).toEqual([]);

    const retyped = { ...ITEM, fields: { ...ITEM.fields, label: { type: "integer" } } };
    expect(await mirror.storage.planModels(models(retyped), now)).toMatchObject([{ dataset: "items", change: "rebuild", problems: [] }]);
    await mirror.applyChanges("items", [{ id: "i1", label: "a", v: 1 }]);
    const [refused] = await mirror.storage.planModels(models(retyped), now);
    expect(refused).toMatchObject({ dataset: "items", change: "refused", problems: [{ path: "$.fields.label.type" }] });
    // syncModels refuses with the same problems.
    await expect(mirror.storage.syncModels(models(retyped), now)).rejects.toMatchObject({ code: "INCOMPATIBLE_MODEL_CHANGE", problems: refused!.problems });
  });

  it("dropDataset removes the tables and the registry entry; the dataset can be made again, empty", async () => {
    const mirror = await backend.mirror([ITEM, TAG]);
    await mirror.applyChanges("tags", [{ id: "t1", v: 1 }]);
    await mirror.dropDataset("tags");
    expect(mirror.models.map((m) => m.dataset)).toEqual(["items"]);
    for (const table of ["tags", "tags__state", "tags__history", "tags__quarantine"]) expect(await backend.columns(mirror, table)).toEqual([]);
    expect(await backend.sql(mirror, `SELECT dataset FROM _mq_models ORDER BY dataset`)).toEqual([{ dataset: "items" }]);
    await mirror.syncModels(models(ITEM, TAG));
    expect(await mirror.rows("tags")).toEqual([]);
  });
});
