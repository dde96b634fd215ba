// Executes operations for Apollo Server (through its gateway hook, which hands over every
// parsed and validated operation): root fields of the generated API are read by the
// database as JSON, one statement each; the other root fields of a query, and mutations,
// run through graphql-js in the same operation. A root field whose arguments are refused,
// at any depth, answers null with one error per refused field (path: the root field;
// locations: the refused field), whatever the data, before anything is read; null propagates
// as graphql-js would (a non-null root field nulls the whole data).

import type { GatewayExecutor, GatewayInterface } from "@apollo/server-gateway-interface";
import { execute, getVariableValues, GraphQLError, Kind, locatedError, type DocumentNode, type ExecutionResult, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import type { Model } from "../../models/Model";
import type { Context } from "../modelSchema";
import { MirrorError } from "../../errors";
import { DEFAULT_QUERY_LIMITS } from "../limits/QueryLimits";
import { nodeBudget } from "../limits/nodeBudget";
import { fragmentsOf, OperationPlanner, type RootStep } from "./planOperation";
import { RawJson } from "./RawJson";
import { operationNeeds, refusalsFor, rootFieldNeeds, type Need } from "../../auth/authorizeOperation";
import { visibleSchemas } from "./visibleSchema";

/** What a failed read of a non-null root field leaves: the whole data is null. */
const FAILED_NON_NULL = Symbol("failed non-null read");

/** Plans kept per document, for this many variable sets at most. */
const PLANS_PER_DOCUMENT = 64;

interface OperationPlan {
  steps: RootStep[];
  /** The most objects its read steps could return (nodeBudget.ts). */
  nodes: number;
  /** Every scope it needs (authorizeOperation.ts), checked against each caller's. */
  needs: Need[];
  /** The operation cut down to its graphql-js root fields, when it has any. */
  rest?: DocumentNode;
}

function restDocument(document: DocumentNode, operation: OperationDefinitionNode, steps: RootStep[]): DocumentNode | undefined {
  const selections = steps.flatMap((s) => (s.kind === "graphql" ? s.nodes : []));
  if (selections.length === 0) return undefined;
  return {
    kind: Kind.DOCUMENT,
    definitions: [...document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION), { ...operation, selectionSet: { kind: Kind.SELECTION_SET, selections } }],
  };
}

export function compiledExecutor(schema: GraphQLSchema, models: readonly Model[]): GatewayExecutor {
  const planner = new OperationPlanner(schema, models);
  const plans = new WeakMap<DocumentNode, Map<string, OperationPlan>>();
  const needs = rootFieldNeeds(models);
  const visible = visibleSchemas(schema, models);

  /** What a mutation needs (authorizeOperation.ts); a query's is kept with its plan. Undefined when its variables do not coerce. */
  function mutationNeeds(document: DocumentNode, operation: OperationDefinitionNode, raw: Record<string, unknown> | undefined): Need[] | undefined {
    const variables = getVariableValues(schema, operation.variableDefinitions ?? [], raw ?? {});
    if (variables.errors) return undefined;
    return operationNeeds(needs, { schema, fragments: fragmentsOf(document), operation, variables: variables.coerced });
  }

  function planOf(document: DocumentNode, operation: OperationDefinitionNode, raw: Record<string, unknown> | undefined, ctx: Context): OperationPlan | undefined {
    // A bigint (an integer beyond 2^53 in the body, see server/parseBody.ts) has no JSON text of
    // its own: any spelling in the key could equal a string or number another request sends, and
    // those coerce differently, so such plans are not cached.
    let bigints = false;
    const key = `${operation.name?.value ?? ""}\n${JSON.stringify(raw ?? {}, (_k, v: unknown) => (typeof v === "bigint" ? ((bigints = true), String(v)) : v))}`;
    let perDocument = plans.get(document);
    const cached = bigints ? undefined : perDocument?.get(key);
    if (cached) return cached;
    const variables = getVariableValues(schema, operation.variableDefinitions ?? [], raw ?? {});
    // Variables that do not coerce: graphql-js reports them without executing anything.
    if (variables.errors) return undefined;
    const steps = planner.plan(document, operation, variables.coerced, ctx.api.settings.limits, ctx.api.settings.cursorKey);
    const nodes = steps.reduce((sum, s) => sum + (s.kind === "read" ? nodeBudget(s.plan) : 0), 0);
    const reads = new Map(steps.flatMap((s) => (s.kind === "read" ? [[s.key, s.plan] as const] : [])));
    const wanted = operationNeeds(needs, { schema, fragments: fragmentsOf(document), operation, variables: variables.coerced, plans: reads });
    const plan = { steps, nodes, needs: wanted, rest: restDocument(document, operation, steps) };
    if (bigints) return plan;
    if (!perDocument) plans.set(document, (perDocument = new Map()));
    if (perDocument.size >= PLANS_PER_DOCUMENT) perDocument.clear();
    perDocument.set(key, plan);
    return plan;
  }

  return async (request) => {
    const { document, operation } = request;
    const ctx = request.context as Context;
    const { principal } = ctx.access;
    const variableValues = request.request.variables;
    // Introspection shows the caller the API of the datasets it may read (a query's graphql-js
    // fields are the fixed part's and introspection's; a mutation runs on the whole schema).
    const served = operation.operation === "query" ? visible(principal) : schema;
    const graphqlJs = (doc: DocumentNode) =>
      execute({ schema: served, document: doc, contextValue: ctx, variableValues, operationName: operation.name?.value }) as Promise<ExecutionResult> | ExecutionResult;
    const refused = (errors: readonly MirrorError[]): ExecutionResult => ({ errors: errors.map((e) => new GraphQLError(e.message, { originalError: e })) });

    const limited = ctx.access.admit(operation.operation === "mutation" ? "write" : "read");
    if (limited) return refused([limited]);

    const plan = operation.operation === "query" ? planOf(document, operation, variableValues, ctx) : undefined;
    // A caller who may do everything needs no check; otherwise every scope the operation needs, before anything runs.
    if (!principal.may("admin")) {
      const wanted = plan ? plan.needs : mutationNeeds(document, operation, variableValues);
      const forbidden = wanted ? refusalsFor(principal, wanted) : [];
      if (forbidden.length > 0) return refused(forbidden);
    }
    if (!plan) return graphqlJs(document);
    const maxNodes = principal.limits.maxNodes ?? (ctx.api.settings.queryLimits ?? DEFAULT_QUERY_LIMITS).maxNodes;
    if (plan.nodes > maxNodes) {
      const refusal = new MirrorError(
        "LIMIT_EXCEEDED",
        `The query could return ${plan.nodes} objects (page sizes multiplied down each path), above the maximum of ${maxNodes} (maxNodes); ask for smaller pages with "first"/"last", or fewer levels, and page through the rest.`,
        { limit: "maxNodes", maximum: maxNodes, received: plan.nodes },
      );
      return refused([refusal]);
    }
    // The reference resolvers (--engine resolvers) answer under the same limits.
    if (ctx.api.settings.engine === "resolvers") return graphqlJs(document);

    const fieldErrors: GraphQLError[] = [];
    let nulled = false;
    for (const step of plan.steps) {
      if (step.kind !== "refused") continue;
      for (const { error, nodes } of step.refusals) fieldErrors.push(locatedError(error, nodes, [step.key]));
      nulled ||= step.nonNull;
    }
    if (nulled) return { errors: fieldErrors, data: null };

    const reader = ctx.api.settings.jsonReader;
    // A read that fails on purpose (TIMEOUT) is that root field's error, as a resolver's would be.
    const failed: GraphQLError[] = [];
    const read = (step: Extract<RootStep, { kind: "read" }>) =>
      reader.readJson(step.plan).catch((e: unknown) => {
        if (!(e instanceof MirrorError)) throw e;
        failed.push(locatedError(e, step.nodes, [step.key]));
        return step.nonNull ? FAILED_NON_NULL : null;
      });
    const [rest, ...texts] = await Promise.all([plan.rest ? graphqlJs(plan.rest) : undefined, ...plan.steps.map((s) => (s.kind === "read" ? read(s) : undefined))]);
    fieldErrors.push(...failed);
    if (texts.includes(FAILED_NON_NULL)) return { errors: [...fieldErrors, ...(rest?.errors ?? [])], data: null };
    if (rest && rest.data === null) return { errors: [...fieldErrors, ...rest.errors!], data: null };
    const data: Record<string, unknown> = {};
    plan.steps.forEach((step, i) => {
      if (step.kind === "read") data[step.key] = typeof texts[i] === "string" ? new RawJson(texts[i] as string) : null;
      else if (step.kind === "constant") data[step.key] = new RawJson(step.json);
      else if (step.kind === "refused") data[step.key] = null;
      else data[step.key] = rest!.data![step.key];
    });
    const errors = [...fieldErrors, ...(rest?.errors ?? [])];
    return errors.length > 0 ? { errors, data } : { data };
  };
}

/** The gateway of one server, whose schema and planner can be replaced while it serves. */
export interface CompiledGateway extends GatewayInterface {
  /**
   * Serves `schema` over `models` from now on (replicas: models another process loaded). Apollo
   * validates new operations against it at once; an operation validated against the previous
   * schema still runs with that schema's planner.
   */
  update(schema: GraphQLSchema, models: readonly Model[]): void;
}

/**
 * Apollo Server's gateway hook, used here only to hand operations to `compiledExecutor`:
 * Apollo still parses, validates, formats errors and serves HTTP.
 */
export function compiledGateway(schema: GraphQLSchema, models: readonly Model[]): CompiledGateway {
  let onLoad: ((s: { apiSchema: GraphQLSchema; coreSupergraphSdl: string }) => void) | undefined;
  // Each operation runs with the executor of the schema Apollo validated it against.
  const executors = new WeakMap<GraphQLSchema, GatewayExecutor>([[schema, compiledExecutor(schema, models)]]);
  let current = schema;
  return {
    onSchemaLoadOrUpdate(callback) {
      onLoad = callback;
      return () => (onLoad = undefined);
    },
    async load() {
      onLoad?.({ apiSchema: current, coreSupergraphSdl: "" });
      return { executor: (request) => (executors.get(request.schema) ?? executors.get(current)!)(request) };
    },
    update(next, nextModels) {
      executors.set(next, compiledExecutor(next, nextModels));
      current = next;
      onLoad?.({ apiSchema: next, coreSupergraphSdl: "" });
    },
    async stop() {},
  };
}
