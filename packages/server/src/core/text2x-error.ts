import { ERROR_TABLE, type ErrorCode } from '@text2x/protocol';

/**
 * The one error class for faults. `message` is safe to show to a client; `details` holds safe
 * structured context. Causes (driver errors, stack traces) stay in `cause` and are never sent.
 */
export class Text2xError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: ErrorCode,
    message?: string,
    options?: { cause?: unknown; details?: Record<string, unknown> },
  ) {
    super(
      message ?? ERROR_TABLE[code].message,
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = 'Text2xError';
    this.code = code;
    this.details = options?.details;
  }

  get retryable(): boolean {
    return ERROR_TABLE[this.code].retryable;
  }
}

/** Turns anything thrown into a Text2xError without leaking internals into the message. */
export function toText2xError(error: unknown, fallback: ErrorCode = 'INTERNAL'): Text2xError {
  if (error instanceof Text2xError) return error;
  return new Text2xError(fallback, undefined, { cause: error });
}
