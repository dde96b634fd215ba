// Access control's records in the storage, on each backend (test/backends.ts): API keys (only a
// hash of the secret), the audit log, and the mirror's own secrets. None of them needs models.

import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { MirrorError } from "../../src/errors";
import type { NewApiKey } from "../../src/storage/AccessRecords";
import { openStorage } from "../../src/storage/openStorage";
import type { Storage } from "../../src/storage/Storage";
import { BACKENDS, type Location } from "../backends";

const hash = (secret: string) => createHash("sha256").update(secret).digest();

const key = (id: string, name: string, more: Partial<NewApiKey> = {}): NewApiKey => ({
  id,
  name,
  secretHash: hash(`secret-of-${id}`),
  scopes: ["read"],
  createdAt: "2026-01-01T00:00:00.000Z",
  ...more,
});

describe.each(BACKENDS)("$name", (backend) => {
  const opened: Storage[] = [];
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
  });
  async function open(at: Location = backend.location()): Promise<Storage> {
    const storage = await openStorage(at.database, at.pgSchema !== undefined ? { pgSchema: at.pgSchema } : {});
    opened.push(storage);
    return storage;
  }

  describe("API keys", () => {
    it("a created key reads back with its hash, scopes and limits, without loading any model", async () => {
      const s = await open();
      await s.createApiKey(key("aaaaaaaaaaaa", "ci", { scopes: ["read", "write:contacts"], limits: { readsPerSecond: 5, maxNodes: 1000 }, expiresAt: "2027-01-01T00:00:00.000Z" }));
      expect(await s.apiKey("aaaaaaaaaaaa")).toEqual({
        id: "aaaaaaaaaaaa",
        name: "ci",
        secretHash: hash("secret-of-aaaaaaaaaaaa"),
        scopes: ["read", "write:contacts"],
        limits: { readsPerSecond: 5, maxNodes: 1000 },
        createdAt: "2026-01-01T00:00:00.000Z",
        expiresAt: "2027-01-01T00:00:00.000Z",
        lastUsedAt: null,
        revokedAt: null,
      });
      expect(await s.apiKey("bbbbbbbbbbbb")).toBeUndefined();
    });

    it("the list holds every key, revoked ones included, by creation time then id in byte order, and never a hash", async () => {
      const s = await open();
      await s.createApiKey(key("cccccccccccc", "third", { createdAt: "2026-01-02T00:00:00.000Z" }));
      await s.createApiKey(key("bbbbbbbbbbbb", "second"));
      await s.createApiKey(key("Zzzzzzzzzzzz", "first"));
      await s.createApiKey(key("aaaaaaaaaaaa", "also-first"));
      await s.revokeApiKey("second", "2026-01-03T00:00:00.000Z");
      const listed = await s.apiKeys();
      expect(listed.map((k) => [k.id, k.name, k.revokedAt])).toEqual([
        ["Zzzzzzzzzzzz", "first", null],
        ["aaaaaaaaaaaa", "also-first", null],
        ["bbbbbbbbbbbb", "second", "2026-01-03T00:00:00.000Z"],
        ["cccccccccccc", "third", null],
      ]);
      for (const k of listed) expect(k).not.toHaveProperty("secretHash");
      expect(listed[0]).toEqual({
        id: "Zzzzzzzzzzzz",
        name: "first",
        scopes: ["read"],
        limits: null,
        createdAt: "2026-01-01T00:00:00.000Z",
        expiresAt: null,
        lastUsedAt: null,
        revokedAt: null,
      });
    });

    it("a name any key has had is refused with BAD_USER_INPUT naming the argument, also after that key was revoked", async () => {
      const s = await open();
      await s.createApiKey(key("aaaaaaaaaaaa", "ci"));
      await s.revokeApiKey("ci", "2026-01-02T00:00:00.000Z");
      const refused = await s.createApiKey(key("bbbbbbbbbbbb", "ci")).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(MirrorError);
      expect(refused).toMatchObject({ code: "BAD_USER_INPUT", details: { argument: "name", name: "ci" } });
      expect((refused as Error).message).toContain(`An API key named "ci" exists already`);
      expect(await s.apiKey("bbbbbbbbbbbb")).toBeUndefined();
    });

    it("revoking finds a key by id, else by name; a second revocation keeps the first time; an unknown key is undefined", async () => {
      const s = await open();
      await s.createApiKey(key("aaaaaaaaaaaa", "ci"));
      await s.createApiKey(key("bbbbbbbbbbbb", "aaaaaaaaaaaa"));
      // The id of one key wins over the same text as another key's name.
      expect(await s.revokeApiKey("aaaaaaaaaaaa", "2026-02-01T00:00:00.000Z")).toMatchObject({ id: "aaaaaaaaaaaa", revokedAt: "2026-02-01T00:00:00.000Z" });
      expect((await s.apiKey("bbbbbbbbbbbb"))?.revokedAt).toBeNull();
      expect(await s.revokeApiKey("ci", "2026-03-01T00:00:00.000Z")).toMatchObject({ id: "aaaaaaaaaaaa", revokedAt: "2026-02-01T00:00:00.000Z" });
      expect(await s.revokeApiKey("nobody", "2026-03-01T00:00:00.000Z")).toBeUndefined();
    });

    it("touching records the last use, and an earlier use recorded late does not move it back", async () => {
      const s = await open();
      await s.createApiKey(key("aaaaaaaaaaaa", "ci"));
      await s.touchApiKey("aaaaaaaaaaaa", "2026-01-05T00:00:00.000Z");
      await s.touchApiKey("aaaaaaaaaaaa", "2026-01-04T00:00:00.000Z");
      await s.touchApiKey("nobody", "2026-01-05T00:00:00.000Z");
      expect((await s.apiKey("aaaaaaaaaaaa"))?.lastUsedAt).toBe("2026-01-05T00:00:00.000Z");
    });

    it("active keys are those neither revoked nor expired at the time asked (a key expiring exactly then is expired)", async () => {
      const s = await open();
      expect(await s.activeApiKeys("2026-06-01T00:00:00.000Z")).toBe(0);
      await s.createApiKey(key("aaaaaaaaaaaa", "forever"));
      await s.createApiKey(key("bbbbbbbbbbbb", "until-june", { expiresAt: "2026-06-01T00:00:00.000Z" }));
      await s.createApiKey(key("cccccccccccc", "revoked"));
      await s.revokeApiKey("revoked", "2026-02-01T00:00:00.000Z");
      expect(await s.activeApiKeys("2026-05-31T23:59:59.999Z")).toBe(2);
      expect(await s.activeApiKeys("2026-06-01T00:00:00.000Z")).toBe(1);
    });
  });

  describe("audit log", () => {
    it("entries read back newest first, paged by seq and filtered by action", async () => {
      const s = await open();
      await s.appendAudit({ at: "2026-01-01T00:00:00.000Z", principal: "cli", action: "key.create", target: { id: "a", name: "ci", scopes: ["read"] } });
      await s.appendAudit({ at: "2026-01-02T00:00:00.000Z", principal: "cli", action: "key.revoke", target: { id: "a", name: "ci" } });
      await s.appendAudit({ at: "2026-01-03T00:00:00.000Z", principal: "key:b", action: "key.create", target: { id: "c", name: "ops", scopes: [] } });
      const all = await s.auditLog({ limit: 10 });
      expect(all.map((e) => [e.action, e.at])).toEqual([
        ["key.create", "2026-01-03T00:00:00.000Z"],
        ["key.revoke", "2026-01-02T00:00:00.000Z"],
        ["key.create", "2026-01-01T00:00:00.000Z"],
      ]);
      expect(all[2]).toEqual({ seq: all[2]!.seq, at: "2026-01-01T00:00:00.000Z", principal: "cli", action: "key.create", target: { id: "a", name: "ci", scopes: ["read"] } });
      expect(all[0]!.seq).toBeGreaterThan(all[1]!.seq);
      expect((await s.auditLog({ limit: 1 })).map((e) => e.seq)).toEqual([all[0]!.seq]);
      expect((await s.auditLog({ limit: 10, before: all[0]!.seq })).map((e) => e.seq)).toEqual([all[1]!.seq, all[2]!.seq]);
      expect((await s.auditLog({ limit: 10, action: "key.create" })).map((e) => e.seq)).toEqual([all[0]!.seq, all[2]!.seq]);
      expect(await s.auditLog({ limit: 10, action: "key.create", before: all[2]!.seq })).toEqual([]);
    });
  });

  describe("secrets", () => {
    it("a secret is 32 random bytes made once, the same after the database is opened again", async () => {
      const at = backend.location({ reopen: true });
      const first = await open(at);
      const made = await first.secret("jwt");
      expect(made).toHaveLength(32);
      expect(await first.secret("jwt")).toEqual(made);
      expect(await first.secret("other")).not.toEqual(made);
      await first.close();
      expect(await (await open(at)).secret("jwt")).toEqual(made);
    });

    it("two storages on one database asking at once get the same secret", async () => {
      const at = backend.location({ reopen: true });
      const [a, b] = [await open(at), await open(at)];
      for (let i = 0; i < 5; i++) {
        const [x, y] = await Promise.all([a.secret(`race-${i}`), b.secret(`race-${i}`)]);
        expect(x).toEqual(y);
      }
    });
  });
});
