// Models defined and datasets dropped through the API while the server runs, on every backend:
// a dry run says what would change and applies nothing; a definition is checked against the
// stored data with the evolution rules of model files, applied all or nothing (on the writer
// thread's connection too), recorded as a revision that survives a restart, and served at once
// by swapping the schema; requests already validated finish on the schema they started with.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { Mirror } from "../../src/mirror";
import type { ApolloServerPlugin } from "@apollo/server";
import { buildSchema } from "../../src/graphql/buildSchema";
import { compiledGateway } from "../../src/graphql/compiled/compiledExecution";
import { stringifyResult } from "../../src/graphql/compiled/RawJson";
import { createApollo, createContext, startServer, type RunningServer, type ServerContext } from "../../src/server/createServer";
import { ModelRegistry } from "../../src/server/modelRegistry";
import { openReaders } from "../../src/storage/openReaders";
import { inProcessWriter } from "../../src/writer/Writer";
import { BACKENDS, type Backend, type Location } from "../backends";
import { models as modelsOf } from "../helpers";
import { codesOf, createKey, graphql } from "./accessClient";

const ACCOUNT = {
  name: "Account",
  dataset: "accounts",
  fields: { account_id: { type: "string", required: true }, name: { type: "string" }, v: { type: "integer", required: true } },
  primaryKey: ["account_id"],
  version: "v",
};
const REGION = {
  name: "Region",
  dataset: "regions",
  fields: { code: { type: "string", required: true }, label: { type: "string" }, v: { type: "integer", required: true } },
  primaryKey: ["code"],
  version: "v",
};
const ACCOUNT_IN_REGION = {
  ...ACCOUNT,
  fields: { ...ACCOUNT.fields, region_code: { type: "string" } },
  relationships: [{ field: "region_code", target: "Region", cardinality: "M:1", name: "region", inverseName: "accounts" }],
};

const DEFINE = `mutation ($models: [JSONObject!]!, $dryRun: Boolean) {
  defineModels(models: $models, dryRun: $dryRun) {
    dryRun applied schemaVersion code
    datasets { dataset change addedFields addedIndexes removedIndexes problems { file path message fix } }
    schema { typesAdded typesRemoved fieldsAdded fieldsRemoved breaking { type description } }
    problems { file path message fix }
  }
}`;

async function serve(backend: Backend, at: Location, models: Record<string, unknown>[] = [ACCOUNT]): Promise<{ mirror: Mirror; server: RunningServer }> {
  const mirror = await backend.open({ models: modelsOf(...models) }, at);
  const server = await startServer(mirror, { port: 0, modelPollMs: 0 });
  return { mirror, server };
}

const op = { token: undefined } as const;

describe.each(BACKENDS)("$name: models through the API", (backend) => {
  // SQLite on a file: the server writes through its writer thread, which must follow the models.
  const where = () => backend.location({ reopen: true });

  it("a dry run lists the new dataset, its fields and GraphQL types, and applies nothing", async () => {
    const { mirror, server } = await serve(backend, where());
    try {
      const before = (
        await graphql(
          server.url,
          op,
          `
            {
              schemaVersion
            }
          `,
        )
      ).body.data.schemaVersion;
      const answer = await graphql(server.url, op, DEFINE, { models: [REGION, ACCOUNT_IN_REGION], dryRun: true });
      expect(answer.body.errors).toBeUndefined();
      const plan = answer.body.data.defineModels;
      expect(plan).toMatchObject({ dryRun: true, applied: false, schemaVersion: before, code: null, problems: [] });
      expect(plan.datasets).toEqual([
        { dataset: "accounts", change: "ALTER", addedFields: ["region_code"], addedIndexes: [], removedIndexes: [], problems: [] },
        { dataset: "regions", change: "CREATE", addedFields: ["code", "label", "v"], addedIndexes: [], removedIndexes: [], problems: [] },
      ]);
      expect(plan.schema.typesAdded).toEqual(expect.arrayContaining(["Region", "RegionConnection", "RegionWhere", "RegionChangeInput"]));
      expect(plan.schema.fieldsAdded).toEqual(expect.arrayContaining(["Account.region", "Account.region_code", "Query.regions", "Query.region", "Mutation.applyRegionsChanges"]));
      expect(plan.schema.breaking).toEqual([]);
      // Nothing applied: no table, no model, the same schema.
      expect(mirror.models.map((m) => m.dataset)).toEqual(["accounts"]);
      expect(await backend.columns(mirror, "regions__state")).toEqual([]);
      expect(await backend.columns(mirror, "accounts__state")).not.toContain("region_code");
      expect(
        (
          await graphql(
            server.url,
            op,
            `
              {
                regions {
                  nodes {
                    code
                  }
                }
              }
            `,
          )
        ).body.errors?.[0]?.message,
      ).toContain(`Cannot query field "regions"`);
      expect(
        (
          await graphql(
            server.url,
            op,
            `
              {
                schemaVersion
              }
            `,
          )
        ).body.data.schemaVersion,
      ).toBe(before);
    } finally {
      await server.stop();
    }
  });

  it("a definition is served at once, readable and writable over HTTP, without a restart", async () => {
    const { mirror, server } = await serve(backend, where());
    try {
      const before = (
        await graphql(
          server.url,
          op,
          `
            {
              schemaVersion
            }
          `,
        )
      ).body.data.schemaVersion;
      const answer = await graphql(server.url, op, DEFINE, { models: [REGION, ACCOUNT_IN_REGION] });
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data.defineModels).toMatchObject({ dryRun: false, applied: true });
      const version = answer.body.data.defineModels.schemaVersion;
      expect(version).not.toBe(before);
      expect(
        (
          await graphql(
            server.url,
            op,
            `
              {
                schemaVersion
              }
            `,
          )
        ).body.data.schemaVersion,
      ).toBe(version);

      const wrote = await graphql(
        server.url,
        op,
        `
          mutation {
            applyRegionsChanges(changes: [{ code: "eu", label: "Europe", v: 1 }]) {
              status
            }
          }
        `,
      );
      expect(wrote.body).toEqual({ data: { applyRegionsChanges: { status: "APPLIED" } } });
      const account = await graphql(
        server.url,
        op,
        `
          mutation {
            applyChanges(dataset: "accounts", changes: [{ account_id: "a1", name: "Acme", region_code: "eu", v: 1 }]) {
              status
            }
          }
        `,
      );
      expect(account.body).toEqual({ data: { applyChanges: { status: "APPLIED" } } });
      const read = await graphql(
        server.url,
        op,
        `
          {
            accounts {
              nodes {
                account_id
                region {
                  label
                  accounts {
                    nodes {
                      account_id
                    }
                  }
                }
              }
            }
          }
        `,
      );
      expect(read.body).toEqual({ data: { accounts: { nodes: [{ account_id: "a1", region: { label: "Europe", accounts: { nodes: [{ account_id: "a1" }] } } }] } } });
      expect(mirror.models.map((m) => m.dataset)).toEqual(["accounts", "regions"]);

      const audit = await mirror.auditLog({ limit: 1, action: "models.define" });
      expect(audit[0]).toMatchObject({ principal: "anonymous:anonymous", target: { datasets: ["accounts", "regions"], changes: { accounts: "alter", regions: "create" } } });
      const stored = await graphql(
        server.url,
        op,
        `
          {
            models {
              dataset
              source
              revision
              definedBy
              definition
            }
            modelRevisions {
              nodes {
                dataset
                action
                principal
              }
            }
          }
        `,
      );
      expect(stored.body.data.models).toMatchObject([
        { dataset: "accounts", source: "api", definedBy: "anonymous:anonymous", definition: { name: "Account", fields: { region_code: { type: "string" } } } },
        { dataset: "regions", source: "api", definition: { name: "Region", dataset: "regions", primaryKey: ["code"], version: "v" } },
      ]);
      expect(stored.body.data.modelRevisions.nodes).toEqual([
        { dataset: "regions", action: "define", principal: "anonymous:anonymous" },
        { dataset: "accounts", action: "define", principal: "anonymous:anonymous" },
      ]);
    } finally {
      await server.stop();
    }
  });

  it("an optional field is added while the dataset holds data; a retyped or removed field is refused with the reason, and applied once the dataset is empty", async () => {
    const { mirror, server } = await serve(backend, where());
    try {
      await graphql(
        server.url,
        op,
        `
          mutation {
            applyChanges(dataset: "accounts", changes: [{ account_id: "a1", name: "Acme", v: 1 }]) {
              status
            }
          }
        `,
      );
      const grown = { ...ACCOUNT, fields: { ...ACCOUNT.fields, tier: { type: "integer" } } };
      expect((await graphql(server.url, op, DEFINE, { models: [grown] })).body.data.defineModels).toMatchObject({
        applied: true,
        datasets: [{ change: "ALTER", addedFields: ["tier"] }],
      });
      expect(
        (
          await graphql(
            server.url,
            op,
            `
              {
                accounts {
                  nodes {
                    account_id
                    tier
                  }
                }
              }
            `,
          )
        ).body,
      ).toEqual({ data: { accounts: { nodes: [{ account_id: "a1", tier: null }] } } });

      const retyped = { ...grown, fields: { ...grown.fields, name: { type: "integer" } } };
      const dry = (await graphql(server.url, op, DEFINE, { models: [retyped], dryRun: true })).body.data.defineModels;
      expect(dry).toMatchObject({ applied: false, code: "INCOMPATIBLE_MODEL_CHANGE", datasets: [{ dataset: "accounts", change: "REFUSED" }] });
      expect(dry.problems).toEqual([
        expect.objectContaining({
          file: "models[0]",
          path: "$.fields.name.type",
          message: expect.stringContaining('retypes field "name" from string to integer while the dataset holds data'),
        }),
      ]);
      expect(dry.schema.breaking).toEqual(expect.arrayContaining([expect.objectContaining({ type: "FIELD_CHANGED_KIND" })]));

      const refused = await graphql(server.url, op, DEFINE, { models: [retyped] });
      expect(codesOf(refused)).toEqual(["INCOMPATIBLE_MODEL_CHANGE"]);
      expect(refused.body.errors![0]!.extensions.problems).toEqual([expect.objectContaining({ path: "$.fields.name.type" })]);
      const removed = { ...ACCOUNT, fields: { account_id: ACCOUNT.fields.account_id, v: ACCOUNT.fields.v } };
      const refusedRemoval = await graphql(server.url, op, DEFINE, { models: [removed] });
      expect(codesOf(refusedRemoval)).toEqual(["INCOMPATIBLE_MODEL_CHANGE"]);
      expect(refusedRemoval.body.errors![0]!.message).toContain(`removes or renames field "name"`);
      // Nothing changed.
      expect(
        (
          await graphql(
            server.url,
            op,
            `
              {
                accounts {
                  nodes {
                    name
                    tier
                  }
                }
              }
            `,
          )
        ).body,
      ).toEqual({ data: { accounts: { nodes: [{ name: "Acme", tier: null }] } } });

      // An empty dataset takes any change, as model files do: its tables are made again.
      await graphql(
        server.url,
        op,
        `
          mutation {
            purgeKeys(dataset: "accounts", keys: [{ account_id: "a1" }], reason: "test") {
              dataset
            }
          }
        `,
      );
      const applied = (await graphql(server.url, op, DEFINE, { models: [retyped] })).body.data.defineModels;
      expect(applied).toMatchObject({ applied: true, datasets: [{ change: "REBUILD" }] });
      const wrote = await graphql(
        server.url,
        op,
        `
          mutation {
            applyChanges(dataset: "accounts", changes: [{ account_id: "a2", name: 7, v: 1 }]) {
              status
            }
          }
        `,
      );
      expect(wrote.body).toEqual({ data: { applyChanges: { status: "APPLIED" } } });
      expect(
        (
          await graphql(
            server.url,
            op,
            `
              {
                accounts {
                  nodes {
                    name
                  }
                }
              }
            `,
          )
        ).body,
      ).toEqual({ data: { accounts: { nodes: [{ name: "7" }] } } });
      expect(mirror.model("accounts").fields.find((f) => f.name === "name")?.type).toBe("integer");
    } finally {
      await server.stop();
    }
  });

  it("a model that breaks the rules is refused with every problem (INVALID_MODEL), and nothing is applied", async () => {
    const { mirror, server } = await serve(backend, where());
    try {
      const broken = { ...REGION, fields: { ...REGION.fields, v: { type: "long", required: true } } };
      const dangling = { ...ACCOUNT_IN_REGION };
      const answer = await graphql(server.url, op, DEFINE, { models: [broken, dangling] });
      expect(codesOf(answer)).toEqual(["INVALID_MODEL"]);
      expect((answer.body.errors![0]!.extensions.problems as { file: string }[]).map((p) => p.file)).toContain("models[0]");
      expect(mirror.models.map((m) => m.dataset)).toEqual(["accounts"]);
    } finally {
      await server.stop();
    }
  });

  it("Adobe's form (schemas and descriptors in one list) is imported and served", async () => {
    const { server } = await serve(backend, where());
    try {
      const dir = "examples/adobe";
      const schemas = readdirSync(dir)
        .filter((f) => /^(Region|Account)\.json$/.test(f))
        .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")));
      const descriptors = (JSON.parse(readFileSync(join(dir, "descriptors.json"), "utf8")) as { "xdm:sourceSchema": string; "xdm:destinationSchema"?: string }[]).filter(
        (d) => /\/(Region|Account)$/.test(d["xdm:sourceSchema"]) && (d["xdm:destinationSchema"] === undefined || /\/(Region|Account)$/.test(d["xdm:destinationSchema"])),
      );
      // The demo's Account is dataset "accounts", which this server serves with another model: it holds no data, so it is rebuilt.
      const answer = await graphql(server.url, op, DEFINE, { models: [...schemas, ...descriptors] });
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data.defineModels.datasets.map((d: { dataset: string }) => d.dataset).sort()).toEqual(["accounts", "regions"]);
      const read = await graphql(
        server.url,
        op,
        `
          {
            regions {
              nodes {
                region_code
                currency
              }
            }
            accounts {
              nodes {
                account_id
                region {
                  name
                }
              }
            }
          }
        `,
      );
      expect(read.body).toEqual({ data: { regions: { nodes: [] }, accounts: { nodes: [] } } });
    } finally {
      await server.stop();
    }
  });

  it("dropDataset: refused without the name repeated, refused while another model refers to it, else drops its tables and stops serving it", async () => {
    const { mirror, server } = await serve(backend, where(), [REGION, ACCOUNT_IN_REGION]);
    try {
      const wrong = await graphql(
        server.url,
        op,
        `
          mutation {
            dropDataset(name: "regions", confirm: "region") {
              dataset
            }
          }
        `,
      );
      expect(codesOf(wrong)).toEqual(["BAD_USER_INPUT"]);
      expect(wrong.body.errors![0]!.message).toContain(`must repeat the dataset's name, "regions"`);
      const dependent = await graphql(
        server.url,
        op,
        `
          mutation {
            dropDataset(name: "regions", confirm: "regions") {
              dataset
            }
          }
        `,
      );
      expect(codesOf(dependent)).toEqual(["INVALID_MODEL"]);
      expect(dependent.body.errors![0]).toMatchObject({ message: expect.stringContaining(`"accounts" has a relationship into it`), extensions: { dependents: ["accounts"] } });

      await graphql(server.url, op, DEFINE, { models: [ACCOUNT] });
      await graphql(
        server.url,
        op,
        `
          mutation {
            applyRegionsChanges(changes: [{ code: "eu", v: 1 }]) {
              status
            }
          }
        `,
      );
      const dropped = await graphql(
        server.url,
        op,
        `
          mutation {
            dropDataset(name: "regions", confirm: "regions") {
              dataset
              schemaVersion
            }
          }
        `,
      );
      expect(dropped.body.errors).toBeUndefined();
      expect(dropped.body.data.dropDataset.dataset).toBe("regions");
      expect(mirror.models.map((m) => m.dataset)).toEqual(["accounts"]);
      expect(await backend.columns(mirror, "regions__state")).toEqual([]);
      expect(await backend.columns(mirror, "regions")).toEqual([]);
      expect(
        (
          await graphql(
            server.url,
            op,
            `
              {
                regions {
                  nodes {
                    code
                  }
                }
              }
            `,
          )
        ).body.errors?.[0]?.message,
      ).toContain(`Cannot query field "regions"`);
      expect(await mirror.auditLog({ limit: 1, action: "dataset.drop" })).toMatchObject([{ target: { dataset: "regions" } }]);
      expect(
        (
          await graphql(
            server.url,
            op,
            `
              {
                modelRevisions(dataset: "regions") {
                  nodes {
                    action
                  }
                }
              }
            `,
          )
        ).body.data.modelRevisions.nodes,
      ).toEqual([{ action: "drop" }]);
      // Defined again, it starts empty.
      await graphql(server.url, op, DEFINE, { models: [REGION] });
      expect(
        (
          await graphql(
            server.url,
            op,
            `
              {
                regions {
                  nodes {
                    code
                  }
                }
              }
            `,
          )
        ).body,
      ).toEqual({ data: { regions: { nodes: [] } } });
      await graphql(
        server.url,
        op,
        `
          mutation {
            applyRegionsChanges(changes: [{ code: "us", v: 1 }]) {
              status
            }
          }
        `,
      );
      expect(
        (
          await graphql(
            server.url,
            op,
            `
              {
                regions {
                  nodes {
                    code
                  }
                }
              }
            `,
          )
        ).body,
      ).toEqual({ data: { regions: { nodes: [{ code: "us" }] } } });
    } finally {
      await server.stop();
    }
  });

  it("definitions survive a restart: the served set is the model files' plus the datasets defined through the API", async () => {
    const at = where();
    const first = await serve(backend, at);
    await graphql(first.server.url, op, DEFINE, { models: [REGION] });
    await graphql(
      first.server.url,
      op,
      `
        mutation {
          applyRegionsChanges(changes: [{ code: "eu", v: 1 }]) {
            status
          }
        }
      `,
    );
    await first.server.stop();
    await first.mirror.close();

    const second = await serve(backend, at);
    try {
      expect(second.mirror.models.map((m) => m.dataset)).toEqual(["accounts", "regions"]);
      expect(
        (
          await graphql(
            second.server.url,
            op,
            `
              {
                regions {
                  nodes {
                    code
                  }
                }
              }
            `,
          )
        ).body,
      ).toEqual({ data: { regions: { nodes: [{ code: "eu" }] } } });
      expect(
        (
          await graphql(
            second.server.url,
            op,
            `
              {
                models {
                  dataset
                  source
                  revision
                }
              }
            `,
          )
        ).body.data.models,
      ).toEqual([
        { dataset: "accounts", source: "file", revision: null },
        { dataset: "regions", source: "api", revision: expect.any(Number) },
      ]);
    } finally {
      await second.server.stop();
    }
  });

  it("at a restart a model file of the same dataset wins over the API's definition, with a warning", async () => {
    const at = where();
    const first = await serve(backend, at, [ACCOUNT, REGION]);
    const labelled = { ...REGION, fields: { ...REGION.fields, label: { type: "string" }, note: { type: "string" } } };
    expect((await graphql(first.server.url, op, DEFINE, { models: [labelled] })).body.data.defineModels.applied).toBe(true);
    await first.server.stop();
    await first.mirror.close();

    const lines: string[] = [];
    const write = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => (lines.push(String(chunk)), true));
    let second: { mirror: Mirror; server: RunningServer } | undefined;
    try {
      // The dataset holds no data, so the file's model (without "note") is applied as at any start.
      second = await serve(backend, at, [ACCOUNT, REGION]);
    } finally {
      write.mockRestore();
    }
    try {
      expect(second.mirror.model("regions").fields.map((f) => f.name)).toEqual(["code", "label", "v"]);
      const warning = lines
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((l) => l.event === "model_file_overrides_definition");
      expect(warning).toMatchObject({ level: "warn", dataset: "regions", message: expect.stringContaining("the file's model is served") });
    } finally {
      await second.server.stop();
    }
  });

  it("defining and dropping need admin over every dataset (403); a reader sees the models of what it may read", async () => {
    const { mirror, server } = await serve(backend, where(), [REGION, ACCOUNT]);
    try {
      const reader = await createKey(mirror, "reader", ["read:regions", "write"]);
      const scoped = await createKey(mirror, "scoped-admin", ["admin:accounts"]);
      for (const token of [reader.text, scoped.text]) {
        const define = await graphql(server.url, { token }, DEFINE, { models: [REGION] });
        expect(define.status).toBe(403);
        expect(codesOf(define)).toEqual(["FORBIDDEN"]);
        const drop = await graphql(
          server.url,
          { token },
          `
            mutation {
              dropDataset(name: "regions", confirm: "regions") {
                dataset
              }
            }
          `,
        );
        expect(drop.status).toBe(403);
        expect(
          (
            await graphql(
              server.url,
              { token },
              `
                {
                  modelRevisions {
                    nodes {
                      seq
                    }
                  }
                }
              `,
            )
          ).status,
        ).toBe(403);
      }
      const seen = await graphql(
        server.url,
        { token: reader.text },
        `
          {
            models {
              dataset
            }
            schemaVersion
          }
        `,
      );
      expect(seen.body.data.models).toEqual([{ dataset: "regions" }]);
      expect(seen.body.data.schemaVersion).toMatch(/^[0-9a-f]{16}$/);
    } finally {
      await server.stop();
    }
  });

  it("an operation validated before the schema is swapped runs on that schema; the next one is validated against the new one", async () => {
    const mirror = await backend.open({ models: modelsOf(ACCOUNT) }, where());
    await mirror.applyChanges("accounts", [{ account_id: "a1", name: "Acme", v: 1 }]);
    const readers = await openReaders(mirror, 0);
    const gateway = compiledGateway(buildSchema(mirror.models), mirror.models);
    const writer = inProcessWriter(mirror);
    const registry = new ModelRegistry(mirror, writer, (schema, models) => gateway.update(schema, models));
    // The type Account becomes Client: the root field "account" becomes "client", with the same table.
    const renamed = { ...ACCOUNT, name: "Client" };
    let swapped = false;
    // Between validation and execution (Apollo's didResolveOperation), the models change.
    const swapInFlight: ApolloServerPlugin<ServerContext> = {
      async requestDidStart() {
        return {
          async didResolveOperation({ operationName }) {
            if (operationName !== "InFlight") return;
            await registry.define([renamed], { dryRun: false, principal: "test" });
            swapped = true;
          },
        };
      },
    };
    const apollo = createApollo(mirror, { gateway, plugins: [swapInFlight] });
    await apollo.start();
    const run = async (query: string) => {
      const contextValue = createContext(mirror, { ...(readers.reference ? { reader: readers.reference } : {}), jsonReader: readers.json, writer, registry });
      const response = await apollo.executeOperation({ query }, { contextValue });
      if (response.body.kind !== "single") throw new Error("expected a single result");
      // Rows read by the compiled engine are raw JSON until the result is written out.
      return JSON.parse(stringifyResult(response.body.singleResult)) as { data?: unknown; errors?: { message: string }[] };
    };
    try {
      const old = await run(`query InFlight { account(account_id: "a1") { name } accounts { nodes { ... on Account { account_id } } } }`);
      expect(swapped).toBe(true);
      expect(old.errors).toBeUndefined();
      expect(old.data).toEqual({ account: { name: "Acme" }, accounts: { nodes: [{ account_id: "a1" }] } });
      const next = await run(`{ account(account_id: "a1") { name } }`);
      expect(next.errors![0]!.message).toContain(`Cannot query field "account" on type "Query". Did you mean "accounts"`);
      expect((await run(`{ client(account_id: "a1") { name } }`)).data).toEqual({ client: { name: "Acme" } });
    } finally {
      await apollo.stop();
      if (readers.json !== readers.reference) await readers.json.close();
    }
  });
});
