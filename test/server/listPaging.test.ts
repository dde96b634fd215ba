// The lists of the fixed part (batches, quarantine, auditLog, modelRevisions) page as the model
// lists do: pageInfo with signed cursors from one cursor module; a cursor this database did not
// make, or made for another list, is refused as BAD_USER_INPUT.

import { describe, expect, it } from "vitest";
import { BACKENDS } from "../backends";
import { useServedMirror } from "../servedMirror";

describe.each(BACKENDS)("$name", (backend) => {
  const served = useServedMirror(backend);
  const gql = async (query: string, variables: Record<string, unknown> = {}) =>
    (await (await fetch(served.server.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query, variables }) })).json()) as {
      data?: any;
      errors?: { message: string; extensions: { code: string; argument?: string } }[];
    };
  const region = (code: string) => ({ region_code: code, name: `Region ${code}`, revision: "1" });

  it("batches page through pageInfo: first page, then the page after its endCursor, with hasPreviousPage", async () => {
    for (const id of ["p1", "p2", "p3"]) await served.mirror.applyChanges("regions", [region(id)], { batchId: `page-${id}` });
    const page = `query($after: String) { batches(dataset: "regions", first: 2, after: $after) { nodes { batchId } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;
    const first = (await gql(page)).data.batches;
    expect(first.nodes.map((n: { batchId: string }) => n.batchId)).toEqual(["page-p3", "page-p2"]);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = (await gql(page, { after: first.pageInfo.endCursor })).data.batches;
    expect(second.nodes[0].batchId).toBe("page-p1");
    expect(second.pageInfo.hasPreviousPage).toBe(true);
  });

  it("a list's cursor is refused by another list, and text that is not a cursor of this database is refused", async () => {
    const regions = (await gql(`{ batches(dataset: "regions", first: 1) { pageInfo { endCursor } } }`)).data.batches.pageInfo.endCursor as string;
    for (const [query, after] of [
      [`query($after: String) { batches(dataset: "contacts", first: 1, after: $after) { nodes { batchId } } }`, regions],
      [`query($after: String) { quarantine(dataset: "regions", first: 1, after: $after) { nodes { id } } }`, regions],
      [`query($after: String) { auditLog(first: 1, after: $after) { nodes { seq } } }`, regions],
      [`query($after: String) { batches(first: 1, after: $after) { nodes { batchId } } }`, "12"],
    ] as const) {
      const answer = await gql(query, { after });
      expect(answer.errors?.[0]?.extensions, query).toMatchObject({ code: "BAD_USER_INPUT", argument: "after" });
    }
  });
});
