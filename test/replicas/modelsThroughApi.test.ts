// Models defined or datasets dropped through the API on one replica are served by the others
// without a restart: defineModels goes through syncModels, which records a new model-set
// generation, and every replica polls for newer generations (--model-poll, modelPollMs).

import { describe, expect, it } from "vitest";
import { startServer } from "../../src/server/createServer";
import { graphql } from "../server/accessClient";
import { FIXED_NOW, POSTGRES_URL, withReplicas } from "./replicas";

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
  fields: { code: { type: "string", required: true }, v: { type: "integer", required: true } },
  primaryKey: ["code"],
  version: "v",
};

/** Asks `query` until it answers without errors; the test's timeout bounds the wait. */
async function once(endpoint: string, query: string) {
  for (;;) {
    const answer = await graphql(endpoint, {}, query);
    if (!answer.body.errors) return answer.body;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe.skipIf(!POSTGRES_URL)("postgres replicas: models changed through the API", () => {
  it("a model defined on one replica is served by another after its next poll, with the same schema version; a drop too", async () => {
    await withReplicas(2, [ACCOUNT], { now: FIXED_NOW }, async ([a, b]) => {
      const one = await startServer(a!, { port: 0, modelPollMs: 50 });
      const two = await startServer(b!, { port: 0, modelPollMs: 50 });
      try {
        const defined = await graphql(
          one.url,
          {},
          `
            mutation ($m: [JSONObject!]!) {
              defineModels(models: $m) {
                applied
                schemaVersion
              }
            }
          `,
          { m: [REGION] },
        );
        expect(defined.body.data.defineModels.applied).toBe(true);
        const version = defined.body.data.defineModels.schemaVersion;
        await graphql(
          one.url,
          {},
          `
            mutation {
              applyRegionsChanges(changes: [{ code: "eu", v: 1 }]) {
                status
              }
            }
          `,
        );

        expect(await once(two.url, `{ regions { nodes { code } } }`)).toEqual({ data: { regions: { nodes: [{ code: "eu" }] } } });
        expect(
          (
            await graphql(
              two.url,
              {},
              `
                {
                  schemaVersion
                }
              `,
            )
          ).body.data.schemaVersion,
        ).toBe(version);
        // Writes through the other replica follow the new models too.
        expect(
          (
            await graphql(
              two.url,
              {},
              `
                mutation {
                  applyRegionsChanges(changes: [{ code: "us", v: 1 }]) {
                    status
                  }
                }
              `,
            )
          ).body,
        ).toEqual({ data: { applyRegionsChanges: { status: "APPLIED" } } });

        await graphql(
          one.url,
          {},
          `
            mutation {
              dropDataset(name: "regions", confirm: "regions") {
                dataset
              }
            }
          `,
        );
        for (;;) {
          const answer = await graphql(
            two.url,
            {},
            `
              {
                schemaVersion
              }
            `,
          );
          if (answer.body.data.schemaVersion !== version) break;
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
        expect(
          (
            await graphql(
              two.url,
              {},
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
        expect(b!.models.map((m) => m.dataset)).toEqual(["accounts"]);
      } finally {
        await one.stop();
        await two.stop();
      }
    });
  });
});
