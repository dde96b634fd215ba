// The load client's worker thread (see loadClient.ts): keep-alive POSTs of rotating request bodies,
// `concurrency` at a time, phase by phase as the main thread asks. Plain JavaScript, so that the
// worker needs no TypeScript loader.

import { request, Agent } from "node:http";
import { parentPort, workerData } from "node:worker_threads";

const { port, path, bodies, concurrency } = workerData;
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const buffers = bodies.map((b) => Buffer.from(b));
let counter = 0; // rotates the bodies across phases
let stopped = false;

/** One POST; an answer counts only with status 200 and a body that starts with `{"data"`. */
function send(i) {
  return new Promise((resolve, reject) => {
    const body = buffers[i % buffers.length];
    const req = request({ host: "127.0.0.1", port, path, method: "POST", agent, headers: { "content-type": "application/json", "content-length": body.length } }, (res) => {
      let bytes = 0;
      let head = "";
      res.on("data", (c) => {
        if (head.length < 16) head += c.toString("utf8", 0, 16);
        bytes += c.length;
      });
      res.on("end", () => resolve({ ok: res.statusCode === 200 && head.startsWith('{"data"'), bytes }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

async function phase(limit, record) {
  stopped = false;
  let issued = 0;
  let errors = 0;
  let bytes = 0;
  const latencies = [];
  const ends = [];
  const start = performance.now();
  const deadline = start + limit.ms;
  async function lane() {
    while (!stopped && issued < limit.requests && performance.now() < deadline) {
      issued++;
      const t = performance.now();
      try {
        const r = await send(counter++);
        if (!r.ok) errors++;
        bytes += r.bytes;
      } catch {
        errors++;
      }
      const e = performance.now();
      if (record) {
        latencies.push(e - t);
        ends.push(e - start);
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, lane));
  return { completed: issued, elapsedMs: performance.now() - start, latencies, ends, errors, bytes };
}

parentPort.on("message", (m) => {
  if (m.kind === "stop") stopped = true;
  else if (m.kind === "phase")
    phase(m.limit, m.record).then(
      (r) => parentPort.postMessage({ kind: "done", ...r }),
      (e) => parentPort.postMessage({ kind: "error", message: String((e && e.stack) || e) }),
    );
});
