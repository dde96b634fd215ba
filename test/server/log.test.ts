// Log lines are JSON objects, one per line, written at or above the configured threshold;
// MIRRORQL_LOG=silent silences every level whatever the threshold.

import { afterEach, describe, expect, it } from "vitest";
import { configureLog, log, logs } from "../../src/server/log";

const captured = () => {
  const lines: string[] = [];
  return { lines, destination: { write: (line: string) => void lines.push(line) } };
};

describe("log", () => {
  afterEach(() => {
    delete process.env.MIRRORQL_LOG;
    configureLog({ level: "info" });
  });

  it("writes one JSON object per line with level, time, pid and event, from the threshold up", () => {
    const { lines, destination } = captured();
    configureLog({ level: "warn", destination });
    log("info", "left_out");
    log("warn", "transaction_retry", { attempt: 2 });
    expect(logs("info")).toBe(false);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.endsWith("\n")).toBe(true);
    expect(JSON.parse(lines[0]!)).toEqual({
      level: "warn",
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      pid: process.pid,
      event: "transaction_retry",
      attempt: 2,
    });
  });

  it("is silenced by MIRRORQL_LOG=silent, whatever the level asked", () => {
    const { lines, destination } = captured();
    process.env.MIRRORQL_LOG = "silent";
    configureLog({ level: "debug", destination });
    log("error", "internal_error", { id: "x" });
    expect(lines).toEqual([]);
  });
});
