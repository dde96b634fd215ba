// The HTTP server around the mirror: Apollo Server 5 at /graphql (GET and POST), the GraphQL
// IDE for browsers (ide/), /healthz, /readyz and /metrics, an access log line per request, and a
// graceful stop that lets in-flight requests finish before the database closes.

import { ApolloServer, HeaderMap, type ApolloServerPlugin, type HTTPGraphQLRequest } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { availableParallelism } from "node:os";
import type { Mirror } from "../mirror";
import { buildSchema } from "../graphql/buildSchema";
import { DEFAULT_LIMITS, type PageLimits } from "../graphql/connectionArgs";
import { RequestContext, type ReadEngine } from "../graphql/RequestContext";
import { compiledGateway, type CompiledGateway } from "../graphql/compiled/compiledExecution";
import { stringifyResult } from "../graphql/compiled/RawJson";
import type { JsonReader } from "../storage/JsonReader";
import type { Context } from "../graphql/modelSchema";
import type { FixedContext } from "../graphql/fixed/DatasetResolver";
import type { IngestContext } from "../graphql/fixed/IngestResolver";
import type { RegistryContext } from "../graphql/fixed/ModelResolver";
import { ModelRegistry } from "./modelRegistry";
import { watchModelFiles } from "./watchModelFiles";
import { DEFAULT_INGEST_LIMITS, type IngestLimits } from "../graphql/submitBatch";
import type { SqlReader } from "../storage/sqlite/SqlReader";
import { openReaders } from "../storage/openReaders";
import { isPostgresUrl, MEMORY, type Durability } from "../storage/openStorage";
import { DEFAULT_MODEL_POLL_MS } from "../storage/Storage";
import { MirrorError } from "../errors";
import { inProcessWriter, type Writer } from "../writer/Writer";
import { startThreadWriter } from "../writer/threadWriter";
import { formatError } from "./formatError";
import { documentGate, documentOf } from "./documentGate";
import { hostCheck } from "./hostCheck";
import { ideRoutes } from "./ide/ideRoutes";
import { lockDatabaseFile } from "./databaseLock";
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from "../graphql/limits/QueryLimits";
import { log } from "./log";
import { parseExactJson } from "../changes/parseExactJson";
import { AccessControl, type AccessOptions } from "./accessControl";
import type { Principal } from "../auth/Principal";
import { unlimitedAccess, type RequestAccess } from "../auth/RequestAccess";
import { observeExchange } from "./accessLog";
import { isLocalCaller } from "./hostCheck";
import { meteredReader } from "./meteredReader";
import { meteredWriter } from "./meteredWriter";
import { Metrics } from "./metrics";
import { observeRequests, withRequestId, type ObservedContext } from "./observeRequests";
import { readinessCheck } from "./readiness";
import type { RequestRecord } from "./RequestRecord";

export interface ServerOptions {
  port?: number;
  host?: string;
  introspection?: boolean;
  limits?: Partial<PageLimits>;
  /** What one request may ask (tokens, repeated selections, objects); DEFAULT_QUERY_LIMITS for what is not given. */
  queryLimits?: Partial<QueryLimits>;
  ingestLimits?: Partial<IngestLimits>;
  /**
   * Apply batches in a writer thread (default for a SQLite file) or in process (always for
   * ":memory:" and for PostgreSQL, whose writes wait on the server, not on this event loop).
   */
  writer?: "thread" | "in-process";
  /** SQLite: what the writer thread's commits survive (default `full`; see storage/sqlite/openDatabase.ts). */
  durability?: Durability;
  /**
   * Reader threads for the compiled read engine (a database file only; default: one per core, at most 4).
   * 0 reads on the main thread's connection, as ":memory:" always does.
   */
  readers?: number;
  /**
   * Host names requests may carry (DNS rebinding): default, on a loopback address, only
   * loopback names and addresses; on any other address, any (see hostCheck.ts).
   */
  allowedHosts?: readonly string[];
  /** `resolvers` serves reads through the reference resolvers (slower; for comparison and debugging; SQLite only). */
  engine?: ReadEngine;
  /**
   * PostgreSQL: how often to look for models another process loaded into the schema (default
   * 5 s), which are then served without a restart; 0 never looks.
   */
  modelPollMs?: number;
  /** Reconcile the models of this folder of model files with the registry whenever it changes (serve --watch). */
  watchModelFiles?: string;
  /** Who may do what: API keys, JWTs, anonymous access, rates (see accessControl.ts). */
  access?: AccessOptions;
  /** Serve /metrics to any caller; by default only to this machine's own (loopback, not through a proxy), as its labels name the datasets. */
  metricsPublic?: boolean;
}

export const DEFAULT_READERS = Math.min(4, availableParallelism());

export interface RunningServer {
  url: string;
  port: number;
  /** The reference resolvers' connection (SQLite only). */
  reader?: SqlReader;
  /** What /metrics serves. */
  metrics: Metrics;
  /** Where batches are applied (tests stop it to see /readyz fail). */
  writer: Writer;
  stop(): Promise<void>;
}

export type ServerContext = Context & FixedContext & IngestContext & ObservedContext & RegistryContext;

function readBody(req: IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => Object.assign(new Error(`The request body exceeds ${max} bytes`), { status: 413 });
    if (Number(req.headers["content-length"] ?? 0) > max) {
      req.resume();
      return reject(tooLarge());
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) return void chunks.push(chunk);
      // Answer at once; what is left of the upload is read and dropped.
      req.off("data", onData);
      req.resume();
      reject(tooLarge());
    };
    req.on("data", onData);
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(body));
}

interface ErrorBody {
  message: string;
  extensions: { code: string } & Record<string, unknown>;
}

/** Errors answered by the HTTP server itself, before or around Apollo: with the request id, and counted. */
function sendErrors(res: ServerResponse, status: number, errors: ErrorBody[], record: RequestRecord, metrics: Metrics): void {
  for (const e of errors) {
    metrics.graphqlError(e.extensions.code);
    record.errorCodes.push(e.extensions.code);
  }
  sendJson(res, status, { errors: withRequestId(errors, record.id) });
}

/**
 * Errors Apollo answered outside its request pipeline (a request that is not GraphQL over HTTP,
 * CSRF prevention): the plugin did not see them, so the id and the count are added here.
 */
function completeErrorBody(text: string, record: RequestRecord, metrics: Metrics): string {
  try {
    const body = JSON.parse(text) as { errors?: ErrorBody[] };
    if (!Array.isArray(body.errors)) return text;
    for (const e of body.errors) {
      const code = String(e.extensions?.code ?? "INTERNAL");
      metrics.graphqlError(code);
      record.errorCodes.push(code);
    }
    return JSON.stringify({ ...body, errors: withRequestId(body.errors, record.id) });
  } catch {
    return text;
  }
}

/** The GraphQL engine of a mirror, without transport: used by the HTTP server and by tests. */
export function createApollo(
  mirror: Mirror,
  options: { introspection?: boolean; plugins?: ApolloServerPlugin<ServerContext>[]; gateway?: CompiledGateway; metrics?: Metrics } = {},
) {
  return new ApolloServer<ServerContext>({
    gateway: options.gateway ?? compiledGateway(buildSchema(mirror.models), mirror.models),
    stringifyResult,
    introspection: options.introspection ?? true,
    csrfPrevention: true,
    formatError,
    includeStacktraceInErrorResponses: false,
    // The command line stops the server itself (HTTP drain, writer thread, database).
    stopOnTerminationSignals: false,
    // Cache hints are not used here, and the plugin costs on every field. Browsers get our own
    // IDE (ide/ideRoutes.ts), not Apollo's landing page, which loads from a CDN.
    plugins: [ApolloServerPluginCacheControlDisabled(), ApolloServerPluginLandingPageDisabled(), refusalStatus, observeRequests(options.metrics), ...(options.plugins ?? [])],
  });
}

/** HTTP statuses of operations refused as a whole before they ran: 403 for scopes, 429 (with Retry-After) for rates. */
const REFUSAL_STATUS: Record<string, number> = { FORBIDDEN: 403, RATE_LIMITED: 429 };
const refusalStatus: ApolloServerPlugin<ServerContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== "single") return;
        const { data, errors } = response.body.singleResult;
        const codes = new Set(errors?.map((e) => String(e.extensions?.code)));
        if (data !== undefined || codes.size !== 1) return;
        const [code] = codes;
        const status = REFUSAL_STATUS[code!];
        if (status === undefined) return;
        response.http.status = status;
        const retry = errors!.map((e) => Number(e.extensions?.retryAfterSeconds)).find((s) => Number.isFinite(s));
        if (retry !== undefined) response.http.headers.set("retry-after", String(retry));
      },
    };
  },
};

export interface ContextSettings {
  /** The reference resolvers' connection (SQLite only). */
  reader?: SqlReader;
  /** The compiled read engine's statements run here; on `reader`'s connection when absent. */
  jsonReader?: JsonReader;
  engine?: ReadEngine;
  writer: Writer;
  limits?: PageLimits;
  queryLimits?: QueryLimits;
  ingestLimits?: IngestLimits;
  /** The caller; the operator (every scope, no rate) when absent. */
  access?: RequestAccess;
  /** Where defineModels and dropDataset change the served models; they are refused when absent. */
  registry?: ModelRegistry;
}

/** Fresh per request: the DataLoaders must not outlive one operation. */
export function createContext(mirror: Mirror, settings: ContextSettings): ServerContext {
  const { reader, writer, limits = DEFAULT_LIMITS, queryLimits = DEFAULT_QUERY_LIMITS, ingestLimits = DEFAULT_INGEST_LIMITS, engine = "compiled" } = settings;
  const jsonReader = settings.jsonReader ?? reader;
  if (!jsonReader) throw new Error("invariant: a context needs a reader for the compiled engine");
  const access = settings.access ?? unlimitedAccess(mirror.storage);
  return {
    mirror,
    writer,
    ingestLimits,
    access,
    ...(settings.registry ? { registry: settings.registry } : {}),
    api: new RequestContext({ models: mirror.models, reader, jsonReader, engine, limits, queryLimits, cursorKey: mirror.cursorKey }),
  };
}

/** Starts serving `mirror`; resolves once the port is bound. */
export async function startServer(mirror: Mirror, options: ServerOptions = {}): Promise<RunningServer> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const queryLimits = { ...DEFAULT_QUERY_LIMITS, ...options.queryLimits };
  const ingestLimits = { ...DEFAULT_INGEST_LIMITS, ...options.ingestLimits };
  const maxBodyBytes = ingestLimits.maxBodyBytes;
  const postgres = isPostgresUrl(mirror.path);
  const engine = options.engine ?? "compiled";
  if (postgres && engine === "resolvers")
    throw new MirrorError("BAD_USER_INPUT", "The reference resolvers read SQLite only; serve PostgreSQL with the compiled engine.", { argument: "engine" });
  // Before anything starts: a server that may not listen where asked leaves nothing behind.
  const access = await AccessControl.open(mirror, options.host ?? "127.0.0.1", { maxNodes: queryLimits.maxNodes, ...options.access });
  const sqliteFile = mirror.path !== MEMORY && !postgres;
  const lock = sqliteFile ? lockDatabaseFile(mirror.path) : undefined;
  const threaded = (options.writer ?? "thread") === "thread" && sqliteFile;
  const metrics = new Metrics({
    writerQueueDepth: () => writer.queueDepth(),
    quarantineCounts: () => mirror.storage.quarantineCounts(),
    databaseBytes: () => mirror.storage.databaseBytes(),
  });
  const writer = meteredWriter(
    threaded
      ? await startThreadWriter({ database: mirror.path, models: mirror.models, ...(options.durability ? { durability: options.durability } : {}) })
      : inProcessWriter(mirror),
    metrics,
  );
  const readers = await openReaders(mirror, options.readers ?? DEFAULT_READERS, { timeoutMs: queryLimits.timeoutMs });
  const reader = readers.reference;
  const jsonReader = meteredReader(readers.json, metrics);
  const ready = readinessCheck({ storage: mirror.storage, writer, models: () => mirror.models });
  const httpServer = createHttpServer();
  const gateway = compiledGateway(buildSchema(mirror.models), mirror.models);
  const apollo = createApollo(mirror, { introspection: options.introspection ?? true, plugins: [ApolloServerPluginDrainHttpServer({ httpServer })], gateway, metrics });
  const refusal = documentGate(queryLimits);
  const registry = new ModelRegistry(mirror, writer, (schema, models) => gateway.update(schema, models));
  await apollo.start();
  // Replicas: models loaded by another process are served from the next check on. The schema is
  // built first, so that models it cannot serve leave everything as it was (logged, tried again).
  const modelPollMs = options.modelPollMs ?? DEFAULT_MODEL_POLL_MS;
  const watch =
    modelPollMs > 0
      ? mirror.storage.watchModels?.((models) => {
          const schema = buildSchema(models);
          mirror.adoptModels(models);
          gateway.update(schema, models);
        }, modelPollMs)
      : undefined;

  const files = options.watchModelFiles ? watchModelFiles(options.watchModelFiles, registry) : undefined;

  const hostAllowed = hostCheck(options.host ?? "127.0.0.1", options.allowedHosts);
  const ide = ideRoutes(mirror);
  httpServer.on("request", async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const exchange = observeExchange(req, res, url.pathname, metrics);
    const { record } = exchange;
    try {
      if (!hostAllowed(req.headers.host)) {
        return sendErrors(
          res,
          403,
          [
            {
              message: `Requests for host ${JSON.stringify(req.headers.host ?? "")} are refused: this server answers to ${options.allowedHosts?.join(", ") ?? "localhost, 127.0.0.1 and ::1"} (a page of another site could otherwise reach it through DNS rebinding); start it with --allowed-hosts to add names.`,
              extensions: { code: "FORBIDDEN", received: req.headers.host ?? null },
            },
          ],
          record,
          metrics,
        );
      }
      if (url.pathname === "/healthz") return sendJson(res, 200, { status: "ok", datasets: mirror.models.length });
      if (url.pathname === "/readyz") {
        const readiness = await ready();
        return sendJson(res, readiness.status === "ready" ? 200 : 503, readiness);
      }
      if (url.pathname === "/metrics") {
        if (!options.metricsPublic && !isLocalCaller(req.socket.remoteAddress, req.headers)) {
          return sendJson(res, 403, {
            error: "/metrics is served to this machine only (a loopback address, not through a proxy); start the server with --metrics-public to serve it to any caller.",
          });
        }
        if (req.method !== "GET" && req.method !== "HEAD") return sendJson(res, 405, { error: "/metrics answers GET." });
        const text = await metrics.text();
        return res.writeHead(200, { "content-type": metrics.contentType }).end(req.method === "HEAD" ? undefined : text);
      }
      // The IDE's page and files hold no data: served before any credential is asked for.
      if (await ide(req, res, url)) return;
      if (url.pathname !== "/graphql") return sendJson(res, 404, { error: `Nothing at ${url.pathname}; the API is at /graphql.` });
      const headers = new HeaderMap();
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
      let body: unknown = undefined;
      if (req.method === "POST") {
        const text = await readBody(req, maxBodyBytes);
        try {
          body = text.length > 0 && (headers.get("content-type") ?? "").includes("json") ? parseExactJson(text) : text;
        } catch {
          return sendErrors(res, 400, [{ message: "The request body is not valid JSON.", extensions: { code: "BAD_REQUEST" } }], record, metrics);
        }
      }
      const document = documentOf(req.method ?? "GET", body, url.searchParams);
      const refused = document === undefined ? undefined : refusal(document);
      if (refused) return sendErrors(res, 400, [{ message: refused.message, extensions: { code: refused.code, ...refused.details } }], record, metrics);
      let principal: Principal;
      try {
        principal = exchange.principal = await access.identify(req.headers.authorization);
      } catch (e) {
        if (!(e instanceof MirrorError) || e.code !== "UNAUTHENTICATED") throw e;
        // RFC 6750: no credential gets the bare challenge; a header not of the Bearer form is an invalid request.
        const error = !req.headers.authorization ? "" : e.details.reason === "bad_header" ? ', error="invalid_request"' : ', error="invalid_token"';
        const challenge = `Bearer realm="mirrorql"${error}`;
        res.setHeader("www-authenticate", challenge);
        return sendErrors(res, 401, [{ message: e.message, extensions: { code: e.code, ...e.details } }], record, metrics);
      }
      const request: HTTPGraphQLRequest = { method: req.method ?? "GET", headers, search: url.search, body };
      const response = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: request,
        context: async () => ({
          ...createContext(mirror, { reader, jsonReader, engine, writer, limits, queryLimits, ingestLimits, access: access.requestAccess(principal), registry }),
          request: record,
        }),
      });
      for (const [k, v] of response.headers) res.setHeader(k, v);
      res.statusCode = response.status ?? 200;
      if (response.body.kind === "complete") {
        return res.end(res.statusCode >= 400 && !record.answered ? completeErrorBody(response.body.string, record, metrics) : response.body.string);
      }
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    } catch (e) {
      const status = (e as { status?: number }).status;
      if (status === 413) {
        return sendErrors(
          res,
          413,
          [
            {
              message: `${(e as Error).message} (maxBodyBytes); split the batch into smaller requests.`,
              extensions: { code: "LIMIT_EXCEEDED", limit: "maxBodyBytes", maximum: maxBodyBytes },
            },
          ],
          record,
          metrics,
        );
      }
      log("error", "http_error", { requestId: record.id, message: (e as Error).message, stack: (e as Error).stack });
      if (!res.headersSent)
        sendErrors(res, 500, [{ message: `Internal error; the server log has the details (request ${record.id}).`, extensions: { code: "INTERNAL" } }], record, metrics);
    }
  });

  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once("error", reject);
      httpServer.listen(options.port ?? 4000, options.host ?? "127.0.0.1", resolve);
    });
  } catch (e) {
    // The port is taken (or the address unusable): leave nothing running behind the error.
    await files?.stop();
    await apollo.stop();
    await writer.close();
    await jsonReader.close();
    lock?.release();
    throw e;
  }
  const { port, address } = httpServer.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}/graphql`,
    port,
    reader,
    metrics,
    writer,
    // The drain plugin closes the HTTP server and waits for in-flight requests; then the writer stops.
    stop: async () => {
      await files?.stop();
      await watch?.stop();
      await apollo.stop();
      await writer.close();
      await jsonReader.close();
      lock?.release();
    },
  };
}
