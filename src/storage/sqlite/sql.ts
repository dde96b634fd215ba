// Small SQL text helpers shared by the SQLite dialect modules.

/** Quotes an identifier for SQLite; field names are kept as the source spells them. */
export const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

export const list = (names: readonly string[], prefix = "") => names.map((n) => prefix + q(n)).join(", ");

/** `a.x = ? AND a.y = ?` for the given columns. */
export const equalsParams = (names: readonly string[], alias = "") => names.map((n) => `${alias ? alias + "." : ""}${q(n)} = ?`).join(" AND ");

export const params = (n: number) => Array.from({ length: n }, () => "?").join(", ");

/** A row value `(a.x, a.y)`; SQLite compares row values left to right. */
export const tuple = (names: readonly string[], alias = "") => `(${names.map((n) => (alias ? `${alias}.` : "") + q(n)).join(", ")})`;
