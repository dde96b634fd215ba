// Importing Adobe's form: each rule Adobe documents for relational (model-based) schemas is
// refused with the document, the JSON Pointer and the fix; every problem of every document
// is reported at once; the native rules still apply and point back at Adobe's documents.

import { describe, expect, it } from "vitest";
import { checkModels } from "../../src/models/checkModels";
import { importAdobe } from "../../src/models/adobe/importAdobe";
import { accountSchema, contactSchema, descriptors, eventSchema, expectProblem, files, ID, pk, run, timestamp, version, type Doc } from "./adobeHelpers";

const resolved = (models: Record<string, unknown>[]) => {
  const checked = checkModels(models.map((json) => ({ file: `${String(json.name)}.json`, json })));
  expect(checked.problems).toEqual([]);
  return checked.models;
};

describe("a valid set", () => {
  it("imports into native models that pass the loader's checks", () => {
    const result = run();
    expect(result.problems).toEqual([]);
    expect(result.models.map((m) => m.name)).toEqual(["Account", "Contact", "WebEvent"]);
    expect(result.models[1]).toEqual({
      name: "Contact",
      dataset: "contact",
      behavior: "record",
      fields: {
        contact_id: { type: "string", required: true },
        account_id: { type: "string" },
        email: { type: "string" },
        row_scn: { type: "integer", required: true },
      },
      primaryKey: ["contact_id"],
      version: "row_scn",
      relationships: [{ field: "account_id", target: "Account", cardinality: "M:1", name: "account", inverseName: "contacts" }],
    });
    const [, , event] = resolved(result.models);
    expect(event).toMatchObject({ behavior: "time-series", primaryKey: ["session_id", "event_time"], timestamp: "event_time", version: ["seq"] });
  });

  it("a schema as the Schema Registry returns it (definitions, allOf with meta:xdmType, version, meta:altId) imports", () => {
    const { properties, required, ...rest } = accountSchema();
    const fetched = {
      ...rest,
      "meta:altId": "_acme.schemas.account",
      "meta:resourceType": "schemas",
      version: "1.2",
      imsOrg: "ORG@AdobeOrg",
      "meta:containerId": "tenant",
      "meta:extends": ["https://ns.adobe.com/xdm/data/adhoc-v2"],
      definitions: { account: { type: "object", properties: { ...(properties as Doc), name: { title: "Name", type: "string", description: "Legal name." } }, required } },
      allOf: [{ $ref: "#/definitions/account", "meta:xdmType": "object" }],
    };
    const result = run([fetched, contactSchema(), eventSchema()]);
    expect(result.problems).toEqual([]);
    expect(result.models).toEqual(run().models);
  });

  it("the title becomes the type name and, unless meta:mirrorql names one, the dataset in snake case", () => {
    const result = run([accountSchema({ title: "Account" }), contactSchema({ "meta:mirrorql": { dataset: "contacts" } }), eventSchema({ title: "web event" })]);
    expect(result.problems).toEqual([]);
    expect(result.models.map((m) => [m.name, m.dataset])).toEqual([
      ["Account", "account"],
      ["Contact", "contacts"],
      ["WebEvent", "web_event"],
    ]);
  });
});

describe("field types", () => {
  const withField = (def: unknown) => run([accountSchema({ properties: { ...(accountSchema().properties as Doc), f: def } }), contactSchema(), eventSchema()]);
  const typeOf = (def: unknown) => {
    const r = withField(def);
    expect(r.problems).toEqual([]);
    return (r.models[0]!.fields as Record<string, Doc>).f!.type;
  };

  it("XDM types map to native types: string, long/int/short/byte → integer, number, boolean, date, date-time", () => {
    expect(typeOf({ type: "string" })).toBe("string");
    expect(typeOf({ type: "integer" })).toBe("integer");
    expect(typeOf({ type: "integer", minimum: -9007199254740991, maximum: 9007199254740991 })).toBe("integer");
    expect(typeOf({ type: "integer", minimum: -2147483648, maximum: 2147483648, "meta:xdmType": "int" })).toBe("integer");
    expect(typeOf({ type: "integer", minimum: -32768, maximum: 32767, "meta:xdmType": "short" })).toBe("integer");
    expect(typeOf({ type: "integer", minimum: -128, maximum: 128, "meta:xdmType": "byte" })).toBe("integer");
    expect(typeOf({ type: "number" })).toBe("number");
    expect(typeOf({ type: "boolean", "meta:xdmType": "boolean" })).toBe("boolean");
    expect(typeOf({ type: "string", format: "date" })).toBe("date");
    expect(typeOf({ type: "string", format: "date-time", "meta:xdmType": "date-time" })).toBe("datetime");
  });

  it("a string format other than date and date-time is refused, not dropped", () => {
    expectProblem(withField({ type: "string", format: "email" }), "Account.json", "/properties/f/format", /"email" is not one mirrorql keeps/);
  });

  it("a constraint mirrorql does not enforce (enum, pattern, a custom range) is refused, not dropped", () => {
    expectProblem(withField({ type: "string", enum: ["a", "b"] }), "Account.json", "/properties/f/enum", /does not keep/);
    expectProblem(withField({ type: "string", pattern: "^a" }), "Account.json", "/properties/f/pattern", /does not keep/);
    expectProblem(withField({ type: "integer", minimum: 0, maximum: 10 }), "Account.json", "/properties/f/minimum", /none of XDM's integer types/);
  });

  it("meta:xdmType must agree with type and format", () => {
    expectProblem(withField({ type: "string", "meta:xdmType": "long" }), "Account.json", "/properties/f/meta:xdmType", /says "long"/);
  });

  it("nested objects are refused: relational schemas hold root-level scalar fields only", () => {
    const p = expectProblem(withField({ type: "object", properties: { city: { type: "string" } } }), "Account.json", "/properties/f/type", /nested object/);
    expect(p.fix).toMatch(/flatten/);
  });

  it("arrays and maps are refused", () => {
    expectProblem(withField({ type: "array", items: { type: "string" } }), "Account.json", "/properties/f/type", /an array/);
    expectProblem(withField({ type: "object", "meta:xdmType": "map", additionalProperties: { type: "string" } }), "Account.json", "/properties/f/type", /a map/);
  });

  it("a data type or field group ($ref) is refused", () => {
    expectProblem(withField({ $ref: "https://ns.adobe.com/xdm/context/person" }), "Account.json", "/properties/f/$ref", /data types or field groups/);
  });

  it("an unknown type is refused with the types XDM has", () => {
    const p = expectProblem(withField({ type: "text" }), "Account.json", "/properties/f/type", /unknown field type "text"/);
    expect(p.fix).toMatch(/integer/);
  });
});

describe("schema documents", () => {
  it('a root "required" beside definitions applies to the fields of every definition', () => {
    const { properties, required, ...rest } = accountSchema();
    const doc = {
      ...rest,
      definitions: {
        a: { properties: { account_id: (properties as Doc).account_id } },
        b: { properties: { name: (properties as Doc).name, updated_at: (properties as Doc).updated_at } },
      },
      required,
    };
    const r = run([doc, contactSchema(), eventSchema()]);
    expect(r.problems).toEqual([]);
    expect(r.models[0]).toEqual(run().models[0]);
  });

  it("the union tag is refused: relational schemas take no part in union schemas", () => {
    expectProblem(run([accountSchema({ "meta:immutableTags": ["union"] }), contactSchema(), eventSchema()]), "Account.json", "/meta:immutableTags/0", /union/);
  });

  it("the definitions form with meta:extends adhoc-v2 imports as root properties do", () => {
    const { properties, required, ...rest } = accountSchema();
    const definitionsForm = {
      ...rest,
      "meta:extends": ["https://ns.adobe.com/xdm/data/adhoc-v2"],
      definitions: { customFields: { type: "object", properties, required } },
      allOf: [{ $ref: "#/definitions/customFields" }],
    };
    const root = run();
    const defs = run([definitionsForm, contactSchema(), eventSchema()]);
    expect(defs.problems).toEqual([]);
    expect(defs.models).toEqual(root.models);
  });

  it("fields in definitions are located by their pointer in the definitions", () => {
    const definitionsForm = {
      ...accountSchema({ properties: undefined, required: undefined }),
      definitions: {
        g: {
          type: "object",
          properties: { account_id: { type: "string" }, updated_at: { type: "string", format: "date-time" }, tags: { type: "array", items: { type: "string" } } },
        },
      },
    };
    expectProblem(run([definitionsForm, contactSchema(), eventSchema()]), "Account.json", "/definitions/g/properties/tags/type", /an array/);
  });

  it("meta:extends names only the ad-hoc class: XDM classes and field groups are refused", () => {
    const r = run([accountSchema({ "meta:extends": ["https://ns.adobe.com/xdm/data/adhoc-v2", "https://ns.adobe.com/xdm/context/profile"] }), contactSchema(), eventSchema()]);
    expectProblem(r, "Account.json", "/meta:extends/1", /only the ad-hoc class/);
  });

  it("allOf refers only to the schema's own definitions", () => {
    const { properties } = accountSchema();
    const doc = {
      ...accountSchema({ properties: undefined, required: undefined }),
      definitions: { f: { properties, required: ["account_id", "updated_at"] } },
      allOf: [{ $ref: "#/definitions/f" }, { $ref: "https://ns.adobe.com/acme/mixins/extra" }],
    };
    expectProblem(run([doc, contactSchema(), eventSchema()]), "Account.json", "/allOf/1", /field groups/);
  });

  it("meta:behaviorType is record or time-series", () => {
    expectProblem(run([accountSchema({ "meta:behaviorType": "adhoc" }), contactSchema(), eventSchema()]), "Account.json", "/meta:behaviorType", /"record" or "time-series"/);
  });

  it("$id has the form https://ns.adobe.com/{TENANT}/schemas/{ID}", () => {
    expectProblem(run([accountSchema({ $id: "account" }), contactSchema(), eventSchema()]), "Account.json", "/$id", /schema id like/);
  });

  it("a required name that is not a field is refused", () => {
    expectProblem(run([accountSchema({ required: ["account_id", "updated_at", "nmae"] }), contactSchema(), eventSchema()]), "Account.json", "/required/2", /Did you mean "name"/);
  });
});

describe("descriptors", () => {
  const without = (...indexes: number[]) => descriptors().filter((_, i) => !indexes.includes(i));
  const replace = (i: number, d: Doc) => descriptors().map((x, j) => (j === i ? d : x));

  it("every schema needs a primary key descriptor", () => {
    const p = expectProblem(run(undefined, without(0)), "Account.json", "", /no xdm:descriptorPrimaryKey/);
    expect(p.fix).toContain(ID("account"));
  });

  it("every schema needs a version descriptor", () => {
    expectProblem(run(undefined, without(3)), "Contact.json", "", /no xdm:descriptorVersion/);
  });

  it("a version field is an integer or a date-time (or, in mirrorql, a number)", () => {
    expectProblem(run(undefined, replace(3, version("contact", "email"))), "descriptors.json", "/3/xdm:sourceProperty", /cannot order changes/);
  });

  it("key, version and timestamp fields must be marked as required", () => {
    const r = run([accountSchema({ required: ["updated_at"] }), contactSchema({ required: ["contact_id"] }), eventSchema({ required: ["session_id", "seq"] })]);
    const p = expectProblem(r, "Account.json", "/required", /primary key field "account_id" is not marked as required/);
    expect(p.fix).toContain('add "account_id" to the "required" list');
    expectProblem(r, "Contact.json", "/required", /version field "row_scn" is not marked as required/);
    expectProblem(r, "WebEvent.json", "/required", /primary key field "event_time" is not marked as required/);
    expect(r.problems).toHaveLength(3);
  });

  it("in the definitions form, a missing required field is pointed at its definition's required list", () => {
    const { properties, ...rest } = accountSchema({ required: undefined });
    const r = run([{ ...rest, definitions: { f: { properties, required: ["account_id"] } } }, contactSchema(), eventSchema()]);
    expectProblem(r, "Account.json", "/definitions/f/required", /version field "updated_at"/);
  });

  it("a time-series schema needs a timestamp descriptor", () => {
    expectProblem(run(undefined, without(7)), "WebEvent.json", "", /no xdm:descriptorTimestamp/);
  });

  it("a time-series primary key must include the timestamp field", () => {
    const p = expectProblem(
      run(undefined, replace(5, pk("webevent", "session_id"))),
      "descriptors.json",
      "/5/xdm:sourceProperty",
      /must be composite and include its timestamp field "event_time"/,
    );
    expect(p.fix).toContain('"/event_time"');
  });

  it("a time-series primary key must be composite: the timestamp alone is refused", () => {
    const p = expectProblem(run(undefined, replace(5, pk("webevent", "event_time"))), "descriptors.json", "/5/xdm:sourceProperty", /must be composite/);
    expect(p.fix).toMatch(/tells series apart/);
  });

  it("the timestamp is a date-time field", () => {
    const r = run([accountSchema(), contactSchema(), eventSchema()], [...without(5, 7), pk("webevent", "session_id", "seq"), timestamp("webevent", "seq")]);
    expectProblem(r, "descriptors.json", "/8/xdm:sourceProperty", /not a date-time/);
  });

  it("a record schema has no timestamp descriptor", () => {
    expectProblem(run(undefined, [...descriptors(), timestamp("account", "updated_at")]), "descriptors.json", "/9/@type", /only a time-series schema/);
  });

  it("descriptors take root-level fields only: a pointer into a nested property is refused", () => {
    expectProblem(run(undefined, replace(0, pk("account", "address/city"))), "descriptors.json", "/0/xdm:sourceProperty/0", /points into a nested property/);
  });

  it("a pointer to a field the schema does not declare is refused with a did-you-mean", () => {
    expectProblem(run(undefined, replace(1, version("account", "updatedAt"))), "descriptors.json", "/1/xdm:sourceProperty", /Did you mean "updated_at"/);
  });

  it("schemas are referenced by $id; an unknown $id is refused", () => {
    const d = { ...version("account", "updated_at"), "xdm:sourceSchema": ID("acount") };
    expectProblem(run(undefined, replace(1, d)), "descriptors.json", "/1/xdm:sourceSchema", new RegExp(`Did you mean "${ID("account")}"`));
  });

  it("a second descriptor of one type for a schema is refused", () => {
    expectProblem(run(undefined, [...descriptors(), version("account", "updated_at")]), "descriptors.json", "/9", /a second xdm:descriptorVersion/);
  });

  it("a descriptor type mirrorql does not read is refused, not ignored", () => {
    const d = { "@type": "xdm:descriptorIdentity", "xdm:sourceSchema": ID("account"), "xdm:sourceProperty": "/account_id", "xdm:namespace": "ECID" };
    expectProblem(run(undefined, [...descriptors(), d]), "descriptors.json", "/9/@type", /not one mirrorql reads/);
  });

  it("a full descriptor takes JSON Pointers: a bare field name is refused with the pointer to write", () => {
    const p = expectProblem(
      run(undefined, replace(1, { ...version("account", "x"), "xdm:sourceProperty": "updated_at" })),
      "descriptors.json",
      "/1/xdm:sourceProperty",
      /must be a JSON Pointer/,
    );
    expect(p.fix).toBe('write "/updated_at".');
  });

  it("the simplified xdm:descriptor shape names the type in xdm:descriptor, fields bare, and the schema by title or by nothing when there is one", () => {
    const simple = [
      { "xdm:descriptor": "xdm:descriptorPrimaryKey", "xdm:sourceProperty": "account_id" },
      { "xdm:descriptor": "xdm:descriptorVersion", "xdm:sourceSchema": "Account", "xdm:sourceProperty": "/updated_at" },
    ];
    const r = importAdobe(files(accountSchema({ $id: undefined })), [{ file: "d.json", json: simple }]);
    expect(r.problems).toEqual([]);
    expect(r.models[0]).toMatchObject({ primaryKey: ["account_id"], version: "updated_at" });
    const two = run(undefined, [...descriptors(), { "xdm:descriptor": "xdm:descriptorVersion", "xdm:sourceProperty": "/seq" }]);
    expectProblem(two, "descriptors.json", "/9/xdm:sourceSchema", /3 schemas are imported/);
  });
});

describe("relationships", () => {
  const rel = (over: Doc, type?: string) =>
    run(
      undefined,
      descriptors().map((d, i) => (i === 4 ? { ...d, ...(type ? { "@type": type } : {}), ...over } : d)),
    );

  it("cardinality M:1 and 1:1 are accepted, and M:1 is the default", () => {
    for (const [written, expected] of [
      ["M:1", "M:1"],
      ["1:1", "1:1"],
      [undefined, "M:1"],
    ] as const) {
      const r = rel({ "xdm:cardinality": written });
      expect(r.problems).toEqual([]);
      expect((r.models[1]!.relationships as Doc[])[0]!.cardinality).toBe(expected);
    }
  });

  it("xdm:descriptorOneToOne is a one-to-one relationship", () => {
    const r = rel({ "xdm:cardinality": undefined }, "xdm:descriptorOneToOne");
    expect(r.problems).toEqual([]);
    expect((r.models[1]!.relationships as Doc[])[0]!.cardinality).toBe("1:1");
  });

  it("many-to-many is refused", () => {
    const p = expectProblem(rel({ "xdm:cardinality": "M:N" }), "descriptors.json", "/4/xdm:cardinality", /many-to-many relationships are not supported/);
    expect(p.fix).toMatch(/two M:1/);
    expectProblem(rel({}, "xdm:descriptorManyToMany"), "descriptors.json", "/4/@type", /many-to-many/);
  });

  it("one-to-many is refused: it is declared from the referring side", () => {
    expectProblem(rel({ "xdm:cardinality": "1:M" }), "descriptors.json", "/4/xdm:cardinality", /declared from the other side/);
  });

  it("cardinality M:0 and 1:0 are accepted: the reference may point at no row", () => {
    for (const c of ["M:0", "1:0"]) {
      const r = rel({ "xdm:cardinality": c });
      expect(r.problems).toEqual([]);
      expect((r.models[1]!.relationships as Doc[])[0]!.cardinality).toBe(c);
    }
  });

  it("an unknown cardinality is refused with the four Adobe accepts", () => {
    const p = expectProblem(rel({ "xdm:cardinality": "many" }), "descriptors.json", "/4/xdm:cardinality", /"1:1", "M:0", "1:0"|"M:1", "1:1", "M:0", "1:0"/);
    expect(p.fix).toMatch(/M:1/);
  });

  it("relationship names become name and inverseName; display titles are accepted", () => {
    const r = rel({ "xdm:sourceToDestinationTitle": "Account", "xdm:destinationToSourceTitle": "Contacts" });
    expect(r.problems).toEqual([]);
    expect((r.models[1]!.relationships as Doc[])[0]).toMatchObject({ name: "account", inverseName: "contacts" });
  });

  it("the simplified relationship of Adobe's overview (bare fields, no cardinality) is many-to-one", () => {
    const simple = {
      "xdm:descriptor": "xdm:descriptorRelationship",
      "xdm:sourceSchema": ID("contact"),
      "xdm:sourceProperty": "account_id",
      "xdm:destinationSchema": ID("account"),
      "xdm:destinationProperty": "account_id",
    };
    const r = run(
      undefined,
      descriptors().map((d, i) => (i === 4 ? simple : d)),
    );
    expect(r.problems).toEqual([]);
    expect((r.models[1]!.relationships as Doc[])[0]).toEqual({ field: "account_id", target: "Account", targetField: "account_id", cardinality: "M:1" });
  });

  it("xdm:destinationProperty names a unique candidate key; a field not declared unique is refused at that pointer", () => {
    const r = rel({ "xdm:destinationProperty": "/name" });
    expectProblem(r, "descriptors.json", "/4/xdm:destinationProperty", /neither the target's primary key nor declared unique/);
    const unique = run(
      [accountSchema({ "meta:mirrorql": { unique: ["name"] } }), contactSchema(), eventSchema()],
      descriptors().map((d, i) => (i === 4 ? { ...d, "xdm:destinationProperty": "/name" } : d)),
    );
    expect(unique.problems).toEqual([]);
    expect((unique.models[1]!.relationships as Doc[])[0]).toMatchObject({ targetField: "name" });
  });

  it("a relationship to a schema that is not imported is refused", () => {
    expectProblem(rel({ "xdm:destinationSchema": ID("region") }), "descriptors.json", "/4/xdm:destinationSchema", /not among the imported schema documents/);
  });
});

describe("reporting", () => {
  it("a field refused for its own problem is reported once, not again by the descriptors and required lists naming it", () => {
    const props = eventSchema().properties as Doc;
    const r = run([accountSchema(), contactSchema(), eventSchema({ properties: { ...props, event_time: { type: "string", format: "time" } } })]);
    expectProblem(r, "WebEvent.json", "/properties/event_time/format", /"time" is not one mirrorql keeps/);
    expect(r.problems).toHaveLength(1);
  });

  it("a relationship without a destination schema is refused", () => {
    const d = descriptors().map((x, i) => (i === 4 ? { ...x, "xdm:destinationSchema": undefined } : x));
    expectProblem(run(undefined, d), "descriptors.json", "/4/xdm:destinationSchema", /names no destination schema/);
  });

  it("every problem of every document is reported at once", () => {
    const r = run(
      [
        accountSchema({ properties: { ...(accountSchema().properties as Doc), tags: { type: "array", items: { type: "string" } } } }),
        contactSchema({ "meta:behaviorType": "lookup" }),
        eventSchema(),
      ],
      descriptors().map((d, i) => (i === 5 ? pk("webevent", "session_id") : i === 8 ? { ...d, "xdm:cardinality": "N:M" } : d)),
    );
    expectProblem(r, "Account.json", "/properties/tags/type", /an array/);
    expectProblem(r, "Contact.json", "/meta:behaviorType", /"record" or "time-series"/);
    expectProblem(r, "descriptors.json", "/5/xdm:sourceProperty", /timestamp/);
    expectProblem(r, "descriptors.json", "/8/xdm:cardinality", /many-to-many/);
    expect(r.problems).toHaveLength(4);
  });

  it("a native rule the import breaks is pointed back at Adobe's document", () => {
    // "_version" is reserved by mirrorql; "Query" is a type of mirrorql's own API.
    const r = run([accountSchema({ properties: { ...(accountSchema().properties as Doc), _version: { type: "string" } } }), contactSchema({ title: "Query" }), eventSchema()]);
    expectProblem(r, "Account.json", "/properties/_version", /reserved by mirrorql/);
    expectProblem(r, "Query.json", "/title", /mirrorql's own API/);
  });

  it("a document that is not an object, or a descriptors file that is not an array, is refused", () => {
    const r = importAdobe([{ file: "a.json", json: [] }], [{ file: "d.json", json: "x" }]);
    expectProblem(r, "a.json", "", /must be a JSON object/);
    expectProblem(r, "d.json", "", /array of descriptors/);
  });
});
