// Progress of a load on stderr. On a terminal: one line redrawn in place with a bar, the
// rows sent, rows per second and the time left (from the bytes read against the file's
// size). Elsewhere (a log file, CI): a plain line per batch, at most one every
// `intervalMs` (2 s by default), plus the last one.

export interface ProgressState {
  batches: number;
  rows: number;
  bytesRead: number;
  fileBytes: number;
  elapsedMs: number;
}

export interface Progress {
  /** After each batch. */
  update(state: ProgressState): void;
  /** A message of its own line (a retry), without breaking the bar. */
  note(message: string): void;
  /** Draws the final state and leaves the terminal line. */
  finish(state: ProgressState): void;
}

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export const silentProgress: Progress = { update() {}, note() {}, finish() {} };

export function createProgress(stream: ProgressStream, options: { intervalMs?: number; label?: string } = {}): Progress {
  const label = options.label ?? "ingest";
  if (stream.isTTY) return ttyProgress(stream, label);
  const interval = options.intervalMs ?? 2_000;
  let last = -Infinity;
  let lastBatches = 0;
  const line = (s: ProgressState) => {
    last = s.elapsedMs;
    lastBatches = s.batches;
    stream.write(`${label}: ${s.batches} batches, ${count(s.rows)} rows sent, ${rate(s)} rows/s, ${percent(s)} of the file read, ${eta(s)} left\n`);
  };
  return {
    update(s) {
      if (s.elapsedMs - last >= interval) line(s);
    },
    note(message) {
      stream.write(`${label}: ${message}\n`);
    },
    finish(s) {
      if (s.batches !== lastBatches) line(s);
    },
  };
}

function ttyProgress(stream: ProgressStream, label: string): Progress {
  let drawn = false;
  let lastDraw = -Infinity;
  const draw = (s: ProgressState) => {
    const width = Math.max(10, Math.min(30, (stream.columns || 80) - 70));
    const done = s.fileBytes > 0 ? Math.min(1, s.bytesRead / s.fileBytes) : 0;
    const filled = Math.round(done * width);
    const bar = `[${"#".repeat(filled)}${"-".repeat(width - filled)}]`;
    const text = `${label} ${bar} ${percent(s)}  ${count(s.rows)} rows  ${rate(s)} rows/s  ETA ${eta(s)}`;
    stream.write(`\r\x1b[2K${text.slice(0, (stream.columns || 200) - 1)}`);
    drawn = true;
    lastDraw = s.elapsedMs;
  };
  return {
    update(s) {
      if (s.elapsedMs - lastDraw >= 100) draw(s);
    },
    note(message) {
      stream.write(`${drawn ? "\r\x1b[2K" : ""}${label}: ${message}\n`);
      drawn = false;
    },
    finish(s) {
      draw(s);
      stream.write("\n");
    },
  };
}

const count = (n: number) => n.toLocaleString("en-US");

const rate = (s: ProgressState) => (s.elapsedMs > 0 ? count(Math.round((s.rows * 1000) / s.elapsedMs)) : "-");

const percent = (s: ProgressState) => (s.fileBytes > 0 ? `${Math.min(100, Math.floor((100 * s.bytesRead) / s.fileBytes))}%` : "-");

function eta(s: ProgressState): string {
  if (s.bytesRead <= 0 || s.fileBytes <= 0) return "-";
  const left = Math.max(0, ((s.fileBytes - s.bytesRead) * s.elapsedMs) / s.bytesRead / 1000);
  return duration(left);
}

export function duration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)}s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m}m${String(Math.round(seconds % 60)).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}
