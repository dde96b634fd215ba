// Structured log lines on stderr through pino: one JSON object per event, named by its `event`
// field. The threshold comes from MIRRORQL_LOG_LEVEL (serve --log-level sets it); MIRRORQL_LOG=silent
// turns every line off, whatever the level.

import { pino, type DestinationStream, type Logger } from "pino";

/** The levels a line is logged at. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/** The thresholds a logger may be set to: pino's levels, and `silent`. */
export const LOG_THRESHOLDS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;
export type LogThreshold = (typeof LOG_THRESHOLDS)[number];

export const isLogThreshold = (value: unknown): value is LogThreshold => (LOG_THRESHOLDS as readonly unknown[]).includes(value);

/** MIRRORQL_LOG=silent first (tests and child processes rely on it), then MIRRORQL_LOG_LEVEL, else info. */
function thresholdFromEnvironment(): LogThreshold {
  if (process.env.MIRRORQL_LOG === "silent") return "silent";
  const level = process.env.MIRRORQL_LOG_LEVEL;
  return isLogThreshold(level) ? level : "info";
}

// Looked up at every line rather than bound once, so that a test may replace process.stderr.write.
const stderr: DestinationStream = { write: (line: string) => void process.stderr.write(line) };

function createLogger(level: LogThreshold, destination: DestinationStream): Logger {
  return pino(
    {
      level,
      messageKey: "event",
      timestamp: pino.stdTimeFunctions.isoTime,
      base: { pid: process.pid },
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

let logger = createLogger(thresholdFromEnvironment(), stderr);

/**
 * Sets the threshold (MIRRORQL_LOG=silent still wins) or the destination (tests) of every later line.
 * @example configureLog({ level: "debug" });
 */
export function configureLog(options: { level?: LogThreshold; destination?: DestinationStream }): void {
  const level = process.env.MIRRORQL_LOG === "silent" ? "silent" : (options.level ?? (logger.level as LogThreshold));
  logger = createLogger(level, options.destination ?? stderr);
}

/** Whether a line at `level` would be written: spares building fields nobody reads. */
export function logs(level: LogLevel): boolean {
  return logger.isLevelEnabled(level);
}

/**
 * One line: `{"level":"info","time":"…","pid":4242,"event":"listening",...fields}`.
 * @example log("warn", "transaction_retry", { attempt: 2 });
 */
export function log(level: LogLevel, event: string, fields: Record<string, unknown> = {}): void {
  logger[level](fields, event);
}
