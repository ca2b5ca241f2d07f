import { ERROR_CODES, ERROR_TABLE, type ErrorCode } from '@text2x/protocol';

/**
 * Codes a client error can carry: every server error code from the protocol's table, plus the
 * failures only a client sees.
 * - `CONNECTION_FAILED`: the server could not be reached, or the connection dropped and did not
 *   come back within the reconnect attempts (retryable).
 * - `INVALID_SERVER_MESSAGE`: the server sent something that is not a valid protocol message or
 *   response body (not retryable: the client and server disagree about the protocol).
 */
export type ClientErrorCode = ErrorCode | 'CONNECTION_FAILED' | 'INVALID_SERVER_MESSAGE';

export interface Text2xClientErrorOptions {
  /** HTTP status of the response that carried the error; 0 when there was none (network, WebSocket). */
  status?: number;
  /** Whether the same call may succeed later. Default: the protocol table's value for `code`. */
  retryable?: boolean;
  /** How long the server asked the client to wait before trying again (rate limits). */
  retryAfterMs?: number;
  /** Safe structured context from the server or the validator (zod issues, the server's details). */
  details?: Record<string, unknown>;
  cause?: unknown;
}

/** The one error type the SDK throws. */
export class Text2xClientError extends Error {
  override readonly name = 'Text2xClientError';
  readonly code: ClientErrorCode;
  /** HTTP status, or 0 when the error did not come from an HTTP response. */
  readonly status: number;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ClientErrorCode, message: string, options: Text2xClientErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status ?? 0;
    this.retryable = options.retryable ?? defaultRetryable(code);
    this.retryAfterMs = options.retryAfterMs;
    this.details = options.details;
  }
}

function defaultRetryable(code: ClientErrorCode): boolean {
  if (code === 'CONNECTION_FAILED') return true;
  if (code === 'INVALID_SERVER_MESSAGE') return false;
  return ERROR_TABLE[code].retryable;
}

/** Whether a string from the wire is one of the protocol's error codes. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** The protocol code for an HTTP status, used when a response body names no code. */
export function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return 'INVALID_REQUEST';
    case 401:
      return 'UNAUTHORIZED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 409:
      return 'PROVIDER_EXISTS';
    case 413:
      return 'PAYLOAD_TOO_LARGE';
    case 429:
      return 'RATE_LIMITED';
    case 503:
      return 'PROVIDER_UNAVAILABLE';
    case 504:
      return 'EXECUTION_TIMEOUT';
    default:
      return status >= 500 ? 'INTERNAL' : 'INVALID_REQUEST';
  }
}
