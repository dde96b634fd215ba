// Reads on both cores: a pool of reader threads, each with its own read-only connection to
// the database file. The event loop keeps HTTP, GraphQL parsing and planning; statements
// (where the read engine spends its time) run in the threads, each request on the least
// busy one. Threads rather than processes: one port, one plan cache, no balancer, and a
// statement's JSON crosses to the main thread as one string.

import { Worker } from "node:worker_threads";
import type { CursorKey } from "../../query/cursor";
import type { RootPlan } from "../../query/ReadPlan";
import { MirrorError } from "../../errors";
import { log } from "../../server/log";
import type { JsonReader } from "../JsonReader";
import type { ReaderRequest, ReaderResponse } from "./readerThread";
import { compiledOnce, type StatementListener } from "./SqlReader";

interface Thread {
  worker: Worker;
  pending: Map<number, { resolve(json: string): void; reject(e: Error): void }>;
  /** Set when the thread is stopped because a statement ran past the time limit. */
  stoppedFor?: MirrorError;
}

export interface ReaderPoolOptions {
  /** Signs the cursors the statements write: the database's key. */
  cursorKey: CursorKey;
  /**
   * A statement still running after this many milliseconds is stopped with its thread (SQLite
   * cannot interrupt a statement from another thread) and answers TIMEOUT; the thread is
   * replaced. 0: no limit.
   */
  timeoutMs?: number;
  /** Sees every thread started, replacements included (tests, monitoring). */
  onSpawn?: (worker: Worker) => void;
}

export interface ReaderPool extends JsonReader {
  readonly threads: number;
  observe(listener: StatementListener): () => void;
}

async function spawn(database: string, cursorKey: CursorKey, onExit: (thread: Thread) => void): Promise<Thread> {
  const fromSources = import.meta.url.endsWith(".ts");
  const worker = new Worker(new URL(fromSources ? "./readerThread.boot.mjs" : "./readerThread.js", import.meta.url), { workerData: { database, cursorSecret: cursorKey.secret } });
  const thread: Thread = { worker, pending: new Map() };
  await new Promise<void>((resolve, reject) => {
    worker.once("message", () => resolve());
    worker.once("error", reject);
  });
  worker.on("message", (msg: ReaderResponse) => {
    const call = thread.pending.get(msg.id);
    if (!call) return;
    thread.pending.delete(msg.id);
    if (msg.ok) call.resolve(msg.json);
    else call.reject(new Error(msg.message));
  });
  worker.on("error", (e) => log("error", "reader_thread_error", { message: e.message }));
  worker.on("exit", (code) => {
    // Reads queued behind one that ran too long are stopped with it: they may be sent again.
    const stopped = thread.stoppedFor
      ? new MirrorError(
          "TIMEOUT",
          `The read was stopped with another one on its reader thread that ran past the time limit of ${thread.stoppedFor.details.maximum} ms; send it again.`,
          { limit: "timeoutMs", maximum: thread.stoppedFor.details.maximum },
        )
      : new Error(`A reader thread stopped (exit code ${code}).`);
    for (const call of thread.pending.values()) call.reject(stopped);
    thread.pending.clear();
    onExit(thread);
  });
  return thread;
}

/**
 * Starts `threads` reader threads on the database file; resolves once every connection is open.
 * @example const pool = await startReaderPool("data/mirror.db", 2, { cursorKey: mirror.cursorKey, timeoutMs: 10_000 }); const json = await pool.readJson(plan);
 */
export async function startReaderPool(database: string, threads: number, { cursorKey, timeoutMs = 0, onSpawn }: ReaderPoolOptions): Promise<ReaderPool> {
  const listeners = new Set<StatementListener>();
  const compile = compiledOnce();
  let closing = false;
  let next = 0;
  const live: (Thread | Promise<Thread>)[] = [];
  // A thread that dies is replaced in its slot; calls in flight on it fail, later ones go on.
  const start = (slot: number): Promise<Thread> => {
    const t = spawn(database, cursorKey, () => {
      if (!closing) live[slot] = start(slot);
    });
    live[slot] = t;
    void t.then((thread) => {
      live[slot] = thread;
      onSpawn?.(thread.worker);
    });
    return t;
  };
  await Promise.all(Array.from({ length: threads }, (_, i) => start(i)));

  /** The thread with the fewest statements in flight (ties: round robin). */
  const pick = async (): Promise<Thread> => {
    let best: Thread | undefined;
    for (let i = 0; i < live.length; i++) {
      const t = live[(next + i) % live.length]!;
      if (t instanceof Promise) continue;
      if (!best || t.pending.size < best.pending.size) best = t;
    }
    next = (next + 1) % live.length;
    return best ?? (await live[0]!);
  };
  let ids = 0;

  return {
    threads,
    async readJson(plan: RootPlan): Promise<string> {
      const { sql, params } = compile(plan);
      for (const listener of listeners) listener(sql, params);
      const thread = await pick();
      return new Promise<string>((resolve, reject) => {
        const id = ids++;
        const timer =
          timeoutMs > 0
            ? setTimeout(() => {
                const call = thread.pending.get(id);
                if (!call) return;
                thread.pending.delete(id);
                const timedOut = new MirrorError(
                  "TIMEOUT",
                  `The read ran past the time limit of ${timeoutMs} ms (timeoutMs) and was stopped; narrow its filter or ask for smaller pages.`,
                  { limit: "timeoutMs", maximum: timeoutMs },
                );
                call.reject(timedOut);
                thread.stoppedFor = timedOut;
                void thread.worker.terminate();
              }, timeoutMs)
            : undefined;
        const settle = () => clearTimeout(timer);
        thread.pending.set(id, { resolve: (json) => (settle(), resolve(json)), reject: (e) => (settle(), reject(e)) });
        thread.worker.postMessage({ id, sql, params } satisfies ReaderRequest);
      });
    },
    observe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      closing = true;
      await Promise.all(live.map(async (t) => (await t).worker.terminate()));
    },
  };
}
