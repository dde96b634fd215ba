// Descriptors of the loaded models, for tools that want them rather than the SDL.

import { JSONObject } from "../scalars";
import { Field, Int, ObjectType } from "type-graphql";

@ObjectType({ description: "A field of a dataset, as the model declares it." })
export class FieldInfo {
  @Field(() => String) name!: string;
  @Field(() => String, { description: "string, integer (64-bit), number, boolean, date or datetime." }) type!: string;
  @Field(() => Boolean) required!: boolean;
  @Field(() => Boolean, { description: "Declared a candidate key that relationships may target." }) unique!: boolean;
  @Field(() => String, { nullable: true }) description?: string;
}

@ObjectType({ description: "A relationship descriptor, with the names of its edges in the API." })
export class RelationshipInfo {
  @Field(() => String) field!: string;
  @Field(() => String, { description: "Target model name." }) target!: string;
  @Field(() => String) targetField!: string;
  @Field(() => String, { description: "M:1, 1:1, M:0 or 1:0; informational, not enforced at ingestion." }) cardinality!: string;
  @Field(() => String, { description: "Field on this type resolving the referenced row." }) name!: string;
  @Field(() => String, { description: "Field on the target resolving the referring rows." }) inverseName!: string;
}

@ObjectType({ description: "An index the model declares: the fields it orders rows by, first field first." })
export class DatasetIndex {
  @Field(() => [String]) fields!: string[];
  @Field(() => String, {
    description:
      "The SQLite index on the dataset's state table that serves it (see EXPLAIN QUERY PLAN); an index on exactly a relationship field is served by that field's automatic index.",
  })
  name!: string;
}

@ObjectType({ description: "A mirrored dataset and the model that describes it." })
export class DatasetInfo {
  @Field(() => String, { description: "GraphQL type name." }) name!: string;
  @Field(() => String, { description: "Table name and list field name." }) dataset!: string;
  @Field(() => String, { description: "record or time-series." }) behavior!: string;
  @Field(() => String, { nullable: true }) description?: string;
  @Field(() => [FieldInfo]) fields!: FieldInfo[];
  @Field(() => [String]) primaryKey!: string[];
  @Field(() => [String], { description: "Version fields, compared as a tuple in this order." }) version!: string[];
  @Field(() => String, { nullable: true, description: "The event time of a time-series dataset." }) timestamp?: string;
  @Field(() => String, { nullable: true, description: "The change format whose native order fills the version field (debezium, delta-cdf, bigquery-cdc), if any." })
  versionSource?: string;
  @Field(() => [RelationshipInfo]) relationships!: RelationshipInfo[];
  @Field(() => [DatasetIndex], { description: "Declared indexes, in the order the model lists them." }) indexes!: DatasetIndex[];
  @Field(() => String, { nullable: true, description: "ISO-8601 duration; null keeps tombstones forever." }) tombstoneRetention?: string;
}

@ObjectType({ description: "A reference whose target row is not mirrored." })
export class DanglingReference {
  @Field(() => JSONObject, { description: "Primary key of the referring row (64-bit integers as strings)." }) key!: Record<string, unknown>;
  @Field(() => String, { description: "The referenced value that has no row." }) value!: string;
}

@ObjectType({ description: "Integrity of one relationship: references that point at no row." })
export class RelationshipIntegrity {
  @Field(() => String) dataset!: string;
  @Field(() => String) relationship!: string;
  @Field(() => String) field!: string;
  @Field(() => String) target!: string;
  @Field(() => String) targetField!: string;
  @Field(() => Int) dangling!: number;
  @Field(() => [DanglingReference]) examples!: DanglingReference[];
}
