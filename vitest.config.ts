import { defineConfig } from "vitest/config";

export default defineConfig({
  // One copy of graphql for our code and type-graphql (see shared stack notes).
  resolve: { alias: [{ find: /^graphql$/, replacement: "graphql/index.js" }] },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    // Hooks drop the PostgreSQL schemas a test made (test/backends.ts): a property test makes
    // hundreds, which takes more than the default 10 s on a busy machine.
    hookTimeout: 60_000,
    // Probes PostgreSQL once: test/backends.ts runs the PostgreSQL half only when it answers.
    globalSetup: ["test/postgresSetup.ts"],
  },
});
