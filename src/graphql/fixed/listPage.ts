// The lists of the fixed part (batches, quarantine, auditLog, modelRevisions) page as the model
// lists do: a `pageInfo` with signed cursors from the one cursor module (query/cursor.ts), so a
// cursor this database did not make, or made for another list, is refused as BAD_USER_INPUT.

import { Field, ObjectType } from "type-graphql";
import { decodeCursor, encodeCursor, type CursorKey } from "../../query/cursor";
import type { OrderTerm } from "../../query/ConnectionQuery";

@ObjectType({ description: "Where a page stands in its list: whether more rows come after or before it, and the cursors of its first and last rows." })
export class PageInfo {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => Boolean) hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor?: string | null;
  @Field(() => String, { nullable: true }) endCursor?: string | null;
}

/** A list's rows are ordered by one position (a sequence number, a quarantine id). */
const ORDER: OrderTerm[] = [{ field: "position", direction: "ASC" }];

const cursorOf = (key: CursorKey, list: string, position: number) => encodeCursor(key, `list:${list}`, ORDER, [BigInt(position)]);

/** The position after which a page of `list` starts, read from its `after` cursor; undefined without one. */
export function afterPosition(key: CursorKey, list: string, after: string | undefined): number | undefined {
  if (after === undefined) return undefined;
  const [position] = decodeCursor(key, `list:${list}`, ORDER, after, "after", ["integer"]);
  return Number(position);
}

export interface ListPage<T> {
  nodes: T[];
  pageInfo: PageInfo;
  /** Kept for clients written before pageInfo: the same as pageInfo's. */
  hasNextPage: boolean;
  endCursor?: string;
}

/** A page of `first` rows from `rows` (read with one more, to know whether more follow). */
export function listPage<R, T>(
  key: CursorKey,
  list: string,
  rows: readonly R[],
  first: number,
  position: (row: R) => number,
  node: (row: R) => T,
  after: string | undefined,
): ListPage<T> {
  const page = rows.slice(0, first);
  const hasNextPage = rows.length > first;
  const startCursor = page.length > 0 ? cursorOf(key, list, position(page[0]!)) : null;
  const endCursor = page.length > 0 ? cursorOf(key, list, position(page[page.length - 1]!)) : null;
  return {
    nodes: page.map(node),
    pageInfo: { hasNextPage, hasPreviousPage: after !== undefined, startCursor, endCursor },
    hasNextPage,
    ...(endCursor ? { endCursor } : {}),
  };
}
