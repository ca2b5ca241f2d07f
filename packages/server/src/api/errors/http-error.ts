import { ERROR_TABLE, type ErrorCode, type ErrorResponse } from '@text2x/protocol';
import { Text2xError } from '../../core/index.js';

/** An error ready to send: the HTTP status from the error table and the `{error}` body. */
export interface HttpError {
  status: number;
  body: ErrorResponse;
  /** Seconds for the `Retry-After` header (rate limits). */
  retryAfterSeconds?: number;
}

/** Builds the body and status for one error code; `message` defaults to the table's. */
export function httpError(
  code: ErrorCode,
  message?: string,
  options: { details?: Record<string, unknown> | undefined; retryAfterMs?: number } = {},
): HttpError {
  const info = ERROR_TABLE[code];
  const body: ErrorResponse = {
    error: {
      code,
      message: message ?? info.message,
      retryable: info.retryable,
      ...(options.details === undefined ? {} : { details: options.details }),
      ...(options.retryAfterMs === undefined ? {} : { retry_after_ms: Math.ceil(options.retryAfterMs) }),
    },
  };
  return {
    status: info.http,
    body,
    ...(options.retryAfterMs === undefined
      ? {}
      : { retryAfterSeconds: Math.max(1, Math.ceil(options.retryAfterMs / 1000)) }),
  };
}

interface FrameworkError {
  code?: unknown;
  statusCode?: unknown;
  message?: unknown;
  validation?: unknown;
  validationContext?: unknown;
}

/** Summarises schema-validation issues as `body.options.max_rows: Too big…` (at most five). */
function describeValidation(error: FrameworkError): string {
  const where = typeof error.validationContext === 'string' ? error.validationContext : 'request';
  const issues = Array.isArray(error.validation) ? (error.validation as unknown[]) : [];
  const parts = issues.slice(0, 5).map((issue) => {
    const { instancePath, message } = issue as { instancePath?: unknown; message?: unknown };
    const path = typeof instancePath === 'string' ? instancePath.replace(/^\//, '').replace(/\//g, '.') : '';
    return `${path ? `${where}.${path}` : where}: ${typeof message === 'string' ? message : 'invalid'}`;
  });
  return `invalid request: ${parts.join('; ') || 'the request does not match the schema'}`;
}

/**
 * Maps anything thrown in a route to an HTTP error. Text2xError keeps its code, safe message and
 * details (both dropped for INTERNAL and CONFIG_INVALID, whose details may name server paths); schema-validation and body-parsing
 * errors become INVALID_REQUEST or PAYLOAD_TOO_LARGE; anything else is INTERNAL with the table's
 * message: a cause, a stack or a driver message never reaches the client.
 */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof Text2xError) {
    if (error.code === 'INTERNAL' || error.code === 'CONFIG_INVALID') return httpError(error.code);
    return httpError(error.code, error.message, { details: error.details });
  }
  const framework = (typeof error === 'object' && error !== null ? error : {}) as FrameworkError;
  if (Array.isArray(framework.validation)) {
    return httpError('INVALID_REQUEST', describeValidation(framework));
  }
  const status = typeof framework.statusCode === 'number' ? framework.statusCode : 500;
  const code = typeof framework.code === 'string' ? framework.code : '';
  if (status === 413 || code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return httpError('PAYLOAD_TOO_LARGE', 'The request body is too large.');
  }
  if (status === 404) return httpError('NOT_FOUND');
  if (status >= 400 && status < 500) {
    // Fastify's own 4xx messages (invalid JSON, unsupported media type, empty body) are fixed
    // texts about the request, safe to show.
    const message = typeof framework.message === 'string' && code.startsWith('FST_') ? framework.message : '';
    return httpError('INVALID_REQUEST', message ? `invalid request: ${message}` : undefined);
  }
  return httpError('INTERNAL');
}
