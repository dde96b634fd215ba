import { defineConfig } from "drizzle-kit";

// Migrations of the mirror's internal tables; dataset tables are created at run time from the models.
export default defineConfig({
  dialect: "sqlite",
  schema: "./src/storage/sqlite/internalSchema.ts",
  out: "./drizzle",
});
