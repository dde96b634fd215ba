// One batch to the server through the generic applyChanges mutation, with retries. A
// network error, a timeout or an HTTP 5xx is retried with the SAME batch id after an
// exponential backoff: if the server had applied the batch before the answer was lost,
// it answers the retry with the first receipt (replayed) and applies nothing again. A
// GraphQL error or an HTTP 4xx is the request's fault and is never retried.

import type { ChangeFormatName } from "./changeFormat";
import { IngestError } from "./IngestError";
import type { ClientReceipt } from "./IngestSummary";

export const APPLY_CHANGES = `mutation Ingest($dataset: String!, $changes: [JSONObject!]!, $batchId: ID!, $format: ChangeFormat!) {
  applyChanges(dataset: $dataset, changes: $changes, batchId: $batchId, format: $format) {
    batchId status replayed receivedAt
    datasets { dataset format received upserted deleted stale unchanged conflicts ignored
      quarantined { index quarantineId code field message } rejected { index code field message } }
  }
}`;

export const DEFAULT_RETRIES = 7;
export const DEFAULT_RETRY_DELAY_MS = 250;
export const MAX_RETRY_DELAY_MS = 8_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 300_000;
/** How long a load tries to reach a server that has not answered yet before it gives up. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

export interface SendOptions {
  url: string;
  dataset: string;
  format: ChangeFormatName;
  batchId: string;
  /** Attempts after the first one (default 7: 8 attempts over about 24 s of waiting). */
  retries?: number;
  /** First wait before a retry, doubled each time up to 8 s (default 250 ms). */
  retryDelayMs?: number;
  /** One attempt's limit; a timed-out attempt is retried (default 5 minutes). */
  timeoutMs?: number;
  fetch?: typeof fetch;
  signal?: AbortSignal;
  /** Sent as "Authorization: Bearer <token>": an API key or a JWT. */
  token?: string;
  /**
   * Until the server has answered once (epoch ms): a connection that cannot be made after this
   * moment is not retried, since nothing is listening there (a wrong --server, a server not started).
   */
  connectDeadline?: number;
  /** Told before each wait. */
  onRetry?: (info: { attempt: number; delayMs: number; error: IngestError }) => void;
}

export interface Sent {
  receipt: ClientReceipt;
  /** 1 when the first attempt succeeded. */
  attempts: number;
}

/** Sends `changes` (the JSON text of an array of change objects) as one batch. */
export async function sendBatch(changes: string, options: SendOptions): Promise<Sent> {
  const variables = JSON.stringify({ dataset: options.dataset, batchId: options.batchId, format: options.format });
  // The changes are already JSON: spliced in rather than parsed and serialized again.
  const body = `{"query":${JSON.stringify(APPLY_CHANGES)},"variables":${variables.slice(0, -1)},"changes":${changes}}}`;
  const retries = options.retries ?? DEFAULT_RETRIES;
  for (let attempt = 1; ; attempt++) {
    try {
      return { receipt: await attemptOnce(body, options), attempts: attempt };
    } catch (e) {
      if (!(e instanceof Transient) || attempt > retries) throw e instanceof Transient ? e.error(attempt) : e;
      if (e.code === "NETWORK" && e.unreachable && options.connectDeadline !== undefined && Date.now() >= options.connectDeadline) {
        throw new IngestError(
          "UNREACHABLE",
          `No server answered at ${options.url} (${e.message.replace(/^.*: /, "")}); is it running, and is --server its GraphQL endpoint? Gave up: nothing answered there since the load started.`,
        );
      }
      const delayMs = e.retryAfterMs ?? backoffDelay(attempt, options.retryDelayMs);
      options.onRetry?.({ attempt, delayMs, error: e.error(attempt) });
      await sleep(delayMs, options.signal);
    }
  }
}

/** The wait after failed attempt `attempt` (1-based): the first delay, doubled each time, at most 8 s. */
export function backoffDelay(attempt: number, firstMs = DEFAULT_RETRY_DELAY_MS): number {
  return Math.min(firstMs * 2 ** (attempt - 1), MAX_RETRY_DELAY_MS);
}

/** A failure worth retrying. */
class Transient extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** The server asked to wait this long (429 Retry-After). */
    readonly retryAfterMs?: number,
    /** No connection could be made (nothing listens there, or the name does not resolve). */
    readonly unreachable = false,
  ) {
    super(message);
  }

  error(attempts: number): IngestError {
    return new IngestError(this.code, `${this.message} (${attempts} attempt${attempts === 1 ? "" : "s"})`);
  }
}

async function attemptOnce(body: string, options: SendOptions): Promise<ClientReceipt> {
  const fetchImpl = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let status: number;
  let text: string;
  let retryAfter: number;
  try {
    const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const res = await fetchImpl(options.url, { method: "POST", headers, body, signal });
    status = res.status;
    text = await res.text();
    retryAfter = Number(res.headers.get("retry-after"));
  } catch (e) {
    if (options.signal?.aborted) throw abortError(options.signal);
    if (timeout.aborted) throw new Transient("TIMEOUT", `No answer from ${options.url} within ${timeoutMs} ms for batch ${options.batchId}`);
    const code = (e as { cause?: { code?: string } }).cause?.code;
    const unreachable = code !== undefined && ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_CONNECT_TIMEOUT"].includes(code);
    throw new Transient("NETWORK", `Cannot reach ${options.url} for batch ${options.batchId}: ${describe(e)}`, undefined, unreachable);
  }
  let json: { data?: { applyChanges?: ClientReceipt | null } | null; errors?: { message?: string; extensions?: { code?: string } }[] } | undefined;
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    json = undefined;
  }
  const error = json?.errors?.[0];
  if (status === 429) {
    // Over the caller's rate: wait as long as the server says (at most a minute), then send again.
    const waitMs = Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter, 60) * 1000 : undefined;
    throw new Transient("RATE_LIMITED", `${options.url} answered HTTP 429 for batch ${options.batchId}${error ? ` (${error.message})` : ""}`, waitMs);
  }
  if (status >= 500) {
    const why = error ? `${error.extensions?.code ?? "ERROR"}: ${error.message}` : text.slice(0, 200);
    throw new Transient(`HTTP_${status}`, `${options.url} answered HTTP ${status} for batch ${options.batchId}${why ? ` (${why})` : ""}`);
  }
  if (error) {
    const more = json!.errors!.length > 1 ? ` (and ${json!.errors!.length - 1} more errors)` : "";
    const code = error.extensions?.code ?? `HTTP_${status}`;
    const hint = code === "LIMIT_EXCEEDED" ? " Send smaller batches (--batch-size)." : "";
    throw new IngestError(code, `Batch ${options.batchId} refused: ${error.message ?? "no message"}${more}${hint}`);
  }
  if (status >= 400) {
    const hint = status === 404 ? "; --server must be the URL of the GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql" : "";
    throw new IngestError(`HTTP_${status}`, `${options.url} answered HTTP ${status} for batch ${options.batchId}${hint}: ${text.slice(0, 200)}`);
  }
  const receipt = json?.data?.applyChanges;
  if (!receipt) {
    throw new IngestError(
      "BAD_RESPONSE",
      `${options.url} did not answer with an applyChanges receipt for batch ${options.batchId}; is it a mirrorql server? Received: ${text.slice(0, 200)}`,
    );
  }
  return receipt;
}

function describe(e: unknown): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  const cause = err.cause?.code ?? err.cause?.message;
  return cause ? `${err.message} (${cause})` : err.message;
}

function abortError(signal: AbortSignal): IngestError {
  const reason = signal.reason instanceof Error ? signal.reason.message : String(signal.reason ?? "aborted");
  return new IngestError("ABORTED", `The load was stopped (${reason}).`);
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
