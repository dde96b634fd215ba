// The per-model part of the API, generated with graphql-js from the loaded models:
// an object type per model with its relationship edges, filters, orderings,
// connections, and the root fields to read them.

import type { RequestAccess } from "../auth/RequestAccess";
import {
  GraphQLBoolean,
  GraphQLEnumType,
  GraphQLID,
  GraphQLInputObjectType,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  type GraphQLFieldConfig,
  type GraphQLFieldConfigMap,
  type GraphQLInputFieldConfigMap,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLScalarType,
} from "graphql";
import type { StorageValue } from "../changes/coerceValue";
import { apiNames } from "../models/apiNames";
import { fieldOf, isToMany, type FieldType, type Model } from "../models/Model";
import type { Mirror } from "../mirror";
import { encodeCursor } from "../query/cursor";
import { submitBatch, type IngestLimits } from "./submitBatch";
import type { Writer } from "../writer/Writer";
import { UPDATED_AT } from "../storage/datasetLayout";
import { connectionQuery, keyOf, stored, type ConnectionArgs } from "./connectionArgs";
import { nodeColumns, rowColumns } from "./selection";
import type { ConnectionResult, RequestContext, RowObject } from "./RequestContext";
import { DateTime, SCALAR_OF } from "./scalars";

const nonNull = <T extends GraphQLOutputType | GraphQLInputType>(t: T) => new GraphQLNonNull(t);

export interface Context {
  api: RequestContext;
  /** The caller, its scopes and rate. */
  access: RequestAccess;
  mirror: Mirror;
  writer: Writer;
  ingestLimits: IngestLimits;
}

const ChangeRequestType = new GraphQLEnumType({
  name: "ChangeRequestType",
  description: "The operation of a typed change row (the native _change_request_type).",
  values: { UPSERT: { value: "u", description: "Insert or replace the whole row." }, DELETE: { value: "d", description: "Delete the key; only key and version fields are read." } },
});

/** Typed ingestion: one mutation per dataset whose input type lists the model's fields, so the schema checks rows. */
function typedMutation(model: Model, receipt: GraphQLOutputType): [string, GraphQLFieldConfig<unknown, Context>] {
  const names = apiNames(model);
  const input = new GraphQLInputObjectType({
    name: names.types.changeInput,
    description: `A change of ${model.dataset}: every field optional here so that incomplete rows reach the quarantine rather than failing the request.`,
    fields: {
      ...Object.fromEntries(model.fields.map((f) => [f.name, { type: SCALAR_OF[f.type], ...(f.description ? { description: f.description } : {}) }])),
      _change_request_type: { type: ChangeRequestType, description: "UPSERT when absent." },
    },
  });
  return [
    names.mutation.typed,
    {
      type: nonNull(receipt),
      description: `Applies typed changes to ${model.dataset} as one batch and returns its receipt.`,
      args: {
        changes: { type: nonNull(new GraphQLList(nonNull(input))) },
        batchId: { type: GraphQLID, description: "Idempotency key; generated when absent." },
        atomic: { type: GraphQLBoolean, defaultValue: false },
      },
      resolve: (_root, args: { changes: Record<string, unknown>[]; batchId?: string | null; atomic: boolean }, ctx) =>
        submitBatch(ctx.mirror, ctx.writer, ctx.ingestLimits, [{ dataset: model.dataset, rows: args.changes }], {
          ...(args.batchId ? { batchId: args.batchId } : {}),
          atomic: args.atomic,
        }),
    },
  ];
}

const OrderDirection = new GraphQLEnumType({
  name: "OrderDirection",
  description: "ASC puts nulls first, DESC puts them last.",
  values: { ASC: { value: "ASC" }, DESC: { value: "DESC" } },
});

const ORDERED_OPS = ["_eq", "_neq", "_gt", "_gte", "_lt", "_lte"];
/** The filter operators of each field type. */
export const OPERATORS: Record<FieldType, string[]> = {
  string: [...ORDERED_OPS, "_in", "_nin", "_isNull", "_like", "_ilike", "_startsWith"],
  integer: [...ORDERED_OPS, "_in", "_nin", "_isNull"],
  number: [...ORDERED_OPS, "_in", "_nin", "_isNull"],
  date: [...ORDERED_OPS, "_in", "_nin", "_isNull"],
  datetime: [...ORDERED_OPS, "_in", "_nin", "_isNull"],
  boolean: ["_eq", "_neq", "_isNull"],
};
const OPERATOR_HELP: Record<string, string> = {
  _like: "SQL LIKE, case-sensitive: % any run of characters, _ one character.",
  _ilike: "Like _like, ignoring ASCII case.",
  _startsWith: "Case-sensitive prefix.",
  _neq: "Not equal; rows where the field is null match too.",
  _nin: "Not in the list; rows where the field is null match too.",
};

function filterType(type: FieldType): GraphQLInputObjectType {
  const scalar = SCALAR_OF[type];
  return new GraphQLInputObjectType({
    name: `${scalar.name}Filter`,
    description: `Conditions on a ${scalar.name} field; several conditions all apply.`,
    fields: Object.fromEntries(
      OPERATORS[type].map((op) => [
        op,
        {
          type:
            op === "_isNull"
              ? GraphQLBoolean
              : op === "_in" || op === "_nin"
                ? new GraphQLList(nonNull(scalar))
                : op.endsWith("like") || op === "_startsWith"
                  ? GraphQLString
                  : scalar,
          ...(OPERATOR_HELP[op] ? { description: OPERATOR_HELP[op] } : {}),
        },
      ]),
    ),
  });
}
const FILTERS = Object.fromEntries((Object.keys(OPERATORS) as FieldType[]).map((t) => [t, filterType(t)])) as Record<FieldType, GraphQLInputObjectType>;

interface ModelTypes {
  object: GraphQLObjectType;
  where: GraphQLInputObjectType;
  orderBy: GraphQLInputObjectType;
  connection: GraphQLObjectType;
}

function connectionArgs(types: ModelTypes) {
  return {
    where: { type: types.where },
    orderBy: { type: new GraphQLList(nonNull(types.orderBy)), description: "Sort keys in order; the primary key is always appended." },
    first: { type: GraphQLInt, description: "Rows from the start (default page size when neither first nor last is given)." },
    after: { type: GraphQLString },
    last: { type: GraphQLInt, description: "Rows from the end." },
    before: { type: GraphQLString },
    offset: { type: GraphQLInt, description: "Rows to skip before the page (counted from the end with last)." },
  };
}

// Order values as columns store them (booleans 1/0), so that a cursor of a boolean ordering decodes.
const cursorOf = (ctx: Context, result: ConnectionResult, row: RowObject) =>
  encodeCursor(
    ctx.api.settings.cursorKey,
    result.query.model.dataset,
    result.query.orderBy,
    result.query.orderBy.map((t) => stored(row[t.field])),
  );

/** Types of the fixed part the generated part uses: the typed mutations' receipt, and the PageInfo every list shares. */
export interface FixedTypes {
  receipt: GraphQLOutputType;
  pageInfo: GraphQLOutputType;
}

/**
 * The generated part, over the fixed part's `fixed` types, with the typed mutations of the
 * models of `writable` (all of them unless told otherwise).
 */
export function buildModelSchema(models: readonly Model[], fixed: FixedTypes, writable: readonly Model[] = models): GraphQLSchema {
  const { receipt, pageInfo: PageInfo } = fixed;
  const types = new Map<string, ModelTypes>();
  const byName = new Map(models.map((m) => [m.name, m]));

  for (const model of models) {
    const versionType: GraphQLOutputType =
      model.version.length === 1 ? nonNull(SCALAR_OF[fieldOf(model, model.version[0]!).type]) : nonNull(new GraphQLList(nonNull(GraphQLString)));

    const object: GraphQLObjectType = new GraphQLObjectType<RowObject, Context>({
      name: model.name,
      ...(model.description ? { description: model.description } : {}),
      fields: () => {
        const fields: GraphQLFieldConfigMap<RowObject, Context> = {};
        for (const f of model.fields) {
          fields[f.name] = { type: f.required ? nonNull(SCALAR_OF[f.type]) : SCALAR_OF[f.type], ...(f.description ? { description: f.description } : {}) };
        }
        const versionScalars = model.version.map((v) => [v, SCALAR_OF[fieldOf(model, v).type] as GraphQLScalarType] as const);
        fields._version = {
          type: versionType,
          description: `The version of the current row (${model.version.join(", ")}).`,
          resolve: (row) => (model.version.length === 1 ? row[model.version[0]!] : versionScalars.map(([v, type]) => String(type.serialize(row[v])))),
        };
        fields._updatedAt = { type: nonNull(DateTime), description: "When the current row was applied.", resolve: (row) => row[UPDATED_AT] };
        for (const r of model.relationships) {
          const target = types.get(r.target)!;
          fields[r.name] = {
            type: target.object,
            description: `The ${r.target} whose ${r.targetField} is this row's ${r.field} (${r.cardinality}); null when it is not mirrored.`,
            resolve: (row, _args, ctx, info) =>
              row[r.field] === null ? null : ctx.api.referenced(r, row[r.field] as StorageValue, rowColumns(byName.get(r.target)!, models, info)),
          };
        }
        // Inverse edges: other models' relationships that point at this one.
        for (const source of models) {
          for (const r of source.relationships.filter((rel) => rel.target === model.name)) {
            const sourceTypes = types.get(source.name)!;
            if (isToMany(r.cardinality)) {
              fields[r.inverseName] = {
                type: nonNull(sourceTypes.connection),
                description: `The ${source.dataset} whose ${r.field} is this row's ${r.targetField}.`,
                args: connectionArgs(sourceTypes),
                resolve: (row, args: ConnectionArgs, ctx, info) =>
                  ctx.api.children(source, r, args, row[r.targetField] as StorageValue, (order) => nodeColumns(source, models, info, order)),
              };
            } else {
              fields[r.inverseName] = {
                type: sourceTypes.object,
                description: `The ${source.name} whose ${r.field} is this row's ${r.targetField} (${r.cardinality}).`,
                resolve: (row, _args, ctx, info) => ctx.api.referring(source, r, row[r.targetField] as StorageValue, rowColumns(source, models, info)),
              };
            }
          }
        }
        return fields;
      },
    });

    const where: GraphQLInputObjectType = new GraphQLInputObjectType({
      name: apiNames(model).types.where,
      description: `Conditions on ${model.dataset}; all conditions of one object apply together.`,
      fields: () => {
        const fields: GraphQLInputFieldConfigMap = {
          _and: { type: new GraphQLList(nonNull(where)) },
          _or: { type: new GraphQLList(nonNull(where)) },
          _not: { type: where },
        };
        for (const f of model.fields) fields[f.name] = { type: FILTERS[f.type] };
        for (const r of model.relationships) {
          fields[r.name] = { type: types.get(r.target)!.where, description: `Rows whose ${r.target} matches.` };
        }
        return fields;
      },
    });

    const orderBy = new GraphQLInputObjectType({
      name: apiNames(model).types.orderBy,
      description: "One sort key: set exactly one field.",
      fields: Object.fromEntries(model.fields.map((f) => [f.name, { type: OrderDirection }])),
    });

    const edge = new GraphQLObjectType<{ cursor: string; node: RowObject }>({
      name: apiNames(model).types.edge,
      fields: { cursor: { type: nonNull(GraphQLString) }, node: { type: nonNull(object) } },
    });

    const connection = new GraphQLObjectType<ConnectionResult, Context>({
      name: apiNames(model).types.connection,
      fields: {
        nodes: { type: nonNull(new GraphQLList(nonNull(object))), resolve: (c) => c.rows },
        edges: { type: nonNull(new GraphQLList(nonNull(edge))), resolve: (c, _a, ctx) => c.rows.map((row) => ({ cursor: cursorOf(ctx, c, row), node: row })) },
        pageInfo: {
          type: nonNull(PageInfo),
          resolve: (c, _a, ctx) => {
            const { fromEnd, after, before, offset } = c.query.page;
            const first = c.rows[0];
            const last = c.rows[c.rows.length - 1];
            return {
              hasNextPage: fromEnd ? before !== undefined : c.hasMore,
              hasPreviousPage: fromEnd ? c.hasMore : after !== undefined || offset > 0,
              startCursor: first ? cursorOf(ctx, c, first) : null,
              endCursor: last ? cursorOf(ctx, c, last) : null,
            };
          },
        },
        totalCount: { type: nonNull(GraphQLInt), description: "Rows matching `where`, on all pages; counted only when asked for.", resolve: (c, _a, ctx) => ctx.api.totalCount(c) },
      },
    });

    types.set(model.name, { object, where, orderBy, connection });
  }

  const queryFields: GraphQLFieldConfigMap<unknown, Context> = {};
  for (const model of models) {
    const t = types.get(model.name)!;
    const byKey: GraphQLFieldConfig<unknown, Context> = {
      type: t.object,
      description: `One ${model.name} by its primary key, or null.`,
      args: Object.fromEntries(model.primaryKey.map((k) => [k, { type: nonNull(SCALAR_OF[fieldOf(model, k).type]) }])),
      resolve: (_root, args: Record<string, unknown>, ctx, info) => ctx.api.byKey(model, keyOf(model, args), rowColumns(model, models, info)),
    };
    queryFields[apiNames(model).query.byKey] = byKey;
    queryFields[apiNames(model).query.list] = {
      type: nonNull(t.connection),
      description: `Rows of ${model.dataset}, filtered, ordered and paged.`,
      args: connectionArgs(t),
      resolve: (_root, args: ConnectionArgs, ctx, info) => {
        const query = connectionQuery(model, args, byName, ctx.api.settings.limits, ctx.api.settings.cursorKey);
        query.columns = nodeColumns(
          model,
          models,
          info,
          query.orderBy.map((t) => t.field),
        );
        return ctx.api.connection(query);
      },
    };
  }
  return new GraphQLSchema({
    query: new GraphQLObjectType({ name: "Query", fields: queryFields }),
    mutation: new GraphQLObjectType({ name: "Mutation", fields: Object.fromEntries(writable.map((m) => typedMutation(m, receipt))) }),
  });
}
