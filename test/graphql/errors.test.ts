// Unexpected errors are masked as INTERNAL with an id that is logged with the cause; SQL text
// and the database's messages never reach a client, on either backend (test/backends.ts).

import { afterEach, describe, expect, it, vi } from "vitest";
import { BACKENDS } from "../backends";
import { demoApi } from "./fixture";

describe.each(BACKENDS)("internal errors ($name)", (backend) => {
  afterEach(() => vi.restoreAllMocks());

  it("are masked as INTERNAL with an id logged with the cause, never leaking SQL", async () => {
    const api = await demoApi(undefined, undefined, backend.location());
    try {
      const logged: string[] = [];
      vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
        logged.push(String(chunk));
        return true;
      });
      await backend.dropTable(api.mirror, "regions__state");
      const { result } = await api.execute(`{ regions { nodes { region_code } } }`);
      const error = (result as { errors: { message: string; extensions: { code: string; id: string } }[] }).errors[0]!;
      expect(error.extensions.code).toBe("INTERNAL");
      expect(error.message).toBe(`Internal error ${error.extensions.id}; the server log has the details.`);
      expect(JSON.stringify(result)).not.toMatch(/SELECT|regions__state|no such table|does not exist|at .*\.ts/);
      // The cause, as the database said it (SQLite: no such table; PostgreSQL: relation ... does not exist).
      const line = logged.find((l) => l.includes(error.extensions.id));
      expect(line).toMatch(/no such table: (main\.)?regions|relation \\?"regions(__state)?\\?" does not exist/);
    } finally {
      await api.close();
    }
  });
});
