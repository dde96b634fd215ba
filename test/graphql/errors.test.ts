// Unexpected errors are masked as INTERNAL with an id that is logged with the cause;
// SQL text and SQLite messages never reach a client.

import { afterEach, describe, expect, it, vi } from "vitest";
import { demoApi } from "./fixture";

describe("internal errors", () => {
  afterEach(() => vi.restoreAllMocks());

  it("are masked as INTERNAL with an id logged with the cause, never leaking SQL", async () => {
    const api = await demoApi();
    const logged: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      logged.push(String(chunk));
      return true;
    });
    api.mirror.database.sqlite.exec(`DROP TABLE "regions__state"`);
    const { result } = await api.execute(`{ regions { nodes { region_code } } }`);
    const error = (result as { errors: { message: string; extensions: { code: string; id: string } }[] }).errors[0]!;
    expect(error.extensions.code).toBe("INTERNAL");
    expect(error.message).toBe(`Internal error ${error.extensions.id}; the server log has the details.`);
    expect(JSON.stringify(result)).not.toMatch(/SELECT|regions__state|no such table|at .*\.ts/);
    const line = logged.find((l) => l.includes(error.extensions.id));
    expect(line).toContain("no such table");
    await api.close();
  });
});
