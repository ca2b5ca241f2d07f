import { describe, expect, it } from 'vitest';
import { ERROR_CODES, ERROR_TABLE, QueryRequest, ServerMessage } from './index.js';

describe('QueryRequest', () => {
  it('fills the documented defaults', () => {
    const request = QueryRequest.parse({ provider_id: 'demo', query: 'How many orders?' });
    expect(request.options).toEqual({
      trace_level: 'none',
      max_iterations: 3,
      confidence_threshold: 0.8,
      clarification_threshold: 0.5,
      max_rows: 1000,
      timeout_ms: 30000,
      stream_rows: false,
      row_batch_size: 500,
    });
  });

  it('rejects unknown option keys with a clear error', () => {
    const parsed = QueryRequest.safeParse({ provider_id: 'demo', query: 'q', options: { max_iteration: 2 } });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toContain('max_iteration');
  });

  it.each([
    [{ provider_id: 'demo', query: '   ' }],
    [{ provider_id: 'demo', query: 'x'.repeat(5001) }],
    [{ provider_id: '', query: 'q' }],
    [{ provider_id: 'x'.repeat(101), query: 'q' }],
    [{ provider_id: 'demo', query: 'q', options: { max_iterations: 11 } }],
    [{ provider_id: 'demo', query: 'q', options: { confidence_threshold: 2 } }],
    [{ provider_id: 'demo', query: 'q', options: { max_rows: 0 } }],
    [{ provider_id: 'demo', query: 'q', options: { trace_level: 'verbose' } }],
    [{ query: 'q' }],
  ])('rejects an invalid request %#', (input) => {
    expect(QueryRequest.safeParse(input).success).toBe(false);
  });
});

describe('error table', () => {
  it('has an HTTP status, a message and an exit code for every code', () => {
    for (const code of ERROR_CODES) {
      expect(ERROR_TABLE[code].http).toBeGreaterThanOrEqual(400);
      expect(ERROR_TABLE[code].message.length).toBeGreaterThan(0);
      expect(ERROR_TABLE[code].exit).toBeGreaterThan(0);
    }
  });
});

describe('ServerMessage', () => {
  it('accepts a progress message and tolerates unknown fields', () => {
    const message = ServerMessage.parse({
      v: 1,
      type: 'progress',
      request_id: 'r1',
      seq: 1,
      data: { stage: 'started', progress: 0.02, message: 'hi', future_field: true },
      future_envelope_field: 1,
    });
    expect(message.type).toBe('progress');
  });

  it('rejects an unknown message type', () => {
    expect(ServerMessage.safeParse({ v: 1, type: 'nope', request_id: 'r', seq: 1, data: {} }).success).toBe(
      false,
    );
  });
});

describe('parseClientMessage', () => {
  it('treats a frame without type as a query, like the seed client sends', async () => {
    const { parseClientMessage } = await import('./index.js');
    const parsed = parseClientMessage({ provider_id: 'demo', query: 'q', options: { trace_level: 'full' } });
    expect(parsed.ok && parsed.message.type).toBeUndefined();
    expect(parsed.ok).toBe(true);
  });

  it('names the problem for unknown types, wrong field types and non-objects', async () => {
    const { parseClientMessage } = await import('./index.js');
    expect(parseClientMessage({ type: 'explode' })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('unknown message type'),
    });
    expect(parseClientMessage({ type: 'resume', request_id: 'r', last_seq: 'x' })).toMatchObject({
      ok: false,
    });
    expect(parseClientMessage([1, 2])).toMatchObject({
      ok: false,
      reason: 'a message must be a JSON object',
    });
    expect(parseClientMessage({ type: 'cancel', request_id: 'r1' })).toMatchObject({ ok: true });
  });
});
