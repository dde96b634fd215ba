// The served schema: the fixed part (type-graphql classes) merged with the part
// generated from the models (graphql-js).

import "reflect-metadata";
import { mergeSchemas } from "@graphql-tools/schema";
import { printSchema, type GraphQLOutputType, type GraphQLSchema } from "graphql";
import { buildSchemaSync } from "type-graphql";
import type { Model } from "../models/Model";
import { AccessResolver } from "./fixed/AccessResolver";
import { DatasetResolver } from "./fixed/DatasetResolver";
import { IngestResolver } from "./fixed/IngestResolver";
import { ModelResolver } from "./fixed/ModelResolver";
import { PurgeResolver } from "./fixed/PurgeResolver";
import { QuarantineResolver } from "./fixed/QuarantineResolver";
import { buildModelSchema } from "./modelSchema";

/** The API of `models`, with the typed mutations of `writable` (all of them unless told otherwise). */
export function buildSchema(models: readonly Model[], writable: readonly Model[] = models): GraphQLSchema {
  const fixed = buildSchemaSync({ resolvers: [DatasetResolver, IngestResolver, QuarantineResolver, PurgeResolver, AccessResolver, ModelResolver] });
  const types = { receipt: fixed.getType("ChangeReceipt") as GraphQLOutputType, pageInfo: fixed.getType("PageInfo") as GraphQLOutputType };
  return mergeSchemas({ schemas: [fixed, buildModelSchema(models, types, writable)] });
}

/** The SDL clients and tools see for these models (what `npm run codegen` commits as schema.graphql). */
export function printSchemaSdl(models: readonly Model[]): string {
  return `${printSchema(buildSchema(models))}\n`;
}
