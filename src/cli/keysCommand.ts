// `mirrorql keys create|list|revoke`: API keys in the database, made and revoked from a shell.
// It opens the storage alone, without models, so it runs beside a server on the same database
// (SQLite waits out the server's writes through busy_timeout). Exit codes: 0 done, 1 the
// database cannot be opened or the key is unknown, 2 bad input.

import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { createKey, revokeKey } from "../auth/keyAdmin";
import { parseScope } from "../auth/scopes";
import { MirrorError } from "../errors";
import type { ApiKeyRecord } from "../storage/AccessRecords";
import { isPostgresUrl, MEMORY, openStorage, withoutPassword } from "../storage/openStorage";
import type { Storage } from "../storage/Storage";
import { parseExpiry, parseKeyName, parseLimits } from "./keyOptions";

const HELP = `mirrorql keys: API keys of the mirror, stored as a hash of their secret.

Usage:
  mirrorql keys create --name NAME --scope SCOPE [--scope SCOPE ...] [options]
                       Make a key and print it, once: it cannot be shown again
  mirrorql keys list [--json]
                       Every key, revoked and expired ones included (never a secret)
  mirrorql keys revoke ID_OR_NAME
                       Revoke a key by its id (or else its name); at once and for good

Scopes: read, write or admin, for every dataset, or for one as read:DATASET (e.g. read:contacts).

Options of create:
  --name NAME               A name for people, unique: a name is never reused, even once revoked
  --scope SCOPE             What the key may do; repeat for several
  --expires TIME            When it stops working: 2027-01-01 (midnight UTC) or 2027-01-01T12:00:00Z
  --expires-in D            Or how long from now: 90d, 12h, 30m, 2w (or ISO 8601, P90D)
  --reads-per-second N      This key's own read rate limit
  --writes-per-second N     This key's own write rate limit
  --max-nodes N             This key's own limit of objects one query may return

Options of every keys command:
  --db LOCATION             A SQLite database file or a PostgreSQL URL; default: the DATABASE_URL
                            environment variable, else data/mirror.db (as serve)
  --pg-schema NAME          PostgreSQL only: the mirror's schema (default mirrorql)
`;

/** Input the user can fix: one line, exit code 2. */
class UsageError extends Error {}

const DATABASE_OPTIONS = { db: { type: "string" }, "pg-schema": { type: "string" }, help: { type: "boolean", short: "h" } } as const;

const COMMANDS = {
  create: {
    options: {
      ...DATABASE_OPTIONS,
      name: { type: "string" },
      scope: { type: "string", multiple: true },
      expires: { type: "string" },
      "expires-in": { type: "string" },
      "reads-per-second": { type: "string" },
      "writes-per-second": { type: "string" },
      "max-nodes": { type: "string" },
    },
    positionals: 0,
  },
  list: { options: { ...DATABASE_OPTIONS, json: { type: "boolean" } }, positionals: 0 },
  revoke: { options: DATABASE_OPTIONS, positionals: 1 },
} as const;

type Command = keyof typeof COMMANDS;
type Values = Partial<Record<string, string | string[] | boolean>>;

const isCommand = (text: string): text is Command => Object.hasOwn(COMMANDS, text);

/** The options and arguments of one keys command; an unknown option or a missing value is a UsageError. */
function parse(command: Command, args: string[]): { values: Values; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args, options: COMMANDS[command].options, allowPositionals: true, strict: true });
    return { values: values as Values, positionals };
  } catch (e) {
    // parseArgs names the unknown option or the missing value; the help names the right ones.
    throw new UsageError(`${(e as Error).message} (see mirrorql keys --help)`);
  }
}

/**
 * Runs `mirrorql keys ...` with the arguments after `keys`; resolves with the exit code.
 * @example process.exitCode = await keysCommand(["create", "--name", "ci", "--scope", "write:contacts"]);
 */
export async function keysCommand(argv: string[], now: () => Date = () => new Date()): Promise<number> {
  const command = argv[0];
  if (command === undefined || command === "--help" || command === "-h") {
    process.stdout.write(HELP);
    return command === undefined ? 2 : 0;
  }
  try {
    if (!isCommand(command)) throw new UsageError(`Unknown keys command ${JSON.stringify(command)}: use create, list or revoke (see mirrorql keys --help).`);
    const { values, positionals } = parse(command, argv.slice(1));
    if (values.help) {
      process.stdout.write(HELP);
      return 0;
    }
    const expected = COMMANDS[command].positionals;
    if (positionals.length !== expected) {
      throw new UsageError(
        expected === 0
          ? `mirrorql keys ${command} takes no arguments besides options, received ${positionals.map((p) => JSON.stringify(p)).join(" ")}.`
          : `Name one key to revoke, by id or name: mirrorql keys revoke ID_OR_NAME.`,
      );
    }
    switch (command) {
      case "create":
        return await create(values, now());
      case "list":
        return await list(values);
      case "revoke":
        return await revoke(values, positionals[0]!, now());
    }
  } catch (e) {
    if (e instanceof UsageError || (e instanceof MirrorError && e.code === "BAD_USER_INPUT")) {
      process.stderr.write(`mirrorql keys: ${e.message}\n`);
      return 2;
    }
    if (e instanceof CannotOpen) {
      process.stderr.write(`mirrorql keys: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

async function create(values: Values, at: Date): Promise<number> {
  const name = parseKeyName(values.name as string | undefined);
  const texts = (values.scope as string[] | undefined) ?? [];
  if (texts.length === 0) throw new UsageError("Give the key at least one --scope: read, write or admin, or one of them for a dataset, e.g. --scope read:contacts.");
  for (const text of texts) parseScope(text);
  const scopes = [...new Set(texts)];
  const expiresAt = parseExpiry({ at: values.expires as string | undefined, in: values["expires-in"] as string | undefined }, at);
  const limits = parseLimits({
    readsPerSecond: values["reads-per-second"] as string | undefined,
    writesPerSecond: values["writes-per-second"] as string | undefined,
    maxNodes: values["max-nodes"] as string | undefined,
  });

  return withStorage(values, { mustExist: false }, async (storage) => {
    const { record: key, text } = await createKey(storage, { name, scopes, ...(expiresAt !== undefined ? { expiresAt } : {}), ...(limits ? { limits } : {}) }, "cli", at);
    process.stdout.write(`${text}\n`);
    process.stderr.write(
      `Created API key ${key.id} (${JSON.stringify(name)}; scopes ${scopes.join(", ")}; ${expiresAt ? `expires ${expiresAt}` : "no expiry"}). ` +
        "The key above is shown only this once and cannot be shown again: store it now.\n",
    );
    return 0;
  });
}

async function list(values: Values): Promise<number> {
  return withStorage(values, { mustExist: true }, async (storage) => {
    const keys = await storage.apiKeys();
    if (values.json) process.stdout.write(`${JSON.stringify(keys, null, 2)}\n`);
    else process.stdout.write(keys.length === 0 ? "No API keys.\n" : table(keys));
    return 0;
  });
}

async function revoke(values: Values, idOrName: string, at: Date): Promise<number> {
  return withStorage(values, { mustExist: true }, async (storage) => {
    const revoked = await revokeKey(storage, idOrName, "cli", at);
    if (!revoked) {
      process.stderr.write(`mirrorql keys: No API key has the id or name ${JSON.stringify(idOrName)}; mirrorql keys list shows them.\n`);
      return 1;
    }
    const { key, already } = revoked;
    if (already) {
      process.stdout.write(`API key ${key.id} (${JSON.stringify(key.name)}) was revoked already, at ${key.revokedAt}.\n`);
      return 0;
    }
    process.stdout.write(`Revoked API key ${key.id} (${JSON.stringify(key.name)}).\n`);
    return 0;
  });
}

/** The database cannot be opened: exit code 1, with where (never the password) and why. */
class CannotOpen extends Error {}

async function withStorage(values: Values, { mustExist }: { mustExist: boolean }, work: (storage: Storage) => Promise<number>): Promise<number> {
  const database = (values.db as string | undefined) ?? (process.env.DATABASE_URL || "data/mirror.db");
  const pgSchema = values["pg-schema"] as string | undefined;
  const postgres = isPostgresUrl(database);
  if (!postgres && pgSchema !== undefined) throw new UsageError(`--pg-schema applies to a PostgreSQL database only; --db (or DATABASE_URL) names the SQLite file ${database}.`);
  // Listing or revoking on a mistyped path would otherwise leave a new, empty database there.
  if (!postgres && mustExist && database !== MEMORY && !existsSync(database)) {
    throw new UsageError(`There is no SQLite database at ${database}: check --db (or DATABASE_URL).`);
  }
  let storage: Storage;
  try {
    storage = await openStorage(database, pgSchema !== undefined ? { pgSchema } : {});
  } catch (e) {
    if (e instanceof MirrorError) throw e;
    const code = (e as { code?: unknown }).code;
    throw new CannotOpen(`Cannot open the database ${postgres ? withoutPassword(database) : database}: ${(e as Error).message}${typeof code === "string" ? ` (${code})` : ""}.`);
  }
  try {
    return await work(storage);
  } finally {
    await storage.close();
  }
}

/** Keys as a table for people: one line each, the columns aligned. */
function table(keys: readonly ApiKeyRecord[]): string {
  const rows = [
    ["ID", "NAME", "SCOPES", "CREATED", "EXPIRES", "LAST USED", "REVOKED"],
    ...keys.map((k) => [k.id, k.name, k.scopes.join(","), k.createdAt, k.expiresAt ?? "-", k.lastUsedAt ?? "-", k.revokedAt ?? "-"]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return (
    rows
      .map((r) =>
        r
          .map((cell, i) => cell.padEnd(widths[i]!))
          .join("  ")
          .trimEnd(),
      )
      .join("\n") + "\n"
  );
}
