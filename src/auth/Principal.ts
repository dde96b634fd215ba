// Who sends a request and what they may do: a name, how they proved it, and their scopes.
//
// Scopes are `read` (queries of the datasets), `write` (change mutations, replays) and `admin`
// (purges, discards, keys, the audit log, the quarantine's payloads), each for every dataset or
// limited to one (`read:contacts`). `admin` includes `write` and `read` of the same datasets;
// `write` does not include `read`: a pipeline that loads a dataset need not read it back.

import { MirrorError } from "../errors";
import type { Scope, ScopeAction } from "./scopes";
import type { Rate } from "./tokenBucket";

export type Action = ScopeAction;
export type { Scope };

export type Authentication = "anonymous" | "apiKey" | "jwt";

/** What one principal may send: its rates of queries and mutations, and the size of a query. Absent: the server's. */
export interface PrincipalLimits {
  read?: Rate;
  write?: Rate;
  maxNodes?: number;
}

export const scopeText = (s: Scope) => (s.dataset === undefined ? s.action : `${s.action}:${s.dataset}`);

const includes = (granted: Action, wanted: Action) => granted === wanted || granted === "admin";

export class Principal {
  constructor(
    /** The key's name, the token's subject, or "anonymous". */
    readonly name: string,
    readonly via: Authentication,
    readonly scopes: readonly Scope[],
    /** Its own limits (its key's, or its scopes'), over the server's defaults. */
    readonly limits: PrincipalLimits = {},
    /** The API key's id, to record its use. */
    readonly keyId?: string,
  ) {}

  /** Whether this principal may `action` on `dataset`, or, without one, on every dataset. */
  may(action: Action, dataset?: string): boolean {
    return this.scopes.some((s) => includes(s.action, action) && (s.dataset === undefined || s.dataset === dataset));
  }

  /** Refuses (FORBIDDEN) unless this principal may `action` on `dataset` (on every dataset without one). */
  require(action: Action, dataset?: string): void {
    if (this.may(action, dataset)) return;
    throw forbidden(this, action, dataset);
  }

  /** The datasets among `all` this principal may read. */
  readable(all: readonly string[]): string[] {
    return all.filter((d) => this.may("read", d));
  }

  /** How the audit log names this principal: "apiKey:<name>", "jwt:<subject>", "anonymous:anonymous". */
  get auditName(): string {
    return `${this.via}:${this.name}`;
  }

  describe(): string {
    return this.via === "anonymous" ? "an anonymous caller" : `${this.via === "apiKey" ? "API key" : "token subject"} ${JSON.stringify(this.name)}`;
  }
}

export function forbidden(principal: Principal, action: Action, dataset?: string): MirrorError {
  const wanted = dataset === undefined ? action : `${action}:${dataset}`;
  const held = principal.scopes.length === 0 ? "no scopes" : `scopes ${principal.scopes.map(scopeText).join(" ")}`;
  return new MirrorError(
    "FORBIDDEN",
    dataset === undefined
      ? `${capitalized(principal.describe())} may not do this: it needs the scope "${wanted}" and holds ${held}.`
      : `${capitalized(principal.describe())} may not ${action === "admin" ? "administer" : action} dataset "${dataset}": it needs the scope "${wanted}" (or "${action}") and holds ${held}.`,
    { ...(dataset !== undefined ? { dataset } : {}), expected: wanted, received: principal.scopes.map(scopeText) },
  );
}

const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Everything, for anonymous callers where no authentication is configured (a server on loopback). */
export const ALL_SCOPES: readonly Scope[] = [{ action: "admin" }];

/** What the programmatic API (tests, the library without a server) acts as. */
export const OPERATOR = new Principal("operator", "anonymous", ALL_SCOPES);
