// Loading a folder of models: all problems at once, folder errors, and the demo models in schema/.

import { afterAll, describe, it, expect } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadModels } from "../../src/models/loadModels";
import { ModelValidationError } from "../../src/models/ModelProblem";
import { fieldOf, type Model } from "../../src/models/Model";
import { account, contact, load, problem, problemsOf, withFields, without } from "./helpers";

const tempDirs: string[] = [];
afterAll(() => tempDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "mirrorql-models-"));
  tempDirs.push(dir);
  return dir;
}

function refusal(run: () => unknown): ModelValidationError {
  try {
    run();
  } catch (e) {
    if (e instanceof ModelValidationError) return e;
    throw e;
  }
  throw new Error("expected a ModelValidationError");
}

describe("loading models", () => {
  it("reports every problem of every file at once", () => {
    const brokenAccount = withFields(account({ tombstoneRetention: "P1M" }), {
      account_id: { type: "string" },
      employees: { type: "int" },
    });
    const brokenContact = without(contact({ relationships: [{ field: "account_id", target: "Account", cardinality: "M:M" }] }), "version");
    const region = {
      name: "Region",
      dataset: "regions",
      fields: { code: { type: "string", required: true }, parent: { type: "string" }, revision: { type: "integer", required: true } },
      primaryKey: ["code"],
      version: "revision",
      relationships: [{ field: "parent", target: "Regin", cardinality: "M:0" }],
    };
    const notJson = { file: "schema/Opportunity.json", text: "{ name: Opportunity }" };

    expect(problemsOf(brokenAccount, brokenContact, notJson, region)).toEqual([
      problem("schema/Account.json", "$.fields.employees.type", 'unknown field type "int". Did you mean "integer"?'),
      problem("schema/Account.json", "$.primaryKey[0]", 'key field "account_id" is not required'),
      problem("schema/Account.json", "$.tombstoneRetention", 'received "P1M"'),
      problem("schema/Contact.json", "$.version", "must name the version field(s)"),
      problem("schema/Contact.json", "$.relationships[0].cardinality", "many-to-many relationships are not supported"),
      problem("schema/Opportunity.json", "$", "is not valid JSON"),
      problem("schema/Region.json", "$.relationships[0].target", 'target model "Regin" does not exist. Did you mean "Region"?'),
    ]);
  });

  it("names the file, the path and the fix of each problem in the error message", () => {
    const error = refusal(() => load(without(account(), "version")));
    expect(error.code).toBe("INVALID_MODEL");
    expect(error.message).toBe(
      "1 problem in the models:\n" +
        '  - schema/Account.json at $.version: must name the version field(s): a field name or a non-empty array of them, received nothing. Fix: set "version" to field names of this model.',
    );
  });

  it("refuses a folder that does not exist", () => {
    const error = refusal(() => loadModels(join(tmpdir(), "mirrorql-no-such-folder")));
    expect(error.problems).toEqual([problem(join(tmpdir(), "mirrorql-no-such-folder"), "$", "cannot read the model folder (ENOENT)")]);
  });

  it("refuses a folder without model files", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "README.md"), "not a model");
    expect(refusal(() => loadModels(dir)).problems).toEqual([problem(dir, "$", "the folder holds no model file (*.json)")]);
  });

  it("reads only the JSON files of a folder, in file-name order", () => {
    const models = loadModelsFromTexts({ "b_contact.json": contact(), "a_account.json": account(), "notes.txt": "ignored" });
    expect(models.map((m) => [m.name, m.file])).toEqual([
      ["Account", expect.stringMatching(/a_account\.json$/)],
      ["Contact", expect.stringMatching(/b_contact\.json$/)],
    ]);
  });
});

function loadModelsFromTexts(files: Record<string, unknown>): Model[] {
  const dir = tempDir();
  for (const [name, doc] of Object.entries(files)) writeFileSync(join(dir, name), typeof doc === "string" ? doc : JSON.stringify(doc));
  return loadModels(dir);
}

describe("the demo models in schema/", () => {
  const models = loadModels("schema");
  const model = (name: string) => models.find((m) => m.name === name)!;

  it("loads the demo models", () => {
    expect(models.map((m) => [m.name, m.dataset, m.behavior])).toEqual([
      ["Account", "accounts", "record"],
      ["AccountProfile", "account_profiles", "record"],
      ["Contact", "contacts", "record"],
      ["Opportunity", "opportunities", "record"],
      ["Region", "regions", "record"],
      ["Subscription", "subscriptions", "record"],
      ["WebEvent", "web_events", "time-series"],
    ]);
  });

  it("resolves their relationships with defaults for the names left out", () => {
    const edges = models.flatMap((m) => m.relationships.map((r) => `${m.name}.${r.name} -> ${r.target}.${r.targetField} (${r.cardinality}), inverse ${r.inverseName}`));
    expect(edges).toEqual([
      "Account.region -> Region.region_code (M:1), inverse accounts",
      "AccountProfile.account -> Account.account_id (1:1), inverse profile",
      "Contact.account -> Account.account_id (M:1), inverse contacts",
      "Opportunity.account -> Account.account_id (M:1), inverse opportunities",
      "Opportunity.owner -> Contact.contact_id (M:0), inverse ownedOpportunities",
      "Subscription.account -> Account.billing_customer_id (M:1), inverse subscriptions",
      "Subscription.sourceOpportunity -> Opportunity.opportunity_id (1:0), inverse subscription",
      "WebEvent.contact -> Contact.contact_id (M:0), inverse webEvents",
    ]);
  });

  it("covers keys, versions, behaviours and field types the mirror must handle", () => {
    expect(model("WebEvent")).toMatchObject({ primaryKey: ["session_id", "event_time"], timestamp: "event_time", version: ["collector_ts"], tombstoneRetentionMs: 7 * 86_400_000 });
    expect(model("Opportunity").version).toEqual(["stage_version", "updated_at"]);
    const versionTypes = new Set(models.flatMap((m) => m.version.map((v) => fieldOf(m, v).type)));
    expect([...versionTypes].sort()).toEqual(["datetime", "integer", "number"]);
    const fieldTypes = new Set(models.flatMap((m) => m.fields.map((f) => f.type)));
    expect([...fieldTypes].sort()).toEqual(["boolean", "date", "datetime", "integer", "number", "string"]);
    expect(fieldOf(model("Account"), "billing_customer_id")).toMatchObject({ unique: true, required: false });
  });
});
