// Errors a caller can act on carry a stable code from this one public list.

export const ERROR_CODES = [
  "BAD_USER_INPUT",
  "UNKNOWN_DATASET",
  "INVALID_MODEL",
  "INCOMPATIBLE_MODEL_CHANGE",
  "NOT_FOUND",
  "LIMIT_EXCEEDED",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "RATE_LIMITED",
  "TIMEOUT",
  "INTERNAL",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class MirrorError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "MirrorError";
  }
}
