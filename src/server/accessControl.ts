// Who a request comes from: an API key (`Authorization: Bearer mq_...`, checked against the
// hashes in the database), a JWT from the user's identity provider, or nobody. Anonymous
// callers are let in only where no authentication is configured and the server listens on
// loopback, or where the operator accepted the risk (--allow-anonymous).

import { parseApiKey, secretMatches } from "../auth/apiKeys";
import { jwtVerifier, type JwtSettings } from "../auth/jwt";
import { ALL_SCOPES, Principal, scopeText, type PrincipalLimits, type Scope } from "../auth/Principal";
import type { KeyLimits } from "../storage/AccessRecords";
import type { OperationKind, RequestAccess } from "../auth/RequestAccess";
import { parseScope } from "../auth/scopes";
import { RateLimiter, type Rate } from "../auth/tokenBucket";
import { MirrorError } from "../errors";
import type { Mirror } from "../mirror";
import { isLoopback } from "./hostCheck";
import { log } from "./log";

export interface AccessOptions {
  /** Verify JWTs with these settings (auth/jwt.ts). */
  jwt?: JwtSettings;
  /** Let requests without a credential in, whatever else is configured and wherever the server listens. */
  allowAnonymous?: boolean;
  /** What anonymous callers may do where they are let in (default: everything). */
  anonymousScopes?: readonly string[];
  /** Each principal's rate of operations, unless its key or one of its scopes sets one; unlimited when absent. */
  rates?: Partial<Record<OperationKind, Rate>>;
  /**
   * Limits of the principals holding a scope (exactly as written: "read", "read:contacts"): a
   * principal gets, per limit, its key's own, else the most generous of its scopes', else the server's.
   */
  scopeLimits?: readonly ScopeLimits[];
  /** The server's query budget (QueryLimits.maxNodes), against which scopes' budgets are weighed. */
  maxNodes?: number;
}

export interface ScopeLimits extends PrincipalLimits {
  scope: string;
}

/**
 * The most generous of the limits of one kind that a principal's scopes give, where a scope with
 * no limit of that kind gives the server's (`fallback`; undefined: no limit at all), so that a
 * scope added never takes anything away. Undefined when no scope sets one: the server's applies.
 */
function mostGenerous<T>(given: readonly (T | undefined)[], fallback: T | undefined, larger: (a: T, b: T) => T): T | undefined {
  if (given.every((v) => v === undefined)) return undefined;
  let best: T | undefined;
  for (const v of given.map((g) => g ?? fallback)) {
    if (v === undefined) return undefined;
    best = best === undefined ? v : larger(best, v);
  }
  return best;
}
const fasterRate = (a: Rate, b: Rate) => (a.perSecond >= b.perSecond ? a : b);

/** How long the answer to "does the database hold an active key?" is kept: keys made by another process count from then on. */
const KEYS_RECHECK_MS = 5_000;
/** A key's last use is written at most this often (a write per request would cost more than the request). */
const LAST_USED_EVERY_MS = 60_000;

const unauthenticated = (message: string, reason: string) => new MirrorError("UNAUTHENTICATED", message, { reason });

/** Scopes of a token: those of mirrorql's form; an identity provider's other scopes (openid, profile) are not ours. */
function scopesOf(texts: readonly string[]): Scope[] {
  return texts.flatMap((t) => {
    try {
      return [parseScope(t)];
    } catch {
      return [];
    }
  });
}

export class AccessControl {
  private readonly limiter = new RateLimiter();
  private keysKnown?: { made: boolean; at: number };
  private readonly anonymous: Principal;

  private constructor(
    private readonly mirror: Mirror,
    private readonly options: AccessOptions,
    private readonly loopback: boolean,
    private readonly verifyJwt: ((token: string) => Promise<{ name: string; scopes: string[] }>) | undefined,
  ) {
    const scopes = options.anonymousScopes ? options.anonymousScopes.map(parseScope) : ALL_SCOPES;
    this.anonymous = new Principal("anonymous", "anonymous", scopes, this.limitsOf(scopes));
  }

  /** A principal's limits: its key's own first, then the most generous of its scopes' (options.scopeLimits). */
  private limitsOf(scopes: readonly Scope[], own: KeyLimits | null = null): PrincipalLimits {
    const configured = new Map((this.options.scopeLimits ?? []).map((s) => [s.scope, s]));
    // Reads are weighed among the scopes that read (read, admin), writes among those that write.
    const of = (kind: "read" | "write") => [...new Set(scopes.filter((s) => s.action === kind || s.action === "admin").map(scopeText))].map((s) => configured.get(s));
    const limits: PrincipalLimits = {
      read: mostGenerous(
        of("read").map((s) => s?.read),
        this.options.rates?.read,
        fasterRate,
      ),
      write: mostGenerous(
        of("write").map((s) => s?.write),
        this.options.rates?.write,
        fasterRate,
      ),
      maxNodes: mostGenerous(
        of("read").map((s) => s?.maxNodes),
        this.options.maxNodes,
        Math.max,
      ),
    };
    // A key's rate is one second's worth of requests at once, then its rate.
    const rate = (perSecond: number): Rate => ({ perSecond, burst: Math.max(1, Math.ceil(perSecond)) });
    if (own?.readsPerSecond !== undefined) limits.read = rate(own.readsPerSecond);
    if (own?.writesPerSecond !== undefined) limits.write = rate(own.writesPerSecond);
    if (own?.maxNodes !== undefined) limits.maxNodes = own.maxNodes;
    return Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined));
  }

  /**
   * The access control of a server listening on `host`. Refuses to start (BAD_USER_INPUT) a server
   * on another address than loopback with no way to authenticate (no active API key in the
   * database, no JWT settings) unless anonymous access is accepted, which is then logged.
   */
  static async open(mirror: Mirror, host: string, options: AccessOptions = {}): Promise<AccessControl> {
    const verifyJwt = options.jwt ? await jwtVerifier(options.jwt) : undefined;
    const access = new AccessControl(mirror, options, isLoopback(host), verifyJwt);
    if (options.allowAnonymous) {
      log("warn", "anonymous_access_allowed", {
        host,
        scopes: options.anonymousScopes ?? ["admin"],
        message: "Requests without credentials are served (--allow-anonymous): anyone who reaches this port may do what these scopes allow.",
      });
    } else if (!access.loopback && !verifyJwt && (await mirror.storage.activeApiKeys(new Date().toISOString())) === 0) {
      throw new MirrorError(
        "BAD_USER_INPUT",
        `Refusing to listen on ${host} without authentication: anyone who reaches the port could read, write and purge. Create an API key (mirrorql keys create --name NAME --scope read), configure JWTs (--jwt-secret, --jwt-public-key or --jwt-jwks), listen on 127.0.0.1, or accept the risk with --allow-anonymous.`,
        { argument: "host", received: host },
      );
    }
    return access;
  }

  /**
   * Whether a key was ever made in the database (known for a few seconds; once true, for good).
   * Revoked and expired keys count: revoking the last key must not open the server to anonymous
   * callers again.
   */
  private async keysMade(): Promise<boolean> {
    const now = Date.now();
    if (!this.keysKnown?.made && (!this.keysKnown || now - this.keysKnown.at > KEYS_RECHECK_MS)) {
      this.keysKnown = { made: (await this.mirror.storage.apiKeys()).length > 0, at: now };
    }
    return this.keysKnown!.made;
  }

  /** Keys were made or revoked here: anonymous access is decided again at the next request. */
  keysChanged(): void {
    this.keysKnown = undefined;
  }

  /** Whether a request without credentials is let in, as the anonymous principal. */
  private async anonymousAllowed(): Promise<boolean> {
    if (this.options.allowAnonymous) return true;
    return this.loopback && !this.verifyJwt && !(await this.keysMade());
  }

  /** The principal of a request from its Authorization header; UNAUTHENTICATED when it proves nothing. */
  async identify(authorization: string | undefined): Promise<Principal> {
    if (authorization === undefined || authorization === "") {
      if (await this.anonymousAllowed()) return this.anonymous;
      throw unauthenticated(
        `This server needs a credential: send "Authorization: Bearer <API key or token>"${this.verifyJwt ? " (an API key mq_..., or a JWT from the configured identity provider)" : " (an API key, made with mirrorql keys create)"}.`,
        "missing",
      );
    }
    const m = /^Bearer +(\S+)\s*$/i.exec(authorization);
    if (!m) throw unauthenticated('The Authorization header must be "Bearer <API key or token>".', "bad_header");
    const token = m[1]!;
    if (token.startsWith("mq_")) return this.apiKeyPrincipal(token);
    if (!this.verifyJwt) throw unauthenticated("The bearer token is not an API key (mq_...), and this server is not configured for JWTs.", "not_an_api_key");
    const identity = await this.verifyJwt(token);
    const scopes = scopesOf(identity.scopes);
    return new Principal(identity.name, "jwt", scopes, this.limitsOf(scopes));
  }

  private async apiKeyPrincipal(text: string): Promise<Principal> {
    const parsed = parseApiKey(text);
    const stored = parsed && (await this.mirror.storage.apiKey(parsed.id));
    // One answer for an unknown id and a wrong secret: the difference would help guessing.
    if (!parsed || !stored || !secretMatches(parsed.secret, stored.secretHash)) throw unauthenticated("The API key is not valid.", "unknown_key");
    const now = new Date();
    if (stored.revokedAt !== null) throw unauthenticated(`The API key "${stored.name}" was revoked at ${stored.revokedAt}.`, "revoked");
    if (stored.expiresAt !== null && stored.expiresAt <= now.toISOString()) throw unauthenticated(`The API key "${stored.name}" expired at ${stored.expiresAt}.`, "expired");
    if (stored.lastUsedAt === null || now.getTime() - Date.parse(stored.lastUsedAt) >= LAST_USED_EVERY_MS) {
      this.mirror.storage
        .touchApiKey(stored.id, now.toISOString())
        .catch((e: unknown) => log("warn", "api_key_last_used_not_recorded", { key: stored.id, message: (e as Error).message }));
    }
    const scopes = stored.scopes.map(parseScope);
    return new Principal(stored.name, "apiKey", scopes, this.limitsOf(scopes, stored.limits), stored.id);
  }

  /** What a request of `principal` carries: its rates and its audit trail. */
  requestAccess(principal: Principal): RequestAccess {
    const rateOf = (kind: OperationKind): Rate | undefined => principal.limits[kind] ?? this.options.rates?.[kind];
    const bucket = `${principal.via}:${principal.keyId ?? principal.name}`;
    return {
      principal,
      admit: (kind) => {
        const rate = rateOf(kind);
        if (!rate) return undefined;
        const taken = this.limiter.take(bucket, kind, rate);
        if (taken.allowed) return undefined;
        return new MirrorError(
          "RATE_LIMITED",
          `${principal.describe()} sends ${kind === "read" ? "queries" : "mutations"} faster than its rate of ${rate.perSecond} per second (bursts of ${rate.burst}); retry in ${taken.retryAfterSeconds} s.`,
          { retryAfterSeconds: taken.retryAfterSeconds, limit: `${kind}sPerSecond`, maximum: rate.perSecond },
        );
      },
      audit: (action, target) => this.mirror.storage.appendAudit({ at: new Date().toISOString(), principal: principal.auditName, action, target }),
      keysChanged: () => this.keysChanged(),
    };
  }
}
