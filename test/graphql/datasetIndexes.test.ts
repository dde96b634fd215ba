// The `datasets` and `dataset(name)` queries list each dataset's declared indexes with the
// database index that serves each one, on each backend (test/backends.ts).

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Mirror } from "../../src/mirror";
import { BACKENDS } from "../backends";
import { models, type ModelJson } from "../helpers";
import { graphqlOver } from "./fixture";

const ACCOUNT: ModelJson = {
  name: "Account",
  dataset: "accounts",
  fields: { account_id: { type: "string", required: true }, region: { type: "string" }, v: { type: "integer", required: true } },
  primaryKey: ["account_id"],
  version: "v",
};
const CONTACT: ModelJson = {
  name: "Contact",
  dataset: "contacts",
  fields: { id: { type: "string", required: true }, account_id: { type: "string" }, score: { type: "integer" }, v: { type: "integer", required: true } },
  primaryKey: ["id"],
  version: "v",
  indexes: [["score", "account_id"], ["account_id"]],
  relationships: [{ field: "account_id", target: "Account", cardinality: "M:1" }],
};

describe.each(BACKENDS)("datasets query: indexes ($name)", (backend) => {
  let api: Awaited<ReturnType<typeof graphqlOver>>;
  beforeAll(async () => {
    api = await graphqlOver(await Mirror.open({ models: models(ACCOUNT, CONTACT), ...backend.location({ lifetime: "file" }) }));
  });
  afterAll(() => api?.close());

  it("lists declared indexes in model order, an index on a relationship field under the relationship's automatic index", async () => {
    const { result } = await api.execute(`{ dataset(name: "contacts") { indexes { fields name } } }`);
    expect(result).toEqual({
      data: {
        dataset: {
          indexes: [
            { fields: ["score", "account_id"], name: "contacts__state__ix__score__account_id" },
            { fields: ["account_id"], name: "contacts__state__by_account_id" },
          ],
        },
      },
    });
  });

  it("lists no index for a model that declares none", async () => {
    const { result } = await api.execute(`{ datasets { dataset indexes { name } } }`);
    expect(result).toEqual({
      data: {
        datasets: [
          { dataset: "accounts", indexes: [] },
          { dataset: "contacts", indexes: expect.any(Array) },
        ],
      },
    });
  });

  it("names only indexes that exist on the dataset's state table", async () => {
    const { result } = await api.execute(`{ dataset(name: "contacts") { indexes { name } } }`);
    const listed = (result as { data: { dataset: { indexes: { name: string }[] } } }).data.dataset.indexes.map((ix) => ix.name);
    const existing = Object.keys(await backend.indexes(api.mirror, "contacts__state"));
    for (const name of listed) expect(existing).toContain(name);
  });
});
