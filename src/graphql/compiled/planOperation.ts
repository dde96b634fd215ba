// Plans a GraphQL query operation for the compiled read engine: each root field of the
// generated API becomes a ReadPlan (src/query/ReadPlan.ts) that the storage compiles into
// one statement; every other root field (the fixed API, introspection) is left to graphql-js.
// Fields are collected exactly as graphql-js collects them (aliases, fragments, @skip/@include),
// and arguments are read by the same code the resolvers use (connectionArgs.ts). A root field
// whose arguments are refused, at any depth, is planned as a refusal: the field answers null
// with one error per refused field, whatever the data (see compiledExecution.ts).

import {
  getArgumentValues,
  GraphQLError,
  isNonNullType,
  getNamedType,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";
import { collectFields, collectSubfields } from "graphql/execution/collectFields.js";
import { MirrorError } from "../../errors";
import { apiNames } from "../../models/apiNames";
import { fieldOf, isToMany, type Model, type Relationship } from "../../models/Model";
import type { ConnectionQuery } from "../../query/ConnectionQuery";
import type { ConnectionEntry, ConnectionPlan, EdgeEntry, ObjectEntry, ObjectPlan, PageInfoEntry, RootPlan } from "../../query/ReadPlan";
import { connectionQuery, keyOf, type ConnectionArgs, type PageLimits } from "../connectionArgs";
import type { CursorKey } from "../../query/cursor";

/** The fragments of a document, by name. */
export function fragmentsOf(document: { definitions: readonly { kind: string }[] }): Record<string, FragmentDefinitionNode> {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of document.definitions as FragmentDefinitionNode[]) if (d.kind === "FragmentDefinition") fragments[d.name.value] = d;
  return fragments;
}

/** One root field of an operation, in response order. */
export type RootStep =
  | { kind: "read"; key: string; plan: RootPlan; nodes: readonly FieldNode[]; nonNull: boolean }
  | { kind: "constant"; key: string; json: string }
  /** Resolved by graphql-js: the field nodes to execute under this response key. */
  | { kind: "graphql"; key: string; nodes: readonly FieldNode[] }
  /**
   * Arguments refused (bad input, over a limit) at the root field or at fields below it, every
   * one of them; `nonNull` when the root field's type is, so that the refusal nulls the whole data.
   */
  | { kind: "refused"; key: string; refusals: Refusal[]; nonNull: boolean };

/** Arguments of the field at `nodes` refused with `error`, as the resolvers would throw it. */
export interface Refusal {
  error: MirrorError | GraphQLError;
  nodes: readonly FieldNode[];
}

/** What a field of a model's object type is. */
type FieldRole =
  | { kind: "field"; entry: (key: string) => ObjectEntry }
  | { kind: "forward"; relationship: Relationship; target: Model }
  | { kind: "inverse"; relationship: Relationship; source: Model };

type Variables = Record<string, unknown>;

const constant = (key: string, value: unknown) => ({ kind: "constant" as const, key, json: JSON.stringify(value) });

/** What the planner knows of the generated API, derived once from the models. */
interface ApiMap {
  roots: Map<string, { kind: "list" | "byKey"; model: Model }>;
  /** Per model name, what each field of its object type is. */
  roles: Map<string, Map<string, FieldRole>>;
  models: ReadonlyMap<string, Model>;
}

export class OperationPlanner {
  private readonly api: ApiMap;

  constructor(
    private readonly schema: GraphQLSchema,
    models: readonly Model[],
  ) {
    this.api = { roots: new Map(), roles: new Map(), models: new Map(models.map((m) => [m.name, m])) };
    const { roots, roles: rolesOf, models: byName } = this.api;
    for (const model of models) {
      roots.set(apiNames(model).query.list, { kind: "list", model });
      roots.set(apiNames(model).query.byKey, { kind: "byKey", model });
      const roles = new Map<string, FieldRole>();
      for (const f of model.fields) roles.set(f.name, { kind: "field", entry: (key) => ({ kind: "field", key, field: f.name, type: f.type }) });
      const versionFields = model.version.map((v) => ({ field: v, type: fieldOf(model, v).type }));
      roles.set("_version", { kind: "field", entry: (key) => ({ kind: "version", key, fields: versionFields, tuple: versionFields.length > 1 }) });
      roles.set("_updatedAt", { kind: "field", entry: (key) => ({ kind: "updatedAt", key }) });
      for (const r of model.relationships) roles.set(r.name, { kind: "forward", relationship: r, target: byName.get(r.target)! });
      rolesOf.set(model.name, roles);
    }
    for (const source of models) {
      for (const r of source.relationships) rolesOf.get(r.target)!.set(r.inverseName, { kind: "inverse", relationship: r, source });
    }
  }

  /** The root steps of `operation` (a query), in response order. */
  plan(document: { definitions: readonly { kind: string }[] }, operation: OperationDefinitionNode, variables: Variables, limits: PageLimits, cursorKey: CursorKey): RootStep[] {
    return new Planning(this.api, this.schema, fragmentsOf(document), variables, limits, cursorKey).roots(operation);
  }
}

/** The planning of one operation with its variables. */
class Planning {
  constructor(
    private readonly api: ApiMap,
    private readonly schema: GraphQLSchema,
    private readonly fragments: Record<string, FragmentDefinitionNode>,
    private readonly variables: Variables,
    private readonly limits: PageLimits,
    private readonly cursorKey: CursorKey,
  ) {}

  roots(operation: OperationDefinitionNode): RootStep[] {
    const queryType = this.schema.getQueryType()!;
    const fields = collectFields(this.schema, this.fragments, this.variables, queryType, operation.selectionSet);
    return [...fields].map(([key, nodes]): RootStep => {
      const name = nodes[0]!.name.value;
      if (name === "__typename") return constant(key, queryType.name);
      const root = this.api.roots.get(name);
      if (!root) return { kind: "graphql", key, nodes };
      const def = queryType.getFields()[name]!;
      this.refusals = [];
      const plan = this.root(root, def, nodes);
      if (plan && this.refusals.length === 0) return { kind: "read", key, plan, nodes, nonNull: isNonNullType(def.type) };
      return { kind: "refused", key, refusals: this.refusals, nonNull: isNonNullType(def.type) };
    });
  }

  /** The refusals of the root field being planned: planning goes on past one to find them all. */
  private refusals: Refusal[] = [];

  /** `read` (arguments of the field at `nodes`), or undefined when it throws what the resolvers would throw for bad arguments. */
  private refusing<T>(nodes: readonly FieldNode[], read: () => T): T | undefined {
    try {
      return read();
    } catch (e) {
      if (!(e instanceof MirrorError || e instanceof GraphQLError)) throw e;
      this.refusals.push({ error: e, nodes });
      return undefined;
    }
  }

  private root(root: { kind: "list" | "byKey"; model: Model }, def: GraphQLField<unknown, unknown>, nodes: readonly FieldNode[]): RootPlan | undefined {
    const type = getNamedType(def.type) as GraphQLObjectType;
    if (root.kind === "byKey") {
      const values = this.refusing(nodes, () => keyOf(root.model, this.args(def, nodes[0]!)));
      return values && { kind: "byKey", model: root.model, key: values, object: this.object(root.model, type, nodes) };
    }
    const query = this.refusing(nodes, () => connectionQuery(root.model, this.args(def, nodes[0]!) as ConnectionArgs, this.api.models, this.limits, this.cursorKey));
    return query && { kind: "connection", connection: this.connection(query, type, nodes) };
  }

  private args(def: GraphQLField<unknown, unknown>, node: FieldNode): Record<string, unknown> {
    return getArgumentValues(def, node, this.variables);
  }

  private sub(type: GraphQLObjectType, nodes: readonly FieldNode[]) {
    return collectSubfields(this.schema, this.fragments, this.variables, type, nodes);
  }

  private object(model: Model, type: GraphQLObjectType, nodes: readonly FieldNode[]): ObjectPlan {
    const entries: ObjectEntry[] = [];
    for (const [key, fieldNodes] of this.sub(type, nodes)) {
      const name = fieldNodes[0]!.name.value;
      if (name === "__typename") {
        entries.push(constant(key, type.name));
        continue;
      }
      const role = this.api.roles.get(model.name)!.get(name);
      if (!role) throw new Error(`invariant: ${type.name}.${name} has no read plan`);
      const def = type.getFields()[name]!;
      const child = getNamedType(def.type) as GraphQLObjectType;
      if (role.kind === "field") entries.push(role.entry(key));
      else if (role.kind === "forward") {
        const r = role.relationship;
        entries.push({ kind: "object", key, join: { column: r.targetField, parentColumn: r.field, firstByKey: false }, object: this.object(role.target, child, fieldNodes) });
      } else {
        const r = role.relationship;
        if (isToMany(r.cardinality)) {
          const query = this.refusing(fieldNodes, () =>
            connectionQuery(role.source, this.args(def, fieldNodes[0]!) as ConnectionArgs, this.api.models, this.limits, this.cursorKey),
          );
          // A refused edge is not planned further: the whole root field is refused.
          if (query) entries.push({ kind: "connection", key, scope: { column: r.field, parentColumn: r.targetField }, connection: this.connection(query, child, fieldNodes) });
        } else {
          entries.push({ kind: "object", key, join: { column: r.field, parentColumn: r.targetField, firstByKey: true }, object: this.object(role.source, child, fieldNodes) });
        }
      }
    }
    return { model, entries };
  }

  private connection(query: ConnectionQuery, type: GraphQLObjectType, nodes: readonly FieldNode[]): ConnectionPlan {
    const { page } = query;
    const typeOf = (parent: GraphQLObjectType, field: string) => getNamedType(parent.getFields()[field]!.type) as GraphQLObjectType;
    const entries = [...this.sub(type, nodes)].map(([key, fieldNodes]): ConnectionEntry => {
      const name = fieldNodes[0]!.name.value;
      switch (name) {
        case "nodes":
          return { kind: "nodes", key, object: this.object(query.model, typeOf(type, "nodes"), fieldNodes) };
        case "edges": {
          const edge = typeOf(type, "edges");
          const edgeEntries = [...this.sub(edge, fieldNodes)].map(([k, n]): EdgeEntry => {
            const f = n[0]!.name.value;
            if (f === "cursor") return { kind: "cursor", key: k };
            if (f === "node") return { kind: "node", key: k, object: this.object(query.model, typeOf(edge, "node"), n) };
            return constant(k, edge.name);
          });
          return { kind: "edges", key, entries: edgeEntries };
        }
        case "pageInfo": {
          const pageInfo = typeOf(type, "pageInfo");
          // The side the page was counted from needs a look at the rows beyond it; the other side follows from the arguments.
          const counted = page.fromEnd ? "hasPreviousPage" : "hasNextPage";
          const known = page.fromEnd ? page.before !== undefined : page.after !== undefined || page.offset > 0;
          const infoEntries = [...this.sub(pageInfo, fieldNodes)].map(([k, n]): PageInfoEntry => {
            const f = n[0]!.name.value;
            if (f === counted) return { kind: "hasMore", key: k };
            if (f === "hasNextPage" || f === "hasPreviousPage") return constant(k, known);
            if (f === "startCursor" || f === "endCursor") return { kind: f, key: k };
            return constant(k, pageInfo.name);
          });
          return { kind: "pageInfo", key, entries: infoEntries };
        }
        case "totalCount":
          return { kind: "totalCount", key };
        default:
          return constant(key, type.name);
      }
    });
    return { query, entries };
  }
}
