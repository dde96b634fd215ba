// Generic ingestion for pipelines: change rows as JSON objects, in the mirror's own
// form or in a warehouse's, for one dataset or several in one atomic batch; and the
// ledger of receipts.

import { afterPosition, listPage } from "./listPage";
import { JSONObject } from "../scalars";
import { Arg, Ctx, Field, ID, InputType, Int, Mutation, Query, Resolver } from "type-graphql";
import { checkListSize } from "./listSize";
import type { Receipt } from "../../merge/Receipt";
import type { Mirror } from "../../mirror";
import type { RequestAccess } from "../../auth/RequestAccess";
import type { Principal } from "../../auth/Principal";
import { submitBatch, type IngestLimits } from "../submitBatch";
import type { Writer } from "../../writer/Writer";
import { ChangeFormatValue, ChangeReceipt, ChangeReceiptPage } from "./ChangeReceipt";

export interface IngestContext {
  mirror: Mirror;
  access: RequestAccess;
  writer: Writer;
  ingestLimits: IngestLimits;
}

@InputType({ description: "The changes of one dataset within a batch." })
export class DatasetChangesInput {
  @Field(() => String) dataset!: string;
  @Field(() => [JSONObject], { description: "Change rows, each with its control columns." }) changes!: Record<string, unknown>[];
  @Field(() => ChangeFormatValue, { nullable: true, description: "Overrides the batch's format for this dataset." }) format?: ChangeFormatValue;
}

const asReceipt = (r: Receipt) => r as unknown as ChangeReceipt;

/**
 * A receipt as the caller may see it: what it says of the datasets the caller may write (a
 * batch's rows, quarantined values included, are for those who may send them); undefined when
 * that is none, so that a batch of other datasets looks like one that does not exist.
 */
function receiptFor(principal: Principal, receipt: Receipt): Receipt | undefined {
  const datasets = receipt.datasets.filter((d) => principal.may("write", d.dataset));
  if (datasets.length === 0) return undefined;
  return datasets.length === receipt.datasets.length ? receipt : { ...receipt, datasets };
}

@Resolver()
export class IngestResolver {
  @Mutation(() => ChangeReceipt, { description: "Applies change rows to one dataset as one batch (one transaction) and returns its receipt." })
  applyChanges(
    @Arg("dataset", () => String) dataset: string,
    @Arg("changes", () => [JSONObject]) changes: Record<string, unknown>[],
    @Arg("batchId", () => ID, { nullable: true, description: "Idempotency key; generated when absent. A known id returns its first receipt." }) batchId: string | undefined,
    @Arg("atomic", () => Boolean, { defaultValue: false, description: "Reject the whole batch if any row is invalid." }) atomic: boolean,
    @Arg("format", () => ChangeFormatValue, { defaultValue: ChangeFormatValue.NATIVE }) format: ChangeFormatValue,
    @Ctx() ctx: IngestContext,
  ): Promise<ChangeReceipt> {
    return submitBatch(ctx.mirror, ctx.writer, ctx.ingestLimits, [{ dataset, rows: changes, format }], { ...(batchId ? { batchId } : {}), atomic }).then(asReceipt);
  }

  @Mutation(() => ChangeReceipt, { description: "Applies the changes of several datasets (parents with their children) as one batch in one transaction." })
  applyChangeBatch(
    @Arg("items", () => [DatasetChangesInput]) items: DatasetChangesInput[],
    @Arg("batchId", () => ID, { nullable: true }) batchId: string | undefined,
    @Arg("atomic", () => Boolean, { defaultValue: false }) atomic: boolean,
    @Arg("format", () => ChangeFormatValue, { defaultValue: ChangeFormatValue.NATIVE }) format: ChangeFormatValue,
    @Ctx() ctx: IngestContext,
  ): Promise<ChangeReceipt> {
    const batch = items.map((i) => ({ dataset: i.dataset, rows: i.changes, format: i.format ?? format }));
    return submitBatch(ctx.mirror, ctx.writer, ctx.ingestLimits, batch, { ...(batchId ? { batchId } : {}), atomic }).then(asReceipt);
  }

  @Query(() => ChangeReceipt, {
    nullable: true,
    description: "The receipt of an applied batch, with the datasets the caller may write; null when it is unknown or touched none of them.",
  })
  async batch(@Arg("id", () => ID) id: string, @Ctx() ctx: IngestContext): Promise<ChangeReceipt | null> {
    const receipt = await ctx.mirror.batch(id);
    const visible = receipt && receiptFor(ctx.access.principal, receipt);
    return visible ? asReceipt(visible) : null;
  }

  @Query(() => ChangeReceiptPage, {
    description:
      "Receipts of applied batches, newest first, optionally of one dataset (write on it, or on every dataset without one); each with the datasets the caller may write.",
  })
  async batches(
    @Arg("dataset", () => String, { nullable: true }) dataset: string | undefined,
    @Arg("first", () => Int, { defaultValue: 20 }) first: number,
    @Arg("after", () => String, { nullable: true }) after: string | undefined,
    @Ctx() ctx: IngestContext,
  ): Promise<ChangeReceiptPage> {
    checkListSize("first", first);
    // A cursor of one dataset's batches does not page another's (or all of them).
    const list = dataset === undefined ? "batches" : `batches:${dataset}`;
    const before = afterPosition(ctx.mirror.cursorKey, list, after);
    const page = await ctx.mirror.batches({ ...(dataset !== undefined ? { dataset } : {}), ...(before !== undefined ? { before } : {}), limit: first + 1 });
    const visible = (n: (typeof page)[number]) => asReceipt(receiptFor(ctx.access.principal, n.receipt) ?? { ...n.receipt, datasets: [] });
    return listPage(ctx.mirror.cursorKey, list, page, first, (n) => n.seq, visible, after) as ChangeReceiptPage;
  }
}
