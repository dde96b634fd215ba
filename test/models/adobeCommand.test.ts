// `mirrorql import adobe` and `mirrorql export adobe` as a user runs them: files written and
// listed, no overwrite without --force, and exit code 2 with every problem (document, JSON
// Pointer, message, fix) when the input breaks a rule.

import { runMirrorql } from "../runMirrorql";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const EXAMPLE = resolve("examples/adobe");
const exampleSchemas = readdirSync(EXAMPLE)
  .filter((f) => f !== "descriptors.json")
  .map((f) => join(EXAMPLE, f));

const mirrorql = (args: string[]) => runMirrorql(args);

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "mirrorql-adobe-"));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("mirrorql import adobe", () => {
  it("writes one model file per schema, lists them, and the folder passes mirrorql check", async () => {
    const out = join(tempDir(), "models");
    const run = await mirrorql(["import", "adobe", ...exampleSchemas, "--descriptors", join(EXAMPLE, "descriptors.json"), "--out", out]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`wrote ${join(out, "WebEvent.json")}`);
    expect(readdirSync(out).sort()).toEqual(readdirSync("schema").sort());
    const check = await mirrorql(["check", "--schema", out]);
    expect(check.code).toBe(0);
  }, 60_000);

  it("refuses to overwrite without --force, and overwrites with it", async () => {
    const out = tempDir();
    writeFileSync(join(out, "Region.json"), "{}");
    const args = ["import", "adobe", ...exampleSchemas, "--descriptors", join(EXAMPLE, "descriptors.json"), "--out", out];
    const refused = await mirrorql(args);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/Region\.json already exists .* nothing was written\. Add --force/);
    expect(existsSync(join(out, "Account.json"))).toBe(false);
    const forced = await mirrorql([...args, "--force"]);
    expect(forced.code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, "Region.json"), "utf8"))).toMatchObject({ name: "Region" });
  }, 60_000);

  it("exits 2 listing every problem with the document, the JSON Pointer and the fix", async () => {
    const dir = tempDir();
    const schema = {
      $id: "https://ns.adobe.com/acme/schemas/a",
      title: "A",
      properties: { id: { type: "string" }, tags: { type: "array", items: { type: "string" } } },
      required: ["id"],
    };
    writeFileSync(join(dir, "A.json"), JSON.stringify(schema));
    writeFileSync(join(dir, "d.json"), JSON.stringify([{ "@type": "xdm:descriptorPrimaryKey", "xdm:sourceSchema": schema.$id, "xdm:sourceProperty": "/id" }]));
    const run = await mirrorql(["import", "adobe", join(dir, "A.json"), "--descriptors", join(dir, "d.json"), "--out", join(dir, "out")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("2 problems; nothing was written");
    expect(run.stderr).toContain(`${join(dir, "A.json")} at /properties/tags/type: is an array`);
    expect(run.stderr).toMatch(/A\.json at the root: schema "A" has no xdm:descriptorVersion descriptor.* Fix: add \{ "@type": "xdm:descriptorVersion"/);
    expect(existsSync(join(dir, "out"))).toBe(false);
  }, 60_000);
});

describe("mirrorql export adobe", () => {
  it("writes the models of --schema as schema documents and descriptors.json: the checked-in example", async () => {
    const out = tempDir();
    const run = await mirrorql(["export", "adobe", "--schema", "schema", "--out", out, "--force"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`wrote ${join(out, "descriptors.json")}`);
    for (const f of readdirSync(EXAMPLE)) expect(readFileSync(join(out, f), "utf8"), f).toBe(readFileSync(join(EXAMPLE, f), "utf8"));
  }, 60_000);

  it("names the form: another is a usage error", async () => {
    const run = await mirrorql(["export", "avro", "--out", tempDir()]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('knows one form, "adobe"');
  }, 60_000);
});
