// What an import keeps less exactly than the warehouse holds it, told rather than dropped:
// one note per kind of narrowed type with the columns it applies to, and each constraint
// that is read and not kept.

import type { DdlTable } from "./readDdlTable";

/** One note per kind of narrowing, listing the columns it applies to. */
export function ddlNotes(file: string, tables: DdlTable[]): string[] {
  const byNote = new Map<string, string[]>();
  for (const t of tables) {
    for (const c of t.columns) {
      if (!("type" in c.type) || c.type.note === undefined) continue;
      const head = `${c.type.type}: ${c.type.note}`;
      byNote.set(head, [...(byNote.get(head) ?? []), `${t.name}.${c.name} ${c.type.text} (line ${c.line})`]);
    }
  }
  const notes = [...byNote].map(([head, columns]) => `${file}: as ${head}. Columns: ${columns.join(", ")}.`);
  for (const t of tables) {
    for (const i of t.ignored)
      notes.push(`${file}: ${i.what} of table ${t.qualified} (line ${i.line}) is not kept: the warehouse enforces it, and the mirror takes rows as the changes carry them.`);
  }
  return notes;
}
