// Small SQL text helpers shared by the PostgreSQL dialect modules.

/** Quotes an identifier; field names are kept as the source spells them. */
export const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

export const list = (names: readonly string[], prefix = "") => names.map((n) => prefix + q(n)).join(", ");

/** A row value `(a.x, a.y)`; PostgreSQL compares row values left to right. */
export const tuple = (names: readonly string[], alias = "") => `(${list(names, alias ? `${alias}.` : "")})`;

/** `a.x = b.x AND a.y = b.y` for the given columns. */
export const equal = (names: readonly string[], a: string, b: string) => names.map((n) => `${a}.${q(n)} = ${b}.${q(n)}`).join(" AND ");

/** `a.x = $1 AND a.y = $2` for the given columns, numbering from `first`. */
export const equalsParams = (names: readonly string[], alias = "", first = 1) => names.map((n, i) => `${alias ? `${alias}.` : ""}${q(n)} = $${first + i}`).join(" AND ");
