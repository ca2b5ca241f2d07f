/**
 * The one error-code table. Every failure that reaches a client carries one of these codes; the
 * transport adapters (HTTP, WebSocket, SSE, CLI) map a code to their own form from this table only.
 */

/** Every error code text2x can send. */
export const ERROR_CODES = [
  'INVALID_REQUEST',
  'UNKNOWN_PROVIDER',
  'PROVIDER_EXISTS',
  'PROVIDER_UNAVAILABLE',
  'QUERY_REJECTED',
  'VALIDATION_FAILED',
  'EXECUTION_FAILED',
  'EXECUTION_TIMEOUT',
  'GENERATION_FAILED',
  'CANNOT_ANSWER',
  'CONVERSATION_NOT_FOUND',
  'NOT_FOUND',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'RATE_LIMITED',
  'PAYLOAD_TOO_LARGE',
  'CANCELLED',
  'CONFIG_INVALID',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** How one error code is shown on each transport. */
export interface ErrorCodeInfo {
  /** HTTP status for REST responses. */
  http: number;
  /** WebSocket close code when the error ends the connection (4000–4999 are ours). */
  wsClose: number;
  /** Short message safe to show to any user; never contains a secret or a stack trace. */
  message: string;
  /** True when the same request may succeed if sent again later. */
  retryable: boolean;
  /** Process exit code for the CLI. */
  exit: number;
}

/** The table itself. `satisfies` makes the compiler reject a missing or extra code. */
export const ERROR_TABLE = {
  INVALID_REQUEST: {
    http: 400,
    wsClose: 4400,
    message: 'The request is not valid.',
    retryable: false,
    exit: 2,
  },
  UNKNOWN_PROVIDER: {
    http: 404,
    wsClose: 4404,
    message: 'No data source has that id.',
    retryable: false,
    exit: 3,
  },
  PROVIDER_EXISTS: {
    http: 409,
    wsClose: 4409,
    message: 'A data source with that id already exists.',
    retryable: false,
    exit: 3,
  },
  PROVIDER_UNAVAILABLE: {
    http: 503,
    wsClose: 4503,
    message: 'The data source cannot be opened or reached.',
    retryable: true,
    exit: 4,
  },
  QUERY_REJECTED: {
    http: 422,
    wsClose: 4422,
    message: 'The query was rejected by the read-only safety policy.',
    retryable: false,
    exit: 5,
  },
  VALIDATION_FAILED: {
    http: 422,
    wsClose: 4422,
    message: 'No valid query could be produced for this question.',
    retryable: false,
    exit: 5,
  },
  EXECUTION_FAILED: {
    http: 422,
    wsClose: 4422,
    message: 'The query failed when it ran.',
    retryable: false,
    exit: 6,
  },
  EXECUTION_TIMEOUT: {
    http: 504,
    wsClose: 4504,
    message: 'The query took longer than the time limit and was stopped.',
    retryable: true,
    exit: 6,
  },
  GENERATION_FAILED: {
    http: 502,
    wsClose: 4502,
    message: 'The query generator failed.',
    retryable: true,
    exit: 7,
  },
  CANNOT_ANSWER: {
    http: 422,
    wsClose: 4422,
    message: 'This question cannot be answered from the data source.',
    retryable: false,
    exit: 8,
  },
  CONVERSATION_NOT_FOUND: {
    http: 404,
    wsClose: 4404,
    message: 'No conversation has that id.',
    retryable: false,
    exit: 3,
  },
  NOT_FOUND: { http: 404, wsClose: 4404, message: 'Not found.', retryable: false, exit: 3 },
  UNAUTHORIZED: {
    http: 401,
    wsClose: 4401,
    message: 'A valid API key is required.',
    retryable: false,
    exit: 9,
  },
  FORBIDDEN: { http: 403, wsClose: 4403, message: 'This key may not do that.', retryable: false, exit: 9 },
  RATE_LIMITED: {
    http: 429,
    wsClose: 4429,
    message: 'Too many requests; try again later.',
    retryable: true,
    exit: 10,
  },
  PAYLOAD_TOO_LARGE: {
    http: 413,
    wsClose: 1009,
    message: 'The message is too large.',
    retryable: false,
    exit: 2,
  },
  CANCELLED: { http: 499, wsClose: 4499, message: 'The request was cancelled.', retryable: true, exit: 130 },
  CONFIG_INVALID: {
    http: 500,
    wsClose: 4500,
    message: 'The server configuration is not valid.',
    retryable: false,
    exit: 78,
  },
  INTERNAL: { http: 500, wsClose: 1011, message: 'An internal error occurred.', retryable: true, exit: 1 },
} as const satisfies Record<ErrorCode, ErrorCodeInfo>;

export function errorInfo(code: ErrorCode): ErrorCodeInfo {
  return ERROR_TABLE[code];
}
