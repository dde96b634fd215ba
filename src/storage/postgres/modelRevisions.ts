// The API's model revisions in PostgreSQL (../ModelRevision.ts).

import { and, desc, eq, lt, sql } from "drizzle-orm";
import { revisionFromRow, type ModelRevision, type ModelRevisionSelection, type NewModelRevision } from "../ModelRevision";
import { modelRevisions } from "./internalSchema";
import type { PostgresDatabase } from "./openDatabase";

export async function appendModelRevision({ db }: PostgresDatabase, revision: NewModelRevision): Promise<void> {
  await db.insert(modelRevisions).values({ ...revision, definition: revision.definition === undefined ? null : JSON.stringify(revision.definition) });
}

/** Newest first. */
export async function readModelRevisions({ db }: PostgresDatabase, select: ModelRevisionSelection): Promise<ModelRevision[]> {
  const latest = sql`${modelRevisions.seq} IN (SELECT max(seq) FROM _mq_model_revisions GROUP BY dataset)`;
  const where = and(
    select.before !== undefined ? lt(modelRevisions.seq, select.before) : undefined,
    select.dataset !== undefined ? eq(modelRevisions.dataset, select.dataset) : undefined,
    select.latest ? latest : undefined,
  );
  const rows = await db.select().from(modelRevisions).where(where).orderBy(desc(modelRevisions.seq)).limit(select.limit);
  return rows.map(revisionFromRow);
}
