// Admin fields of access control: API keys made, listed and revoked through the API (as with
// mirrorql keys), and the audit log of admin actions. Every field needs the admin scope over
// every dataset (auth/authorizeOperation.ts).

import { afterPosition, listPage, PageInfo } from "./listPage";
import { Arg, Ctx, Field, Float, ID, Int, Mutation, ObjectType, Query, Resolver } from "type-graphql";
import { createKey, revokeKey } from "../../auth/keyAdmin";
import { MirrorError } from "../../errors";
import type { ApiKeyRecord, KeyLimits } from "../../storage/AccessRecords";
import { DateTime, JSONObject } from "../scalars";
import { checkListSize } from "./listSize";
import type { IngestContext } from "./IngestResolver";

@ObjectType({ description: "An API key, without its secret (shown once, when it is made)." })
export class ApiKey {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => [String], { description: "read, write or admin, each for every dataset or one (read:contacts)." }) scopes!: string[];
  @Field(() => DateTime) createdAt!: string;
  @Field(() => DateTime, { nullable: true }) expiresAt!: string | null;
  @Field(() => DateTime, { nullable: true, description: "Recorded at most once a minute." }) lastUsedAt!: string | null;
  @Field(() => DateTime, { nullable: true }) revokedAt!: string | null;
  @Field(() => Float, { nullable: true, description: "The key's own rate of queries; the server's when null." }) readsPerSecond!: number | null;
  @Field(() => Float, { nullable: true, description: "The key's own rate of mutations; the server's when null." }) writesPerSecond!: number | null;
  @Field(() => Int, { nullable: true, description: "The most objects one query of this key may return; the server's when null." }) maxNodes!: number | null;
}

@ObjectType()
export class CreatedApiKey {
  @Field(() => ApiKey) key!: ApiKey;
  @Field(() => String, { description: 'The key to send as "Authorization: Bearer <token>". Shown only this once: the server keeps only a hash of it.' }) token!: string;
}

@ObjectType({ description: "An admin action: who did what, when, to what." })
export class AuditEntry {
  @Field(() => ID) seq!: string;
  @Field(() => DateTime) at!: string;
  @Field(() => String, { description: 'Who acted: "apiKey:<name>", "jwt:<subject>", "anonymous:anonymous" or "cli".' }) principal!: string;
  @Field(() => String, { description: "key.create, key.revoke, purge, quarantine.discard, models.load, models.define, dataset.drop." }) action!: string;
  @Field(() => JSONObject, { description: "What the action touched (never the purged keys themselves)." }) target!: Record<string, unknown>;
}

@ObjectType()
export class AuditPage {
  @Field(() => [AuditEntry], { description: "Newest first." }) nodes!: AuditEntry[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Boolean, { deprecationReason: "Use pageInfo.hasNextPage." }) hasNextPage!: boolean;
  @Field(() => String, { nullable: true, deprecationReason: "Use pageInfo.endCursor." }) endCursor?: string;
}

function asApiKey(r: ApiKeyRecord): ApiKey {
  const { limits, ...rest } = r;
  return { ...rest, readsPerSecond: limits?.readsPerSecond ?? null, writesPerSecond: limits?.writesPerSecond ?? null, maxNodes: limits?.maxNodes ?? null };
}

const positive = (argument: string, v: number | undefined, whole = false) => {
  if (v === undefined) return undefined;
  if (!(v > 0) || !Number.isFinite(v) || (whole && !Number.isInteger(v))) {
    throw new MirrorError("BAD_USER_INPUT", `Argument "${argument}" must be a positive ${whole ? "whole " : ""}number, received ${v}.`, { argument, received: v });
  }
  return v;
};

@Resolver()
export class AccessResolver {
  @Query(() => [ApiKey], { description: "Every API key, revoked ones included, oldest first (admin)." })
  async apiKeys(@Ctx() ctx: IngestContext): Promise<ApiKey[]> {
    return (await ctx.mirror.storage.apiKeys()).map(asApiKey);
  }

  @Query(() => AuditPage, { description: "Admin actions, newest first, optionally of one action (admin)." })
  async auditLog(
    @Arg("first", () => Int, { defaultValue: 50 }) first: number,
    @Arg("after", () => String, { nullable: true, description: "The endCursor of the previous page." }) after: string | undefined,
    @Arg("action", () => String, { nullable: true }) action: string | undefined,
    @Ctx() ctx: IngestContext,
  ): Promise<AuditPage> {
    checkListSize("first", first);
    const before = afterPosition(ctx.mirror.cursorKey, "audit_log", after);
    const rows = await ctx.mirror.storage.auditLog({ limit: first + 1, ...(before !== undefined ? { before } : {}), ...(action !== undefined ? { action } : {}) });
    return listPage(
      ctx.mirror.cursorKey,
      "audit_log",
      rows,
      first,
      (e) => e.seq,
      (e) => ({ ...e, seq: String(e.seq) }),
      after,
    );
  }

  @Mutation(() => CreatedApiKey, { description: "Makes an API key (admin); its token is in the answer, once. Names are never reused." })
  async createApiKey(
    @Arg("name", () => String) name: string,
    @Arg("scopes", () => [String]) scopes: string[],
    @Arg("expiresAt", () => DateTime, { nullable: true }) expiresAt: string | undefined,
    @Arg("readsPerSecond", () => Float, { nullable: true }) readsPerSecond: number | undefined,
    @Arg("writesPerSecond", () => Float, { nullable: true }) writesPerSecond: number | undefined,
    @Arg("maxNodes", () => Int, { nullable: true }) maxNodes: number | undefined,
    @Ctx() ctx: IngestContext,
  ): Promise<CreatedApiKey> {
    const limits: KeyLimits = {};
    const reads = positive("readsPerSecond", readsPerSecond);
    const writes = positive("writesPerSecond", writesPerSecond);
    const nodes = positive("maxNodes", maxNodes, true);
    if (reads !== undefined) limits.readsPerSecond = reads;
    if (writes !== undefined) limits.writesPerSecond = writes;
    if (nodes !== undefined) limits.maxNodes = nodes;
    const created = await createKey(
      ctx.mirror.storage,
      { name, scopes, ...(expiresAt !== undefined ? { expiresAt } : {}), ...(Object.keys(limits).length > 0 ? { limits } : {}) },
      ctx.access.principal.auditName,
      new Date(),
    );
    ctx.access.keysChanged();
    return { key: asApiKey(created.record), token: created.text };
  }

  @Mutation(() => ApiKey, { description: "Revokes an API key by id or name (admin), at once; revoking it again keeps the first time." })
  async revokeApiKey(@Arg("key", () => String) idOrName: string, @Ctx() ctx: IngestContext): Promise<ApiKey> {
    const revoked = await revokeKey(ctx.mirror.storage, idOrName, ctx.access.principal.auditName, new Date());
    if (!revoked)
      throw new MirrorError("NOT_FOUND", `No API key has the id or name ${JSON.stringify(idOrName)}; the apiKeys query lists them.`, { argument: "key", received: idOrName });
    ctx.access.keysChanged();
    return asApiKey(revoked.key);
  }
}
