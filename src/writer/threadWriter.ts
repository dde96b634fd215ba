// The writer thread's client side: each call is a message to the thread, answered with
// the result or with the error, rebuilt so that codes still reach the client.

import { Worker } from "node:worker_threads";
import { MirrorError, type ErrorCode } from "../errors";
import type { Model } from "../models/Model";
import type { Writer } from "./Writer";

export interface WriterRequest {
  id: number;
  method: "applyBatch" | "replayQuarantine" | "discardQuarantine";
  args: unknown[];
}

export type WriterResponse =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { name: string; message: string; code?: ErrorCode; details?: Record<string, unknown>; stack?: string } };

export interface WriterThreadOptions {
  database: string;
  models: readonly Model[];
}

/** Starts the writer thread; resolves once its connection is open. */
export async function startThreadWriter(options: WriterThreadOptions): Promise<Writer> {
  const fromSources = import.meta.url.endsWith(".ts");
  const worker = new Worker(new URL(fromSources ? "./writerThread.boot.mjs" : "./writerThread.js", import.meta.url), { workerData: options });
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let next = 0;
  let failure: Error | undefined;

  worker.on("message", (msg: WriterResponse | { ready: true }) => {
    if ("ready" in msg) return;
    const call = pending.get(msg.id);
    if (!call) return;
    pending.delete(msg.id);
    if (msg.ok) call.resolve(msg.value);
    else {
      const { error } = msg;
      const e = error.code ? new MirrorError(error.code, error.message, error.details) : new Error(error.message);
      if (!error.code && error.stack) e.stack = error.stack;
      call.reject(e);
    }
  });
  const fail = (e: Error) => {
    failure = e;
    for (const call of pending.values()) call.reject(e);
    pending.clear();
  };
  worker.on("error", fail);
  worker.on("exit", (code) => fail(new Error(`The writer thread stopped (exit code ${code}).`)));

  await new Promise<void>((resolve, reject) => {
    worker.once("message", () => resolve());
    worker.once("error", reject);
  });

  const call = <T>(method: WriterRequest["method"], args: unknown[]) =>
    new Promise<T>((resolve, reject) => {
      if (failure) return reject(failure);
      const id = next++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ id, method, args } satisfies WriterRequest);
    });

  return {
    applyBatch: (items, opts) => call("applyBatch", [items, opts]),
    replayQuarantine: (dataset, ids, opts) => call("replayQuarantine", [dataset, ids, opts]),
    discardQuarantine: (dataset, ids, reason) => call("discardQuarantine", [dataset, ids, reason]),
    close: async () => {
      worker.removeAllListeners("exit");
      await worker.terminate();
    },
  };
}
