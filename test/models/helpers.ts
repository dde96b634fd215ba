// Small valid models to break one rule at a time, and a way to see what the loader refuses.

import { expect } from "vitest";
import { parseModels, type ModelSource } from "../../src/models/loadModels";
import { ModelValidationError, type ModelProblem } from "../../src/models/ModelProblem";
import type { Model } from "../../src/models/Model";

export type Doc = Record<string, unknown>;

export const fileOf = (doc: Doc) => `schema/${String(doc.name)}.json`;

const toSource = (d: Doc | ModelSource): ModelSource =>
  typeof d.file === "string" && typeof d.text === "string" ? (d as ModelSource) : { file: fileOf(d as Doc), text: JSON.stringify(d) };

export function account(over: Doc = {}): Doc {
  return {
    name: "Account",
    dataset: "accounts",
    fields: {
      account_id: { type: "string", required: true },
      name: { type: "string" },
      billing_id: { type: "string", unique: true },
      region: { type: "string" },
      updated_at: { type: "datetime", required: true },
    },
    primaryKey: ["account_id"],
    version: "updated_at",
    ...over,
  };
}

export function contact(over: Doc = {}): Doc {
  return {
    name: "Contact",
    dataset: "contacts",
    fields: {
      contact_id: { type: "string", required: true },
      account_id: { type: "string" },
      email: { type: "string" },
      score: { type: "integer" },
      updated_at: { type: "datetime", required: true },
    },
    primaryKey: ["contact_id"],
    version: "updated_at",
    relationships: [{ field: "account_id", target: "Account", cardinality: "M:1" }],
    ...over,
  };
}

export function pageView(over: Doc = {}): Doc {
  return {
    name: "PageView",
    dataset: "page_views",
    behavior: "time-series",
    fields: {
      session_id: { type: "string", required: true },
      viewed_at: { type: "datetime", required: true },
      url: { type: "string" },
      seq: { type: "integer", required: true },
    },
    primaryKey: ["session_id", "viewed_at"],
    timestamp: "viewed_at",
    version: "seq",
    ...over,
  };
}

/** `doc` with `fields` merged with `fields` (a field set to undefined is removed). */
export function withFields(doc: Doc, fields: Doc): Doc {
  const merged = { ...(doc.fields as Doc), ...fields };
  for (const [k, v] of Object.entries(merged)) if (v === undefined) delete merged[k];
  return { ...doc, fields: merged };
}

export function without(doc: Doc, ...keys: string[]): Doc {
  const copy = { ...doc };
  for (const k of keys) delete copy[k];
  return copy;
}

export function load(...docs: Array<Doc | ModelSource>): Model[] {
  return parseModels(docs.map(toSource));
}

/** Every problem the loader reports for these documents; fails when it accepts them. */
export function problemsOf(...docs: Array<Doc | ModelSource>): ModelProblem[] {
  try {
    parseModels(docs.map(toSource));
  } catch (e) {
    if (e instanceof ModelValidationError) return e.problems;
    throw e;
  }
  throw new Error("expected the models to be refused, but they loaded");
}

/** The one problem reported, so that a test also proves the rule raises no noise. */
export function onlyProblem(...docs: Array<Doc | ModelSource>): ModelProblem {
  const problems = problemsOf(...docs);
  expect(problems, JSON.stringify(problems, null, 2)).toHaveLength(1);
  return problems[0]!;
}

/** Matches a problem by file, path and a fragment of its message; every problem must say how to fix it. */
export function problem(file: string, path: string, message: string | RegExp) {
  return {
    file,
    path,
    message: typeof message === "string" ? expect.stringContaining(message) : expect.stringMatching(message),
    fix: expect.stringMatching(/\S/),
  };
}
