// The writer thread's client side: each call is a message to the thread, answered with
// the result or with the error, rebuilt so that codes still reach the client. A thread
// that dies fails its calls in flight (their transactions rolled back) and is started
// again for the next call.

import { Worker } from "node:worker_threads";
import { MirrorError, type ErrorCode } from "../errors";
import type { Model } from "../models/Model";
import { log } from "../server/log";
import type { Durability } from "../storage/openStorage";
import type { Writer } from "./Writer";

export interface WriterRequest {
  id: number;
  method: "applyBatch" | "replayQuarantine" | "discardQuarantine" | "purgeKeys" | "syncModels";
  args: unknown[];
}

export type WriterResponse =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { name: string; message: string; code?: ErrorCode; details?: Record<string, unknown>; stack?: string } };

export interface WriterThreadOptions {
  database: string;
  models: readonly Model[];
  durability?: Durability;
}

type Pending = Map<number, { resolve(v: unknown): void; reject(e: Error): void }>;

function toError({ error }: Extract<WriterResponse, { ok: false }>): Error {
  if (error.code) return new MirrorError(error.code, error.message, error.details);
  const e = new Error(error.message);
  if (error.stack) e.stack = error.stack;
  return e;
}

/** Starts one thread; resolves once its connection is open. */
async function spawn(options: WriterThreadOptions, pending: Pending, onDeath: () => void, onSpawn?: (worker: Worker) => void): Promise<Worker> {
  const fromSources = import.meta.url.endsWith(".ts");
  const worker = new Worker(new URL(fromSources ? "./writerThread.boot.mjs" : "./writerThread.js", import.meta.url), { workerData: options });
  worker.on("message", (msg: WriterResponse | { ready: true }) => {
    if ("ready" in msg) return;
    const call = pending.get(msg.id);
    if (!call) return;
    pending.delete(msg.id);
    if (msg.ok) call.resolve(msg.value);
    else call.reject(toError(msg));
  });
  const die = (cause: string) => {
    log("error", "writer_thread_stopped", { cause });
    for (const call of pending.values()) call.reject(new Error(`The writer thread stopped (${cause}); the batch was not applied.`));
    pending.clear();
    onDeath();
  };
  await new Promise<void>((resolve, reject) => {
    worker.once("message", () => resolve());
    worker.once("error", reject);
  });
  worker.on("error", (e) => die(e.message));
  worker.on("exit", (code) => die(`exit code ${code}`));
  onSpawn?.(worker);
  return worker;
}

/** Starts the writer thread; resolves once its connection is open. `onSpawn` sees every thread started (tests, monitoring). */
export async function startThreadWriter(initial: WriterThreadOptions, onSpawn?: (worker: Worker) => void): Promise<Writer> {
  const pending: Pending = new Map();
  let options = initial;
  let next = 0;
  let worker: Promise<Worker> | undefined;
  /** The thread while it runs: set once started, cleared when it dies or the writer closes. */
  let running: Worker | undefined;
  let closed = false;
  const current = () =>
    (worker ??= spawn(
      options,
      pending,
      () => {
        worker = undefined;
        running = undefined;
      },
      (w) => {
        running = w;
        onSpawn?.(w);
      },
    ));
  await current();

  /** Calls made and not answered, those waiting for a thread to start included. */
  let depth = 0;
  const call = async <T>(method: WriterRequest["method"], args: unknown[]) => {
    depth++;
    try {
      const thread = await current();
      return await new Promise<T>((resolve, reject) => {
        const id = next++;
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        thread.postMessage({ id, method, args } satisfies WriterRequest);
      });
    } finally {
      depth--;
    }
  };

  return {
    applyBatch: (items, opts) => call("applyBatch", [items, opts]),
    replayQuarantine: (dataset, ids, opts) => call("replayQuarantine", [dataset, ids, opts]),
    discardQuarantine: (dataset, ids, reason) => call("discardQuarantine", [dataset, ids, reason]),
    purgeKeys: (dataset, keys, reason) => call("purgeKeys", [dataset, keys, reason]),
    syncModels: async (models) => {
      // A thread started again later opens with these models.
      options = { ...options, models };
      await call("syncModels", [models]);
    },
    queueDepth: () => depth,
    alive: () => {
      if (running || closed) return running !== undefined;
      // A dead thread is replaced at the next call; a health check asking starts it now, so
      // that a server taken out of service for it comes back without waiting for a write.
      if (!worker) {
        current().catch((e: Error) => {
          worker = undefined;
          log("error", "writer_thread_not_started", { message: e.message });
        });
      }
      return false;
    },
    close: async () => {
      closed = true;
      running = undefined;
      const thread = await worker;
      if (!thread) return;
      thread.removeAllListeners("exit");
      thread.removeAllListeners("error");
      worker = undefined;
      await thread.terminate();
    },
  };
}
