import { defineConfig } from "drizzle-kit";

// Migrations of the mirror's internal tables on PostgreSQL, applied inside the mirror's schema
// (the connection's search_path), so the generated SQL names no schema.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/storage/postgres/internalSchema.ts",
  out: "./drizzle/postgres",
});
