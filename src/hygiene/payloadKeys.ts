// Which keys a stored payload (a quarantined row, or a quarantine-log entry) carries, so that
// a purge can find the rows of a key that never reached the state (README "Erasing keys").
//
// A payload carries a key when the row its change format translates it to has that key, read
// as a key is read (the primary-key fields, coerced as change values are): for native rows the
// key fields' values, for Debezium the `after` (or `before` of a delete), for Delta CDF,
// Snowflake streams and BigQuery CDC the row without its control columns. A payload whose
// format refuses it (a Debezium event without its position, a Delta row without
// `_change_type`) still names its key somewhere: then every object in it, the row itself or
// one nested in it such as Debezium's `before`/`after`, counts when its key fields read as a
// key. Log entries do not record their format, so every format is tried for them.

import { CHANGE_FORMATS, compileTranslator, type ChangeFormat, type Translator } from "../changes/formats";
import { compileKeyReader } from "../changes/readKey";
import type { Model } from "../models/Model";

/** Digests (readKey.ts) of the keys a payload carries; `format` undefined when it is not known. */
export type PayloadKeys = (payload: string, format: string | undefined) => Set<string>;

export function compilePayloadKeys(model: Model): PayloadKeys {
  const read = compileKeyReader(model);
  const translators = new Map<string, Translator>(CHANGE_FORMATS.map((f: ChangeFormat) => [f, compileTranslator(f, model)]));
  const keyOf = (row: Record<string, unknown>): string | undefined => {
    if (!model.primaryKey.every((name) => name in row)) return undefined;
    const key = read(Object.fromEntries(model.primaryKey.map((name) => [name, row[name]])));
    return key.ok ? key.digest : undefined;
  };

  return (payload, format) => {
    const found = new Set<string>();
    let raw: unknown;
    try {
      raw = JSON.parse(payload);
    } catch {
      return found; // never stored by mirrorql: payloads are the JSON text of what was sent
    }
    const formats = format !== undefined && translators.has(format) ? [format] : [...translators.keys()];
    for (const f of formats) {
      const translated = translators.get(f)!(raw);
      if (translated.kind !== "change") continue;
      const digest = keyOf(translated.row);
      if (digest !== undefined) found.add(digest);
    }
    if (found.size > 0) return found;
    // Iteratively, since a quarantined row may be nested deeper than the stack allows.
    const pending: unknown[] = [raw];
    while (pending.length > 0) {
      const value = pending.pop();
      if (typeof value !== "object" || value === null) continue;
      if (Array.isArray(value)) pending.push(...value);
      else {
        const digest = keyOf(value as Record<string, unknown>);
        if (digest !== undefined) found.add(digest);
        pending.push(...Object.values(value));
      }
    }
    return found;
  };
}
