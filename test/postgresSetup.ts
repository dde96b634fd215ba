// Vitest global setup: is PostgreSQL there for the PostgreSQL half of the suite? Probed once per
// run; test files read the answer through inject("postgresUrl") (see backends.ts).

import pg from "pg";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** The PostgreSQL the tests may use, or null when unreachable (that half is skipped). */
    postgresUrl: string | null;
  }
}

export const DEFAULT_TEST_PG = "postgres://postgres@127.0.0.1:5432/test";

export default async function setup(project: TestProject): Promise<void> {
  const url = process.env.MIRRORQL_TEST_PG || DEFAULT_TEST_PG;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    project.provide("postgresUrl", url);
  } catch (e) {
    if (process.env.MIRRORQL_TEST_PG_REQUIRED === "1") {
      throw new Error(`PostgreSQL is required for this run (MIRRORQL_TEST_PG_REQUIRED=1) but ${url.replace(/\/\/[^@/]*@/, "//…@")} is unreachable: ${(e as Error).message}`);
    }
    process.stdout.write(`PostgreSQL tests skipped: no server at ${url.replace(/\/\/[^@/]*@/, "//…@")}; set MIRRORQL_TEST_PG=postgres://user@host:port/db to run them.\n`);
    project.provide("postgresUrl", null);
  } finally {
    await client.end().catch(() => undefined);
  }
}
