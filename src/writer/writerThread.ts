// The writer thread: its own connection to the database file, applying one request at a time.

import { parentPort, workerData } from "node:worker_threads";
import { MirrorError } from "../errors";
import { Mirror } from "../mirror";
import type { WriterRequest, WriterResponse, WriterThreadOptions } from "./threadWriter";

const { database, models } = workerData as WriterThreadOptions;
const mirror = Mirror.open({ database, models: [...models] });
const port = parentPort!;

port.on("message", ({ id, method, args }: WriterRequest) => {
  let response: WriterResponse;
  try {
    const value = (mirror[method] as (...a: unknown[]) => unknown)(...args);
    response = { id, ok: true, value };
  } catch (e) {
    const err = e as Error;
    response = {
      id,
      ok: false,
      error: e instanceof MirrorError
        ? { name: err.name, message: err.message, code: e.code, details: e.details }
        : { name: err.name, message: err.message, ...(err.stack ? { stack: err.stack } : {}) },
    };
  }
  port.postMessage(response);
});
port.postMessage({ ready: true });
