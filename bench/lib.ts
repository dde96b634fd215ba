// Shared helpers of the benchmarks: the section interface, seeded randomness,
// statistics, memory sampling, a temporary folder and plain-text tables.

import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { WorkloadSpec } from "./workload";

export interface BenchOptions extends WorkloadSpec {
  json: boolean;
  /** Section names to run; empty means every section. */
  only: string[];
  /** Timed runs of each measured system (at least 2). */
  runs: number;
  warmup: boolean;
  /** The storage the sections that follow it run on (`--backend`; today: core). */
  backend: "sqlite" | "postgres";
  /** With backend postgres: the server (`--pg-url`); each run makes its own schema and drops it. */
  pgUrl: string;
  /** Section `peer`: dataset scale (1 = 10k / 100k / 300k rows), rounds, seconds measured and of warm-up per run, connections. */
  peerScale: number;
  peerRounds: number;
  peerDuration: number;
  peerWarmup: number;
  peerConnections: number;
}

export interface BenchContext {
  options: BenchOptions;
  tmp: TempDir;
  memory: MemoryTracker;
  /** Progress for humans (stderr); silent with --json. */
  log(message: string): void;
  /** Values shared between sections (e.g. the generated workload), built once. */
  shared<T>(key: string, build: () => T): T;
}

export interface SectionResult {
  /** Merged into the top-level JSON object; keys must not collide with other sections. */
  json: Record<string, unknown>;
  /** Human-readable lines. */
  lines: string[];
}

/** One benchmark; later ones (GraphQL read path, HTTP ingestion) are added to SECTIONS in run.ts. */
export interface Section {
  name: string;
  summary: string;
  run(ctx: BenchContext): SectionResult | Promise<SectionResult>;
}

/** mulberry32: small, fast and deterministic for a given seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The value at quantile `p` (0-1) of ascending `sorted` values (nearest rank); NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

export interface RateStats {
  /** Best (highest) rows/s over the runs. */
  best: number;
  median: number;
  /** Every run, in the order run. */
  runs: number[];
}

export function rateStats(runs: readonly number[]): RateStats {
  return { best: Math.max(...runs), median: median(runs), runs: [...runs] };
}

const MB = 1024 * 1024;
export const toMB = (bytes: number) => round(bytes / MB, 1);
export const round = (n: number, digits = 0) => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};

/** Collects garbage when possible, so that one run's garbage is not paid by the next. */
const gcFn: (() => void) | undefined = (() => {
  try {
    setFlagsFromString("--expose-gc");
    return runInNewContext("gc") as () => void;
  } catch {
    return undefined;
  }
})();
export function collectGarbage(): void {
  gcFn?.();
}

/** Peak resident set size of the process (maxRSS) and the peak of sampled heap use. */
export class MemoryTracker {
  heapUsedPeak = 0;
  readonly marks: Record<string, { rssMB: number; heapUsedMB: number }> = {};
  /** Remembers the current RSS and heap use under a name (e.g. after generating the workload). */
  mark(name: string): void {
    const m = process.memoryUsage();
    if (m.heapUsed > this.heapUsedPeak) this.heapUsedPeak = m.heapUsed;
    this.marks[name] = { rssMB: toMB(m.rss), heapUsedMB: toMB(m.heapUsed) };
  }
  sample(): number {
    const used = process.memoryUsage().heapUsed;
    if (used > this.heapUsedPeak) this.heapUsedPeak = used;
    return used;
  }
  /** process.resourceUsage().maxRSS is in kilobytes. */
  rssPeakBytes(): number {
    return process.resourceUsage().maxRSS * 1024;
  }
}

export class TempDir {
  readonly path = mkdtempSync(join(tmpdir(), "mirrorql-bench-"));
  file(name: string): string {
    return join(this.path, name);
  }
  /** Size of a database file with its WAL, if any. */
  dbBytes(file: string): number {
    let total = 0;
    for (const f of [file, `${file}-wal`]) {
      try {
        total += statSync(f).size;
      } catch {
        /* absent */
      }
    }
    return total;
  }
  removeDb(file: string): void {
    for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) rmSync(f, { force: true });
  }
  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}

export const fmtInt = (n: number) => Math.round(n).toLocaleString("en-US");
export const fmt = (n: number, digits = 2) => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** A plain-text table; columns after the first are right-aligned. */
export function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)];
}
