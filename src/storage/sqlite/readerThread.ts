// A reader thread: its own read-only connection to the database file (WAL lets it read
// beside the writer), answering the read engine's statements with their one JSON value.

import Database, { type Statement } from "better-sqlite3";
import { parentPort, workerData } from "node:worker_threads";
import { CursorKey } from "../../query/cursor";
import { registerJsonFunctions } from "./jsonFunctions";

export interface ReaderRequest {
  id: number;
  sql: string;
  params: unknown[];
}

export type ReaderResponse = { id: number; ok: true; json: string } | { id: number; ok: false; message: string };

const { database, cursorSecret } = workerData as { database: string; cursorSecret: Uint8Array };
const sqlite = new Database(database, { readonly: true, fileMustExist: true });
sqlite.pragma("busy_timeout = 5000");
sqlite.pragma("cache_size = -65536");
sqlite.defaultSafeIntegers(true);
registerJsonFunctions(sqlite, new CursorKey(Buffer.from(cursorSecret)));

const statements = new Map<string, Statement>();
function statement(sql: string): Statement {
  let stmt = statements.get(sql);
  if (!stmt) {
    if (statements.size > 2000) statements.clear();
    statements.set(sql, (stmt = sqlite.prepare(sql).raw(true)));
  }
  return stmt;
}

parentPort!.on("message", ({ id, sql, params }: ReaderRequest) => {
  let response: ReaderResponse;
  try {
    response = { id, ok: true, json: (statement(sql).get(...params) as [string])[0] };
  } catch (e) {
    response = { id, ok: false, message: (e as Error).message };
  }
  parentPort!.postMessage(response);
});
parentPort!.postMessage({ ready: true });
