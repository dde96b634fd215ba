// What defineModels answers: per dataset what its tables would get, how the GraphQL schema
// would change, and every reason the change is refused (server/modelRegistry.ts).

import { Field, ObjectType, registerEnumType } from "type-graphql";

export enum DatasetChangeValue {
  CREATE = "create",
  ALTER = "alter",
  REBUILD = "rebuild",
  UNCHANGED = "unchanged",
  REFUSED = "refused",
}
registerEnumType(DatasetChangeValue, {
  name: "DatasetChange",
  valuesConfig: {
    CREATE: { description: "A new dataset: its tables are made." },
    ALTER: { description: "Columns added, indexes added or dropped, or descriptions changed, in place; stored data kept." },
    REBUILD: { description: "A change stored data could not take, applied because the dataset holds no data: its tables are made again (the quarantine is kept)." },
    UNCHANGED: { description: "The model as recorded." },
    REFUSED: { description: "The change would lose or reinterpret stored data: see problems." },
  },
});

@ObjectType("ModelProblem", { description: "One reason a model or a change of it is refused." })
export class ModelProblemInfo {
  @Field(() => String, { description: 'The definition: "models[i]" for the i-th of the list sent, or the file of a model already served.' }) file!: string;
  @Field(() => String, { description: "JSON path (native form) or JSON Pointer (Adobe form) in it." }) path!: string;
  @Field(() => String) message!: string;
  @Field(() => String) fix!: string;
}

@ObjectType({ description: "What one dataset's tables get." })
export class DatasetChangePlan {
  @Field(() => String) dataset!: string;
  @Field(() => DatasetChangeValue) change!: DatasetChangeValue;
  @Field(() => [String], { description: "Fields (columns) added: every field of a new dataset." }) addedFields!: string[];
  @Field(() => [[String]], { description: "Declared indexes added, each a list of fields." }) addedIndexes!: string[][];
  @Field(() => [[String]], { description: "Declared indexes dropped." }) removedIndexes!: string[][];
  @Field(() => [ModelProblemInfo]) problems!: ModelProblemInfo[];
}

@ObjectType({ description: "A change graphql-js's findBreakingChanges or findDangerousChanges reports." })
export class SchemaChange {
  @Field(() => String, { description: "graphql-js's kind, e.g. FIELD_REMOVED, FIELD_CHANGED_KIND, ARG_DEFAULT_VALUE_CHANGE." }) type!: string;
  @Field(() => String) description!: string;
}

@ObjectType({ description: "How the served GraphQL schema changes." })
export class SchemaChangeSet {
  @Field(() => [String]) typesAdded!: string[];
  @Field(() => [String]) typesRemoved!: string[];
  @Field(() => [String], { description: '"Type.field" of types in both schemas (objects, inputs).' }) fieldsAdded!: string[];
  @Field(() => [String]) fieldsRemoved!: string[];
  @Field(() => [SchemaChange], { description: "Changes that can break clients." }) breaking!: SchemaChange[];
  @Field(() => [SchemaChange], { description: "Changes that can change what clients see." }) dangerous!: SchemaChange[];
}

@ObjectType({ description: "What defineModels did, or would do (dryRun)." })
export class ModelChangePlan {
  @Field(() => Boolean) dryRun!: boolean;
  @Field(() => Boolean, { description: "Whether the models are in place and served: the tables changed and the schema swapped." }) applied!: boolean;
  @Field(() => String, { description: "The schema version served after this call (the same as before unless applied)." }) schemaVersion!: string;
  @Field(() => [DatasetChangePlan], { description: "The datasets the definitions name." }) datasets!: DatasetChangePlan[];
  @Field(() => SchemaChangeSet) schema!: SchemaChangeSet;
  @Field(() => [ModelProblemInfo], { description: "Every reason the change is refused; empty when it can be applied." }) problems!: ModelProblemInfo[];
  @Field(() => String, { nullable: true, description: "INVALID_MODEL or INCOMPATIBLE_MODEL_CHANGE when refused." }) code?: string;
}
