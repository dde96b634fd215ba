// The most objects a planned query could return, from its page sizes alone: the figure the
// maxNodes limit bounds (QueryLimits.ts), known before any SQL runs.

import type { ConnectionPlan, ObjectPlan, RootPlan } from "../../query/ReadPlan";

/** Objects a root field could return: rows of every page times the rows above them, plus one per object edge and parent. */
export function nodeBudget(root: RootPlan): number {
  return root.kind === "byKey" ? 1 + objectCost(root.object, 1) : connectionCost(root.connection, 1);
}

/** `parents` parents, each with one page of `plan`'s rows. */
function connectionCost(plan: ConnectionPlan, parents: number): number {
  const rows = parents * plan.query.page.limit;
  let cost = rows;
  for (const entry of plan.entries) {
    if (entry.kind === "nodes") cost += objectCost(entry.object, rows);
    else if (entry.kind === "edges") for (const e of entry.entries) if (e.kind === "node") cost += rows + objectCost(e.object, rows);
  }
  return cost;
}

/** What the edges of `plan` add under `objects` objects. */
function objectCost(plan: ObjectPlan, objects: number): number {
  let cost = 0;
  for (const entry of plan.entries) {
    if (entry.kind === "object") cost += objects + objectCost(entry.object, objects);
    else if (entry.kind === "connection") cost += connectionCost(entry.connection, objects);
  }
  return cost;
}
