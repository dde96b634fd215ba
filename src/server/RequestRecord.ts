// What the server learns of one HTTP request while it runs, for its access log line and its
// metrics: the id, and what Apollo found (the operation, the codes of the errors it answered).

import type { OperationType } from "./metrics";

export interface RequestRecord {
  readonly id: string;
  /** The operation Apollo resolved; absent when none was (refused before, or not valid GraphQL). */
  operation?: { type: Exclude<OperationType, "none">; name: string | null };
  /** `extensions.code` of each error in the GraphQL response. */
  errorCodes: string[];
  /** Set once the response's errors carry the request id (observeRequests). */
  answered: boolean;
}

export const newRequestRecord = (id: string): RequestRecord => ({ id, errorCodes: [], answered: false });
