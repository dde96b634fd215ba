// The demo's example operations (demo/queries/*.graphql), opened as the IDE's tabs. Only those
// that validate against the served schema are offered, so a mirror of other models is not
// greeted by demo queries that cannot run there.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse, validate, type GraphQLSchema } from "graphql";

export const DEMO_QUERIES_DIR = fileURLToPath(new URL("../../../demo/queries", import.meta.url));

/** The text of every `.graphql` file of `dir`, in file-name order. */
export function readExampleOperations(dir = DEMO_QUERIES_DIR): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".graphql"))
    .sort()
    .map((name) => readFileSync(join(dir, name), "utf8"));
}

/** The operations of `examples` that `schema` accepts as they are. */
export function runnableExamples(schema: GraphQLSchema, examples: readonly string[]): string[] {
  return examples.filter((text) => {
    try {
      return validate(schema, parse(text)).length === 0;
    } catch {
      return false;
    }
  });
}
