import type { ServerMessage } from '@text2x/protocol';
import WebSocket from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Text2xClientError } from './client-error.js';
import { createClient, type Text2xClient } from './create-client.js';
import { FakeText2xServer } from './test-support/fake-text2x-server.js';

let server: FakeText2xServer;
let client: Text2xClient;

beforeEach(async () => {
  server = await FakeText2xServer.start({ stepMs: 3, progressCount: 8 });
  client = createClient({
    baseUrl: `${server.baseUrl}/`,
    WebSocket,
    reconnect: { attempts: 4, initialDelayMs: 5, maxDelayMs: 20 },
  });
});
afterEach(async () => {
  client.close();
  await server.close();
});

async function caught(promise: Promise<unknown>): Promise<Text2xClientError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(Text2xClientError);
  return error as Text2xClientError;
}

describe('REST calls', () => {
  it('returns the terminal result of POST /api/v1/query', async () => {
    const terminal = await client.query({
      provider_id: 'demo',
      query: 'How many orders?',
      request_id: 'r-1',
    });
    expect(terminal.type).toBe('result');
    expect(terminal.request_id).toBe('r-1');
  });

  it('returns the run’s error message when the run failed', async () => {
    const terminal = await client.query({ provider_id: 'demo', query: 'this will fail', request_id: 'r-2' });
    expect(terminal).toMatchObject({ type: 'error', request_id: 'r-2', data: { code: 'VALIDATION_FAILED' } });
  });

  it('maps a rate-limited response to RATE_LIMITED with retry information', async () => {
    const error = await caught(client.query({ provider_id: 'demo', query: 'rate me' }));
    expect(error).toMatchObject({ code: 'RATE_LIMITED', status: 429, retryable: true, retryAfterMs: 1500 });
  });

  it('maps a non-JSON error page by its status', async () => {
    const error = await caught(client.query({ provider_id: 'demo', query: 'html please' }));
    expect(error).toMatchObject({ code: 'INTERNAL', status: 502, retryable: true });
  });

  it('rejects a success body that is not a terminal message with INVALID_SERVER_MESSAGE', async () => {
    const error = await caught(client.query({ provider_id: 'demo', query: 'garbage please' }));
    expect(error).toMatchObject({ code: 'INVALID_SERVER_MESSAGE', retryable: false });
  });

  it('rejects an invalid request locally with INVALID_REQUEST', async () => {
    const error = await caught(client.query({ provider_id: 'demo', query: '' }));
    expect(error).toMatchObject({ code: 'INVALID_REQUEST', status: 0 });
  });

  it('maps an unknown path to NOT_FOUND and an unknown provider to UNKNOWN_PROVIDER', async () => {
    expect(await caught(client.conversation('nope'))).toMatchObject({ code: 'NOT_FOUND', status: 404 });
    expect(await caught(client.providers.remove('missing'))).toMatchObject({
      code: 'UNKNOWN_PROVIDER',
      status: 404,
      retryable: false,
    });
  });

  it('maps a refused connection to CONNECTION_FAILED', async () => {
    const port = server.port;
    await server.close();
    const offline = createClient({ baseUrl: `http://127.0.0.1:${port}` });
    const error = await caught(offline.providers.list());
    expect(error).toMatchObject({ code: 'CONNECTION_FAILED', retryable: true });
    server = await FakeText2xServer.start();
  });

  it('reads conversations, turns, feedback and providers with their schemas', async () => {
    expect(await client.conversation('c-1')).toMatchObject({ id: 'c-1', provider_id: 'demo', turn_count: 0 });
    expect(await client.turns('c-1')).toEqual({ conversation_id: 'c-1', turns: [] });
    expect(
      await client.feedback('c-1', { turn_id: 't-9', rating: 'down', comment: 'wrong table' }),
    ).toMatchObject({
      feedback: { turn_id: 't-9', rating: 'down', comment: 'wrong table', corrected_query: null },
    });
    expect(await client.providers.list()).toEqual({
      providers: [{ id: 'demo', kind: 'sqlite', target: '/data/demo.db' }],
    });
    await expect(client.providers.remove('demo')).resolves.toBeUndefined();
  });

  it('sends the API key as a Bearer header and maps a refusal to UNAUTHORIZED', async () => {
    await server.close();
    server = await FakeText2xServer.start({ apiKey: 'k-123' });
    const good = createClient({ baseUrl: server.baseUrl, apiKey: 'k-123' });
    expect((await good.providers.list()).providers).toHaveLength(1);
    const bad = createClient({ baseUrl: server.baseUrl, apiKey: 'k-999' });
    expect(await caught(bad.providers.list())).toMatchObject({
      code: 'UNAUTHORIZED',
      status: 401,
      retryable: false,
    });
  });
});

describe('queryStream over Server-Sent Events', () => {
  async function collect(stream: AsyncIterable<ServerMessage>): Promise<ServerMessage[]> {
    const messages: ServerMessage[] = [];
    for await (const message of stream) messages.push(message);
    return messages;
  }

  it('streams the same messages as the WebSocket', async () => {
    const messages = await collect(
      client.queryStream({ provider_id: 'demo', query: 'over sse' }, { transport: 'sse' }),
    );
    expect(messages.map((message) => message.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(messages.at(-1)?.type).toBe('result');
  });

  it('resumes with Last-Event-ID after the response is cut, without a gap or a duplicate', async () => {
    const stream = client.queryStream({ provider_id: 'demo', query: 'drop me' }, { transport: 'sse' });
    const messages = await collect(stream);
    expect(messages.map((message) => message.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(server.sseRequests.map((request) => request.lastEventId)).toEqual([undefined, '3']);
    expect(server.sseRequests[1]?.body.request_id).toBe(stream.requestId);
  });

  it('cancels through the WebSocket when the signal aborts and ends with cancelled', async () => {
    await server.close();
    server = await FakeText2xServer.start({ stepMs: 30, progressCount: 50 });
    client = createClient({ baseUrl: server.baseUrl, WebSocket });
    const controller = new AbortController();
    const stream = client.queryStream(
      { provider_id: 'demo', query: 'abort sse' },
      { transport: 'sse', signal: controller.signal },
    );
    const seen: ServerMessage[] = [];
    for await (const message of stream) {
      seen.push(message);
      if (message.seq === 2) controller.abort();
    }
    // The cancel travels over a WebSocket that first has to connect: a progress may slip in.
    expect(seen.at(-1)?.type).toBe('cancelled');
    expect(seen.slice(0, -1).every((message) => message.type === 'progress')).toBe(true);
    expect(seen.length).toBeLessThan(10);
    expect(seen.map((message) => message.seq)).toEqual(seen.map((_, index) => index + 1));
    expect(server.framesOfType('cancel')).toEqual([{ type: 'cancel', request_id: stream.requestId }]);
  });

  it('fails with CANCELLED when no terminal message follows the cancel in time', async () => {
    await server.close();
    server = await FakeText2xServer.start({ stepMs: 30, progressCount: 50 });
    // No WebSocket server answers the cancel: nothing listens on this port for upgrades.
    client = createClient({
      baseUrl: server.baseUrl,
      WebSocket,
      cancelTimeoutMs: 100,
      reconnect: { attempts: 1, initialDelayMs: 5, maxDelayMs: 5 },
    });
    server.ignoreCancels = true;
    const controller = new AbortController();
    const seen: ServerMessage[] = [];
    const error = await (async () => {
      for await (const message of client.queryStream(
        { provider_id: 'demo', query: 'abort sse' },
        { transport: 'sse', signal: controller.signal },
      )) {
        seen.push(message);
        if (message.seq === 1) controller.abort();
      }
    })().catch((reason: unknown) => reason);
    expect(error).toMatchObject({ code: 'CANCELLED' });
    expect(seen.length).toBeLessThan(10);
  });

  it('sends cancel when the consumer stops reading an SSE stream early', async () => {
    const stream = client.queryStream(
      { provider_id: 'demo', query: 'break sse, slow' },
      { transport: 'sse' },
    );
    for await (const message of stream) if (message.seq === 1) break;
    await until(() => server.framesOfType('cancel').length === 1);
    expect(server.framesOfType('cancel')).toEqual([{ type: 'cancel', request_id: stream.requestId }]);
  });

  it('throws the mapped error when the server refuses the stream before it starts', async () => {
    const error = await caught(
      (async () => {
        for await (const message of client.queryStream(
          { provider_id: 'demo', query: 'rate limited stream' },
          { transport: 'sse' },
        )) {
          expect(message).toBeUndefined();
        }
      })(),
    );
    expect(error).toMatchObject({ code: 'RATE_LIMITED', status: 429, retryAfterMs: 1500 });
    expect(server.framesOfType('cancel')).toEqual([]);
  });
});

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
