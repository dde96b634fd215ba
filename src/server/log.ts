// Structured log lines on stderr: one JSON object per event.

export type LogLevel = "info" | "warn" | "error";

export function log(level: LogLevel, event: string, fields: Record<string, unknown> = {}): void {
  if (process.env.MIRRORQL_LOG === "silent") return;
  process.stderr.write(JSON.stringify({ time: new Date().toISOString(), level, event, ...fields }) + "\n");
}
