// Preload (`node --import ./bench/peer/countStatements.mjs`) for a separate, unmeasured
// `mirrorql serve` of the peer section: appends one line per better-sqlite3 statement
// execution (run, get, all, iterate), in any thread (--import also runs in worker threads),
// to the file named by MIRRORQL_BENCH_STATEMENTS: "<threadId>\t<first 200 characters of the SQL>".
// The section counts the lines one request adds. Never loaded into the measured server.

import { appendFileSync } from "node:fs";
import { createRequire } from "node:module";
import { threadId } from "node:worker_threads";

const out = process.env.MIRRORQL_BENCH_STATEMENTS;
if (out) {
  const require = createRequire(new URL("../../package.json", import.meta.url));
  const Database = require("better-sqlite3");
  const db = new Database(":memory:");
  const proto = Object.getPrototypeOf(db.prepare("SELECT 1"));
  db.close();
  for (const method of ["run", "get", "all", "iterate"]) {
    const original = proto[method];
    proto[method] = function (...args) {
      appendFileSync(out, `${threadId}\t${String(this.source).replace(/\s+/g, " ").slice(0, 200)}\n`);
      return original.apply(this, args);
    };
  }
}
