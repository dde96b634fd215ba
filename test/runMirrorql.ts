// Runs the real command line, as a user would, and collects what it printed.

import { spawn } from "node:child_process";
import { resolve } from "node:path";

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export const BIN = resolve("bin/mirrorql.js");

/** `mirrorql ...args` (logs silent unless `env` says otherwise, in `cwd`, default this checkout); resolves when it exits. */
export function runMirrorql(args: string[], env: Record<string, string> = {}, cwd = process.cwd()): Promise<Run> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, MIRRORQL_LOG: "silent", ...env } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((done) => child.on("close", (code) => done({ code, stdout, stderr })));
}
