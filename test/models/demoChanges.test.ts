// The demo change streams must stay valid for the demo models: every row of demo/changes is one a
// correct mirror accepts (their late, duplicate and deleted rows are described in demo/README.md).

import { describe, it, expect } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadModels } from "../../src/models/loadModels";
import { fieldOf, type FieldType, type Model } from "../../src/models/Model";

const DIR = "demo/changes";
const models = loadModels("schema");
const streams = readdirSync(DIR)
  .filter((f) => f.endsWith(".ndjson"))
  .sort();

const INT64 = { min: -(2n ** 63n), max: 2n ** 63n - 1n };
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;

/** A loose, independent reading of the documented coercions (R2), so the demo does not hang on src/changes. */
function fits(type: FieldType, v: unknown): boolean {
  switch (type) {
    case "string":
      return typeof v === "string";
    case "integer": {
      if (typeof v === "number") return Number.isSafeInteger(v);
      if (typeof v !== "string" || !/^-?\d+$/.test(v)) return false;
      const n = BigInt(v);
      return n >= INT64.min && n <= INT64.max;
    }
    case "number":
      return typeof v === "number" && Number.isFinite(v);
    case "boolean":
      return typeof v === "boolean";
    case "date":
      return typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v));
    case "datetime":
      return typeof v === "string" && DATETIME.test(v) && !Number.isNaN(Date.parse(v));
  }
}

function problemsOfRow(model: Model, row: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const op = row._change_request_type;
  if (op !== undefined && op !== null && !["u", "U", "d", "D"].includes(op as string)) problems.push(`operation ${JSON.stringify(op)}`);
  const isDelete = op === "d" || op === "D";
  const keyAndVersion = new Set([...model.primaryKey, ...model.version]);
  for (const name of keyAndVersion) if (row[name] === undefined || row[name] === null) problems.push(`${name} is missing`);
  for (const [name, value] of Object.entries(row)) {
    if (name === "_change_request_type") continue;
    const field = model.fields.find((f) => f.name === name);
    if (!field) problems.push(`${name} is not a field`);
    else if (isDelete && !keyAndVersion.has(name)) problems.push(`a delete carries ${name}`);
    else if (value !== null && !fits(field.type, value)) problems.push(`${name}=${JSON.stringify(value)} is not a ${field.type}`);
  }
  if (!isDelete) {
    for (const f of model.fields) if (f.required && (row[f.name] === undefined || row[f.name] === null)) problems.push(`required ${f.name} is missing`);
  }
  return problems;
}

describe("the demo change streams in demo/changes/", () => {
  it("hold one stream per demo model", () => {
    expect(streams).toEqual(models.map((m) => `${m.dataset}.ndjson`).sort());
  });

  it.each(streams)("%s holds only rows valid for its model", (file) => {
    const model = models.find((m) => `${m.dataset}.ndjson` === file)!;
    const lines = readFileSync(join(DIR, file), "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "");
    expect(lines.length).toBeGreaterThanOrEqual(10);
    expect(lines.length).toBeLessThanOrEqual(60);
    const invalid = lines.flatMap((line, i) => problemsOfRow(model, JSON.parse(line)).map((p) => `line ${i + 1}: ${p}`));
    expect(invalid).toEqual([]);
  });

  it("write 64-bit integers beyond 2^53 as decimal strings", () => {
    const scn = readFileSync(join(DIR, "contacts.ndjson"), "utf8");
    expect(scn).toContain('"row_scn":"9007199254740993"');
    expect(
      fieldOf(
        models.find((m) => m.name === "Contact")!,
        "row_scn",
      ).type,
    ).toBe("integer");
  });
});
