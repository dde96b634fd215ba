// The read engine's boundary with storage: a root field's plan in, its response JSON out,
// built by the database in one statement. Each dialect compiles the plan its own way.

import type { RootPlan } from "../query/ReadPlan";

export interface JsonReader {
  /** The JSON text of one root field of the generated API. */
  readJson(plan: RootPlan): Promise<string>;
  close(): Promise<void>;
}
