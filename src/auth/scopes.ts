// Scopes an API key carries: `read`, `write` or `admin`, each for every dataset or, followed
// by `:dataset`, for one ("read:contacts"). Checked when a key is created.

import { MirrorError } from "../errors";
import { DATASET_NAME_RULE, isDatasetName } from "../models/datasetName";
import { didYouMean } from "../models/ModelProblem";

export const SCOPE_ACTIONS = ["read", "write", "admin"] as const;
export type ScopeAction = (typeof SCOPE_ACTIONS)[number];

export interface Scope {
  action: ScopeAction;
  /** The one dataset the scope covers; every dataset when absent. */
  dataset?: string;
}

const isAction = (text: string): text is ScopeAction => (SCOPE_ACTIONS as readonly string[]).includes(text);

/**
 * Reads a scope string; BAD_USER_INPUT (argument "scope") naming what was expected otherwise.
 * @example parseScope("read:contacts") // { action: "read", dataset: "contacts" }
 */
export function parseScope(text: string): Scope {
  const colon = text.indexOf(":");
  const action = colon < 0 ? text : text.slice(0, colon);
  if (!isAction(action)) {
    throw refused(
      text,
      `must be read, write or admin, optionally followed by ":dataset" (e.g. "read:contacts"), received ${JSON.stringify(text)}.${didYouMean(action, SCOPE_ACTIONS)}`,
    );
  }
  if (colon < 0) return { action };
  const dataset = text.slice(colon + 1);
  if (!isDatasetName(dataset)) {
    throw refused(
      text,
      `names the dataset after ":", which must be ${DATASET_NAME_RULE}; received ${JSON.stringify(dataset)} in ${JSON.stringify(text)}. Leave out ":" and the dataset for a scope over every dataset ("${action}").`,
    );
  }
  return { action, dataset };
}

function refused(scope: string, rule: string): MirrorError {
  return new MirrorError("BAD_USER_INPUT", `The scope ${JSON.stringify(scope)} is not valid: a scope ${rule}`, { argument: "scope", scope });
}
