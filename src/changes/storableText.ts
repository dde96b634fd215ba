// Which strings every backend stores as sent: no U+0000 (PostgreSQL's text cannot hold it) and no
// lone surrogate (each database replaces one in its own way). Row values and arguments alike.

import { MirrorError } from "../errors";

/** String.prototype.isWellFormed (Node 20); the ES2023 library this project compiles against does not declare it yet. */
const isWellFormed = (s: string) => (s as string & { isWellFormed(): boolean }).isWellFormed();

/** True when both backends store `text` unchanged. */
export const isStorableText = (text: string): boolean => !text.includes("\0") && isWellFormed(text);

export const STORABLE_TEXT = "text without the NUL character (U+0000) or a lone surrogate";

/**
 * Refuses an argument (a batch id, a reason) that a backend could not store as sent, before the
 * storage is asked: BAD_USER_INPUT naming the argument, instead of one dialect storing it and the
 * other failing as INTERNAL.
 */
export function requireStorableText(argument: string, text: string, details: Record<string, unknown> = {}): void {
  if (isStorableText(text)) return;
  // JSON escapes U+0000 and lone surrogates, so the message itself is storable and readable.
  const quoted = JSON.stringify(text);
  const received = `${quoted.length > 80 ? `${quoted.slice(0, 77).replace(/[\uD800-\uDBFF]$/, "")}...` : quoted} (string)`;
  throw new MirrorError("BAD_USER_INPUT", `Argument "${argument}" must be ${STORABLE_TEXT}, received ${received}; remove the character or escape it.`, {
    argument,
    ...details,
    expected: STORABLE_TEXT,
    received,
  });
}
