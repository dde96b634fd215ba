// The command works from any folder: tsx reads the package's own tsconfig (decorators), the
// reader and writer threads too, and --demo finds the package's demo models and change streams.

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const BIN = resolve("bin/mirrorql.js");
const elsewhere = mkdtempSync(join(tmpdir(), "mirrorql-elsewhere-"));
afterAll(() => rmSync(elsewhere, { recursive: true, force: true }));

function run(args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: elsewhere, env: { ...process.env, MIRRORQL_LOG: "silent" } });
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((done) => child.on("exit", done));
  const listening = new Promise<string>((done, fail) => {
    child.stdout.on("data", () => {
      const m = /at (http:\/\/\S+)/.exec(out);
      if (m) done(m[1]!);
    });
    child.on("exit", (code) => fail(new Error(`exited with ${code}: ${out}${err}`)));
  });
  listening.catch(() => undefined); // commands that do not serve never listen
  return { child, exited, listening, output: () => out + err };
}

const post = async (endpoint: string, query: string) =>
  (await fetch(endpoint, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) })).json();

describe("mirrorql from another folder", () => {
  it("sdl prints the schema of the models named by --schema", async () => {
    const sdl = run(["sdl", "--schema", resolve("schema")]);
    expect(await sdl.exited).toBe(0);
    expect(sdl.output()).toContain("type Query {");
  });

  it("serve --demo serves the package's demo, reads on reader threads and writes through the writer thread", async () => {
    const server = run(["serve", "--demo", "--port", "0", "--db", join(elsewhere, "mirror.db")]);
    const endpoint = await server.listening;
    expect(await post(endpoint, `{ regions { totalCount } }`)).toEqual({ data: { regions: { totalCount: 7 } } });
    const applied = await post(endpoint, `mutation { applyChanges(dataset: "regions", changes: [{ region_code: "zz", name: "Zed", revision: "1" }]) { datasets { upserted } } }`);
    expect(applied).toEqual({ data: { applyChanges: { datasets: [{ upserted: 1 }] } } });
    expect(await post(endpoint, `{ region(region_code: "zz") { name } }`)).toEqual({ data: { region: { name: "Zed" } } });
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
  });
});
