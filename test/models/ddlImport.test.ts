// Importing warehouse DDL: the CREATE TABLE statements each warehouse prints become models
// that pass the loader's checks; every unsupported type or construct is refused with the
// file, line, table, column and a fix, all at once; the native rules point back at the DDL.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkModels } from "../../src/models/checkModels";
import type { ModelProblem } from "../../src/models/ModelProblem";
import { importDdl, type DdlImportOptions } from "../../src/models/ddl/importDdl";
import { ddlDatasetName, ddlModelName } from "../../src/models/ddl/ddlNames";
import { normalise, stripDatabricksClauses } from "../../src/models/ddl/parseDdl";

const FIXTURES = join(__dirname, "ddl");
const fixture = (name: string) => readFileSync(join(FIXTURES, name), "utf8");

const resolved = (models: Record<string, unknown>[]) => {
  const checked = checkModels(models.map((json) => ({ file: `${String(json.name)}.json`, json })));
  expect(checked.problems).toEqual([]);
  return checked.models;
};

const problemsOf = async (sql: string, options: DdlImportOptions = { version: "v" }) => {
  const result = await importDdl(sql, "t.sql", options);
  expect(result.models).toEqual([]);
  return result.problems;
};

const expectProblem = (problems: ModelProblem[], path: string, message: RegExp, fix?: RegExp) => {
  const found = problems.find((p) => p.path === path && message.test(p.message));
  expect(found, `no problem at "${path}" matching ${message}; got ${JSON.stringify(problems, null, 2)}`).toBeDefined();
  expect(found!.file).toBe("t.sql");
  if (fix) expect(found!.fix).toMatch(fix);
};

describe("Snowflake GET_DDL output", () => {
  it("imports every table into models that pass the loader's checks", async () => {
    const result = await importDdl(fixture("snowflake.sql"), "snowflake.sql", { version: "UPDATED_AT" });
    expect(result.problems).toEqual([]);
    expect(result.dialect).toBe("snowflake");
    expect(result.models.map((m) => [m.name, m.dataset])).toEqual([
      ["Account", "accounts"],
      ["Contact", "contacts"],
      ["AccountProfile", "account_profiles"],
      ["OrderLine", "order_lines"],
    ]);
    expect(result.models[0]).toEqual({
      name: "Account",
      dataset: "accounts",
      behavior: "record",
      description: "Customer accounts",
      fields: {
        ACCOUNT_ID: { type: "integer", required: true },
        NAME: { type: "string", required: true, description: "The account's legal name" },
        REGION: { type: "string" },
        IS_ACTIVE: { type: "boolean" },
        ANNUAL_REVENUE: { type: "number" },
        SCORE: { type: "number" },
        OPENED_ON: { type: "date" },
        UPDATED_AT: { type: "datetime", required: true },
      },
      primaryKey: ["ACCOUNT_ID"],
      version: "UPDATED_AT",
    });
    resolved(result.models);
  });

  it("a foreign key becomes an M:1 relationship to the referenced column; one on the whole key is 1:1", async () => {
    const { models } = await importDdl(fixture("snowflake.sql"), "snowflake.sql", { version: "UPDATED_AT" });
    expect(models[1]!.relationships).toEqual([{ field: "ACCOUNT_ID", target: "Account", targetField: "ACCOUNT_ID", cardinality: "M:1" }]);
    expect(models[2]!.relationships).toEqual([{ field: "ACCOUNT_ID", target: "Account", targetField: "ACCOUNT_ID", cardinality: "1:1" }]);
    const [account] = resolved(models);
    expect(account!.name).toBe("Account");
  });

  it("a composite primary key is kept in order, each column required", async () => {
    const { models } = await importDdl(fixture("snowflake.sql"), "snowflake.sql", { version: "UPDATED_AT" });
    expect(models[3]).toMatchObject({
      primaryKey: ["ORDER_ID", "LINE_NO"],
      fields: { ORDER_ID: { required: true }, LINE_NO: { required: true }, ACCOUNT_ID: { type: "integer" } },
    });
  });

  it("quoted names keep their case; unquoted ones are kept as printed", async () => {
    const { models } = await importDdl(fixture("snowflake.sql"), "snowflake.sql", { version: "updated_at" });
    expect(Object.keys(models[1]!.fields as object)).toEqual(["CONTACT_ID", "ACCOUNT_ID", "EMAIL", "preferredName", "LEAD_SCORE", "UPDATED_AT"]);
    // The version option finds UPDATED_AT without regard to case, and the model names it as printed.
    expect(models[1]!.version).toBe("UPDATED_AT");
  });

  it("notes each narrowing once per kind, naming the columns: wide integers, decimals, zoneless timestamps", async () => {
    const { notes } = await importDdl(fixture("snowflake.sql"), "snowflake.sql", { version: "UPDATED_AT" });
    expect(notes.find((n) => n.includes("64-bit"))).toMatch(/ACCOUNTS\.ACCOUNT_ID NUMBER\(38,0\) \(line 2\).*ORDER_LINES\.LINE_NO NUMBER\(38,0\) \(line 32\)/);
    expect(notes.find((n) => n.includes("double"))).toMatch(/ACCOUNTS\.ANNUAL_REVENUE NUMBER\(18,2\) \(line 6\), ORDER_LINES\.AMOUNT NUMBER\(12,2\) \(line 34\)/);
    expect(notes.find((n) => n.includes("as UTC"))).toMatch(/ACCOUNTS\.UPDATED_AT TIMESTAMP_NTZ\(9\) \(line 9\)/);
    expect(notes.join("\n")).not.toMatch(/LEAD_SCORE|TIMESTAMP_LTZ/);
  });
});

describe("BigQuery INFORMATION_SCHEMA.TABLES.ddl", () => {
  const options = { version: "version", tables: { page_views: { timestamp: "viewed_at" } } };

  it("imports with NOT ENFORCED keys, OPTIONS descriptions, PARTITION BY and CLUSTER BY", async () => {
    const result = await importDdl(fixture("bigquery.sql"), "bigquery.sql", options);
    expect(result.problems).toEqual([]);
    expect(result.dialect).toBe("bigquery");
    expect(result.models[0]).toMatchObject({
      name: "Customer",
      dataset: "customers",
      description: "Customers of the shop",
      fields: {
        customer_id: { type: "integer", required: true, description: "The shop's customer number" },
        email: { type: "string" },
        vip: { type: "boolean" },
        balance: { type: "number" },
        rating: { type: "number" },
        birthday: { type: "date" },
        last_seen: { type: "datetime" },
      },
    });
    resolved(result.models);
  });

  it("two references to one table get inverse names of their own", async () => {
    const { models } = await importDdl(fixture("bigquery.sql"), "bigquery.sql", options);
    expect(models[1]!.relationships).toEqual([
      { field: "customer_id", target: "Customer", targetField: "customer_id", cardinality: "M:1", inverseName: "ordersByCustomer" },
      { field: "billing_customer_id", target: "Customer", targetField: "customer_id", cardinality: "M:1", inverseName: "ordersByBillingCustomer" },
    ]);
  });

  it("a per-table timestamp makes that table a time series", async () => {
    const { models } = await importDdl(fixture("bigquery.sql"), "bigquery.sql", options);
    expect(models[2]).toMatchObject({ name: "PageView", behavior: "time-series", timestamp: "viewed_at", primaryKey: ["session_id", "viewed_at"] });
    expect(models[0]!.behavior).toBe("record");
  });
});

describe("Databricks SHOW CREATE TABLE", () => {
  const options = { version: "commit_version", tables: { "main.crm.events": { timestamp: "event_time" } } };

  it("imports with CONSTRAINT keys, USING delta, COMMENT, PARTITIONED BY, CLUSTER BY and TBLPROPERTIES", async () => {
    const result = await importDdl(fixture("databricks.sql"), "databricks.sql", options);
    expect(result.problems).toEqual([]);
    expect(result.dialect).toBe("databricks");
    expect(result.models[0]).toMatchObject({
      name: "Account",
      description: "CRM accounts",
      fields: {
        account_id: { type: "integer", required: true, description: "Account number" },
        revenue: { type: "number" },
        ratio: { type: "number" },
        employees: { type: "integer" },
        commit_version: { type: "integer", required: true },
      },
    });
    resolved(result.models);
  });

  it("REFERENCES without columns targets the referenced table's key", async () => {
    const { models } = await importDdl(fixture("databricks.sql"), "databricks.sql", options);
    expect(models[1]).toMatchObject({
      name: "Event",
      behavior: "time-series",
      timestamp: "event_time",
      relationships: [{ field: "account_id", target: "Account", cardinality: "M:1" }],
    });
    expect((models[1]!.relationships as object[])[0]).not.toHaveProperty("targetField");
    expect(models[2]!.relationships).toEqual([{ field: "account_id", target: "Account", targetField: "account_id", cardinality: "M:1" }]);
  });

  it("a referenced column is matched without regard to case, and named as its table spells it", async () => {
    const sql =
      "CREATE TABLE c.s.a (\n  ID BIGINT NOT NULL,\n  v BIGINT NOT NULL,\n  CONSTRAINT a_pk PRIMARY KEY (ID))\nUSING delta;\nCREATE TABLE c.s.b (\n  id BIGINT NOT NULL,\n  a_id BIGINT,\n  v BIGINT NOT NULL,\n  CONSTRAINT b_pk PRIMARY KEY (id),\n  CONSTRAINT b_a FOREIGN KEY (a_id) REFERENCES c.s.a (id))\nUSING delta;";
    const result = await importDdl(sql, "t.sql", { version: "v" });
    expect(result.problems).toEqual([]);
    expect(result.models[1]!.relationships).toEqual([{ field: "a_id", target: "A", targetField: "ID", cardinality: "M:1" }]);
  });

  it("storage clauses are blanked in place, so lines and columns stay where they were", () => {
    const sql = "CREATE TABLE t (a INT)\nUSING delta\nPARTITIONED BY (a)\nTBLPROPERTIES (\n  'x(' = 'y');\nCREATE TABLE u (b INT);";
    const stripped = stripDatabricksClauses(sql);
    expect(stripped.split("\n").map((l) => l.length)).toEqual(sql.split("\n").map((l) => l.length));
    expect(stripped).toBe("CREATE TABLE t (a INT)\nUSING delta\n                  \n               \n             ;\nCREATE TABLE u (b INT);");
  });
});

describe("words the parser does not read are blanked in place", () => {
  it("RELY after a constraint, and Snowflake's create or replace schema", async () => {
    const sql =
      "create or replace schema SALES.PUBLIC;\n\ncreate or replace TABLE SALES.PUBLIC.T (\n\tID NUMBER(38,0) NOT NULL,\n\tV NUMBER(38,0) NOT NULL,\n\tconstraint PK_T primary key (ID) rely\n);";
    expect(normalise(sql, "snowflake")).toBe(sql.replace("or replace schema", "           schema").replace(") rely", ")     "));
    const result = await importDdl(sql, "t.sql", { version: "V" });
    expect(result.problems).toEqual([]);
    expect(result.models[0]).toMatchObject({ name: "T", primaryKey: ["ID"] });
  });
});

describe("types and constructs that are refused, each with table, column and line", () => {
  it("lists every problem of every table at once, in file order", async () => {
    const problems = await problemsOf(fixture("problems.sql"), { version: "UPDATED_AT" });
    const T = "table SALES.PUBLIC.CUSTOMERS";
    expectProblem(problems, `line 3, ${T}, column ATTRIBUTES`, /has type VARIANT/, /TO_JSON/);
    expectProblem(problems, `line 4, ${T}, column TAGS`, /has type ARRAY, an array/, /flatten/);
    expectProblem(problems, `line 5, ${T}, column LOCATION`, /has type GEOGRAPHY/, /WKT/);
    expectProblem(problems, `line 6, ${T}, column OPENS_AT`, /has type TIME\(9\), a time of day/, /HH:MM:SS/);
    expectProblem(problems, "line 10, table SALES.PUBLIC.AUDIT_LOG", /has no primary key/, /primary key \(ID\)/);
    expectProblem(problems, "line 19, table SALES.PUBLIC.SHIPMENTS, column UPDATED_AT", /version column "UPDATED_AT" may be NULL/, /NOT NULL/);
    expectProblem(problems, "line 21, table SALES.PUBLIC.SHIPMENTS, columns ORDER_ID, LINE_NO", /by 2 columns/, /single key column/);
    expectProblem(problems, "line 22, table SALES.PUBLIC.SHIPMENTS, column WAREHOUSE_ID", /WAREHOUSES, which the file does not create/);
    expectProblem(problems, "line 24", /CREATE VIEW is not a CREATE TABLE/, /remove the statement/);
    expect(problems).toHaveLength(9);
    const lines = problems.map((p) => Number(/^line (\d+)/.exec(p.path)![1]));
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });

  it("BigQuery: STRUCT, BYTES, JSON and INTERVAL", async () => {
    const sql =
      "CREATE TABLE `p.d.t`\n(\n  id INT64 NOT NULL,\n  s STRUCT<a INT64>,\n  b BYTES,\n  j JSON,\n  i INTERVAL,\n  v INT64 NOT NULL,\n  PRIMARY KEY (id) NOT ENFORCED\n);";
    const problems = await problemsOf(sql);
    expectProblem(problems, "line 4, table p.d.t, column s", /STRUCT, a struct/);
    expectProblem(problems, "line 5, table p.d.t, column b", /BYTES, binary/, /base64/);
    expectProblem(problems, "line 6, table p.d.t, column j", /JSON/);
    expectProblem(problems, "line 7, table p.d.t, column i", /INTERVAL, an interval/);
  });

  it("Databricks: MAP, ARRAY, BINARY and VARIANT", async () => {
    const sql =
      "CREATE TABLE c.s.t (\n  id BIGINT NOT NULL,\n  m MAP<STRING, STRING>,\n  a ARRAY<STRING>,\n  b BINARY,\n  x VARIANT,\n  v BIGINT NOT NULL,\n  CONSTRAINT t_pk PRIMARY KEY (id))\nUSING delta;";
    const problems = await problemsOf(sql, { version: "v", dialect: "databricks" });
    expect(problems.map((p) => p.path)).toEqual([3, 4, 5, 6].map((line, i) => `line ${line}, table c.s.t, column ${"mabx"[i]}`));
  });

  it("text no dialect can read is one problem at the line and column where the best reading stopped", async () => {
    const problems = await problemsOf("CREATE TABLE t (\n  id INT NOT NULL,\n  PRIMARY KEY (id) DEFERRABLE INITIALLY LATER\n);");
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: "line 3, column 41" });
    expect(problems[0]!.message).toMatch(/^cannot be read as \w+ DDL: Expected: .*LATER/);
    expect(problems[0]!.fix).toMatch(/--dialect/);
  });

  it("CREATE TABLE AS SELECT has no columns of its own to import", async () => {
    const problems = await problemsOf("create or replace TABLE T as select 1 as A;", { version: "A", dialect: "snowflake" });
    expectProblem(problems, "line 1, table T", /AS SELECT takes its columns from elsewhere/, /GET_DDL/);
  });
});

describe("key, version and timestamp", () => {
  const table = (columns: string) => `create or replace TABLE T (\n${columns}\n);`;

  it("no version option at all is one problem, naming the flag", async () => {
    const problems = await problemsOf(table("ID NUMBER(38,0) NOT NULL,\nprimary key (ID)"), {});
    expect(problems).toEqual([
      expect.objectContaining({ path: "options.version", message: expect.stringMatching(/no version column was named/), fix: expect.stringMatching(/--version COLUMN/) }),
    ]);
  });

  it("a version column the table lacks is named, with the closest column suggested", async () => {
    const problems = await problemsOf(table("ID NUMBER(38,0) NOT NULL,\nUPDATED_AT TIMESTAMP_NTZ(9) NOT NULL,\nprimary key (ID)"), { version: "UPDATE_AT" });
    expectProblem(problems, "line 1, table T", /no version column "UPDATE_AT"\. Did you mean "UPDATED_AT"\?/, /--table T:version=COLUMN/);
  });

  it("a version column must be an integer, number or timestamp", async () => {
    const problems = await problemsOf(table("ID NUMBER(38,0) NOT NULL,\nV VARCHAR(10) NOT NULL,\nprimary key (ID)"), { version: "V" });
    expectProblem(problems, "line 3, table T, column V", /is VARCHAR\(10\) \(a string\), which cannot order changes/);
  });

  it("a timestamp must be in the primary key: the key is not widened silently", async () => {
    const problems = await problemsOf(table("ID NUMBER(38,0) NOT NULL,\nTS TIMESTAMP_TZ(9) NOT NULL,\nprimary key (ID)"), { version: "TS", timestamp: "TS" });
    expectProblem(problems, "line 4, table T, column TS", /must include its timestamp column "TS"/, /add TS to the table's PRIMARY KEY/);
  });

  it("a timestamp must be a timestamp", async () => {
    const problems = await problemsOf(table("ID NUMBER(38,0) NOT NULL,\nD DATE NOT NULL,\nV NUMBER(38,0) NOT NULL,\nprimary key (ID, D)"), { version: "V", timestamp: "D" });
    expectProblem(problems, "line 3, table T, column D", /timestamp column "D" is DATE, not a timestamp/);
  });

  it("a column name that is not a GraphQL name is refused at its line", async () => {
    const problems = await problemsOf(table('ID NUMBER(38,0) NOT NULL,\n"Full Name" VARCHAR(10),\nV NUMBER(38,0) NOT NULL,\nprimary key (ID)'), { version: "V" });
    expectProblem(problems, "line 3, table T, column Full Name", /not a GraphQL name/, /rename the column/);
  });
});

describe("constraints that are read and not kept", () => {
  it("CHECK and a composite UNIQUE are noted with their table and line; a single-column UNIQUE makes the field unique", async () => {
    const sql =
      "create or replace TABLE T (\n  ID NUMBER(18,0) NOT NULL,\n  A NUMBER(9,0) CHECK (A > 0),\n  B VARCHAR(10) UNIQUE,\n  V NUMBER(9,0) NOT NULL,\n  unique (A, B),\n  primary key (ID)\n);";
    const result = await importDdl(sql, "t.sql", { version: "V" });
    expect(result.problems).toEqual([]);
    expect(result.models[0]!.fields).toMatchObject({ B: { type: "string", unique: true } });
    expect(result.notes).toEqual([
      "t.sql: the CHECK constraint on column A of table T (line 3) is not kept: the warehouse enforces it, and the mirror takes rows as the changes carry them.",
      "t.sql: UNIQUE (A, B) of table T (line 6) is not kept: the warehouse enforces it, and the mirror takes rows as the changes carry them.",
    ]);
  });
});

describe("per-table options and names", () => {
  it("override the version, dataset and name of one table, by its name or its name as written", async () => {
    const result = await importDdl(fixture("snowflake.sql"), "snowflake.sql", {
      version: "UPDATED_AT",
      tables: { contacts: { dataset: "people", name: "Person" }, "sales.public.order_lines": { version: "LINE_NO" } },
    });
    expect(result.problems).toEqual([]);
    expect(result.models[1]).toMatchObject({ name: "Person", dataset: "people" });
    expect(result.models[3]).toMatchObject({ name: "OrderLine", version: "LINE_NO" });
    resolved(result.models);
  });

  it("an empty timestamp leaves a table a record model despite the default", async () => {
    const result = await importDdl(fixture("databricks.sql"), "databricks.sql", {
      version: "commit_version",
      timestamp: "event_time",
      tables: { accounts: { timestamp: "" }, account_notes: { timestamp: "" } },
    });
    expect(result.problems).toEqual([]);
    expect(result.models.map((m) => m.behavior)).toEqual(["record", "time-series", "record"]);
  });

  it("options for a table the file lacks are refused, with the closest table suggested", async () => {
    const { problems } = await importDdl(fixture("snowflake.sql"), "s.sql", { version: "UPDATED_AT", tables: { contact: { name: "C" } } });
    expect(problems).toEqual([expect.objectContaining({ path: 'options.tables["contact"]', message: expect.stringMatching(/Did you mean "CONTACTS"\?/) })]);
  });

  it("the native rules still apply and point back at the table, with the option that fixes them", async () => {
    const { problems } = await importDdl(fixture("snowflake.sql"), "s.sql", { version: "UPDATED_AT", tables: { contacts: { name: "Account" } } });
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatchObject({ file: "s.sql", path: "line 13, table SALES.PUBLIC.CONTACTS" });
    expect(problems[0]!.message).toMatch(/\(as the mirrorql model's \$\.name\)$/);
    expect(problems[0]!.fix).toMatch(/--table CONTACTS:name=NAME/);
  });

  it("datasets are the table's name in lower snake case, model names its PascalCase singular", () => {
    expect(["ACCOUNTS", "OrderItems", "order_lines", "Order Items", "categories", "addresses", "status", "boxes"].map((t) => [ddlDatasetName(t), ddlModelName(t)])).toEqual([
      ["accounts", "Account"],
      ["order_items", "OrderItem"],
      ["order_lines", "OrderLine"],
      ["order_items", "OrderItem"],
      ["categories", "Category"],
      ["addresses", "Address"],
      ["status", "Status"],
      ["boxes", "Box"],
    ]);
  });
});
