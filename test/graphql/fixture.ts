// A mirror of the demo models and change streams, with the GraphQL engine over it,
// recording the SQL every operation runs.

import { Mirror } from "../../src/mirror";
import { loadDemoChanges } from "../../src/demo/loadDemoChanges";
import { createApollo, createContext } from "../../src/server/createServer";
import { SqlReader } from "../../src/storage/sqlite/SqlReader";
import { inProcessWriter } from "../../src/writer/Writer";
import { DEFAULT_LIMITS, type PageLimits } from "../../src/graphql/connectionArgs";
import type { ReadEngine } from "../../src/graphql/RequestContext";
import type { JsonReader } from "../../src/storage/JsonReader";

/** A read engine whose statements a test can watch (SqlReader, PgJsonReader). */
export type ObservedReader = JsonReader & { observe(listener: (sql: string, params: readonly unknown[]) => void): () => void };

export const DEMO_NOW = new Date("2026-06-01T00:00:00Z");

export interface Executed {
  result: unknown;
  sql: { sql: string; params: unknown[] }[];
}

const jsonSafe = (v: unknown) => JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? `${x}n` : x)));

/** The API over `mirror`; the compiled engine reads through `jsonReader` when given (another dialect). */
export async function graphqlOver(mirror: Mirror, limits: PageLimits = DEFAULT_LIMITS, engine: ReadEngine = "compiled", jsonReader?: ObservedReader) {
  const reader = new SqlReader(mirror.database.sqlite);
  const apollo = createApollo(mirror);
  await apollo.start();
  return {
    mirror,
    async execute(query: string, variables: Record<string, unknown> = {}): Promise<Executed> {
      const sql: Executed["sql"] = [];
      const record = (s: string, params: readonly unknown[]) => sql.push({ sql: s.replace(/\s+/g, " ").trim(), params: jsonSafe(params) });
      const stops = [reader.observe(record), ...(jsonReader ? [jsonReader.observe(record)] : [])];
      try {
        const response = await apollo.executeOperation({ query, variables }, { contextValue: createContext(mirror, { reader, jsonReader, writer: inProcessWriter(mirror), limits, engine }) });
        if (response.body.kind !== "single") throw new Error("expected a single result");
        return { result: jsonSafe(response.body.singleResult), sql };
      } finally {
        for (const stop of stops) stop();
      }
    },
    async close() {
      await apollo.stop();
      await mirror.close();
    },
  };
}

export async function demoApi(limits?: PageLimits, engine?: ReadEngine) {
  const mirror = await Mirror.open({ schemaDir: "schema", now: () => DEMO_NOW });
  await loadDemoChanges(mirror);
  return graphqlOver(mirror, limits, engine);
}
