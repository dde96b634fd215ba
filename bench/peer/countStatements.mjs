// Preload (`node --import ./bench/peer/countStatements.mjs`) for a separate, unmeasured
// `mirrorql serve` of the peer section: appends one line per statement execution, of
// better-sqlite3 (run, get, all, iterate) in any thread (--import also runs in worker threads)
// and of node-postgres (Client.prototype.query, which pools and drizzle go through), to the file
// named by MIRRORQL_BENCH_STATEMENTS: "<threadId>\t<first 200 characters of the SQL>".
// The section counts the lines one request adds. Never loaded into the measured server.

import { appendFileSync } from "node:fs";
import { createRequire } from "node:module";
import { threadId } from "node:worker_threads";

const out = process.env.MIRRORQL_BENCH_STATEMENTS;
if (out) {
  const require = createRequire(new URL("../../package.json", import.meta.url));
  const record = (sql) => appendFileSync(out, `${threadId}\t${String(sql).replace(/\s+/g, " ").slice(0, 200)}\n`);
  const Database = require("better-sqlite3");
  const db = new Database(":memory:");
  const proto = Object.getPrototypeOf(db.prepare("SELECT 1"));
  db.close();
  for (const method of ["run", "get", "all", "iterate"]) {
    const original = proto[method];
    proto[method] = function (...args) {
      record(this.source);
      return original.apply(this, args);
    };
  }
  // The server imports pg as an ES module; Node gives it this same CommonJS instance.
  const { Client } = require("pg");
  const query = Client.prototype.query;
  Client.prototype.query = function (config, ...rest) {
    const text = typeof config === "string" ? config : config?.text;
    if (typeof text === "string") record(text);
    return query.call(this, config, ...rest);
  };
}
