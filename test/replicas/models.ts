// The models the replica tests share; free of vitest, so that a child process can load them too.

import type { ModelJson } from "../helpers";

/** A record model over a string key and an integer version, under the given dataset name. */
export function keyed(dataset: string): ModelJson {
  return {
    name: dataset[0]!.toUpperCase() + dataset.slice(1),
    dataset,
    fields: { id: { type: "string", required: true }, v: { type: "integer", required: true }, val: { type: "string" } },
    primaryKey: ["id"],
    version: "v",
  };
}
