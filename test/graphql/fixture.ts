// A mirror of the demo models and change streams, with the GraphQL engine over it,
// recording the SQL every operation runs, on either backend (the mirror's own readers,
// opened as the server opens them).

import { Mirror } from "../../src/mirror";
import { TEST_CURSOR_SECRET } from "../helpers";
import { loadDemoChanges } from "../../src/demo/loadDemoChanges";
import { createApollo, createContext } from "../../src/server/createServer";
import { openReaders } from "../../src/storage/openReaders";
import type { Location } from "../backends";
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

/** Bigints as "<digits>n"; byte parameters (the cursor key's pads) as their length only. */
const jsonSafe = (v: unknown) =>
  JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? `${x}n` : x?.type === "Buffer" && Array.isArray(x.data) ? `<${x.data.length} bytes>` : x)));

/**
 * The API over `mirror`, read through the mirror's own readers (the main connection on SQLite,
 * a pool on PostgreSQL); the compiled engine reads through `jsonReader` instead when given
 * (another dialect's twin of the mirror).
 */
export async function graphqlOver(mirror: Mirror, limits: PageLimits = DEFAULT_LIMITS, engine: ReadEngine = "compiled", jsonReader?: ObservedReader) {
  const own = await openReaders(mirror, 0);
  const reader = own.reference;
  const json = jsonReader ?? (own.json as ObservedReader);
  const apollo = createApollo(mirror);
  await apollo.start();
  return {
    mirror,
    async execute(query: string, variables: Record<string, unknown> = {}): Promise<Executed> {
      const sql: Executed["sql"] = [];
      const record = (s: string, params: readonly unknown[]) => sql.push({ sql: s.replace(/\s+/g, " ").trim(), params: jsonSafe(params) });
      const observed = new Set<ObservedReader>([json, ...(reader ? [reader] : [])]);
      const stops = [...observed].map((r) => r.observe(record));
      try {
        const response = await apollo.executeOperation(
          { query, variables },
          { contextValue: createContext(mirror, { reader, jsonReader: json, writer: inProcessWriter(mirror), limits, engine }) },
        );
        if (response.body.kind !== "single") throw new Error("expected a single result");
        return { result: jsonSafe(response.body.singleResult), sql };
      } finally {
        for (const stop of stops) stop();
      }
    },
    async close() {
      await apollo.stop();
      if (own.json !== reader) await own.json.close();
      await mirror.close();
    },
  };
}

/** The API over the demo mirror, in memory on SQLite unless `at` names another location (see test/backends.ts). */
export async function demoApi(limits?: PageLimits, engine?: ReadEngine, at?: Location) {
  const mirror = await Mirror.open({ schemaDir: "schema", now: () => DEMO_NOW, cursorSecret: TEST_CURSOR_SECRET, ...at });
  await loadDemoChanges(mirror);
  return graphqlOver(mirror, limits, engine);
}
