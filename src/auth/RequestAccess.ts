// What a request carries about its caller: who it is, the rate it may go at, and where its
// admin actions are recorded. Made per request by the server (server/accessControl.ts); the
// library and tests act as OPERATOR, with every scope and no rate.

import type { MirrorError } from "../errors";
import type { Storage } from "../storage/Storage";
import { OPERATOR, type Principal } from "./Principal";

export type OperationKind = "read" | "write";

export interface RequestAccess {
  readonly principal: Principal;
  /** Takes one operation of `kind` from the caller's rate; the refusal (RATE_LIMITED) when none is left. */
  admit(kind: OperationKind): MirrorError | undefined;
  /** Records an admin action (purge, discard, key change) with the caller's name and the time. */
  audit(action: string, target: Record<string, unknown>): Promise<void>;
  /** Keys were made or revoked: whether anonymous callers are let in is decided again. */
  keysChanged(): void;
}

/** Access with no rate, recording admin actions as `principal` into `storage`'s audit log. */
export function unlimitedAccess(storage: Storage, principal: Principal = OPERATOR, now: () => Date = () => new Date()): RequestAccess {
  return {
    principal,
    admit: () => undefined,
    audit: (action, target) => storage.appendAudit({ at: now().toISOString(), principal: principal.auditName, action, target }),
    keysChanged: () => undefined,
  };
}
