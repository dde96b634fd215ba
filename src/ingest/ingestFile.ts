// A file of change rows loaded into one dataset of a running mirrorql server: read as a
// stream, cut into batches, each batch sent through applyChanges with a deterministic
// id and retried on transient failures, the receipts summed up. Two batches are in
// flight by default, so that the server parses one while it applies the other; the file
// is read no faster than that, so memory stays flat.
//
//   const summary = await ingestFile({ file: "contacts.csv.gz", dataset: "contacts" });

import { stat } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import { batchIdOf, checkBatchPrefix, defaultBatchPrefix } from "./batchIds";
import { batches, changesJson, checkBatchSize, DEFAULT_BATCH_SIZE, MAX_BATCH_BYTES, type Batch } from "./batches";
import { changeFormatOf, FORMAT_NAMES } from "./changeFormat";
import { IngestError } from "./IngestError";
import { addReceipt, emptySummary, type ClientReceipt, type IngestSummary } from "./IngestSummary";
import { silentProgress, type Progress } from "./progress";
import { inputKindOf, readRows, type InputKind } from "./readRows";
import { DEFAULT_CONNECT_TIMEOUT_MS, sendBatch } from "./sendBatch";

export const DEFAULT_SERVER = "http://127.0.0.1:4000/graphql";
export const DEFAULT_IN_FLIGHT = 2;
export const MAX_IN_FLIGHT = 8;

export interface IngestFileOptions {
  /** A .csv, .jsonl or .ndjson file, optionally gzip-compressed (.gz, or detected by its first bytes). */
  file: string;
  dataset: string;
  /** native (default), debezium, delta-cdf, snowflake or bigquery (or a ChangeFormat enum name). */
  format?: string;
  /** The GraphQL endpoint (default http://127.0.0.1:4000/graphql); a URL without a path gets /graphql. */
  server?: string;
  /** Rows per batch, 1 to 50,000 (default 5,000). */
  batchSize?: number;
  /** Batch ids are `${batchPrefix}:${n}`; by default derived from the file, dataset, format and batch size. */
  batchPrefix?: string;
  /** Bytes of changes' JSON per batch before it is cut further (default 32 MiB). */
  maxBatchBytes?: number;
  /** Attempts after the first for one batch on network errors and HTTP 5xx (default 7). */
  retries?: number;
  /** First wait before a retry, doubled each time (default 250 ms). */
  retryDelayMs?: number;
  /** How long to keep trying to reach a server that has not answered yet (default 5 s). */
  connectTimeoutMs?: number;
  /** One request's time limit (default 5 minutes). */
  requestTimeoutMs?: number;
  /** Stop after this many batches (the summary says complete: false). */
  maxBatches?: number;
  /** Batches sent before the first answer is awaited, 1 to 8 (default 2). */
  inFlight?: number;
  /** CSV files: one character between fields (default ","; "\t" for tab-separated exports). */
  delimiter?: string;
  /** CSV files: unquoted text that stands for null, besides an empty field (Snowflake unloads: "\\N"). */
  nullMarker?: string;
  /** The input's type when its name does not tell. */
  kind?: InputKind;
  signal?: AbortSignal;
  /** Sent as "Authorization: Bearer <token>": an API key or a JWT. */
  token?: string;
  /** The fetch to send with (default: Node's). */
  fetch?: typeof fetch;
  progress?: Progress;
  /** Told after each batch. */
  onBatch?: (info: { batchId: string; receipt: ClientReceipt; attempts: number; rows: number }) => void;
}

/** A Kafka tombstone as the Debezium format reads it: a record whose payload is null (ignored). */
const KAFKA_TOMBSTONE = '{"payload":null}';

export async function ingestFile(options: IngestFileOptions): Promise<IngestSummary> {
  const started = performance.now();
  const format = changeFormatOf(options.format ?? "native");
  if (!format) throw usage(`Unknown format ${JSON.stringify(options.format)}; use one of ${FORMAT_NAMES.join(", ")}.`);
  if (!options.dataset) throw usage("Name the dataset to load (--dataset).");
  const batchSize = option(() => checkBatchSize(options.batchSize ?? DEFAULT_BATCH_SIZE));
  const maxBytes = options.maxBatchBytes ?? MAX_BATCH_BYTES;
  if (!Number.isInteger(maxBytes) || maxBytes < 2) throw usage(`maxBatchBytes must be a whole number of bytes, received ${maxBytes}.`);
  if (options.maxBatches !== undefined && !(Number.isInteger(options.maxBatches) && options.maxBatches >= 0))
    throw usage(`maxBatches must be a whole number, received ${options.maxBatches}.`);
  if (options.retries !== undefined && !(Number.isInteger(options.retries) && options.retries >= 0))
    throw usage(`The number of retries must be a whole number, received ${options.retries}.`);
  const inFlight = options.inFlight ?? DEFAULT_IN_FLIGHT;
  if (!(Number.isInteger(inFlight) && inFlight >= 1 && inFlight <= MAX_IN_FLIGHT))
    throw usage(`Batches in flight must be a whole number from 1 to ${MAX_IN_FLIGHT}, received ${inFlight}.`);
  const server = serverUrl(options.server ?? DEFAULT_SERVER);
  const delimiter = options.delimiter === "\\t" || options.delimiter === "tab" ? "\t" : options.delimiter;
  if (delimiter !== undefined && (delimiter.length !== 1 || /["\r\n]/.test(delimiter))) {
    throw usage(`The CSV delimiter must be one character other than a double quote or a line break ("\\t" or "tab" for a tab), received ${JSON.stringify(options.delimiter)}.`);
  }
  if (!options.kind && !inputKindOf(options.file)) {
    throw new IngestError("UNKNOWN_FILE_TYPE", `Cannot tell the type of ${options.file} from its name; name it .csv, .jsonl or .ndjson (optionally followed by .gz).`);
  }
  const info = await stat(options.file).catch((e: NodeJS.ErrnoException) => {
    throw new IngestError(e.code === "ENOENT" ? "FILE_NOT_FOUND" : "FILE_ERROR", e.code === "ENOENT" ? `No file ${options.file}.` : `Cannot read ${options.file}: ${e.message}.`);
  });
  if (!info.isFile()) throw new IngestError("FILE_ERROR", `${options.file} is not a file.`);
  const batchPrefix =
    options.batchPrefix !== undefined
      ? option(() => checkBatchPrefix(options.batchPrefix!))
      : defaultBatchPrefix({
          file: options.file,
          size: info.size,
          mtimeMs: info.mtimeMs,
          dataset: options.dataset,
          format,
          batchSize,
          maxBytes,
          ...(delimiter !== undefined || options.nullMarker !== undefined ? { reading: JSON.stringify([delimiter ?? ",", options.nullMarker ?? null]) } : {}),
        });

  const summary = emptySummary({ file: options.file, dataset: options.dataset, format, server, batchPrefix, fileBytes: info.size });
  const progress = options.progress ?? silentProgress;
  const state = () => ({ batches: summary.batches, rows: summary.rows, bytesRead: summary.bytesRead, fileBytes: summary.fileBytes, elapsedMs: performance.now() - started });
  const rows = readRows(options.file, {
    ...(options.kind ? { kind: options.kind } : {}),
    ...(format === "DEBEZIUM" ? { nullLine: KAFKA_TOMBSTONE } : {}),
    csv: { ...(delimiter !== undefined ? { delimiter } : {}), ...(options.nullMarker !== undefined ? { nullMarker: options.nullMarker } : {}) },
    onBytes: (n) => (summary.bytesRead = n),
  });
  // Batches sent and not yet answered; the first failure stops the sending, and the
  // batches still in flight are answered (and counted) before it is reported.
  const pending = new Set<Promise<void>>();
  // Until the server answers once, a connection refused is retried for a few seconds only.
  let answered = false;
  const connectDeadline = Date.now() + (options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
  let failure: { error: unknown } | undefined;
  const send = async (batch: Batch) => {
    const batchId = batchIdOf(batchPrefix, batch.number);
    const { receipt, attempts } = await sendBatch(changesJson(batch), {
      url: server,
      dataset: options.dataset,
      format,
      batchId,
      ...(options.retries !== undefined ? { retries: options.retries } : {}),
      ...(options.retryDelayMs !== undefined ? { retryDelayMs: options.retryDelayMs } : {}),
      ...(options.requestTimeoutMs !== undefined ? { timeoutMs: options.requestTimeoutMs } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.token ? { token: options.token } : {}),
      ...(answered ? {} : { connectDeadline }),
      onRetry: ({ delayMs, error }) => {
        summary.retries++;
        progress.note(`${error.message}; retrying batch ${batchId} in ${delayMs} ms`);
      },
    });
    answered = true;
    summary.rows += batch.rows.length;
    addReceipt(summary, receipt, batch.lines);
    options.onBatch?.({ batchId, receipt, attempts, rows: batch.rows.length });
    progress.update(state());
  };
  try {
    let stopped = false;
    let sent = 0;
    for await (const batch of batches(rows, { batchSize, maxBytes })) {
      if (failure) break;
      stopIfAborted(options.signal);
      if (options.maxBatches !== undefined && sent >= options.maxBatches) {
        stopped = true;
        break;
      }
      sent++;
      const sending: Promise<void> = send(batch)
        .catch((error: unknown) => void (failure ??= { error }))
        .finally(() => pending.delete(sending));
      pending.add(sending);
      if (pending.size >= inFlight) await Promise.race(pending);
    }
    await Promise.all(pending);
    if (failure) throw failure.error;
    // An abort while the last batch was read is still an abort.
    stopIfAborted(options.signal);
    summary.complete = !stopped;
  } catch (e) {
    summary.elapsedMs = performance.now() - started;
    progress.finish(state());
    const error = e instanceof IngestError ? e : options.signal?.aborted ? aborted(options.signal) : undefined;
    if (!error) throw e;
    error.summary = summary;
    throw error;
  }
  summary.elapsedMs = performance.now() - started;
  progress.finish(state());
  return summary;
}

function serverUrl(server: string): string {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw usage(`--server must be a URL such as ${DEFAULT_SERVER}, received ${JSON.stringify(server)}.`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw usage(`--server must be an http(s) URL, received ${JSON.stringify(server)}.`);
  if (url.pathname === "/" || url.pathname === "") url.pathname = "/graphql";
  return url.toString();
}

function usage(message: string): IngestError {
  return new IngestError("BAD_USER_INPUT", message);
}

function option<T>(check: () => T): T {
  try {
    return check();
  } catch (e) {
    throw usage((e as Error).message);
  }
}

function aborted(signal: AbortSignal): IngestError {
  const reason: unknown = signal.reason;
  return new IngestError("ABORTED", `The load was stopped (${reason instanceof Error ? reason.message : String(reason ?? "aborted")}).`);
}

function stopIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw aborted(signal);
}
