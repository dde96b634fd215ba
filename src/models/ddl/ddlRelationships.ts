// Foreign keys as relationships: one column each, to a table of the same file; M:1, or 1:1
// when the referring column is the whole key or UNIQUE. What a relationship cannot say
// (several columns, a table elsewhere) is refused with the line and a fix.

import { didYouMean } from "../ModelProblem";
import { findColumn, unique, where, type DdlTable } from "./readDdlTable";

export interface DdlRelationship {
  field: string;
  target: string;
  targetField?: string;
  cardinality: "M:1" | "1:1";
}

/** Foreign keys as relationships: one column each, to a table of the same file. */
export function ddlRelationships(
  table: DdlTable,
  names: Map<DdlTable, string>,
  tables: DdlTable[],
  problem: (at: string, message: string, fix: string) => void,
): DdlRelationship[] {
  const t = table.qualified;
  const out: DdlRelationship[] = [];
  for (const fk of table.foreignKeys) {
    const ref = fk.target.join(".");
    if (fk.columns.length !== 1 || fk.targetColumns.length > 1) {
      problem(
        where(fk.line, t, fk.columns),
        `the foreign key (${fk.columns.join(", ")}) references ${ref} by ${fk.columns.length} columns; a mirrorql relationship joins one field to one target field.`,
        `reference a single key column of ${ref} (a surrogate key, declared UNIQUE if it is not the primary key), or remove the FOREIGN KEY from the DDL you import to mirror the table without this relationship.`,
      );
      continue;
    }
    const target = targetTable(fk.target, tables);
    if (!target) {
      problem(
        where(fk.line, t, fk.columns[0]),
        `the foreign key references table ${ref}, which the file does not create.`,
        `add the CREATE TABLE of ${ref} to the file, or remove the FOREIGN KEY to mirror ${table.name} without this relationship.`,
      );
      continue;
    }
    const field = fk.columns[0]!;
    const col = table.columns.find((c) => c.name === field);
    const toOne = col?.unique || (table.primaryKey?.columns.length === 1 && table.primaryKey.columns[0] === field);
    const referenced = fk.targetColumns[0];
    // Unquoted names are matched without regard to case, as the warehouses do; the target's spelling is kept.
    const targetField = referenced === undefined ? undefined : findColumn(target, referenced)?.name;
    if (referenced !== undefined && targetField === undefined) {
      problem(
        where(fk.line, t, field),
        `the foreign key references column "${referenced}" of ${ref}, which that table does not declare.${didYouMean(
          referenced,
          target.columns.map((c) => c.name),
        )}`,
        `reference a column of ${ref}.`,
      );
      continue;
    }
    out.push({ field, target: names.get(target)!, ...(targetField !== undefined ? { targetField } : {}), cardinality: toOne ? "1:1" : "M:1" });
  }
  return out;
}

/** The table a reference names: by its name as written, else by its last part when only one table has it. */
function targetTable(parts: string[], tables: DdlTable[]): DdlTable | undefined {
  const ref = parts.join(".").toLowerCase();
  return tables.find((t) => t.qualified.toLowerCase() === ref) ?? unique(tables.filter((t) => t.name.toLowerCase() === parts[parts.length - 1]!.toLowerCase()));
}
