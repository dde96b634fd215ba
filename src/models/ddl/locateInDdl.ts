// Where a problem the native checks find in an imported model lies in the DDL it came from,
// and the import option that fixes it where the DDL has no place for the fix.

import { where, type DdlTable } from "./readDdlTable";

/** Where a native model's problem lies in the DDL. */
export function locateInDdl(table: DdlTable, json: Record<string, unknown>, path: string): string {
  const t = table.qualified;
  const column = (name: string | undefined) => {
    const c = table.columns.find((x) => x.name === name);
    return c ? where(c.line, t, c.name) : where(table.line, t);
  };
  const field = /^\$\.fields(?:\.([A-Za-z_$][\w$]*)|\["((?:[^"\\]|\\.)*)"\])/.exec(path);
  if (field) return column(field[1] ?? JSON.parse(`"${field[2]}"`));
  const rel = /^\$\.relationships\[(\d+)\]/.exec(path);
  if (rel) {
    const r = (json.relationships as { field: string }[])[Number(rel[1])]!;
    const fk = table.foreignKeys.find((f) => f.columns[0] === r.field);
    return fk ? where(fk.line, t, r.field) : column(r.field);
  }
  if (path.startsWith("$.primaryKey") || path.startsWith("$.timestamp")) return table.primaryKey ? where(table.primaryKey.line, t) : where(table.line, t);
  if (path.startsWith("$.version")) return column(String(json.version));
  return where(table.line, t);
}

/** A native fix, with the import option that applies it where the DDL has no place for it. */
export function nativeFix(table: DdlTable, path: string, fix: string): string {
  if (path === "$.name") return `${fix} On import: --table ${table.name}:name=NAME.`;
  if (path === "$.dataset") return `${fix} On import: --table ${table.name}:dataset=NAME.`;
  return fix;
}
