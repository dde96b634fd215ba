// XDM field types and the native field types they become, both ways. XDM writes its types
// as JSON Schema (a type, a format, integer ranges); the Schema Registry adds the type it
// read from them as `meta:xdmType`.

import type { FieldType } from "../Model";

/** XDM's integer kinds by their JSON Schema range, as Adobe documents them, and with exact bounds. */
const INTEGER_KINDS: { kind: "long" | "int" | "short" | "byte"; ranges: [number, number][] }[] = [
  { kind: "long", ranges: [[-9007199254740991, 9007199254740991]] },
  {
    kind: "int",
    ranges: [
      [-2147483648, 2147483648],
      [-2147483648, 2147483647],
    ],
  },
  { kind: "short", ranges: [[-32768, 32767]] },
  {
    kind: "byte",
    ranges: [
      [-128, 128],
      [-128, 127],
    ],
  },
];

/** The native field type for each `meta:xdmType` mirrorql reads. */
export const XDM_TO_NATIVE: Record<string, FieldType> = {
  string: "string",
  number: "number",
  long: "integer",
  int: "integer",
  short: "integer",
  byte: "integer",
  boolean: "boolean",
  date: "date",
  "date-time": "datetime",
};

/** Field properties mirrorql reads; any other is a constraint or structure it cannot keep. */
export const XDM_FIELD_KEYS = ["type", "format", "title", "description", "meta:xdmType", "minimum", "maximum"];

export type XdmFieldResult = { type: FieldType } | { problem: { key: string; message: string; fix: string } };

const show = (v: unknown) => (v === undefined ? "nothing" : JSON.stringify(v));

/**
 * Reads the type of one XDM field definition. byte, short, int and long all become `integer`
 * (64-bit, exact): every value of each fits. Any other range is a constraint mirrorql does not enforce.
 */
export function readXdmType(def: Record<string, unknown>): XdmFieldResult {
  const { type, format, minimum, maximum } = def;
  const xdmType = def["meta:xdmType"];
  const fail = (key: string, message: string, fix: string): XdmFieldResult => ({ problem: { key, message, fix } });
  const isArray = type === "array" || xdmType === "array" || def.items !== undefined;
  if (isArray || type === "object" || xdmType === "object" || xdmType === "map" || def.properties !== undefined) {
    return fail(
      "type",
      `is ${isArray ? "an array" : xdmType === "map" ? "a map" : "a nested object"}; relational (model-based) schemas hold root-level scalar fields only.`,
      "flatten it into root-level fields, or model the nested rows as a schema of their own with a relationship.",
    );
  }
  let native: FieldType | undefined;
  if (type === "string") {
    if (format === undefined) native = "string";
    else if (format === "date") native = "date";
    else if (format === "date-time") native = "datetime";
    else return fail("format", `string format ${show(format)} is not one mirrorql keeps.`, 'remove "format" to store it as a plain string, or use "date" or "date-time".');
  } else if (type === "integer") {
    native = "integer";
  } else if (type === "number") {
    native = "number";
  } else if (type === "boolean") {
    native = "boolean";
  } else {
    return fail(
      "type",
      `unknown field type ${show(type)}.`,
      'use a JSON Schema type of XDM: "string" (with "format": "date" or "date-time" for dates), "integer", "number" or "boolean".',
    );
  }
  if (format !== undefined && type !== "string") {
    return fail("format", `"format" applies to strings only, received ${show(format)} on a ${String(type)}.`, 'remove "format".');
  }
  if (minimum !== undefined || maximum !== undefined) {
    if (type !== "integer") {
      return fail(minimum !== undefined ? "minimum" : "maximum", `a range on a ${String(type)} is a constraint mirrorql does not enforce.`, 'remove "minimum" and "maximum".');
    }
    const kind = INTEGER_KINDS.find((k) => k.ranges.some(([lo, hi]) => lo === minimum && hi === maximum));
    if (!kind) {
      return fail(
        "minimum",
        `the range ${show(minimum)} to ${show(maximum)} is none of XDM's integer types (long, int, short, byte), and mirrorql does not enforce other ranges.`,
        'remove "minimum" and "maximum", or use the range of long, int, short or byte.',
      );
    }
    if (typeof xdmType === "string" && XDM_TO_NATIVE[xdmType] === "integer" && xdmType !== kind.kind) {
      return fail("meta:xdmType", `says "${xdmType}" but the range is that of ${kind.kind}.`, `make "meta:xdmType" "${kind.kind}", or remove it.`);
    }
  }
  if (xdmType !== undefined) {
    const fromXdm = typeof xdmType === "string" ? XDM_TO_NATIVE[xdmType] : undefined;
    if (!fromXdm) return fail("meta:xdmType", `unknown XDM type ${show(xdmType)}.`, `use one of ${Object.keys(XDM_TO_NATIVE).join(", ")}, or remove "meta:xdmType".`);
    if (fromXdm !== native) {
      return fail(
        "meta:xdmType",
        `says "${String(xdmType)}" but "type"${format ? ' and "format"' : ""} describe ${article(native)} field.`,
        `make "type" and "format" agree with "meta:xdmType", or remove "meta:xdmType".`,
      );
    }
  }
  return { type: native };
}

const article = (t: string) => `${/^[aeiou]/.test(t) ? "an" : "a"} ${t}`;

/** The XDM definition written for a native field type (integers as XDM long, whose range Adobe caps at ±(2^53−1)). */
export function xdmFieldOf(type: FieldType): Record<string, unknown> {
  switch (type) {
    case "string":
      return { type: "string" };
    case "integer":
      return { type: "integer", minimum: -9007199254740991, maximum: 9007199254740991 };
    case "number":
      return { type: "number" };
    case "boolean":
      return { type: "boolean" };
    case "date":
      return { type: "string", format: "date" };
    case "datetime":
      return { type: "string", format: "date-time" };
  }
}
