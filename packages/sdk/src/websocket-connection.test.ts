import type { ServerMessage } from '@text2x/protocol';
import WebSocket from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Text2xClientError } from './client-error.js';
import { createClient, type Text2xClient } from './create-client.js';
import { FakeText2xServer, type FakeServerOptions } from './test-support/fake-text2x-server.js';

let server: FakeText2xServer;
let client: Text2xClient;

const ask = (query: string, request_id?: string) => ({
  provider_id: 'demo',
  query,
  ...(request_id === undefined ? {} : { request_id }),
});

async function collect(stream: AsyncIterable<ServerMessage>, onMessage?: (message: ServerMessage) => void) {
  const messages: ServerMessage[] = [];
  for await (const message of stream) {
    messages.push(message);
    onMessage?.(message);
  }
  return messages;
}

function expectGapFree(messages: ServerMessage[]): void {
  expect(messages.map((message) => message.seq)).toEqual(messages.map((_, index) => index + 1));
}

function newClient(options: Partial<Parameters<typeof createClient>[0]> = {}): Text2xClient {
  return createClient({
    baseUrl: server.baseUrl,
    WebSocket,
    reconnect: { attempts: 5, initialDelayMs: 10, maxDelayMs: 50 },
    ...options,
  });
}

describe('queryStream over the WebSocket', () => {
  beforeEach(async () => {
    server = await FakeText2xServer.start({ stepMs: 5, progressCount: 10 });
    client = newClient();
  });
  afterEach(async () => {
    client.close();
    await server.close();
  });

  it('yields validated messages in seq order and ends after the terminal result', async () => {
    const messages = await collect(client.queryStream(ask('How many orders?')));
    expect(messages).toHaveLength(11);
    expectGapFree(messages);
    expect(messages.slice(0, -1).every((message) => message.type === 'progress')).toBe(true);
    expect(messages.at(-1)?.type).toBe('result');
    const [query] = server.framesOfType('query');
    expect(query).toMatchObject({ type: 'query', provider_id: 'demo', query: 'How many orders?' });
    expect(typeof query?.request_id).toBe('string');
  });

  it('multiplexes twenty concurrent requests over one connection by request id', async () => {
    const streams = Array.from({ length: 20 }, (_, index) => client.queryStream(ask(`question ${index}`)));
    const results = await Promise.all(streams.map((stream) => collect(stream)));
    expect(server.connectionsOpened).toBe(1);
    results.forEach((messages, index) => {
      expect(messages).toHaveLength(11);
      expectGapFree(messages);
      expect(new Set(messages.map((message) => message.request_id))).toEqual(
        new Set([streams[index]!.requestId]),
      );
    });
  });

  it('resumes after the socket is terminated mid-run, without a gap or a duplicate', async () => {
    server = await restart({ stepMs: 15, progressCount: 12 });
    let dropped = false;
    const stream = client.queryStream(ask('resume me', 'r-resume'));
    const messages = await collect(stream, (message) => {
      if (message.seq === 4 && !dropped) {
        dropped = true;
        server.terminateAll();
      }
    });
    expect(dropped).toBe(true);
    expectGapFree(messages);
    expect(messages).toHaveLength(13);
    expect(messages.at(-1)?.type).toBe('result');
    expect(server.connectionsOpened).toBe(2);
    const resumes = server.received.filter((entry) => entry.frame.type === 'resume');
    expect(resumes).toHaveLength(1);
    expect(resumes[0]).toMatchObject({ connection: 2, frame: { request_id: 'r-resume' } });
    expect(resumes[0]!.frame.last_seq).toBeGreaterThanOrEqual(4);
  });

  it('resumes several running requests after repeated drops', async () => {
    server = await restart({ stepMs: 10, progressCount: 20 });
    const streams = Array.from({ length: 5 }, (_, index) => client.queryStream(ask(`q${index}`)));
    const drops = [40, 110, 190].map((ms) => setTimeout(() => server.terminateAll(), ms));
    const results = await Promise.all(streams.map((stream) => collect(stream)));
    drops.forEach(clearTimeout);
    for (const messages of results) {
      expectGapFree(messages);
      expect(messages.at(-1)?.type).toBe('result');
    }
    expect(server.connectionsOpened).toBeGreaterThanOrEqual(3);
  });

  it('drops duplicated and replayed messages', async () => {
    const messages = await collect(client.queryStream(ask('duplicate please')));
    expectGapFree(messages);
    expect(messages).toHaveLength(11);
  });

  it('asks for a replay when a seq is missing and fills the gap', async () => {
    const messages = await collect(client.queryStream(ask('a gap', 'r-gap')));
    expectGapFree(messages);
    expect(messages).toHaveLength(11);
    expect(server.framesOfType('resume')).toEqual([{ type: 'resume', request_id: 'r-gap', last_seq: 2 }]);
  });

  it('cancels a running request and ends with the server’s cancelled message', async () => {
    server = await restart({ stepMs: 20, progressCount: 50 });
    const stream = client.queryStream(ask('long one'));
    const messages = await collect(stream, (message) => {
      if (message.seq === 2) void client.cancel(stream.requestId);
    });
    expect(messages.at(-1)?.type).toBe('cancelled');
    expectGapFree(messages);
    expect(server.framesOfType('cancel')).toEqual([{ type: 'cancel', request_id: stream.requestId }]);
    expect(await client.cancel(stream.requestId)).toBe(false);
  });

  it('cancels a request that was not sent yet without sending it', async () => {
    const stream = client.queryStream(ask('never sent'));
    expect(await client.cancel(stream.requestId)).toBe(true);
    const error = await collect(stream).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'CANCELLED' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.framesOfType('query')).toEqual([]);
  });

  it('sends the cancel of a request abandoned during a reconnect on the next socket', async () => {
    server = await restart({ stepMs: 20, progressCount: 50 });
    client.close();
    client = newClient({ reconnect: { attempts: 5, initialDelayMs: 100, maxDelayMs: 100 } });
    const stream = client.queryStream(ask('abandon while down', 'r-abandon'));
    for await (const message of stream) {
      if (message.seq === 2) {
        server.terminateAll();
        await new Promise((resolve) => setTimeout(resolve, 20));
        break;
      }
    }
    await until(() => server.framesOfType('cancel').length === 1);
    expect(server.framesOfType('cancel')).toEqual([{ type: 'cancel', request_id: 'r-abandon' }]);
    expect(server.connectionsOpened).toBe(2);
  });

  it('cancels through an AbortSignal', async () => {
    server = await restart({ stepMs: 20, progressCount: 50 });
    const controller = new AbortController();
    const messages = await collect(
      client.queryStream(ask('abort me'), { signal: controller.signal }),
      (message) => {
        if (message.seq === 1) controller.abort();
      },
    );
    expect(messages.map((message) => message.type)).toEqual(['progress', 'cancelled']);
  });

  it('sends cancel when the consumer stops reading early', async () => {
    server = await restart({ stepMs: 10, progressCount: 50 });
    const stream = client.queryStream(ask('break early'));
    for await (const message of stream) {
      if (message.seq === 2) break;
    }
    await until(() => server.framesOfType('cancel').length === 1);
    expect(server.framesOfType('cancel')).toEqual([{ type: 'cancel', request_id: stream.requestId }]);
  });

  it('fails the stream with INVALID_SERVER_MESSAGE when a message does not match the protocol', async () => {
    const stream = client.queryStream(ask('malformed answer'));
    const seen: ServerMessage[] = [];
    const error = await collect(stream, (message) => seen.push(message)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Text2xClientError);
    expect(error).toMatchObject({ code: 'INVALID_SERVER_MESSAGE', retryable: false });
    expect((error as Error).message).toMatch(/data\.stage/);
    expect(seen.map((message) => message.seq)).toEqual([1]);
    await until(() => server.framesOfType('cancel').length === 1);
  });

  it('skips a message type it does not know but keeps counting its seq', async () => {
    const messages = await collect(client.queryStream(ask('future message type')));
    expect(messages.map((message) => message.seq)).toEqual([
      1,
      ...Array.from({ length: 9 }, (_, i) => i + 3),
    ]);
    expect(messages.at(-1)?.type).toBe('result');
  });

  it('ignores garbage frames that name no request', async () => {
    const stream = client.queryStream(ask('with noise'));
    const messages = await collect(stream, (message) => {
      if (message.seq === 1) {
        server.broadcastRaw('not json at all');
        server.broadcastRaw(JSON.stringify([1, 2, 3]));
        server.broadcastRaw(JSON.stringify({ v: 1, type: 'progress', request_id: 'someone-else', seq: 1 }));
      }
    });
    expectGapFree(messages);
    expect(messages).toHaveLength(11);
  });

  it('sends the query again when the server never saw it before the drop', async () => {
    // The first connection is cut before the query reaches a run: resume gets NOT_FOUND (seq 0).
    const stream = client.queryStream(ask('lost query, slow', 'r-lost'));
    await until(() => server.framesOfType('query').length === 1);
    server.forgetRun('r-lost');
    server.terminateAll();
    const messages = await collect(stream);
    expectGapFree(messages);
    expect(messages.at(-1)?.type).toBe('result');
    expect(server.framesOfType('resume')).toEqual([{ type: 'resume', request_id: 'r-lost', last_seq: 0 }]);
    expect(server.framesOfType('query')).toHaveLength(2);
  });

  it('rejects an invalid request before sending anything', () => {
    expect(() => client.queryStream({ provider_id: 'demo', query: '   ' })).toThrow(Text2xClientError);
    expect(server.received).toHaveLength(0);
  });

  it('fails with CONNECTION_FAILED after the reconnect attempts are used up', async () => {
    const port = server.port;
    await server.close();
    client = createClient({
      baseUrl: `http://127.0.0.1:${port}`,
      WebSocket,
      reconnect: { attempts: 2, initialDelayMs: 5, maxDelayMs: 10 },
    });
    const error = await collect(client.queryStream(ask('anyone there?'))).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'CONNECTION_FAILED', retryable: true });
    server = await FakeText2xServer.start();
  });

  it('closes the idle socket and reconnects for the next request', async () => {
    client.close();
    client = newClient({ idleCloseMs: 20 });
    await collect(client.queryStream(ask('first')));
    await until(() => server.sockets.size === 0);
    const messages = await collect(client.queryStream(ask('second')));
    expect(messages.at(-1)?.type).toBe('result');
    expect(server.connectionsOpened).toBe(2);
  });

  it('drops a silent connection after two missed heartbeats and resumes', async () => {
    server = await restart({ stepMs: 10, progressCount: 30 });
    client = newClient({ heartbeatMs: 30 });
    const stream = client.queryStream(ask('quiet run', 'r-silent'));
    const messages = await collect(stream, (message) => {
      // Freeze the server side of this connection: messages keep going to the log only.
      if (message.seq === 2 && server.connectionsOpened === 1) server.muteAll();
    });
    expectGapFree(messages);
    expect(messages.at(-1)?.type).toBe('result');
    expect(server.connectionsOpened).toBeGreaterThanOrEqual(2);
  });
});

describe('WebSocket authentication', () => {
  beforeEach(async () => {
    server = await FakeText2xServer.start({ apiKey: 'secret-key' });
  });
  afterEach(async () => {
    client.close();
    await server.close();
  });

  it('sends the API key as a Bearer header on the upgrade with ws', async () => {
    client = newClient({ apiKey: 'secret-key' });
    const messages = await collect(client.queryStream(ask('authorized')));
    expect(messages.at(-1)?.type).toBe('result');
  });

  it('sends the API key as ?api_key= when asked to (browsers)', async () => {
    client = newClient({ apiKey: 'secret-key', webSocketAuth: 'query' });
    const messages = await collect(client.queryStream(ask('authorized by query')));
    expect(messages.at(-1)?.type).toBe('result');
  });

  it('fails with UNAUTHORIZED, without retrying, when the upgrade is refused with 401', async () => {
    client = newClient({ apiKey: 'wrong' });
    const error = await collect(client.queryStream(ask('let me in'))).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'UNAUTHORIZED', status: 401, retryable: false });
    expect(server.connectionsOpened).toBe(0);
  });
});

async function restart(options: FakeServerOptions): Promise<FakeText2xServer> {
  client.close();
  await server.close();
  const next = await FakeText2xServer.start(options);
  server = next;
  client = newClient();
  return next;
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
