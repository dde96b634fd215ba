// JWTs from the identity provider: accepted with the right key, algorithm and claims; every
// other token refused as UNAUTHENTICATED with the reason why; bad settings refused at start.

import { beforeAll, describe, expect, it } from "vitest";
import { SignJWT, exportJWK, exportPKCS8, exportSPKI, generateKeyPair, importPKCS8, type CryptoKey, type JWTPayload } from "jose";
import { jwtVerifier, type JwtSettings } from "../../src/auth/jwt";
import { MirrorError } from "../../src/errors";

const SECRET = "a-shared-secret-of-at-least-32-bytes!";

// A self-signed certificate and its key, made for these tests only (openssl req -x509, EC P-256):
// Node can read certificates but not make them.
const TEST_CERTIFICATE = `-----BEGIN CERTIFICATE-----
MIIBqzCCAVGgAwIBAgIUMmwES9eS7wGLyzqQ1l+IB2OlVIYwCgYIKoZIzj0EAwIw
KjEoMCYGA1UEAwwfbWlycm9ycWwgdGVzdCBpZGVudGl0eSBwcm92aWRlcjAgFw0y
NjExMzAxMDMyNDlaGA8yMTI2MTEwNjEwMzI0OVowKjEoMCYGA1UEAwwfbWlycm9y
cWwgdGVzdCBpZGVudGl0eSBwcm92aWRlcjBZMBMGByqGSM49AgEGCCqGSM49AwEH
A0IABEOUA56+TPg6gg3xorFgU+AGjFi48WhO7PckfZ4BSblTd4J185h4NWNFPxdS
NBq9GZPyh7ksyDFPbytIKbcpGzujUzBRMB0GA1UdDgQWBBRBQtYLJqulOE3XAZya
fYBmoH1WyTAfBgNVHSMEGDAWgBRBQtYLJqulOE3XAZyafYBmoH1WyTAPBgNVHRMB
Af8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIQC5GTLv29699y8BUZuNOKS7JIYm
ROXfdsPQKA7Zew5AywIgdXIB86wgyLY1L9cAZ08+hZ5wEW3MzM/u6CE7sxMPE1k=
-----END CERTIFICATE-----`;
const TEST_CERTIFICATE_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgf1uunkpI83PZHvnR
5m7yU95vQtrtnW20tfYaZBXRbDqhRANCAARDlAOevkz4OoIN8aKxYFPgBoxYuPFo
Tuz3JH2eAUm5U3eCdfOYeDVjRT8XUjQavRmT8oe5LMgxT28rSCm3KRs7
-----END PRIVATE KEY-----`;
const now = () => Math.floor(Date.now() / 1000);
const b64url = (value: object | string) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

interface Signing {
  alg: "HS256" | "RS256" | "ES256";
  key: CryptoKey | Uint8Array;
  kid?: string;
}

/** A token with `sub` "alice", one hour of validity, and the claims given (undefined removes one). */
function sign({ alg, key, kid }: Signing, claims: JWTPayload = {}): Promise<string> {
  const payload: JWTPayload = { sub: "alice", iat: now(), exp: now() + 3600, ...claims };
  for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
  return new SignJWT(payload).setProtectedHeader({ alg, ...(kid ? { kid } : {}) }).sign(key);
}

async function refusalOf(promise: Promise<unknown>): Promise<MirrorError> {
  const error = await promise.then(
    () => {
      throw new Error("expected a refusal");
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MirrorError);
  return error as MirrorError;
}

async function reasonOf(settings: JwtSettings, token: string): Promise<string> {
  const error = await refusalOf((await jwtVerifier(settings))(token));
  expect(error.code).toBe("UNAUTHENTICATED");
  if (token !== "") expect(error.message).not.toContain(token);
  return error.details.reason as string;
}

const settingOf = async (settings: JwtSettings) => {
  const error = await refusalOf(jwtVerifier(settings));
  expect(error.code).toBe("BAD_USER_INPUT");
  return error.details.setting;
};

const hs: Signing = { alg: "HS256", key: new TextEncoder().encode(SECRET) };
let rsa: { privateKey: CryptoKey; publicKey: CryptoKey };
let ec: { privateKey: CryptoKey; publicKey: CryptoKey };
let otherRsa: { privateKey: CryptoKey; publicKey: CryptoKey };
let rsaPem: string;
let ecPem: string;

beforeAll(async () => {
  [rsa, ec, otherRsa] = await Promise.all([
    generateKeyPair("RS256", { extractable: true }),
    generateKeyPair("ES256", { extractable: true }),
    generateKeyPair("RS256", { extractable: true }),
  ]);
  [rsaPem, ecPem] = await Promise.all([exportSPKI(rsa.publicKey), exportSPKI(ec.publicKey)]);
});

describe("accepted tokens", () => {
  it("accepts an HS256 token signed with the shared secret and reads name, scopes and expiry", async () => {
    const exp = now() + 600;
    const identity = await (await jwtVerifier({ secret: SECRET }))(await sign(hs, { scope: "read:orders  write:orders", exp }));
    expect(identity).toEqual({ name: "alice", scopes: ["read:orders", "write:orders"], expiresAt: new Date(exp * 1000).toISOString() });
  });

  it("accepts RS256 and ES256 tokens verified with PEM public keys, trying each key of the algorithm in turn", async () => {
    const other = await exportSPKI(otherRsa.publicKey);
    const verify = await jwtVerifier({ publicKeys: [other, ecPem, rsaPem] });
    expect((await verify(await sign({ alg: "RS256", key: rsa.privateKey }))).name).toBe("alice");
    expect((await verify(await sign({ alg: "ES256", key: ec.privateKey }))).name).toBe("alice");
  });

  it("accepts an ES256 token verified with an X.509 certificate", async () => {
    const key = await importPKCS8(TEST_CERTIFICATE_KEY, "ES256");
    const verify = await jwtVerifier({ publicKeys: [TEST_CERTIFICATE] });
    expect((await verify(await sign({ alg: "ES256", key }))).name).toBe("alice");
    expect(await reasonOf({ publicKeys: [TEST_CERTIFICATE] }, await sign({ alg: "ES256", key: ec.privateKey }))).toBe("bad_signature");
  });

  it("chooses the JWKS key by the token's kid", async () => {
    const jwks = {
      keys: [
        { ...(await exportJWK(otherRsa.publicKey)), kid: "old" },
        { ...(await exportJWK(rsa.publicKey)), kid: "new" },
        { ...(await exportJWK(ec.publicKey)), kid: "ec" },
      ],
    };
    const verify = await jwtVerifier({ jwks });
    expect((await verify(await sign({ alg: "RS256", key: rsa.privateKey, kid: "new" }))).name).toBe("alice");
    expect((await verify(await sign({ alg: "ES256", key: ec.privateKey, kid: "ec" }))).name).toBe("alice");
    expect(await reasonOf({ jwks }, await sign({ alg: "RS256", key: rsa.privateKey, kid: "old" }))).toBe("bad_signature");
    expect(await reasonOf({ jwks }, await sign({ alg: "RS256", key: rsa.privateKey, kid: "unknown" }))).toBe("bad_signature");
  });

  it("ignores JWKS keys for other algorithms or for encryption, as an identity provider's JWKS may hold them", async () => {
    const jwks = { keys: [{ ...(await exportJWK(otherRsa.publicKey)), use: "enc" }, { ...(await exportJWK(rsa.publicKey)), alg: "PS256" }, await exportJWK(ec.publicKey)] };
    expect((await (await jwtVerifier({ jwks }))(await sign({ alg: "ES256", key: ec.privateKey }))).name).toBe("alice");
    expect(await reasonOf({ jwks }, await sign({ alg: "RS256", key: rsa.privateKey }))).toBe("bad_algorithm");
  });

  it("reads scopes from an array claim and from a nested dot path", async () => {
    const token = await sign(hs, { scp: ["a", "b"], realm_access: { roles: ["reader"] } });
    expect((await (await jwtVerifier({ secret: SECRET, scopesClaim: "scp" }))(token)).scopes).toEqual(["a", "b"]);
    expect((await (await jwtVerifier({ secret: SECRET, scopesClaim: "realm_access.roles" }))(token)).scopes).toEqual(["reader"]);
  });

  it("reads a claim whose own name holds dots before trying it as a path", async () => {
    const token = await sign(hs, { "https://example.com/roles": ["admin"] });
    expect((await (await jwtVerifier({ secret: SECRET, scopesClaim: "https://example.com/roles" }))(token)).scopes).toEqual(["admin"]);
  });

  it("gives no scopes when the scope claim is missing", async () => {
    expect((await (await jwtVerifier({ secret: SECRET }))(await sign(hs))).scopes).toEqual([]);
  });

  it("refuses a scope claim that is neither a string nor an array of strings", async () => {
    expect(await reasonOf({ secret: SECRET }, await sign(hs, { scope: 42 }))).toBe("malformed");
    expect(await reasonOf({ secret: SECRET }, await sign(hs, { scope: ["a", 1] }))).toBe("malformed");
  });

  it("names the principal by nameClaim", async () => {
    const token = await sign(hs, { email: "alice@example.com" });
    expect((await (await jwtVerifier({ secret: SECRET, nameClaim: "email" }))(token)).name).toBe("alice@example.com");
  });

  it("accepts matching issuer and audience, the audience also as one of a list", async () => {
    const settings = { secret: SECRET, issuer: "https://id.example.com/", audience: "mirrorql" };
    const verify = await jwtVerifier(settings);
    expect((await verify(await sign(hs, { iss: "https://id.example.com/", aud: "mirrorql" }))).name).toBe("alice");
    expect((await verify(await sign(hs, { iss: "https://id.example.com/", aud: ["other", "mirrorql"] }))).name).toBe("alice");
  });
});

describe("refused tokens", () => {
  it("refuses an expired token, saying when it expired", async () => {
    const exp = now() - 120;
    const error = await refusalOf((await jwtVerifier({ secret: SECRET }))(await sign(hs, { exp })));
    expect(error.details).toEqual({ reason: "expired" });
    expect(error.message).toContain(`expired at ${new Date(exp * 1000).toISOString()}`);
  });

  it("refuses a token before its nbf", async () => {
    expect(await reasonOf({ secret: SECRET }, await sign(hs, { nbf: now() + 120 }))).toBe("not_yet_valid");
  });

  it("tolerates clock skew within clockSkewSeconds, and no more", async () => {
    const lateExp = await sign(hs, { exp: now() - 10 });
    const earlyNbf = await sign(hs, { nbf: now() + 10 });
    const lenient = await jwtVerifier({ secret: SECRET });
    expect((await lenient(lateExp)).name).toBe("alice");
    expect((await lenient(earlyNbf)).name).toBe("alice");
    expect(await reasonOf({ secret: SECRET, clockSkewSeconds: 0 }, lateExp)).toBe("expired");
    expect(await reasonOf({ secret: SECRET, clockSkewSeconds: 0 }, earlyNbf)).toBe("not_yet_valid");
  });

  it("refuses a token without exp unless requireExpiry is false", async () => {
    const token = await sign(hs, { exp: undefined });
    expect(await reasonOf({ secret: SECRET }, token)).toBe("no_expiry");
    const identity = await (await jwtVerifier({ secret: SECRET, requireExpiry: false }))(token);
    expect(identity).toEqual({ name: "alice", scopes: [] });
  });

  it("refuses a wrong or missing audience", async () => {
    const settings = { secret: SECRET, audience: "mirrorql" };
    expect(await reasonOf(settings, await sign(hs, { aud: "another-api" }))).toBe("wrong_audience");
    expect(await reasonOf(settings, await sign(hs))).toBe("wrong_audience");
  });

  it("refuses a wrong or missing issuer, naming both", async () => {
    const settings = { secret: SECRET, issuer: "https://id.example.com/" };
    const error = await refusalOf((await jwtVerifier(settings))(await sign(hs, { iss: "https://evil.example/" })));
    expect(error.details).toEqual({ reason: "wrong_issuer" });
    expect(error.message).toContain('"https://evil.example/"');
    expect(error.message).toContain('"https://id.example.com/"');
    expect(await reasonOf(settings, await sign(hs))).toBe("wrong_issuer");
  });

  it("refuses a token without the name claim", async () => {
    expect(await reasonOf({ secret: SECRET }, await sign(hs, { sub: undefined }))).toBe("no_name");
    expect(await reasonOf({ secret: SECRET, nameClaim: "email" }, await sign(hs))).toBe("no_name");
  });

  it('refuses an unsigned token (alg "none") whatever the key source', async () => {
    const unsigned = `${b64url({ alg: "none", typ: "JWT" })}.${b64url({ sub: "alice", exp: now() + 3600 })}.`;
    expect(await reasonOf({ secret: SECRET }, unsigned)).toBe("bad_algorithm");
    expect(await reasonOf({ publicKeys: [rsaPem] }, unsigned)).toBe("bad_algorithm");
  });

  it("refuses an HS256 token presented to public keys, even when signed with the public key's PEM as secret (algorithm confusion)", async () => {
    const confused = await sign({ alg: "HS256", key: new TextEncoder().encode(rsaPem) });
    expect(await reasonOf({ publicKeys: [rsaPem] }, confused)).toBe("bad_algorithm");
    const jwks = { keys: [await exportJWK(rsa.publicKey)] };
    expect(await reasonOf({ jwks }, confused)).toBe("bad_algorithm");
  });

  it("refuses an RS256 token presented to a shared secret", async () => {
    expect(await reasonOf({ secret: SECRET }, await sign({ alg: "RS256", key: rsa.privateKey }))).toBe("bad_algorithm");
  });

  it("refuses an ES256 token when only RSA keys are configured", async () => {
    expect(await reasonOf({ publicKeys: [rsaPem] }, await sign({ alg: "ES256", key: ec.privateKey }))).toBe("bad_algorithm");
  });

  it("refuses a token signed with another key", async () => {
    expect(await reasonOf({ secret: SECRET }, await sign({ alg: "HS256", key: new TextEncoder().encode(`${SECRET}-other`) }))).toBe("bad_signature");
    expect(await reasonOf({ publicKeys: [rsaPem] }, await sign({ alg: "RS256", key: otherRsa.privateKey }))).toBe("bad_signature");
  });

  it("refuses a token whose payload was altered after signing", async () => {
    const [header, , signature] = (await sign(hs, { scope: "read" })).split(".");
    const tampered = `${header}.${b64url({ sub: "alice", scope: "read write admin", exp: now() + 3600 })}.${signature}`;
    expect(await reasonOf({ secret: SECRET }, tampered)).toBe("bad_signature");
  });

  it("refuses garbage as malformed", async () => {
    for (const garbage of ["", "not a token", "a.b.c", "a.b", "a.b.c.d", `${b64url("[1]")}.${b64url({})}.`, `${b64url({ typ: "JWT" })}.${b64url({})}.`]) {
      expect(await reasonOf({ secret: SECRET }, garbage)).toBe("malformed");
    }
    // The signature is checked before the payload is read, so a well-formed header over garbage fails there.
    expect(await reasonOf({ secret: SECRET }, `${b64url({ alg: "HS256" })}.%%%.sig`)).toBe("bad_signature");
  });

  it("refuses a token naming a critical header extension this server does not know as malformed", async () => {
    const token = await new SignJWT({ sub: "alice", exp: now() + 3600 })
      .setProtectedHeader({ alg: "HS256", crit: ["x-bind"], "x-bind": 1 })
      .sign(hs.key, { crit: { "x-bind": true } });
    expect(await reasonOf({ secret: SECRET }, token)).toBe("malformed");
  });

  it("refuses a signed token whose payload is not a JSON object as malformed", async () => {
    const header = b64url({ alg: "HS256" });
    const payload = b64url("[1,2]");
    const { createHmac } = await import("node:crypto");
    const signature = createHmac("sha256", SECRET).update(`${header}.${payload}`).digest("base64url");
    expect(await reasonOf({ secret: SECRET }, `${header}.${payload}.${signature}`)).toBe("malformed");
  });
});

describe("settings", () => {
  it("needs exactly one key source", async () => {
    expect(await settingOf({})).toBe("secret, publicKeys, jwks");
    expect(await settingOf({ secret: SECRET, publicKeys: [rsaPem] })).toBe("secret, publicKeys");
  });

  it("refuses a secret shorter than 32 bytes without quoting it", async () => {
    const error = await refusalOf(jwtVerifier({ secret: "short-secret" }));
    expect(error.details.setting).toBe("secret");
    expect(error.message).not.toContain("short-secret");
  });

  it("refuses PEM text that is not an RSA or P-256 public key, naming which one", async () => {
    expect(await settingOf({ publicKeys: [rsaPem, "not a key"] })).toBe("publicKeys[1]");
    const { privateKey } = await generateKeyPair("RS256", { extractable: true });
    expect(await settingOf({ publicKeys: [await exportPKCS8(privateKey)] })).toBe("publicKeys[0]");
    const p384 = await generateKeyPair("ES384", { extractable: true });
    expect(await settingOf({ publicKeys: [await exportSPKI(p384.publicKey)] })).toBe("publicKeys[0]");
    const lines = rsaPem.trim().split("\n");
    const damaged = [...lines.slice(0, 3), ...lines.slice(4)].join("\n");
    expect(await settingOf({ publicKeys: [damaged] })).toBe("publicKeys[0]");
    expect(await settingOf({ publicKeys: [] })).toBe("publicKeys");
  });

  it("refuses an RSA key shorter than 2048 bits", async () => {
    const { generateKeyPairSync } = await import("node:crypto");
    const { publicKey } = generateKeyPairSync("rsa", {
      modulusLength: 1024,
      publicKeyEncoding: { type: "spki", format: "pem" },
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
    });
    expect(await settingOf({ publicKeys: [publicKey] })).toBe("publicKeys[0]");
  });

  it("refuses a JWKS that is not one, holds a private key, or has no usable key", async () => {
    expect(await settingOf({ jwks: [] })).toBe("jwks");
    expect(await settingOf({ jwks: { keys: [await exportJWK(rsa.publicKey), await exportJWK(rsa.privateKey)] } })).toBe("jwks.keys[1]");
    expect(await settingOf({ jwks: { keys: [{ ...(await exportJWK(rsa.publicKey)), use: "enc" }] } })).toBe("jwks");
    expect(await settingOf({ jwks: { keys: [{ kty: "RSA", n: "AQAB", e: 5 }] } })).toBe("jwks.keys[0]");
  });

  it("refuses a negative clock skew and empty claim names", async () => {
    expect(await settingOf({ secret: SECRET, clockSkewSeconds: -1 })).toBe("clockSkewSeconds");
    expect(await settingOf({ secret: SECRET, scopesClaim: "" })).toBe("scopesClaim");
    expect(await settingOf({ secret: SECRET, issuer: "" })).toBe("issuer");
  });
});
