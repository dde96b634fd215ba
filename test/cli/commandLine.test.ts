// The command line as a user meets it: help per command, the version, one line and the usage for
// an option a command does not take, and every option also from the environment
// (MIRRORQL_SOME_NAME) and from a configuration file, the command line first.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { envName, readCommandOptions, UsageError } from "../../src/cli/commandOptions";
import { runMirrorql } from "../runMirrorql";

const dir = mkdtempSync(join(tmpdir(), "mirrorql-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SCHEMA = resolve("schema");

describe("mirrorql's command line", () => {
  it("--version prints the package's version; COMMAND --help prints that command's options only", async () => {
    expect((await runMirrorql(["--version"])).stdout).toMatch(/^mirrorql \d+\.\d+\.\d+\n$/);
    const help = await runMirrorql(["ingest", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--dataset NAME");
    expect(help.stdout).not.toContain("--max-page-size");
    expect((await runMirrorql(["serve", "--help"])).stdout).toContain("--jwt-issuer");
  });

  it("an option the command does not take is refused in one line, followed by the command's usage", async () => {
    const run = await runMirrorql(["check", "--port", "5"]);
    expect(run.code).toBe(2);
    expect(run.stderr.split("\n")[0]).toBe("mirrorql check does not take the option --port.");
    expect(run.stderr).toContain("Usage: mirrorql check");
    expect((await runMirrorql(["frob"])).stderr).toBe('Unknown command "frob"; mirrorql --help lists the commands.\n');
  });

  it("an option comes from the command line, else MIRRORQL_<NAME>, else mirrorql.config.json", async () => {
    writeFileSync(join(dir, "mirrorql.config.json"), JSON.stringify({ check: { schema: SCHEMA } }));
    expect((await runMirrorql(["check"], {}, dir)).stdout).toContain("7 models in");
    const fromEnv = await runMirrorql(["check"], { MIRRORQL_SCHEMA: join(dir, "nowhere") }, dir);
    expect(fromEnv.code).toBe(1);
    expect(fromEnv.stderr).toContain("nowhere");
    expect((await runMirrorql(["check", "--schema", SCHEMA], { MIRRORQL_SCHEMA: join(dir, "nowhere") }, dir)).code).toBe(0);
  });

  it("a configuration file naming an option the command does not take is refused, naming the file and the key", async () => {
    const file = join(dir, "other.json");
    writeFileSync(file, JSON.stringify({ check: { port: 1 } }));
    const run = await runMirrorql(["check", "--config", file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file}: "check" has no option "port"`);
  });
});

describe("readCommandOptions", () => {
  const defs = { port: { type: "string" }, demo: { type: "boolean" }, "jwt-public-key": { type: "string", multiple: true } } as const;

  it("reads switches and lists from the environment, and refuses a switch that is neither true nor false", () => {
    expect(envName("jwt-public-key")).toBe("MIRRORQL_JWT_PUBLIC_KEY");
    const { values } = readCommandOptions("serve", [], defs, { MIRRORQL_DEMO: "yes", MIRRORQL_JWT_PUBLIC_KEY: "a.pem, b.pem", MIRRORQL_PORT: "4100" });
    expect(values).toMatchObject({ demo: true, "jwt-public-key": ["a.pem", "b.pem"], port: "4100" });
    expect(() => readCommandOptions("serve", [], defs, { MIRRORQL_DEMO: "maybe" })).toThrow(UsageError);
  });
});
