// How the served GraphQL schema would change with another model set: types and fields added
// and removed, and graphql-js's list of breaking and dangerous changes, for a dry run of
// defineModels to show clients what they would see.

import { findBreakingChanges, findDangerousChanges, isInputObjectType, isInterfaceType, isObjectType, type GraphQLNamedType, type GraphQLSchema } from "graphql";

export interface SchemaChanges {
  typesAdded: string[];
  typesRemoved: string[];
  /** `Type.field`, of object, interface and input types present in both schemas. */
  fieldsAdded: string[];
  fieldsRemoved: string[];
  /** graphql-js's findBreakingChanges: each a type (BreakingChangeType) and a description. */
  breaking: { type: string; description: string }[];
  dangerous: { type: string; description: string }[];
}

const userTypes = (schema: GraphQLSchema) => Object.values(schema.getTypeMap()).filter((t) => !t.name.startsWith("__"));
const fieldNames = (t: GraphQLNamedType) => (isObjectType(t) || isInterfaceType(t) || isInputObjectType(t) ? Object.keys(t.getFields()) : []);

/** What changes from `before` to `after`. */
export function schemaChanges(before: GraphQLSchema, after: GraphQLSchema): SchemaChanges {
  const old = new Map(userTypes(before).map((t) => [t.name, t]));
  const now = new Map(userTypes(after).map((t) => [t.name, t]));
  const fieldsAdded: string[] = [];
  const fieldsRemoved: string[] = [];
  for (const [name, t] of now) {
    const prev = old.get(name);
    if (!prev) continue;
    const a = new Set(fieldNames(prev));
    const b = new Set(fieldNames(t));
    for (const f of b) if (!a.has(f)) fieldsAdded.push(`${name}.${f}`);
    for (const f of a) if (!b.has(f)) fieldsRemoved.push(`${name}.${f}`);
  }
  return {
    typesAdded: [...now.keys()].filter((n) => !old.has(n)).sort(),
    typesRemoved: [...old.keys()].filter((n) => !now.has(n)).sort(),
    fieldsAdded: fieldsAdded.sort(),
    fieldsRemoved: fieldsRemoved.sort(),
    breaking: findBreakingChanges(before, after).map(({ type, description }) => ({ type, description })),
    dangerous: findDangerousChanges(before, after).map(({ type, description }) => ({ type, description })),
  };
}
