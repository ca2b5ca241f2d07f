import type { ServerMessage } from '@text2x/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  NUMBER_ROWS,
  routingGenerator,
  startStreamingServer,
  type StreamingServer,
} from '../streaming/test-support/streaming-fixture.js';
import { openSse, type SseEvent, type SseResponse } from '../streaming/test-support/sse-client.js';
import { stagesOf } from '../streaming/test-support/test-socket.js';

const database = createTestDatabase();
let server: StreamingServer;

beforeAll(async () => {
  server = await startStreamingServer({
    databasePath: database.path,
    generator: routingGenerator({ slowMs: 1000 }),
    config: { resumeGraceMs: 300 },
    sse: { keepAliveMs: 100 },
  });
});

afterAll(async () => {
  await server.close();
  database.remove();
});

/** Data events (not keep-alive comments) as messages, until the stream ends or `stop` says so. */
async function readMessages(
  response: SseResponse,
  stop: (message: ServerMessage) => boolean = () => false,
): Promise<{ messages: ServerMessage[]; events: SseEvent[] }> {
  const messages: ServerMessage[] = [];
  const events: SseEvent[] = [];
  for await (const event of response.events) {
    events.push(event);
    if (event.data === '') continue;
    const message = JSON.parse(event.data) as ServerMessage;
    messages.push(message);
    if (stop(message)) {
      response.abort();
      break;
    }
  }
  return { messages, events };
}

const ask = (
  query: string,
  requestId?: string,
  options: Record<string, unknown> = {},
): Record<string, unknown> => ({
  provider_id: 'shop',
  query,
  ...(requestId === undefined ? {} : { request_id: requestId }),
  options,
});

describe('SSE /api/v1/query/stream', () => {
  it('streams every message with id = seq, event = type and data = the JSON message', async () => {
    const response = await openSse(server.httpUrl('/api/v1/query/stream'), { body: ask('How many orders?') });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('cache-control')).toContain('no-cache');
    const requestId = decodeURIComponent(response.headers.get('x-request-id')!);
    const { messages, events } = await readMessages(response);
    expect(stagesOf(messages)).toEqual([
      'started',
      'schema_retrieval',
      'rag_search',
      'context_gathered',
      'query_generation',
      'query_generated',
      'validation',
      'validation_complete',
      'execution_complete',
      'result',
    ]);
    const dataEvents = events.filter((event) => event.data !== '');
    expect(dataEvents.map((event) => event.id)).toEqual(messages.map((message) => String(message.seq)));
    expect(dataEvents.map((event) => event.event)).toEqual(messages.map((message) => message.type));
    expect(messages.every((message) => message.request_id === requestId)).toBe(true);
    expect(messages.map((message) => message.seq)).toEqual(messages.map((_, i) => i + 1));
  });

  it('resumes with GET /api/v1/query/stream/:request_id and Last-Event-ID, with no gap and no duplicate', async () => {
    const first = await openSse(server.httpUrl('/api/v1/query/stream'), {
      body: ask('slow: how many orders?', 'sse-r1'),
    });
    const before = await readMessages(
      first,
      (message) => message.type === 'progress' && message.data.stage === 'query_generation',
    );
    const lastSeq = before.messages.at(-1)!.seq;
    const resumed = await openSse(server.httpUrl('/api/v1/query/stream/sse-r1'), {
      method: 'GET',
      headers: { 'last-event-id': String(lastSeq) },
    });
    expect(resumed.status).toBe(200);
    const after = await readMessages(resumed);
    const all = [...before.messages, ...after.messages];
    expect(all.map((message) => message.seq)).toEqual(all.map((_, i) => i + 1));
    expect(after.messages[0]!.seq).toBe(lastSeq + 1);
    expect(all.at(-1)!.type).toBe('result');
  });

  it('resumes by posting the same request again with Last-Event-ID (what the SDK does)', async () => {
    const body = ask('slow: how many orders?', 'sse-r2');
    const first = await openSse(server.httpUrl('/api/v1/query/stream'), { body });
    const before = await readMessages(first, (message) => message.seq === 3);
    const resumed = await openSse(server.httpUrl('/api/v1/query/stream'), {
      body,
      headers: { 'last-event-id': '3' },
    });
    const after = await readMessages(resumed);
    expect([...before.messages, ...after.messages].map((message) => message.seq)).toEqual(
      Array.from({ length: 3 + after.messages.length }, (_, i) => i + 1),
    );
    expect(after.messages.at(-1)!.type).toBe('result');
  });

  it('replays a finished request when the same request_id is posted again within the TTL', async () => {
    const body = ask('How many orders?', 'sse-same');
    const first = await readMessages(await openSse(server.httpUrl('/api/v1/query/stream'), { body }));
    const calls = server.generator.calls.length;
    const second = await readMessages(await openSse(server.httpUrl('/api/v1/query/stream'), { body }));
    expect(second.messages).toEqual(first.messages);
    expect(server.generator.calls.length).toBe(calls);
  });

  it('refuses an invalid body, a bad Last-Event-ID and an unknown request with JSON errors', async () => {
    const invalid = await openSse(server.httpUrl('/api/v1/query/stream'), { body: { provider_id: 'shop' } });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({
      error: { code: 'INVALID_REQUEST', message: expect.stringContaining('query'), retryable: false },
    });
    const badId = await openSse(server.httpUrl('/api/v1/query/stream/x'), {
      method: 'GET',
      headers: { 'last-event-id': 'abc' },
    });
    expect(badId.status).toBe(400);
    const unknown = await openSse(server.httpUrl('/api/v1/query/stream/nobody'), { method: 'GET' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    const noId = await openSse(server.httpUrl('/api/v1/query/stream'), {
      body: ask('How many orders?'),
      headers: { 'last-event-id': '2' },
    });
    expect(noId.status).toBe(400);
  });

  it('answers a rate-limited request with 429, retry_after_ms and Retry-After', async () => {
    server.limiter.refuseAll = true;
    try {
      const response = await openSse(server.httpUrl('/api/v1/query/stream'), {
        body: ask('How many orders?'),
      });
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('2');
      expect(await response.json()).toMatchObject({
        error: { code: 'RATE_LIMITED', retryable: true, retry_after_ms: 1500 },
      });
      expect(server.metrics.limited).toContain('sse');
    } finally {
      server.limiter.refuseAll = false;
    }
  });

  it('sends keep-alive comments while a run is quiet', async () => {
    const response = await openSse(server.httpUrl('/api/v1/query/stream'), {
      body: ask('slow: how many orders?'),
    });
    const { events } = await readMessages(response);
    expect(events.flatMap((event) => event.comments)).toContain('keep-alive');
    expect(events.at(-1)!.event).toBe('result');
  });

  it('stops writing when the client goes away; the run is cancelled after the grace period', async () => {
    const response = await openSse(server.httpUrl('/api/v1/query/stream'), {
      body: ask('slow: how many orders?', 'sse-gone'),
    });
    await readMessages(response, (message) => message.seq === 2);
    const outcomes = (): string[] =>
      server.metrics.runs.filter((run) => run.outcome === 'cancelled').map((run) => run.outcome);
    const before = outcomes().length;
    await expect.poll(() => outcomes().length, { timeout: 5000 }).toBe(before + 1);
    const replay = await readMessages(
      await openSse(server.httpUrl('/api/v1/query/stream/sse-gone'), {
        method: 'GET',
        headers: { 'last-event-id': '2' },
      }),
    );
    expect(replay.messages.at(-1)!.type).toBe('cancelled');
  });

  it('streams 100,000 rows as rows events', async () => {
    const response = await openSse(server.httpUrl('/api/v1/query/stream'), {
      body: ask('Show all numbers', 'sse-rows', {
        stream_rows: true,
        row_batch_size: 1000,
        max_rows: NUMBER_ROWS,
      }),
    });
    let rows = 0;
    let next = 1;
    let terminal: ServerMessage | undefined;
    for await (const event of response.events) {
      if (event.event === 'rows') {
        const message = JSON.parse(event.data) as ServerMessage;
        if (message.type !== 'rows') continue;
        for (const row of message.data.rows) expect(row[0]).toBe(next++);
        rows += message.data.rows.length;
      } else if (event.event === 'result') terminal = JSON.parse(event.data) as ServerMessage;
    }
    expect(rows).toBe(NUMBER_ROWS);
    expect(terminal?.type === 'result' && terminal.data.execution_result?.row_count).toBe(NUMBER_ROWS);
  }, 60_000);
});
