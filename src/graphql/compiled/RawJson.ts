// JSON text the database built, carried through Apollo Server to the HTTP response without
// being parsed and written again. Anything that serializes it the ordinary way (tests,
// plugins calling JSON.stringify) still gets the same value, through toJSON.

import type { FormattedExecutionResult } from "graphql";
import { deepJsonText } from "../../changes/rowDepth";

export class RawJson {
  constructor(readonly json: string) {}

  toJSON(): unknown {
    return JSON.parse(this.json);
  }
}

function dataJson(data: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (value !== undefined) parts.push(`${JSON.stringify(key)}:${value instanceof RawJson ? value.json : JSON.stringify(value)}`);
  }
  return `{${parts.join(",")}}`;
}

/**
 * Apollo Server's `stringifyResult`: the response's members in their order, root fields of raw
 * JSON spliced in. A result too deep for JSON.stringify (a quarantined row nested thousands
 * of levels, served as sent) is written without recursion instead.
 */
export function stringifyResult(result: FormattedExecutionResult): string {
  try {
    return stringifyShallow(result);
  } catch (e) {
    // Too deep for JSON.stringify, or holding a bigint (an integer beyond 2^53 read back exactly), which it refuses.
    if (!(e instanceof RangeError || (e instanceof TypeError && /BigInt/.test(e.message)))) throw e;
    return `${deepJsonText(result)}\n`;
  }
}

function stringifyShallow(result: FormattedExecutionResult): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(result)) {
    if (value === undefined) continue;
    parts.push(`${JSON.stringify(key)}:${key === "data" && value !== null ? dataJson(value as Record<string, unknown>) : JSON.stringify(value)}`);
  }
  return `{${parts.join(",")}}\n`;
}
