import { describe, expect, it } from 'vitest';
import { Text2xError } from '../../core/index.js';
import { httpError, toHttpError } from './http-error.js';

describe('toHttpError', () => {
  it('keeps the code, message and details of a Text2xError with the status from the table', () => {
    const error = new Text2xError('QUERY_REJECTED', 'only SELECT is allowed', { details: { errors: [] } });
    expect(toHttpError(error)).toEqual({
      status: 422,
      body: {
        error: {
          code: 'QUERY_REJECTED',
          message: 'only SELECT is allowed',
          retryable: false,
          details: { errors: [] },
        },
      },
    });
  });

  it('replaces the message and drops the details of internal faults', () => {
    const error = new Text2xError('INTERNAL', 'cannot open /srv/secret/path.db', {
      details: { path: '/srv/secret/path.db' },
    });
    expect(toHttpError(error).body).toEqual({
      error: { code: 'INTERNAL', message: 'An internal error occurred.', retryable: true },
    });
  });

  it('turns anything else into INTERNAL without its message', () => {
    const mapped = toHttpError(new TypeError("Cannot read properties of undefined (reading 'password')"));
    expect(mapped.status).toBe(500);
    expect(JSON.stringify(mapped.body)).not.toContain('password');
  });

  it('maps schema validation errors to INVALID_REQUEST with the field paths', () => {
    const mapped = toHttpError({
      validation: [{ instancePath: '/options/max_rows', message: 'Too small: expected number to be >=1' }],
      validationContext: 'body',
    });
    expect(mapped.status).toBe(400);
    expect(mapped.body.error.message).toBe(
      'invalid request: body.options.max_rows: Too small: expected number to be >=1',
    );
  });

  it('maps body size and parsing errors from the framework', () => {
    expect(toHttpError({ code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 }).body.error.code).toBe(
      'PAYLOAD_TOO_LARGE',
    );
    const json = toHttpError({
      code: 'FST_ERR_CTP_INVALID_JSON_BODY',
      statusCode: 400,
      message: 'Body is not valid JSON',
    });
    expect(json).toMatchObject({ status: 400, body: { error: { code: 'INVALID_REQUEST' } } });
    expect(toHttpError({ statusCode: 400, message: 'driver said something' }).body.error.message).toBe(
      'The request is not valid.',
    );
  });

  it('adds Retry-After seconds and retry_after_ms for rate limits', () => {
    expect(httpError('RATE_LIMITED', undefined, { retryAfterMs: 1500 })).toMatchObject({
      status: 429,
      retryAfterSeconds: 2,
      body: { error: { code: 'RATE_LIMITED', retry_after_ms: 1500, retryable: true } },
    });
  });
});
