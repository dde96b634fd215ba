#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so a fresh clone needs no build step.
// graphql-js drops its development-only checks when NODE_ENV is "production" (read at load).
process.env.NODE_ENV ??= "production";
const { register } = await import("tsx/esm/api");
register();
await import("../src/cli/main.ts");
