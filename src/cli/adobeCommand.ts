// `mirrorql import adobe` and `mirrorql export adobe`: relational schemas in Adobe's form
// (Schema Registry documents plus descriptors) to native model files and back. Exit codes:
// 0 done, 1 a file cannot be read or written, 2 bad input (every problem listed).

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { ModelProblem } from "../models/ModelProblem";
import { InputError, report, writeAll } from "./modelFiles";

const HELP = `mirrorql import adobe / export adobe: relational schemas in Adobe Experience Platform's form.

Usage:
  mirrorql import adobe SCHEMA.json... --descriptors FILE [--descriptors FILE ...] --out DIR [--force]
      Write one native model file per Schema Registry document into DIR
  mirrorql export adobe [--schema DIR] --out DIR [--tenant T] [--force]
      Write the models of DIR (default schema/) as schema documents plus descriptors.json

Options:
  --descriptors FILE  A JSON array of descriptors (primary key, version, timestamp, relationships)
  --out DIR           Where to write (created if missing)
  --force             Overwrite files that exist
  --schema DIR        export: the folder of model files (default schema/)
  --tenant T          export: the tenant in each schema's $id (default mirrorql)

Exit codes: 0 written, 1 a file cannot be read or written, 2 a problem in the input (each listed).
`;

/** `mirrorql import|export adobe ...`; returns the exit code. */
export async function adobeCommand(verb: "import" | "export", argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        descriptors: { type: "string", multiple: true },
        out: { type: "string" },
        force: { type: "boolean" },
        schema: { type: "string" },
        tenant: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (positionals[0] !== "adobe") {
    const forms = verb === "import" ? '"adobe" and "ddl" (mirrorql import ddl --help)' : 'one form, "adobe"';
    process.stderr.write(`mirrorql ${verb} knows ${forms}: mirrorql ${verb} adobe ...\n\n${HELP}`);
    return 2;
  }
  try {
    if (!values.out) throw new InputError(`Name the folder to write with --out DIR.`);
    return verb === "import"
      ? await importFiles(positionals.slice(1), values.descriptors ?? [], values.out, values.force === true)
      : await exportFiles(values.schema ?? "schema", values.out, values.tenant, values.force === true);
  } catch (e) {
    if (e instanceof InputError) {
      process.stderr.write(`mirrorql ${verb} adobe: ${e.message}\n`);
      return 2;
    }
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === "string" && code.startsWith("E")) {
      process.stderr.write(`mirrorql ${verb} adobe: ${(e as Error).message}\n`);
      return 1;
    }
    throw e;
  }
}

async function importFiles(schemaFiles: string[], descriptorFiles: string[], out: string, force: boolean): Promise<number> {
  if (schemaFiles.length === 0) throw new InputError("Name the schema documents to import: mirrorql import adobe SCHEMA.json... --descriptors FILE --out DIR.");
  const { importAdobe } = await import("../models/adobe/importAdobe");
  const problems: ModelProblem[] = [];
  const read = (file: string) => {
    try {
      return { file, json: JSON.parse(readFileSync(file, "utf8")) as unknown };
    } catch (e) {
      if (!(e instanceof SyntaxError)) throw e;
      problems.push({ file, path: "", message: `is not valid JSON (${e.message}).`, fix: "write the document as one JSON value." });
      return undefined;
    }
  };
  const documents = schemaFiles.map(read).filter((d) => d !== undefined);
  const descriptors = descriptorFiles.map(read).filter((d) => d !== undefined);
  if (problems.length > 0) return report(problems);
  const result = importAdobe(documents, descriptors);
  if (result.problems.length > 0) return report(result.problems);
  const files = result.models.map((m) => ({ file: join(out, `${String(m.name)}.json`), text: `${JSON.stringify(m, null, 2)}\n` }));
  writeAll(out, files, force);
  for (const f of files) process.stdout.write(`wrote ${f.file}\n`);
  process.stdout.write(`${files.length} model${files.length === 1 ? "" : "s"} imported; check them with: mirrorql check --schema ${out}\n`);
  return 0;
}

async function exportFiles(schemaDir: string, out: string, tenant: string | undefined, force: boolean): Promise<number> {
  const { loadModels } = await import("../models/loadModels");
  const { ModelValidationError } = await import("../models/ModelProblem");
  const { exportAdobe } = await import("../models/adobe/exportAdobe");
  let models;
  try {
    models = loadModels(schemaDir);
  } catch (e) {
    if (e instanceof ModelValidationError) return report(e.problems);
    throw e;
  }
  const result = exportAdobe(models, tenant !== undefined ? { tenant } : {});
  const files = [
    ...result.schemas.map((s) => ({ file: join(out, s.file), text: `${JSON.stringify(s.json, null, 2)}\n` })),
    { file: join(out, "descriptors.json"), text: `${JSON.stringify(result.descriptors, null, 2)}\n` },
  ];
  writeAll(out, files, force);
  for (const f of files) process.stdout.write(`wrote ${f.file}\n`);
  for (const note of result.notes) process.stderr.write(`note: ${note}\n`);
  return 0;
}
