// Dangling references of one relationship (R11), as the integrity report lists them.

import type { Row, Value } from "./MirroredRow";

export interface RelationshipIntegrity {
  dataset: string;
  relationship: string;
  field: string;
  target: string;
  targetField: string;
  /** References (non-null) whose target row does not exist. */
  dangling: number;
  /** Up to `limit` of them: the referring row's key and the missing value. */
  examples: { key: Row; value: Value }[];
}
