// The API's model revisions in SQLite (../ModelRevision.ts).

import { and, desc, eq, lt, sql } from "drizzle-orm";
import { revisionFromRow, type ModelRevision, type ModelRevisionSelection, type NewModelRevision } from "../ModelRevision";
import { modelRevisions } from "./internalSchema";
import type { SqliteDatabase } from "./openDatabase";

export function appendModelRevision({ db }: SqliteDatabase, revision: NewModelRevision): void {
  db.insert(modelRevisions)
    .values({ ...revision, definition: revision.definition === undefined ? null : JSON.stringify(revision.definition) })
    .run();
}

/** Newest first. */
export function readModelRevisions({ db }: SqliteDatabase, select: ModelRevisionSelection): ModelRevision[] {
  const latest = sql`${modelRevisions.seq} IN (SELECT max(seq) FROM _mq_model_revisions GROUP BY dataset)`;
  const where = and(
    select.before !== undefined ? lt(modelRevisions.seq, select.before) : undefined,
    select.dataset !== undefined ? eq(modelRevisions.dataset, select.dataset) : undefined,
    select.latest ? latest : undefined,
  );
  return db.select().from(modelRevisions).where(where).orderBy(desc(modelRevisions.seq)).limit(select.limit).all().map(revisionFromRow);
}
