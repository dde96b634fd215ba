// ESLint: typescript-eslint's recommended rules over the sources, tests and benchmarks
// (formatting is Prettier's: .prettierrc.json). Run by `npm run lint` and by CI.

import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "drizzle/", "test/graphql/generated/", "bench/peer/", "examples/", "test-output/", "data/", "**/*.mjs"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      // A leading underscore marks what is left unused on purpose (destructuring a field away).
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true }],
    },
  },
  {
    // Tests read GraphQL answers, whose shape each test knows, as `any`.
    files: ["test/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
