// GraphQL Code Generator: typed client documents for the operations the tests send.
// `npm run codegen` first writes schema.graphql (the SDL of the demo models) with
// `mirrorql sdl`, then runs this configuration over it.
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: "schema.graphql",
  // Operations that are meant to fail validation cannot be typed.
  documents: ["test/graphql/operations/*.graphql", "!test/graphql/operations/error-validation.graphql"],
  generates: {
    "test/graphql/generated/operations.ts": {
      plugins: ["typescript", "typescript-operations", "typed-document-node"],
      config: {
        scalars: { Int64: "string", DateTime: "string", Date: "string", JSONObject: "Record<string, unknown>" },
        enumsAsTypes: true,
        useTypeImports: true,
      },
    },
  },
};

export default config;
