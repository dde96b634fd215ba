// Models changed through the API while the server runs (defineModels, dropDataset): the new
// set is checked as model files are, planned against the stored data, applied on the server's
// connection and the writer's, recorded as revisions, and then served: the GraphQL schema is
// swapped, so requests already running finish on the schema they started with.

import type { GraphQLSchema } from "graphql";
import { MirrorError } from "../errors";
import { buildSchema } from "../graphql/buildSchema";
import { schemaChanges, type SchemaChanges } from "../graphql/schemaChanges";
import { schemaVersion } from "../graphql/schemaVersion";
import type { Mirror } from "../mirror";
import { checkModels } from "../models/checkModels";
import type { Model } from "../models/Model";
import { modelDocument } from "../models/modelDocument";
import { formatProblem, type ModelProblem } from "../models/ModelProblem";
import { readDefinitions, replaceModels } from "../models/readDefinitions";
import type { DatasetPlan } from "../storage/DatasetPlan";
import { oneAtATime, type Writer } from "../writer/Writer";

export interface ModelChangePlan {
  dryRun: boolean;
  /** Whether the change is in place and served. */
  applied: boolean;
  /** The schema version served once the call returns. */
  schemaVersion: string;
  /** The datasets named by the definitions, in the order of the resulting set. */
  datasets: DatasetPlan[];
  schema: SchemaChanges;
  /** Every reason the change is refused: the models' own (INVALID_MODEL) and the stored data's (INCOMPATIBLE_MODEL_CHANGE). */
  problems: ModelProblem[];
  code?: "INVALID_MODEL" | "INCOMPATIBLE_MODEL_CHANGE";
}

const NO_CHANGES: SchemaChanges = { typesAdded: [], typesRemoved: [], fieldsAdded: [], fieldsRemoved: [], breaking: [], dangerous: [] };

export class ModelRegistry {
  /** One model change at a time: each is planned against the set the previous one left. */
  private readonly inTurn = oneAtATime();

  constructor(
    private readonly mirror: Mirror,
    private readonly writer: Writer,
    /** Serves a schema built from `models` (the server's gateway.update). */
    private readonly serve: (schema: GraphQLSchema, models: readonly Model[]) => void,
  ) {}

  /**
   * Plans the set with `definitions` added or replacing models of their datasets and, unless
   * `dryRun`, applies it all or nothing. A refused real run throws the plan's code with its problems.
   */
  define(definitions: readonly unknown[], options: { dryRun: boolean; principal: string }): Promise<ModelChangePlan> {
    return this.inTurn(async () => {
      const plan = await this.plan(definitions, options.dryRun);
      if (options.dryRun) return plan.report;
      if (plan.report.problems.length > 0) {
        const { problems, code } = plan.report;
        throw new MirrorError(code!, `The models were not changed: ${problems.length} problem${problems.length === 1 ? "" : "s"}: ${problems.map(formatProblem).join(" ")}`, {
          problems,
        });
      }
      const { models, schema, report } = plan;
      await this.mirror.syncModels(models!);
      await this.writer.syncModels(models!);
      this.serve(schema!, models!);
      const at = new Date().toISOString();
      for (const d of report.datasets.filter((d) => d.change !== "unchanged")) {
        const model = models!.find((m) => m.dataset === d.dataset)!;
        await this.mirror.storage.appendModelRevision({ dataset: d.dataset, definition: modelDocument(model), action: "define", at, principal: options.principal });
      }
      return { ...report, applied: true, schemaVersion: schemaVersion(models!) };
    });
  }

  /** Drops a dataset no other model refers to: its tables, its model, then serves the rest. */
  drop(dataset: string, principal: string): Promise<{ dataset: string; schemaVersion: string }> {
    return this.inTurn(async () => {
      const model = this.mirror.model(dataset);
      const dependents = this.mirror.models.filter((m) => m !== model && m.relationships.some((r) => r.target === model.name));
      if (dependents.length > 0) {
        const names = dependents.map((m) => `"${m.dataset}"`).join(", ");
        throw new MirrorError(
          "INVALID_MODEL",
          `Dataset "${dataset}" cannot be dropped: ${names} ${dependents.length === 1 ? "has a relationship" : "have relationships"} into it. Fix: define ${names} without ${dependents.length === 1 ? "it" : "them"} (or drop ${dependents.length === 1 ? "it" : "them"}) first.`,
          { dataset, dependents: dependents.map((m) => m.dataset) },
        );
      }
      const remaining = this.mirror.models.filter((m) => m !== model);
      const schema = buildSchema(remaining);
      await this.mirror.dropDataset(dataset);
      await this.writer.syncModels(remaining);
      this.serve(schema, remaining);
      await this.mirror.storage.appendModelRevision({ dataset, action: "drop", at: new Date().toISOString(), principal });
      return { dataset, schemaVersion: schemaVersion(remaining) };
    });
  }

  private async plan(definitions: readonly unknown[], dryRun: boolean): Promise<{ report: ModelChangePlan; models?: Model[]; schema?: GraphQLSchema }> {
    const current = this.mirror.models;
    const version = schemaVersion(current);
    const refused = (problems: ModelProblem[], code: ModelChangePlan["code"], datasets: DatasetPlan[] = [], schema = NO_CHANGES) => ({
      report: { dryRun, applied: false, schemaVersion: version, datasets, schema, problems, code },
    });
    if (definitions.length === 0) {
      return refused([{ file: "models", path: "", message: "is empty.", fix: "send at least one model (native or Adobe form)." }], "INVALID_MODEL");
    }
    const read = readDefinitions(definitions);
    if (read.problems.length > 0) return refused(read.problems, "INVALID_MODEL");
    const { models, problems } = checkModels(replaceModels(current, read.documents));
    if (problems.length > 0) return refused(problems, "INVALID_MODEL");
    const named = new Set(read.documents.map((d) => (d.json as { dataset: string }).dataset));
    const plans = (await this.mirror.planModels(models)).filter((p) => named.has(p.dataset));
    const schema = buildSchema(models);
    const changes = schemaChanges(buildSchema(current), schema);
    const incompatible = plans.flatMap((p) => p.problems);
    if (incompatible.length > 0) return refused(incompatible, "INCOMPATIBLE_MODEL_CHANGE", plans, changes);
    return { report: { dryRun, applied: false, schemaVersion: version, datasets: plans, schema: changes, problems: [] }, models, schema };
  }
}
