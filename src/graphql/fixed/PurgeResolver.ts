// Data hygiene: keys erased on purpose, with their history (docs/merge-rules.md, R8).

import { Arg, Ctx, Field, Int, Mutation, ObjectType, registerEnumType, Resolver } from "type-graphql";
import { DateTime, JSONObject } from "../scalars";
import type { IngestContext } from "./IngestResolver";

export enum KeyPurgeState {
  ROW = "row",
  TOMBSTONE = "tombstone",
  NOTHING = "nothing",
}
registerEnumType(KeyPurgeState, { name: "KeyPurgeState", description: "What a purged key held: a row, a tombstone, or nothing (unknown key)." });

@ObjectType({ description: "One purged key. The log keeps its digest, never its values." })
export class PurgedKey {
  @Field(() => String, { description: "Hex SHA-256 of the key's canonical encoding (its fields, keys sorted, as JSON)." }) keyDigest!: string;
  @Field(() => KeyPurgeState) state!: KeyPurgeState;
  @Field(() => Int, { description: "History entries removed." }) historyEntries!: number;
  @Field(() => Int, { description: "Quarantined rows carrying the key, removed (their quarantine-log payloads and receipts' received values are redacted)." })
  quarantinedRows!: number;
}

@ObjectType({ description: "What a purge removed, key by key in the order sent." })
export class PurgeReceipt {
  @Field(() => String) dataset!: string;
  @Field(() => String) reason!: string;
  @Field(() => DateTime) at!: string;
  @Field(() => [PurgedKey]) keys!: PurgedKey[];
}

@Resolver()
export class PurgeResolver {
  @Mutation(() => PurgeReceipt, {
    description:
      "Erases keys on purpose (data hygiene): each key's row or tombstone, its whole history and its quarantined rows, in one transaction, logged by key digest with the reason; " +
      "payloads of the key in the quarantine log and received values in stored receipts are redacted. " +
      "Each key is an object of the model's primary-key fields; one invalid key refuses the purge. A change that arrives later for a purged key is applied as new.",
  })
  async purgeKeys(
    @Arg("dataset", () => String) dataset: string,
    @Arg("keys", () => [JSONObject]) keys: Record<string, unknown>[],
    @Arg("reason", () => String) reason: string,
    @Ctx() ctx: IngestContext,
  ): Promise<PurgeReceipt> {
    ctx.mirror.model(dataset);
    const purge = await ctx.writer.purgeKeys(dataset, keys, reason);
    // The audit log says who purged how many keys and why, never which: the purge log has their digests.
    await ctx.access.audit("purge", { dataset, keys: keys.length, reason });
    return purge as unknown as PurgeReceipt;
  }
}
