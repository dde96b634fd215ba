#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so a fresh clone needs no build step.
// graphql-js drops its development-only checks when NODE_ENV is "production" (read at load).
process.env.NODE_ENV ??= "production";
const { register } = await import("tsx/esm/api");
const { fileURLToPath } = await import("node:url");
// The package's own tsconfig (decorators), whatever folder the command runs from.
register({ tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) });
await import("../src/cli/main.ts");
