// The quarantine: invalid rows kept with their payload until they are replayed or
// discarded on purpose (docs/merge-rules.md, R9: nothing is lost).

import { afterPosition, listPage, PageInfo } from "./listPage";
import { Arg, Ctx, Field, ID, Int, Mutation, ObjectType, Query, Resolver } from "type-graphql";
import { MirrorError } from "../../errors";
import { checkListSize } from "./listSize";
import type { QuarantinedRecord } from "../../storage/QuarantinedRecord";
import { DateTime, JSONValue } from "../scalars";
import { ChangeFormatValue, ChangeReceipt, RowProblem } from "./ChangeReceipt";
import type { IngestContext } from "./IngestResolver";

@ObjectType({ description: "A row kept in a dataset's quarantine." })
export class QuarantinedRow {
  @Field(() => ID) id!: number;
  @Field(() => String, { description: "The batch that sent it (or last replayed it)." }) batchId!: string;
  @Field(() => Int, { description: "Its position in that batch." }) rowIndex!: number;
  @Field(() => String) code!: string;
  @Field(() => String, { nullable: true }) field?: string;
  @Field(() => String) message!: string;
  @Field(() => [RowProblem]) problems!: RowProblem[];
  @Field(() => ChangeFormatValue) format!: ChangeFormatValue;
  @Field(() => JSONValue, { description: "The row exactly as it was sent." }) payload!: unknown;
  @Field(() => DateTime) receivedAt!: string;
}

@ObjectType()
export class QuarantinePage {
  @Field(() => [QuarantinedRow], { description: "Oldest first." }) nodes!: QuarantinedRow[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Boolean, { deprecationReason: "Use pageInfo.hasNextPage." }) hasNextPage!: boolean;
  @Field(() => String, { nullable: true, deprecationReason: "Use pageInfo.endCursor." }) endCursor?: string;
}

const asRow = (r: QuarantinedRecord) => r as unknown as QuarantinedRow;

function ids(values: string[]): number[] {
  return values.map((v) => {
    if (!/^\d{1,15}$/.test(v)) throw new MirrorError("BAD_USER_INPUT", `Quarantine ids are whole numbers, received ${JSON.stringify(v)}.`, { argument: "ids" });
    return Number(v);
  });
}

@Resolver()
export class QuarantineResolver {
  @Query(() => QuarantinePage, { description: "Invalid rows kept for a dataset, oldest first." })
  async quarantine(
    @Arg("dataset", () => String) dataset: string,
    @Arg("first", () => Int, { defaultValue: 100 }) first: number,
    @Arg("after", () => String, { nullable: true, description: "The endCursor of the previous page." }) after: string | undefined,
    @Ctx() ctx: IngestContext,
  ): Promise<QuarantinePage> {
    checkListSize("first", first);
    // A cursor of one dataset's quarantine does not page another's.
    const list = `quarantine:${dataset}`;
    const afterId = afterPosition(ctx.mirror.cursorKey, list, after);
    const rows = await ctx.mirror.quarantine(dataset, { limit: first + 1, ...(afterId !== undefined ? { afterId } : {}) });
    return listPage(ctx.mirror.cursorKey, list, rows, first, (r) => r.id, asRow, after);
  }

  @Mutation(() => ChangeReceipt, {
    description: "Runs quarantined rows through the merge again as a new batch; rows that pass leave the quarantine, rows still invalid stay with their new problems.",
  })
  replayQuarantine(
    @Arg("dataset", () => String) dataset: string,
    @Arg("ids", () => [ID]) values: string[],
    @Arg("batchId", () => ID, { nullable: true }) batchId: string | undefined,
    @Ctx() ctx: IngestContext,
  ): Promise<ChangeReceipt> {
    ctx.mirror.model(dataset);
    return ctx.writer.replayQuarantine(dataset, ids(values), batchId ? { batchId } : {}) as unknown as Promise<ChangeReceipt>;
  }

  @Mutation(() => [QuarantinedRow], { description: "Removes quarantined rows on purpose; each removal is recorded with the row and the reason. Returns the removed rows." })
  async discardQuarantine(
    @Arg("dataset", () => String) dataset: string,
    @Arg("ids", () => [ID]) values: string[],
    @Arg("reason", () => String) reason: string,
    @Ctx() ctx: IngestContext,
  ): Promise<QuarantinedRow[]> {
    ctx.mirror.model(dataset);
    const discarded = await ctx.writer.discardQuarantine(dataset, ids(values), reason);
    await ctx.access.audit("quarantine.discard", { dataset, ids: discarded.map((r) => String(r.id)), reason });
    return discarded.map(asRow);
  }
}
