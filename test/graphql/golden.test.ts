// Golden tests: each operations/<case>.graphql runs over the demo mirror; its JSON
// result and the SQL statements it ran are compared with operations/<case>.golden.json.
// A first line `# variables: {...}` gives variables. Update with `npx vitest run -u`.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoApi } from "./fixture";

const dir = join(import.meta.dirname, "operations");
const cases = readdirSync(dir).filter((f) => f.endsWith(".graphql")).sort();

let api: Awaited<ReturnType<typeof demoApi>>;
beforeAll(async () => {
  api = await demoApi({ defaultPageSize: 100, maxPageSize: 50 });
});
afterAll(() => api.close());

describe("golden operations over the demo data", () => {
  it.each(cases)("%s", async (file) => {
    const text = readFileSync(join(dir, file), "utf8");
    const vars = /^# variables: (.*)$/m.exec(text);
    const executed = await api.execute(text, vars ? JSON.parse(vars[1]!) : {});
    await expect(JSON.stringify(executed, null, 2) + "\n").toMatchFileSnapshot(join(dir, file.replace(/\.graphql$/, ".golden.json")));
  });
});
