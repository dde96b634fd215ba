// Rows nested deeper than any change format needs are refused one by one (NESTED_TOO_DEEP),
// before anything recursive touches them: JSON.stringify and the structured clone that hands
// a batch to the writer thread both overflow the stack a few thousand levels down, which
// would fail the whole batch instead of quarantining the one row.

/** Levels of objects and arrays a row may hold: a native row is 1 deep, a Debezium envelope 3. */
export const MAX_ROW_DEPTH = 32;

/**
 * Whether `value` nests objects or arrays more than `max` levels deep (iterative: any depth is
 * safe). It runs on every row of every batch, so a row of scalars costs one pass over its
 * values and no allocation; only nested objects are stacked.
 */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  if (value === null || typeof value !== "object") return false;
  const objects: object[] = [value];
  const depths: number[] = [1];
  while (objects.length > 0) {
    const v = objects.pop()! as Record<string, unknown>;
    const depth = depths.pop()!;
    if (depth > max) return true;
    for (const key in v) {
      const child = v[key];
      if (child === null || typeof child !== "object") continue;
      objects.push(child);
      depths.push(depth + 1);
    }
  }
  return false;
}

/**
 * The JSON text of `value` as JSON.stringify writes it (bigints as their digits), for values of
 * any depth: kept as the quarantine's payload of a row too deep for JSON.stringify, and
 * written in responses that carry such a row.
 */
export function deepJsonText(value: unknown): string {
  const out: string[] = [];
  // Work items: a value to write, or a literal piece of text (brackets, commas, keys).
  const stack: ({ text: string } | { value: unknown })[] = [{ value }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if ("text" in item) {
      out.push(item.text);
      continue;
    }
    let v = item.value;
    // As JSON.stringify does: a value with toJSON is written as what that returns.
    if (v !== null && typeof v === "object" && typeof (v as { toJSON?: unknown }).toJSON === "function") v = (v as { toJSON(): unknown }).toJSON();
    if (v === null || typeof v !== "object") {
      out.push(typeof v === "bigint" ? v.toString() : (JSON.stringify(v) ?? "null"));
      continue;
    }
    const entries: [string | undefined, unknown][] = Array.isArray(v)
      ? v.map((x) => [undefined, x])
      : Object.entries(v).filter(([, x]) => x !== undefined && typeof x !== "function");
    const [open, close] = Array.isArray(v) ? ["[", "]"] : ["{", "}"];
    const pieces: ({ text: string } | { value: unknown })[] = [{ text: open }];
    entries.forEach(([key, x], i) => {
      if (i > 0) pieces.push({ text: "," });
      if (key !== undefined) pieces.push({ text: `${JSON.stringify(key)}:` });
      pieces.push({ value: x });
    });
    pieces.push({ text: close });
    for (let i = pieces.length - 1; i >= 0; i--) stack.push(pieces[i]!);
  }
  return out.join("");
}
