// The history of models defined and datasets dropped through the API (`_mq_model_revisions`):
// one revision per dataset per change, never rewritten, so that the served set can be rebuilt
// after a restart and an admin can see who changed the API when.

export type ModelRevisionAction = "define" | "drop";

export interface NewModelRevision {
  dataset: string;
  /** The native model document; absent for a drop. */
  definition?: Record<string, unknown>;
  action: ModelRevisionAction;
  at: string;
  /** Who acted, as the audit log names principals. */
  principal: string;
}

export interface ModelRevision extends NewModelRevision {
  /** The revision's place in the history, across datasets; pass it as `before` for the next page. */
  seq: number;
}

export interface ModelRevisionSelection {
  limit: number;
  /** Only revisions older than this seq. */
  before?: number;
  dataset?: string;
  /** Only the latest revision of each dataset. */
  latest?: boolean;
}

/** A revision as both dialects store it: the definition as JSON text. */
export function revisionFromRow(r: { seq: number; dataset: string; definition: string | null; action: string; at: string; principal: string }): ModelRevision {
  return {
    seq: Number(r.seq),
    dataset: r.dataset,
    ...(r.definition !== null ? { definition: JSON.parse(r.definition) as Record<string, unknown> } : {}),
    action: r.action as ModelRevision["action"],
    at: r.at,
    principal: r.principal,
  };
}
