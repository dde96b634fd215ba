// The model registry through the API: models defined (native or Adobe form) and datasets
// dropped while the server runs, the stored models with their revisions, and the version of
// the served schema. Defining and dropping need admin over every dataset; a model is shown to
// whoever may read its dataset (auth/authorizeOperation.ts).

import { afterPosition, listPage, PageInfo } from "./listPage";
import { Arg, Ctx, Field, ID, Int, Mutation, ObjectType, Query, Resolver } from "type-graphql";
import { MirrorError } from "../../errors";
import { modelDocument } from "../../models/modelDocument";
import { visibleModels } from "../../models/visibleModels";
import type { ModelRegistry } from "../../server/modelRegistry";
import type { ModelRevision as Revision } from "../../storage/ModelRevision";
import { schemaVersion } from "../schemaVersion";
import { DateTime, JSONObject } from "../scalars";
import type { IngestContext } from "./IngestResolver";
import { checkListSize } from "./listSize";
import { ModelChangePlan } from "./ModelChangePlan";

export interface RegistryContext extends IngestContext {
  /** Absent where models cannot change while serving (an engine without a server). */
  registry?: ModelRegistry;
}

@ObjectType({ description: "A served model, as a native model document, with where it came from." })
export class StoredModel {
  @Field(() => String) dataset!: string;
  @Field(() => String) name!: string;
  @Field(() => JSONObject, { description: "The model in the native form of model files (docs/model-format.md)." }) definition!: Record<string, unknown>;
  @Field(() => String, { description: '"api" when defined through defineModels, "file" when read from a model file.' }) source!: string;
  @Field(() => Int, { nullable: true, description: "The revision (seq of modelRevisions) that defined it; null for a model file's." }) revision!: number | null;
  @Field(() => DateTime, { nullable: true }) definedAt!: string | null;
  @Field(() => String, { nullable: true, description: "Who defined it, as the audit log names principals." }) definedBy!: string | null;
}

@ObjectType({ description: "A model defined or a dataset dropped through the API." })
export class ModelRevision {
  @Field(() => ID) seq!: string;
  @Field(() => String) dataset!: string;
  @Field(() => String, { description: "define or drop." }) action!: string;
  @Field(() => JSONObject, { nullable: true, description: "The model defined (native form); null for a drop." }) definition!: Record<string, unknown> | null;
  @Field(() => DateTime) at!: string;
  @Field(() => String) principal!: string;
}

@ObjectType()
export class ModelRevisionPage {
  @Field(() => [ModelRevision], { description: "Newest first." }) nodes!: ModelRevision[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Boolean, { deprecationReason: "Use pageInfo.hasNextPage." }) hasNextPage!: boolean;
  @Field(() => String, { nullable: true, deprecationReason: "Use pageInfo.endCursor." }) endCursor?: string;
}

@ObjectType()
export class DroppedDataset {
  @Field(() => String) dataset!: string;
  @Field(() => String, { description: "The schema version served from now on." }) schemaVersion!: string;
}

const asRevision = (r: Revision): ModelRevision => ({
  seq: String(r.seq),
  dataset: r.dataset,
  action: r.action,
  definition: r.definition ?? null,
  at: r.at,
  principal: r.principal,
});

function registryOf(ctx: RegistryContext): ModelRegistry {
  if (!ctx.registry) throw new MirrorError("BAD_USER_INPUT", "Models can be changed only through a running server (mirrorql serve, startServer).");
  return ctx.registry;
}

@Resolver()
export class ModelResolver {
  @Query(() => String, {
    description: "The version of the served schema: a digest of the model set, the same on every replica serving it; it changes when models are defined or datasets dropped.",
  })
  schemaVersion(@Ctx() ctx: RegistryContext): string {
    return schemaVersion(ctx.mirror.models);
  }

  @Query(() => [StoredModel], { description: "Every served model the caller may read, as a native model document, with the revision that defined it through the API, if any." })
  async models(@Ctx() ctx: RegistryContext): Promise<StoredModel[]> {
    const { principal } = ctx.access;
    const { models } = ctx.mirror;
    const readable = principal.may("read") ? [...models] : visibleModels(models, new Set(principal.readable(models.map((m) => m.dataset))));
    const latest = await ctx.mirror.storage.modelRevisions({ latest: true, limit: 100_000 });
    return readable.map((m) => {
      // The caller's view may leave relationships out; whether the API defined it is asked of the served model.
      const definition = modelDocument(m);
      const served = JSON.stringify(modelDocument(models.find((y) => y.dataset === m.dataset)!));
      const r = latest.find((x) => x.dataset === m.dataset && x.action === "define" && JSON.stringify(x.definition) === served);
      return { dataset: m.dataset, name: m.name, definition, source: r ? "api" : "file", revision: r?.seq ?? null, definedAt: r?.at ?? null, definedBy: r?.principal ?? null };
    });
  }

  @Query(() => ModelRevisionPage, { description: "Models defined and datasets dropped through the API, newest first, optionally of one dataset (admin)." })
  async modelRevisions(
    @Arg("dataset", () => String, { nullable: true }) dataset: string | undefined,
    @Arg("first", () => Int, { defaultValue: 50 }) first: number,
    @Arg("after", () => String, { nullable: true, description: "The endCursor of the previous page." }) after: string | undefined,
    @Ctx() ctx: RegistryContext,
  ): Promise<ModelRevisionPage> {
    checkListSize("first", first);
    const before = afterPosition(ctx.mirror.cursorKey, "model_revisions", after);
    const rows = await ctx.mirror.storage.modelRevisions({ limit: first + 1, ...(before !== undefined ? { before } : {}), ...(dataset !== undefined ? { dataset } : {}) });
    return listPage(ctx.mirror.cursorKey, "model_revisions", rows, first, (r) => r.seq, asRevision, after);
  }

  @Mutation(() => ModelChangePlan, {
    description:
      "Adds models, or replaces the models of their datasets, while the server runs (admin). Each is a native model document, or Adobe's form (schema documents and their xdm descriptors in the same list). " +
      "The whole set is checked as model files are, then against the stored data: additive changes apply; a change that would lose or reinterpret data is refused while the dataset holds data. " +
      "dryRun: says what would change and applies nothing. Otherwise all or nothing (refused: INVALID_MODEL or INCOMPATIBLE_MODEL_CHANGE with the problems), then the schema is swapped: requests in flight finish on the schema they started with.",
  })
  async defineModels(
    @Arg("models", () => [JSONObject]) models: Record<string, unknown>[],
    @Arg("dryRun", () => Boolean, { defaultValue: false }) dryRun: boolean,
    @Ctx() ctx: RegistryContext,
  ): Promise<ModelChangePlan> {
    const plan = await registryOf(ctx).define(models, { dryRun, principal: ctx.access.principal.auditName });
    if (plan.applied) {
      const changed = plan.datasets.filter((d) => d.change !== "unchanged");
      await ctx.access.audit("models.define", {
        datasets: changed.map((d) => d.dataset),
        changes: Object.fromEntries(changed.map((d) => [d.dataset, d.change])),
        schemaVersion: plan.schemaVersion,
      });
    }
    return plan as unknown as ModelChangePlan;
  }

  @Mutation(() => DroppedDataset, {
    description:
      "Drops a dataset, its rows, history and quarantine, and stops serving it (admin). `confirm` must repeat its name; refused while another model has a relationship into it. A dataset a model file declares comes back at the next start.",
  })
  async dropDataset(@Arg("name", () => String) name: string, @Arg("confirm", () => String) confirm: string, @Ctx() ctx: RegistryContext): Promise<DroppedDataset> {
    if (confirm !== name) {
      throw new MirrorError(
        "BAD_USER_INPUT",
        `Argument "confirm" must repeat the dataset's name, "${name}", to drop it and everything it holds; received ${JSON.stringify(confirm)}.`,
        { argument: "confirm", received: confirm },
      );
    }
    const dropped = await registryOf(ctx).drop(name, ctx.access.principal.auditName);
    await ctx.access.audit("dataset.drop", { dataset: name, schemaVersion: dropped.schemaVersion });
    return dropped;
  }
}
