// The models as a caller who may read only some datasets sees them: those datasets, without
// relationships into the others (in the schema its introspection shows, and in `datasets`).

import type { Model } from "./Model";

/** `models` limited to the datasets of `readable`, each without relationships whose target is not readable. */
export function visibleModels(models: readonly Model[], readable: ReadonlySet<string>): Model[] {
  const datasetOf = new Map(models.map((m) => [m.name, m.dataset]));
  return models.filter((m) => readable.has(m.dataset)).map((m) => ({ ...m, relationships: m.relationships.filter((r) => readable.has(datasetOf.get(r.target)!)) }));
}
