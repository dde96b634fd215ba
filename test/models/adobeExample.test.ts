// examples/adobe holds the demo models (schema/*.json) in Adobe's form, written by the
// exporter: importing it gives the demo models, and exporting those gives the example back.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exportAdobe } from "../../src/models/adobe/exportAdobe";
import { importAdobe } from "../../src/models/adobe/importAdobe";
import { checkModels } from "../../src/models/checkModels";
import { loadModels } from "../../src/models/loadModels";
import type { Model } from "../../src/models/Model";

const DIR = "examples/adobe";
const read = (file: string) => ({ file, json: JSON.parse(readFileSync(join(DIR, file), "utf8")) as Record<string, unknown> });
const schemaFiles = readdirSync(DIR)
  .filter((f) => f.endsWith(".json") && f !== "descriptors.json")
  .sort();
/** Resolved models without the file they came from, which is all the two forms may differ in. */
const withoutFile = (models: Model[]) => models.map(({ file: _file, ...m }) => m);

function importExample() {
  const result = importAdobe(schemaFiles.map(read), [read("descriptors.json")]);
  expect(result.problems).toEqual([]);
  const checked = checkModels(result.models.map((json) => ({ file: `${String(json.name)}.json`, json })));
  expect(checked.problems).toEqual([]);
  return checked.models;
}

describe("the Adobe example", () => {
  it("imports into the demo models of schema/", () => {
    const demo = loadModels("schema");
    const imported = importExample();
    expect(withoutFile(imported).sort((a, b) => a.name.localeCompare(b.name))).toEqual(withoutFile(demo).sort((a, b) => a.name.localeCompare(b.name)));
  });

  it("export(import(example)) is the example, file for file", () => {
    const exported = exportAdobe(importExample());
    expect(exported.schemas.map((s) => s.file).sort()).toEqual(schemaFiles);
    for (const s of exported.schemas) expect(s.json, s.file).toEqual(read(s.file).json);
    expect(exported.descriptors).toEqual(read("descriptors.json").json);
  });

  it("is what the exporter writes for schema/ (regenerate: mirrorql export adobe --out examples/adobe --force)", () => {
    const exported = exportAdobe(loadModels("schema"));
    for (const s of exported.schemas) expect(`${JSON.stringify(s.json, null, 2)}\n`, s.file).toBe(readFileSync(join(DIR, s.file), "utf8"));
    expect(`${JSON.stringify(exported.descriptors, null, 2)}\n`).toBe(readFileSync(join(DIR, "descriptors.json"), "utf8"));
  });

  it("export says where it goes beyond Adobe's documented form", () => {
    const { notes } = exportAdobe(loadModels("schema"));
    expect(notes).toEqual([
      expect.stringContaining("Opportunity: the version is a tuple"),
      expect.stringContaining("WebEvent: version field collector_ts is a number"),
      expect.stringContaining("XDM long"),
    ]);
  });
});
