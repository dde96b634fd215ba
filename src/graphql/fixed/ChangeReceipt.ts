// The receipt of a batch of changes (docs/merge-rules.md, R9) as the API serves it.

import { PageInfo } from "./listPage";
import { CHANGE_FORMATS, FORMATS, type ChangeFormat } from "../../changes/formats/registry";
import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { DateTime } from "../scalars";

/** The ChangeFormat enum: each format's GraphQL name for its id (changes/formats/registry.ts). */
export const ChangeFormatValue = Object.fromEntries(CHANGE_FORMATS.map((f) => [FORMATS[f].graphql, f])) as { [F in ChangeFormat as (typeof FORMATS)[F]["graphql"]]: F };
export type ChangeFormatValue = ChangeFormat;
registerEnumType(ChangeFormatValue, {
  name: "ChangeFormat",
  description: "The shape change rows are written in; each is translated into the mirror's own (operation, row) pair.",
  valuesConfig: Object.fromEntries(CHANGE_FORMATS.map((f) => [FORMATS[f].graphql, { description: FORMATS[f].description }])),
});

export enum BatchStatusValue {
  APPLIED = "applied",
  REJECTED = "rejected",
}
registerEnumType(BatchStatusValue, {
  name: "BatchStatus",
  valuesConfig: {
    APPLIED: { description: "The valid rows are in the mirror; invalid ones are in the quarantine." },
    REJECTED: { description: "An atomic batch with invalid rows: nothing was written." },
  },
});

@ObjectType({ description: "Why a row was refused." })
export class RowProblem {
  @Field(() => String, { description: "A stable rejection code, e.g. NULL_KEY, INVALID_VALUE, DEBEZIUM_INVALID_OP." }) code!: string;
  @Field(() => String, { nullable: true, description: "The field or control column at fault." }) field?: string;
  @Field(() => String, { nullable: true }) expected?: string;
  @Field(() => String, { nullable: true }) received?: string;
  @Field(() => String) message!: string;
}

@ObjectType({ description: "A refused row: its position in the batch and every problem it has." })
export class InvalidRow extends RowProblem {
  @Field(() => Int, { description: "Position of the row in the dataset's list of changes." }) index!: number;
  @Field(() => ID, { nullable: true, description: "Its id in the dataset's quarantine (null when an atomic batch was rejected)." }) quarantineId?: number;
  @Field(() => [RowProblem]) problems!: RowProblem[];
}

@ObjectType({ description: "What a batch did to one dataset." })
export class DatasetReceipt {
  @Field(() => String) dataset!: string;
  @Field(() => ChangeFormatValue) format!: ChangeFormatValue;
  @Field(() => Int) received!: number;
  @Field(() => Int, { description: "Upserts that became the current row." }) upserted!: number;
  @Field(() => Int, { description: "Deletes that removed a row or left a tombstone." }) deleted!: number;
  @Field(() => Int, { description: "Valid changes that lost to the current winner; kept in the history." }) stale!: number;
  @Field(() => Int, { description: "Changes identical to one accepted before." }) unchanged!: number;
  @Field(() => Int, { description: "Upserts that met another upsert of equal key and version with other contents." }) conflicts!: number;
  @Field(() => Int, { description: "Source rows that carry no change by their format's rules (e.g. Delta update_preimage)." }) ignored!: number;
  @Field(() => [InvalidRow], { description: "Invalid rows kept in the quarantine." }) quarantined!: InvalidRow[];
  @Field(() => [InvalidRow], { description: "Invalid rows that made an atomic batch fail." }) rejected!: InvalidRow[];
}

@ObjectType({ description: "The receipt of a batch (R9)." })
export class ChangeReceipt {
  @Field(() => ID) batchId!: string;
  @Field(() => BatchStatusValue) status!: BatchStatusValue;
  @Field(() => Boolean) atomic!: boolean;
  @Field(() => Boolean, { description: "This batch id was applied before: this is the first receipt, nothing was applied now." }) replayed!: boolean;
  @Field(() => DateTime) receivedAt!: string;
  @Field(() => [DatasetReceipt]) datasets!: DatasetReceipt[];
}

@ObjectType()
export class ChangeReceiptPage {
  @Field(() => [ChangeReceipt], { description: "Newest first." }) nodes!: ChangeReceipt[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Boolean, { deprecationReason: "Use pageInfo.hasNextPage." }) hasNextPage!: boolean;
  @Field(() => String, { nullable: true, deprecationReason: "Use pageInfo.endCursor." }) endCursor?: string;
}
