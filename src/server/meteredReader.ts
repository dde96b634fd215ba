// The read engine's statements, timed: every root field of a query is one statement through a
// JsonReader (reader threads, the main connection, or PostgreSQL's pool), so timing readJson
// times them all, on either backend.

import type { RootPlan } from "../query/ReadPlan";
import type { JsonReader } from "../storage/JsonReader";
import type { Metrics } from "./metrics";

/**
 * `reader`, with each statement's duration observed in `metrics`.
 * @example const json = meteredReader(await startReaderPool(path, 2, options), metrics);
 */
export function meteredReader(reader: JsonReader, metrics: Metrics): JsonReader {
  return {
    async readJson(plan: RootPlan): Promise<string> {
      const start = performance.now();
      try {
        const json = await reader.readJson(plan);
        metrics.statement("ok", (performance.now() - start) / 1000);
        return json;
      } catch (e) {
        metrics.statement("error", (performance.now() - start) / 1000);
        throw e;
      }
    },
    close: () => reader.close(),
  };
}
