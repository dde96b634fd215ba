// The writer thread: its own connection to the database file, applying one request at a time.

import { parentPort, workerData } from "node:worker_threads";
import { MirrorError } from "../errors";
import { Mirror } from "../mirror";
import type { WriterRequest, WriterResponse, WriterThreadOptions } from "./threadWriter";
import { oneAtATime } from "./Writer";

const { database, models, durability } = workerData as WriterThreadOptions;
// The server passes the whole served set, API definitions included.
const mirror = await Mirror.open({ database, models: [...models], definedModels: false, ...(durability ? { durability } : {}) });
const port = parentPort!;
const inTurn = oneAtATime();

async function answer({ id, method, args }: WriterRequest): Promise<WriterResponse> {
  try {
    const value = await (mirror[method] as (...a: unknown[]) => Promise<unknown>).apply(mirror, args);
    return { id, ok: true, value };
  } catch (e) {
    const err = e as Error;
    return {
      id,
      ok: false,
      error:
        e instanceof MirrorError
          ? { name: err.name, message: err.message, code: e.code, details: e.details }
          : { name: err.name, message: err.message, ...(err.stack ? { stack: err.stack } : {}) },
    };
  }
}

port.on("message", (request: WriterRequest) => void inTurn(() => answer(request)).then((response) => port.postMessage(response)));
port.postMessage({ ready: true });
