// Small valid relational schemas in Adobe's form (Account, Contact, WebEvent) and their
// descriptors, to break one rule at a time.

import { expect } from "vitest";
import { importAdobe } from "../../src/models/adobe/importAdobe";
import type { ModelProblem } from "../../src/models/ModelProblem";

export type Doc = Record<string, unknown>;
export const ID = (name: string) => `https://ns.adobe.com/acme/schemas/${name}`;
const LONG = { type: "integer", minimum: -9007199254740991, maximum: 9007199254740991 };

export function accountSchema(over: Doc = {}): Doc {
  return {
    $id: ID("account"),
    title: "Account",
    type: "object",
    "meta:behaviorType": "record",
    properties: {
      account_id: { type: "string" },
      name: { type: "string", description: "Legal name." },
      updated_at: { type: "string", format: "date-time" },
    },
    required: ["account_id", "updated_at"],
    ...over,
  };
}

export function contactSchema(over: Doc = {}): Doc {
  return {
    $id: ID("contact"),
    title: "Contact",
    type: "object",
    "meta:behaviorType": "record",
    properties: {
      contact_id: { type: "string" },
      account_id: { type: "string" },
      email: { type: "string" },
      row_scn: LONG,
    },
    required: ["contact_id", "row_scn"],
    ...over,
  };
}

export function eventSchema(over: Doc = {}): Doc {
  return {
    $id: ID("webevent"),
    title: "WebEvent",
    type: "object",
    "meta:behaviorType": "time-series",
    properties: {
      session_id: { type: "string" },
      event_time: { type: "string", format: "date-time" },
      contact_id: { type: "string" },
      seq: LONG,
    },
    required: ["session_id", "event_time", "seq"],
    ...over,
  };
}

export const pk = (schema: string, ...fields: string[]): Doc => ({
  "@type": "xdm:descriptorPrimaryKey",
  "xdm:sourceSchema": ID(schema),
  "xdm:sourceProperty": fields.map((f) => `/${f}`),
});
export const version = (schema: string, field: string): Doc => ({ "@type": "xdm:descriptorVersion", "xdm:sourceSchema": ID(schema), "xdm:sourceProperty": `/${field}` });
export const timestamp = (schema: string, field: string): Doc => ({ "@type": "xdm:descriptorTimestamp", "xdm:sourceSchema": ID(schema), "xdm:sourceProperty": `/${field}` });
export const relationship = (schema: string, field: string, destination: string, over: Doc = {}): Doc => ({
  "@type": "xdm:descriptorRelationship",
  "xdm:sourceSchema": ID(schema),
  "xdm:sourceProperty": `/${field}`,
  "xdm:destinationSchema": ID(destination),
  "xdm:cardinality": "M:1",
  ...over,
});

/** The descriptors of the three schemas; indexes: 0-1 account, 2-4 contact, 5-8 webevent. */
export function descriptors(): Doc[] {
  return [
    pk("account", "account_id"),
    version("account", "updated_at"),
    pk("contact", "contact_id"),
    version("contact", "row_scn"),
    relationship("contact", "account_id", "account", { "xdm:sourceToDestinationName": "account", "xdm:destinationToSourceName": "contacts" }),
    pk("webevent", "session_id", "event_time"),
    version("webevent", "seq"),
    timestamp("webevent", "event_time"),
    relationship("webevent", "contact_id", "contact"),
  ];
}

export const files = (...schemas: Doc[]) => schemas.map((json) => ({ file: `${String(json.title)}.json`, json }));

/** Imports the schemas with the descriptors (default: all three schemas, all descriptors). */
export function run(schemas: Doc[] = [accountSchema(), contactSchema(), eventSchema()], descs: unknown = descriptors()) {
  return importAdobe(files(...schemas), [{ file: "descriptors.json", json: descs }]);
}

/** Expects the import refused with a problem at `file` and JSON Pointer `path` whose message matches; returns it. */
export function expectProblem(result: { models: unknown[]; problems: ModelProblem[] }, file: string, path: string, message: RegExp): ModelProblem {
  expect(result.models).toEqual([]);
  const found = result.problems.find((p) => p.file === file && p.path === path && message.test(p.message));
  expect(found, `no problem at ${file} ${path} matching ${message}; got:\n${result.problems.map((p) => `${p.file} ${p.path}: ${p.message}`).join("\n")}`).toBeDefined();
  expect(found!.fix.length).toBeGreaterThan(0);
  return found!;
}
