// The committed schema.graphql is what the demo models generate: `npm run codegen` refreshes it.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { printSchemaSdl } from "../../src/graphql/buildSchema";
import { loadModels } from "../../src/models/loadModels";

describe("schema.graphql", () => {
  it("is up to date with the code and the demo models (run `npm run codegen` after changing either)", () => {
    expect(readFileSync("schema.graphql", "utf8")).toBe(printSchemaSdl(loadModels("schema")));
  });
});
