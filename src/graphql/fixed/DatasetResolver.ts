// Root fields on the datasets themselves: their descriptors and relationship integrity (R11).

import { Arg, Ctx, Int, Query, Resolver } from "type-graphql";
import { checkListSize } from "./listSize";
import type { Model } from "../../models/Model";
import type { Mirror } from "../../mirror";
import type { RequestAccess } from "../../auth/RequestAccess";
import { DatasetInfo, RelationshipIntegrity } from "./DatasetInfo";
import { stateIndexes } from "../../storage/datasetLayout";
import { visibleModels } from "../../models/visibleModels";

export interface FixedContext {
  mirror: Mirror;
  access: RequestAccess;
}

const jsonSafe = (v: unknown) => (typeof v === "bigint" ? v.toString() : v);

function describe(model: Model): DatasetInfo {
  const { file: _file, tombstoneRetentionMs: _ms, ...info } = model;
  return { ...info, indexes: stateIndexes(model).map(({ fields, name }) => ({ fields, name })) } as DatasetInfo;
}

/** The models as the caller may see them: those it may read, without relationships into the others. */
function readableModels(ctx: FixedContext): Model[] {
  const { principal } = ctx.access;
  const { models } = ctx.mirror;
  return principal.may("read") ? [...models] : visibleModels(models, new Set(principal.readable(models.map((m) => m.dataset))));
}

@Resolver()
export class DatasetResolver {
  @Query(() => [DatasetInfo], { description: "Every loaded model the caller may read, with its fields, key, version, timestamp, behavior, relationships and indexes." })
  datasets(@Ctx() ctx: FixedContext): DatasetInfo[] {
    return readableModels(ctx).map(describe);
  }

  @Query(() => DatasetInfo, { nullable: true, description: "One loaded model by dataset name, or null (also when the caller may not read it)." })
  dataset(@Arg("name", () => String) name: string, @Ctx() ctx: FixedContext): DatasetInfo | null {
    const model = readableModels(ctx).find((m) => m.dataset === name);
    return model ? describe(model) : null;
  }

  @Query(() => [RelationshipIntegrity], {
    description: "Dangling references of every relationship the caller may read both ends of, counted and listed (up to `limit` examples each).",
  })
  async integrity(@Arg("limit", () => Int, { defaultValue: 20 }) limit: number, @Ctx() ctx: FixedContext): Promise<RelationshipIntegrity[]> {
    checkListSize("limit", limit);
    // A relationship is reported to those who may read both its ends (the examples are their keys).
    const readable = (d: string) => ctx.mirror.models.some((m) => (m.dataset === d || m.name === d) && ctx.access.principal.may("read", m.dataset));
    return (await ctx.mirror.integrity(limit))
      .filter((r) => readable(r.dataset) && readable(r.target))
      .map((r) => ({
        ...r,
        examples: r.examples.map((e) => ({ key: Object.fromEntries(Object.entries(e.key).map(([k, v]) => [k, jsonSafe(v)])), value: String(e.value) })),
      }));
  }
}
