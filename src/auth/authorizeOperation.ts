// Authorization of a whole operation before anything of it runs: every root field says which
// scopes it needs from its arguments, and every dataset a read touches (its root, each edge
// followed, each relationship a filter goes through) needs `read`. One refusal per missing
// scope, so a caller sees at once everything the operation would need.

import { getArgumentValues, type FieldNode, type FragmentDefinitionNode, type GraphQLObjectType, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import { collectFields } from "graphql/execution/collectFields.js";
import type { MirrorError } from "../errors";
import { apiNames } from "../models/apiNames";
import type { Model } from "../models/Model";
import { datasetsRead, type RootPlan } from "../query/ReadPlan";
import { forbidden, type Action, type Principal } from "./Principal";

export interface Need {
  action: Action;
  dataset?: string;
}

type Args = Record<string, unknown>;

/**
 * What each root field of the fixed part needs. Fields that answer only with what the caller
 * may see (`datasets`, `integrity`, `batch`) need nothing here and filter their answer.
 */
const FIXED_NEEDS: Record<"query" | "mutation", Record<string, (args: Args) => Need[]>> = {
  query: {
    datasets: () => [],
    dataset: () => [],
    integrity: () => [],
    batch: () => [],
    batches: (a) => [{ action: "write", ...(typeof a.dataset === "string" ? { dataset: a.dataset } : {}) }],
    quarantine: (a) => [{ action: "admin", dataset: a.dataset as string }],
    apiKeys: () => [{ action: "admin" }],
    auditLog: () => [{ action: "admin" }],
    // A model is schema, not data: shown to whoever may read its dataset (filtered by the field).
    schemaVersion: () => [],
    models: () => [],
    modelRevisions: () => [{ action: "admin" }],
  },
  mutation: {
    applyChanges: (a) => [{ action: "write", dataset: a.dataset as string }],
    applyChangeBatch: (a) => (a.items as { dataset: string }[]).map((i) => ({ action: "write" as const, dataset: i.dataset })),
    replayQuarantine: (a) => [{ action: "write", dataset: a.dataset as string }],
    discardQuarantine: (a) => [{ action: "admin", dataset: a.dataset as string }],
    purgeKeys: (a) => [{ action: "admin", dataset: a.dataset as string }],
    createApiKey: () => [{ action: "admin" }],
    revokeApiKey: () => [{ action: "admin" }],
    defineModels: () => [{ action: "admin" }],
    dropDataset: () => [{ action: "admin" }],
  },
};

/** Root fields whose needs are known: those of the fixed part and those generated per model. */
export function rootFieldNeeds(models: readonly Model[]) {
  const query = new Map<string, (args: Args) => Need[]>(Object.entries(FIXED_NEEDS.query));
  const mutation = new Map<string, (args: Args) => Need[]>(Object.entries(FIXED_NEEDS.mutation));
  for (const m of models) {
    const names = apiNames(m);
    query.set(names.query.list, () => [{ action: "read", dataset: m.dataset }]);
    query.set(names.query.byKey, () => [{ action: "read", dataset: m.dataset }]);
    mutation.set(names.mutation.typed, () => [{ action: "write", dataset: m.dataset }]);
  }
  return { query, mutation };
}

export interface OperationToAuthorize {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  operation: OperationDefinitionNode;
  /** Coerced variables. */
  variables: Args;
  /** The read engine's plans of the operation's root fields, by response key (queries). */
  plans?: ReadonlyMap<string, RootPlan>;
}

/**
 * Everything an operation needs, each scope once: its root fields' needs from their arguments,
 * and `read` of every dataset its read plans touch. The same for every caller, so the read engine
 * keeps it with the operation's plan. Arguments that do not coerce are left to graphql-js, which
 * reports them; a root field of no known need needs `admin`.
 */
export function operationNeeds(needs: ReturnType<typeof rootFieldNeeds>, op: OperationToAuthorize): Need[] {
  const kind = op.operation.operation;
  if (kind === "subscription") return [];
  const rootType = (kind === "query" ? op.schema.getQueryType() : op.schema.getMutationType()) as GraphQLObjectType;
  const table = kind === "query" ? needs.query : needs.mutation;
  const wanted = new Map<string, Need>();
  const want = (n: Need) => wanted.set(`${n.action}:${n.dataset ?? ""}`, n);
  const fields = collectFields(op.schema, op.fragments, op.variables, rootType, op.operation.selectionSet);
  for (const [key, nodes] of fields) {
    const name = (nodes[0] as FieldNode).name.value;
    if (name.startsWith("__")) continue;
    const need = table.get(name);
    if (!need) {
      want({ action: "admin" });
      continue;
    }
    let args: Args;
    try {
      args = getArgumentValues(rootType.getFields()[name]!, nodes[0]!, op.variables);
    } catch {
      continue;
    }
    need(args).forEach(want);
    const plan = op.plans?.get(key);
    if (plan) for (const dataset of datasetsRead(plan)) want({ action: "read", dataset });
  }
  return [...wanted.values()];
}

/** The refusals (FORBIDDEN) of `principal` for what an operation needs: empty when it may run. */
export function refusalsFor(principal: Principal, wanted: readonly Need[]): MirrorError[] {
  return wanted.filter((w) => !principal.may(w.action, w.dataset)).map((w) => forbidden(principal, w.action, w.dataset));
}

/** The refusals of `principal` for an operation (operationNeeds, then refusalsFor). */
export function authorizeOperation(principal: Principal, needs: ReturnType<typeof rootFieldNeeds>, op: OperationToAuthorize): MirrorError[] {
  return refusalsFor(principal, operationNeeds(needs, op));
}
