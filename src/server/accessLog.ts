// One access log line and the request metrics per HTTP request, written when its response
// ends (or its connection closes first): the request id (also sent back as x-request-id), method,
// path, status, operation type and name, duration, principal.

import type { IncomingMessage, ServerResponse } from "node:http";
import type { Principal } from "../auth/Principal";
import { log, logs } from "./log";
import type { Metrics, RequestOutcome } from "./metrics";
import { newRequestRecord, type RequestRecord } from "./RequestRecord";
import { REQUEST_ID_HEADER, requestIdOf } from "./requestId";

/** What the server fills in while it answers: Apollo's findings, and who called once known. */
export interface Exchange {
  readonly record: RequestRecord;
  principal?: Principal;
}

/** Endpoints polled by probes and scrapers: their lines are at debug level, so they do not drown the others. */
const PROBES = new Set(["/healthz", "/readyz", "/metrics"]);

export function outcomeOf(status: number, record: RequestRecord): RequestOutcome {
  if (status >= 500) return "error";
  if (status >= 400) return "refused";
  return record.errorCodes.length > 0 ? "error" : "ok";
}

/**
 * Gives the request its id (sent back at once as x-request-id) and logs it when it ends; requests
 * to /graphql are counted in `metrics`.
 * @example const exchange = observeExchange(req, res, url.pathname, metrics);
 */
export function observeExchange(req: IncomingMessage, res: ServerResponse, path: string, metrics: Metrics): Exchange {
  const start = performance.now();
  const exchange: Exchange = { record: newRequestRecord(requestIdOf(req.headers[REQUEST_ID_HEADER])) };
  res.setHeader(REQUEST_ID_HEADER, exchange.record.id);
  res.once("close", () => {
    const ms = performance.now() - start;
    const { record, principal } = exchange;
    const status = res.statusCode;
    const outcome = outcomeOf(status, record);
    if (path === "/graphql") metrics.request(record.operation?.type ?? "none", outcome, ms / 1000);
    const level = PROBES.has(path) ? "debug" : "info";
    if (!logs(level)) return;
    log(level, "request", {
      requestId: record.id,
      method: req.method,
      path,
      status,
      outcome,
      operation: record.operation?.type ?? null,
      operationName: record.operation?.name ?? null,
      durationMs: Math.round(ms * 10) / 10,
      principal: principal?.auditName ?? null,
      ...(res.writableFinished ? {} : { aborted: true }),
      ...(record.errorCodes.length > 0 ? { errors: record.errorCodes } : {}),
    });
  });
  return exchange;
}
