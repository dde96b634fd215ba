// The options of `mirrorql serve` that say who may do what: JWT settings, anonymous access,
// rates. Secrets are read from a file or the environment, never from the command line (which
// every user of the machine can read in the process list).

import { readFileSync } from "node:fs";
import { parseScope } from "../auth/scopes";
import { parseRate } from "../auth/tokenBucket";
import type { JwtSettings } from "../auth/jwt";
import { MirrorError } from "../errors";
import type { AccessOptions, ScopeLimits } from "../server/accessControl";

export const ACCESS_FLAGS = {
  "allow-anonymous": { type: "boolean" },
  "anonymous-scopes": { type: "string" },
  "jwt-secret-file": { type: "string" },
  "jwt-public-key": { type: "string", multiple: true },
  "jwt-jwks": { type: "string" },
  "jwt-issuer": { type: "string" },
  "jwt-audience": { type: "string" },
  "jwt-clock-skew": { type: "string" },
  "jwt-scopes-claim": { type: "string" },
  "jwt-name-claim": { type: "string" },
  "rate-reads": { type: "string" },
  "rate-writes": { type: "string" },
  "limit-scope": { type: "string", multiple: true },
} as const;

export const ACCESS_HELP = `Access control of serve (README "Access control"):
  Without API keys in the database and without JWT settings, requests need no credential while
  the server listens on loopback; on any other address it refuses to start.
  --allow-anonymous   Serve requests without credentials wherever the server listens (logged at start)
  --anonymous-scopes S
                      What anonymous callers may do, e.g. "read" or "read:contacts read:accounts"
                      (default: everything)
  --jwt-secret-file F HS256: the shared secret, read from file F (or the MIRRORQL_JWT_SECRET variable)
  --jwt-public-key F  RS256/ES256: a PEM public key or certificate file (repeatable)
  --jwt-jwks F        RS256/ES256: a JWKS file ({"keys": [...]})
  --jwt-issuer I      Required "iss" claim
  --jwt-audience A    Required "aud" claim
  --jwt-clock-skew S  Seconds of clock difference tolerated for exp and nbf (default 30)
  --jwt-scopes-claim C
                      Claim holding the scopes: a space-separated string or an array; a dot path
                      reaches a nested claim (default scope)
  --jwt-name-claim C  Claim naming the caller (default sub)
  --rate-reads R      Each caller's rate of queries, e.g. 50/s, 600/min or "50/s burst 100"
                      (default: unlimited; an API key's own rate comes first)
  --rate-writes R     Each caller's rate of mutations, as --rate-reads
  --limit-scope "SCOPE [reads=R] [writes=R] [max-nodes=N]"
                      Limits of the callers holding SCOPE (e.g. "read:contacts reads=20/s
                      max-nodes=5000"); repeatable. Per limit, a caller gets its key's own, else
                      the most generous of its scopes', else the server's
`;

type AccessValues = {
  [K in keyof typeof ACCESS_FLAGS]?: (typeof ACCESS_FLAGS)[K] extends { multiple: true } ? string[] : (typeof ACCESS_FLAGS)[K]["type"] extends "boolean" ? boolean : string;
};

function readSetting(file: string, flag: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    throw new MirrorError("BAD_USER_INPUT", `--${flag}: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`, { argument: flag, received: file });
  }
}

/** `--limit-scope "read:contacts reads=20/s writes=5/s max-nodes=5000"`. */
export function parseScopeLimits(text: string): ScopeLimits {
  const refuse = (why: string) =>
    new MirrorError(
      "BAD_USER_INPUT",
      `--limit-scope ${JSON.stringify(text)}: ${why}; expected "SCOPE [reads=RATE] [writes=RATE] [max-nodes=N]", e.g. "read:contacts reads=20/s max-nodes=5000".`,
      { argument: "limit-scope", received: text },
    );
  const [scope, ...settings] = text.trim().split(/\s+(?=[a-z-]+=)/);
  if (!scope) throw refuse("it names no scope");
  parseScope(scope);
  const limits: ScopeLimits = { scope };
  for (const setting of settings) {
    const [name, value = ""] = setting.split("=", 2) as [string, string?];
    if (name === "reads") limits.read = parseRate(value.trim(), "limit-scope");
    else if (name === "writes") limits.write = parseRate(value.trim(), "limit-scope");
    else if (name === "max-nodes" && /^\d+$/.test(value.trim()) && Number(value) >= 1) limits.maxNodes = Number(value);
    else throw refuse(`${JSON.stringify(setting)} is not a limit`);
  }
  if (settings.length === 0) throw refuse("it sets no limit");
  return limits;
}

/** The access options of serve from its flags and the environment. */
export function accessOptionsFrom(values: AccessValues, env: NodeJS.ProcessEnv = process.env): AccessOptions {
  const jwt: JwtSettings = {};
  const secret = values["jwt-secret-file"] !== undefined ? readSetting(values["jwt-secret-file"], "jwt-secret-file").trim() : env.MIRRORQL_JWT_SECRET;
  if (secret !== undefined && secret !== "") jwt.secret = secret;
  if (values["jwt-public-key"]) jwt.publicKeys = values["jwt-public-key"].map((f) => readSetting(f, "jwt-public-key"));
  if (values["jwt-jwks"] !== undefined) {
    const text = readSetting(values["jwt-jwks"], "jwt-jwks");
    try {
      jwt.jwks = JSON.parse(text);
    } catch {
      throw new MirrorError("BAD_USER_INPUT", `--jwt-jwks: ${values["jwt-jwks"]} is not JSON; expected a JWKS document {"keys": [...]}.`, {
        argument: "jwt-jwks",
        received: values["jwt-jwks"],
      });
    }
  }
  const keySource = jwt.secret !== undefined || jwt.publicKeys !== undefined || jwt.jwks !== undefined;
  const claims = ["jwt-issuer", "jwt-audience", "jwt-clock-skew", "jwt-scopes-claim", "jwt-name-claim"] as const;
  const given = claims.filter((c) => values[c] !== undefined);
  if (!keySource && given.length > 0) {
    throw new MirrorError("BAD_USER_INPUT", `--${given[0]} configures JWTs, which need a key: --jwt-secret-file (or MIRRORQL_JWT_SECRET), --jwt-public-key or --jwt-jwks.`, {
      argument: given[0],
    });
  }
  if (values["jwt-issuer"] !== undefined) jwt.issuer = values["jwt-issuer"];
  if (values["jwt-audience"] !== undefined) jwt.audience = values["jwt-audience"];
  if (values["jwt-scopes-claim"] !== undefined) jwt.scopesClaim = values["jwt-scopes-claim"];
  if (values["jwt-name-claim"] !== undefined) jwt.nameClaim = values["jwt-name-claim"];
  if (values["jwt-clock-skew"] !== undefined) {
    const s = Number(values["jwt-clock-skew"]);
    if (!(Number.isInteger(s) && s >= 0 && s <= 3600))
      throw new MirrorError("BAD_USER_INPUT", `--jwt-clock-skew must be whole seconds from 0 to 3600, received ${values["jwt-clock-skew"]}.`, { argument: "jwt-clock-skew" });
    jwt.clockSkewSeconds = s;
  }
  const anonymousScopes = values["anonymous-scopes"]?.split(/[\s,]+/).filter(Boolean);
  anonymousScopes?.forEach(parseScope);
  const rates: AccessOptions["rates"] = {};
  if (values["rate-reads"] !== undefined) rates.read = parseRate(values["rate-reads"], "rate-reads");
  if (values["rate-writes"] !== undefined) rates.write = parseRate(values["rate-writes"], "rate-writes");
  const scopeLimits = (values["limit-scope"] ?? []).map(parseScopeLimits);
  return {
    ...(scopeLimits.length > 0 ? { scopeLimits } : {}),
    ...(keySource ? { jwt } : {}),
    ...(values["allow-anonymous"] ? { allowAnonymous: true } : {}),
    ...(anonymousScopes ? { anonymousScopes } : {}),
    ...(rates.read || rates.write ? { rates } : {}),
  };
}
