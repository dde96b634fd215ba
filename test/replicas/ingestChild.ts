// A process that ingests batches into a PostgreSQL schema through Mirror until it is killed,
// printing "start <batch id>" before each batch and "ack <batch id>" once it is acknowledged
// (committed). Run by
// killDuringIngest.test.ts: node --import tsx test/replicas/ingestChild.ts <url> <schema> <first> <rows>

import { Mirror } from "../../src/mirror";
import { models } from "../helpers";
import { keyed } from "./models";

const [url, schema, first, size] = process.argv.slice(2);
const rows = Number(size);

/** Batch i writes `rows` new keys into each of two datasets, so every batch's effects can be counted. */
const batchOf = (i: number) =>
  ["alpha", "beta"].map((dataset) => ({
    dataset,
    rows: Array.from({ length: rows }, (_, j) => ({ id: `b${i}-r${j}`, v: 1, val: "x".repeat(40) })),
  }));

const mirror = await Mirror.open({ database: url!, pgSchema: schema!, models: models(keyed("alpha"), keyed("beta")) });
process.stdout.write("open\n");
// Two batches in flight, as `mirrorql ingest` keeps them.
let next = Number(first);
await Promise.all(
  [0, 1].map(async () => {
    for (;;) {
      const i = next++;
      process.stdout.write(`start kill-${i}\n`);
      await mirror.applyBatch(batchOf(i), { batchId: `kill-${i}` });
      process.stdout.write(`ack kill-${i}\n`);
    }
  }),
);
