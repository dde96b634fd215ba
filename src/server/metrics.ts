// The server's Prometheus metrics (README "Metrics, logs and health"), in a registry of its own:
// several servers may run in one process (tests), and each must count only its own requests.
// Counters are fed where things happen (the HTTP server, the Apollo plugin, the writer and the
// readers); the gauges that cost a statement (quarantine sizes, database size) are read at scrape.

import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Receipt } from "../merge/Receipt";
import { log } from "./log";

/** What a request ran: its operation's type, or `none` when it was answered before one was known. */
export type OperationType = "query" | "mutation" | "subscription" | "none";
/** `ok`: no error; `error`: errors in a response that ran, or an HTTP 5xx; `refused`: an HTTP 4xx. */
export type RequestOutcome = "ok" | "error" | "refused";

/** Row outcomes counted from receipts (conflicts also count under the outcome of their change). */
export const ROW_OUTCOMES = ["upserted", "deleted", "stale", "unchanged", "conflicts", "ignored", "quarantined", "rejected"] as const;
type RowOutcome = (typeof ROW_OUTCOMES)[number];

/** What the gauges read when scraped. */
export interface MetricSources {
  /** Batches and other writes handed to the writer and not answered yet. */
  writerQueueDepth(): number;
  /** Quarantined rows per dataset. */
  quarantineCounts(): Promise<Record<string, number>>;
  /** Bytes the mirror takes in its database. */
  databaseBytes(): Promise<number>;
}

const SECONDS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const BATCH_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const STATEMENT_SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];

export class Metrics {
  readonly registry = new Registry();
  private readonly requests: Counter<"operation" | "outcome">;
  private readonly requestSeconds: Histogram<"operation" | "outcome">;
  private readonly errors: Counter<"code">;
  private readonly batches: Counter<"status">;
  private readonly rows: Counter<"dataset" | "outcome">;
  private readonly batchSeconds: Histogram<"status">;
  private readonly statementSeconds: Histogram<"outcome">;

  constructor(sources: MetricSources) {
    const registers = [this.registry];
    this.requests = new Counter({
      name: "mirrorql_graphql_requests_total",
      help: "Requests to /graphql, by operation type and outcome.",
      labelNames: ["operation", "outcome"],
      registers,
    });
    this.requestSeconds = new Histogram({
      name: "mirrorql_graphql_request_duration_seconds",
      help: "Time from a /graphql request's arrival to the end of its response.",
      labelNames: ["operation", "outcome"],
      buckets: SECONDS,
      registers,
    });
    this.errors = new Counter({ name: "mirrorql_graphql_errors_total", help: "Errors in GraphQL responses, by extensions.code.", labelNames: ["code"], registers });
    this.batches = new Counter({
      name: "mirrorql_batches_total",
      help: "Batches answered by the writer (quarantine replays included), by status: applied, rejected (atomic), replayed (a batch id seen before).",
      labelNames: ["status"],
      registers,
    });
    this.rows = new Counter({
      name: "mirrorql_rows_total",
      help: "Rows of applied and rejected batches, by dataset and outcome as their receipts count them.",
      labelNames: ["dataset", "outcome"],
      registers,
    });
    this.batchSeconds = new Histogram({
      name: "mirrorql_batch_apply_duration_seconds",
      help: "Time from handing a batch to the writer to its receipt, waiting in the writer's queue included.",
      labelNames: ["status"],
      buckets: BATCH_SECONDS,
      registers,
    });
    this.statementSeconds = new Histogram({
      name: "mirrorql_read_statement_duration_seconds",
      help: "Time of the read engine's statements (one per root field), waiting for a reader included.",
      labelNames: ["outcome"],
      buckets: STATEMENT_SECONDS,
      registers,
    });
    new Gauge({
      name: "mirrorql_writer_queue_depth",
      help: "Writes handed to the writer and not answered yet, the one being applied included.",
      registers,
      collect() {
        this.set(sources.writerQueueDepth());
      },
    });
    new Gauge({
      name: "mirrorql_quarantine_rows",
      help: "Rows in each dataset's quarantine, read at scrape.",
      labelNames: ["dataset"],
      registers,
      async collect() {
        const counts = await scraped("mirrorql_quarantine_rows", sources.quarantineCounts);
        if (counts === undefined) return;
        // Datasets no longer served (models changed) leave the gauge.
        this.reset();
        for (const [dataset, rows] of Object.entries(counts)) this.set({ dataset }, rows);
      },
    });
    new Gauge({
      name: "mirrorql_database_size_bytes",
      help: "Bytes the mirror takes in its database, read at scrape (SQLite: the file's pages; PostgreSQL: the tables and indexes of its schema).",
      registers,
      async collect() {
        const bytes = await scraped("mirrorql_database_size_bytes", sources.databaseBytes);
        if (bytes !== undefined) this.set(bytes);
      },
    });
    collectDefaultMetrics({ register: this.registry });
  }

  /** The exposition text of every metric. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  request(operation: OperationType, outcome: RequestOutcome, seconds: number): void {
    this.requests.inc({ operation, outcome });
    this.requestSeconds.observe({ operation, outcome }, seconds);
  }

  graphqlError(code: string): void {
    this.errors.inc({ code });
  }

  /** Counts a receipt from the writer; a replayed batch applied nothing now, so its rows are not counted again. */
  batch(receipt: Receipt, seconds: number): void {
    const status = receipt.replayed ? "replayed" : receipt.status;
    this.batches.inc({ status });
    this.batchSeconds.observe({ status }, seconds);
    if (receipt.replayed) return;
    for (const d of receipt.datasets) {
      const counts: Record<RowOutcome, number> = {
        upserted: d.upserted,
        deleted: d.deleted,
        stale: d.stale,
        unchanged: d.unchanged,
        conflicts: d.conflicts,
        ignored: d.ignored,
        quarantined: d.quarantined.length,
        rejected: d.rejected.length,
      };
      for (const outcome of ROW_OUTCOMES) if (counts[outcome] > 0) this.rows.inc({ dataset: d.dataset, outcome }, counts[outcome]);
    }
  }

  statement(outcome: "ok" | "error", seconds: number): void {
    this.statementSeconds.observe({ outcome }, seconds);
  }
}

/** A scrape goes on while the database does not answer (the gauge keeps its last value; /readyz says why): the process metrics matter most then. */
async function scraped<T>(metric: string, read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (e) {
    log("warn", "metric_unavailable", { metric, message: (e as Error).message });
    return undefined;
  }
}
