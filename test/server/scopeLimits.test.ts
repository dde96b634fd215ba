// Limits per scope and per key: a principal gets, per limit, its key's own, else the most
// generous of its scopes' (--limit-scope), else the server's; the read budget applies to queries.

import { describe, expect, it } from "vitest";
import { createKey } from "../../src/auth/keyAdmin";
import { parseScopeLimits } from "../../src/cli/accessOptions";
import { AccessControl } from "../../src/server/accessControl";
import { BACKENDS } from "../backends";

describe.each(BACKENDS)("$name", (backend) => {
  it("a key's own limits come first, then the most generous of its scopes', then the server's", async () => {
    const mirror = await backend.open({ schemaDir: "schema" });
    const access = await AccessControl.open(mirror, "127.0.0.1", {
      rates: { read: { perSecond: 5, burst: 5 } },
      scopeLimits: ["read:contacts reads=20/s max-nodes=5000", "read max-nodes=9000", "write writes=2/s", "read:regions reads=0.2/s"].map(parseScopeLimits),
    });
    const key = async (name: string, scopes: string[], limits?: { readsPerSecond?: number; maxNodes?: number }) =>
      `Bearer ${(await createKey(mirror.storage, { name, scopes, ...(limits ? { limits } : {}) }, "test", new Date())).text}`;

    const contacts = await access.identify(await key("contacts", ["read:contacts"]));
    expect(contacts.limits).toEqual({ read: { perSecond: 20, burst: 20 }, maxNodes: 5000 });
    const both = await access.identify(await key("both", ["read:contacts", "read", "write"]));
    expect(both.limits).toEqual({ read: { perSecond: 20, burst: 20 }, write: { perSecond: 2, burst: 2 }, maxNodes: 9000 });
    const own = await access.identify(await key("own", ["read:contacts"], { readsPerSecond: 0.5, maxNodes: 100 }));
    expect(own.limits).toEqual({ read: { perSecond: 0.5, burst: 1 }, maxNodes: 100 });
    const plain = await access.identify(await key("plain", ["read:accounts"]));
    expect(plain.limits).toEqual({});
    // A stricter scope beside one without limits takes nothing away: "read" counts as the server's 5/s.
    const stricter = await access.identify(await key("stricter", ["read", "read:regions"]));
    expect(stricter.limits.read).toEqual({ perSecond: 5, burst: 5 });

    // The server's rate for a principal with none of its own: 5 at once, then refused with the time to wait.
    const admit = access.requestAccess(plain);
    for (let i = 0; i < 5; i++) expect(admit.admit("read")).toBeUndefined();
    expect(admit.admit("read")).toMatchObject({ code: "RATE_LIMITED", details: { retryAfterSeconds: 1, maximum: 5 } });
    // Writes are counted apart from reads.
    expect(admit.admit("write")).toBeUndefined();
  });
});

describe("--limit-scope", () => {
  it("reads a scope and its limits, and refuses text that sets none or names an unknown limit", () => {
    expect(parseScopeLimits("read:contacts reads=20/s max-nodes=5000")).toEqual({ scope: "read:contacts", read: { perSecond: 20, burst: 20 }, maxNodes: 5000 });
    expect(parseScopeLimits("read reads=50/s burst 100 writes=1/s")).toEqual({ scope: "read", read: { perSecond: 50, burst: 100 }, write: { perSecond: 1, burst: 1 } });
    expect(() => parseScopeLimits("read")).toThrow("sets no limit");
    expect(() => parseScopeLimits("read foo=1")).toThrow('"foo=1" is not a limit');
    expect(() => parseScopeLimits("bogus reads=1/s")).toThrow(expect.objectContaining({ code: "BAD_USER_INPUT" }));
  });
});
