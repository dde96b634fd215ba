// Parses JSON so that integers beyond 2^53 keep the digits that were sent: request bodies, and
// the quarantine's payloads read back (kept as the text that was sent).

import { parse } from "lossless-json";

/**
 * Below 16 digits every JSON integer is exact as a double, so a body without such a run (the
 * usual case) goes through JSON.parse; the lossless parser is slower and only pays off there.
 */
const LONG_DIGIT_RUN = /\d{16}/;
const INTEGER_LITERAL = /^-?\d+$/;

/**
 * A JSON number as JSON.parse gives it when that is exact, and as a bigint when it is an integer
 * JSON.parse would round. A bigint survives the structured clone to the writer thread (a class
 * such as lossless-json's LosslessNumber does not), and the merge stores it exactly.
 */
export function exactNumber(text: string): number | bigint {
  const n = Number(text);
  if (!INTEGER_LITERAL.test(text) || Number.isSafeInteger(n)) return n;
  return BigInt(text);
}

/** JSON.parse keeps the last of repeated keys; so does this, where lossless-json would throw. */
const lastValue = ({ newValue }: { newValue: unknown }) => newValue;

/** The value of JSON `text`; throws a SyntaxError, as JSON.parse does, when the text is not JSON. */
export function parseExactJson(text: string): unknown {
  if (!LONG_DIGIT_RUN.test(text)) return JSON.parse(text);
  try {
    return parse(text, null, { parseNumber: exactNumber, onDuplicateKey: lastValue });
  } catch (e) {
    // lossless-json recurses per level of nesting, JSON.parse does not: a body nested deeper than
    // the stack (thousands of levels, which the merge quarantines as NESTED_TOO_DEEP) is read as
    // JSON.parse reads it, long integers rounded.
    if (e instanceof RangeError) return JSON.parse(text);
    throw e;
  }
}
