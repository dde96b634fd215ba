// Which purged key a stored payload carries (src/hygiene/payloadKeys.ts): the key of the row its
// change format translates it to, else of any object in it when the format refuses the row.

import { describe, expect, it } from "vitest";
import { compileKeyReader } from "../../src/changes/readKey";
import { compilePayloadKeys } from "../../src/hygiene/payloadKeys";
import { CONTACT, models } from "../helpers";

const [model] = models(CONTACT);
const keysIn = compilePayloadKeys(model!);
const digest = (id: unknown) => {
  const key = compileKeyReader(model!)({ id });
  if (!key.ok) throw new Error(key.problem.message);
  return key.digest;
};
const carried = (row: unknown, format: string | undefined) => [...keysIn(JSON.stringify(row), format)];

describe("payloadKeys", () => {
  it("reads the key of a native row from its key fields, as a purge key is read", () => {
    expect(carried({ id: "a", name: "n", v: 1, score: "many" }, "native")).toEqual([digest("a")]);
  });

  it("does not take a key from an object nested in a native row whose own key reads", () => {
    expect(carried({ id: "b", v: 1, notes: { id: "a" } }, "native")).toEqual([digest("b")]);
  });

  it("reads the key of each translating format from the row the format makes of it", () => {
    expect(carried({ op: "d", before: { id: "a", v: 1 }, after: null, source: {} }, "debezium")).toEqual([digest("a")]);
    expect(carried({ schema: {}, payload: { op: "u", before: null, after: { id: "a", v: 2 }, source: {} } }, "debezium")).toEqual([digest("a")]);
    expect(carried({ id: "a", v: 1, _change_type: "insert", _commit_version: 3 }, "delta-cdf")).toEqual([digest("a")]);
    expect(carried({ id: "a", v: 1, METADATA$ACTION: "DELETE", METADATA$ISUPDATE: false, METADATA$ROW_ID: "r" }, "snowflake-stream")).toEqual([digest("a")]);
    expect(carried({ id: "a", v: 1, _CHANGE_TYPE: "UPSERT" }, "bigquery-cdc")).toEqual([digest("a")]);
  });

  it("searches every object of a row its format refuses, e.g. Debezium's images", () => {
    expect(carried({ op: "no-such-op", before: { id: "a", v: 1 }, after: { id: "c", v: 2 } }, "debezium").sort()).toEqual([digest("a"), digest("c")].sort());
    expect(carried({ id: "a", v: 1, _change_type: "merge" }, "delta-cdf")).toEqual([digest("a")]);
  });

  it("tries every format for a payload of unknown format (quarantine-log entries)", () => {
    expect(carried({ op: "c", after: { id: "a", v: 1 }, source: {} }, undefined)).toEqual([digest("a")]);
    expect(carried({ id: "a", v: 1 }, undefined)).toEqual([digest("a")]);
  });

  it("finds no key where the key field is missing or cannot be a key", () => {
    expect(carried({ name: "n", v: 1 }, "native")).toEqual([]);
    expect(carried({ id: 7, v: 1 }, "native")).toEqual([]);
    expect(carried([1, 2], "native")).toEqual([]);
  });
});
