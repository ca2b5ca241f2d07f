import { PROGRESS_STAGES, type ServerMessage } from '@text2x/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  createTestDatabase,
  routingGenerator,
  startStreamingServer,
  type StreamingServer,
} from '../streaming/test-support/streaming-fixture.js';
import { expectedSeqs, stagesOf, TestSocket } from '../streaming/test-support/test-socket.js';

const database = createTestDatabase();
let server: StreamingServer;
const sockets: TestSocket[] = [];

async function connect(headers: Record<string, string> = {}): Promise<TestSocket> {
  const socket = await TestSocket.open(server.wsUrl(), { headers });
  sockets.push(socket);
  return socket;
}

function expectWellFormed(messages: ServerMessage[]): void {
  expect(messages.map((message) => message.seq)).toEqual(expectedSeqs(messages));
  const progress = messages.map((message) => message.data.progress);
  for (let i = 1; i < progress.length; i += 1) expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1]!);
  expect(progress.slice(0, -1).every((value) => value < 1)).toBe(true);
  expect(progress.at(-1)).toBe(1);
  expect(
    messages.filter((message) => ['result', 'clarification', 'error', 'cancelled'].includes(message.type)),
  ).toHaveLength(1);
  expect(messages.every((message) => message.v === 1)).toBe(true);
}

beforeAll(async () => {
  server = await startStreamingServer({
    databasePath: database.path,
    config: { wsMaxRequestsPerSocket: 32, resumeGraceMs: 30_000 },
    generator: routingGenerator({ slowMs: 1500 }),
  });
});

afterEach(async () => {
  await Promise.all(sockets.splice(0).map((socket) => socket.terminate()));
});

afterAll(async () => {
  await server.close();
  database.remove();
});

describe('WebSocket /ws/query: the behaviours of the original system', () => {
  it('streams progress with every expected stage in order to the unchanged seed client', async () => {
    // The seed client: no type, no request_id; it switches on message.type only.
    const socket = await connect();
    socket.send({
      provider_id: 'shop',
      query: 'How many orders are there?',
      options: { trace_level: 'full', enable_execution: true, max_iterations: 3 },
    });
    const first = await socket.waitFor((message) => message.type === 'progress');
    expect(first.request_id).toMatch(/^[0-9a-f-]{36}$/);
    const messages = await socket.untilTerminal(first.request_id);
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
    expectWellFormed(messages);
    for (const message of messages) {
      expect(message.request_id).toBe(first.request_id);
      if (message.type === 'progress') {
        expect(PROGRESS_STAGES).toContain(message.data.stage);
        expect(typeof message.data.progress).toBe('number');
      }
    }
  });

  it('asks for a clarification with a question and concrete options', async () => {
    const socket = await connect();
    socket.send({
      provider_id: 'shop',
      query: 'ambiguous: how big are the orders?',
      request_id: 'clarify-1',
    });
    const messages = await socket.untilTerminal('clarify-1');
    const last = messages.at(-1)!;
    expect(last.type).toBe('clarification');
    if (last.type !== 'clarification') return;
    expect(last.data.question).toContain('number of orders or their total amount');
    expect(last.data.options).toEqual(['number of orders', 'total amount']);
    expect(last.data.needs_clarification).toBe(true);
    expectWellFormed(messages);

    // The reply continues the same conversation and gets an answer.
    socket.send({
      provider_id: 'shop',
      query: 'number of orders',
      conversation_id: last.data.conversation_id,
      request_id: 'clarify-2',
    });
    const reply = await socket.untilTerminal('clarify-2');
    expect(reply.at(-1)!.type).toBe('result');
    expect(reply.at(-1)!.conversation_id).toBe(last.data.conversation_id);
  });

  it('sends errors as error messages with a code and a message, and keeps the socket open', async () => {
    const socket = await connect();
    socket.send({ provider_id: 'nope', query: 'How many orders?', request_id: 'e-1' });
    const unknown = (await socket.untilTerminal('e-1')).at(-1)!;
    expect(unknown.type).toBe('error');
    if (unknown.type !== 'error') return;
    expect(unknown.data.code).toBe('UNKNOWN_PROVIDER');
    expect(unknown.data.message.length).toBeGreaterThan(0);
    expect(unknown.data.progress).toBe(1);

    socket.send({ provider_id: 'shop', query: 'impossible: what is the weather?', request_id: 'e-2' });
    const cannot = (await socket.untilTerminal('e-2')).at(-1)!;
    expect(cannot.type === 'error' && cannot.data.code).toBe('CANNOT_ANSWER');
    expect(cannot.type === 'error' && cannot.data.message).toBe('no table holds the weather');

    socket.send({ provider_id: 'shop', query: 'How many orders?', request_id: 'e-3' });
    expect((await socket.untilTerminal('e-3')).at(-1)!.type).toBe('result');
  });

  it('attaches a trace only at trace level full (and summary), never at none', async () => {
    const socket = await connect();
    socket.send({
      provider_id: 'shop',
      query: 'How many orders?',
      request_id: 't-none',
      options: { trace_level: 'none' },
    });
    socket.send({
      provider_id: 'shop',
      query: 'How many orders?',
      request_id: 't-full',
      options: { trace_level: 'full' },
    });
    socket.send({
      provider_id: 'shop',
      query: 'How many orders?',
      request_id: 't-summary',
      options: { trace_level: 'summary' },
    });
    const none = await socket.untilTerminal('t-none');
    const full = await socket.untilTerminal('t-full');
    const summary = await socket.untilTerminal('t-summary');
    expect(none.every((message) => message.trace === undefined)).toBe(true);
    expect(full.at(-1)!.trace).toMatchObject({
      level: 'full',
      tokens: { input: 100, output: 20 },
      iterations: 1,
      generator: 'scripted',
    });
    expect(full.at(-1)!.trace).toHaveProperty('prompts');
    expect(summary.at(-1)!.trace).toMatchObject({ level: 'summary' });
    expect(summary.at(-1)!.trace).not.toHaveProperty('drafts');
  });

  it('numbers iterations and keeps progress rising over several iterations', async () => {
    const socket = await connect();
    socket.send({
      provider_id: 'shop',
      query: 'List the customer names',
      request_id: 'iter-1',
      options: { max_iterations: 3 },
    });
    const messages = await socket.untilTerminal('iter-1');
    expectWellFormed(messages);
    expect(stagesOf(messages)).toEqual([
      'started',
      'schema_retrieval',
      'rag_search',
      'context_gathered',
      'query_generation',
      'query_generated',
      'validation',
      'validation_complete',
      'iteration_complete',
      'query_generation',
      'query_generated',
      'validation',
      'validation_complete',
      'execution_complete',
      'result',
    ]);
    const iterations = messages.flatMap((message) =>
      message.type === 'progress' && message.data.iteration !== undefined ? [message.data.iteration] : [],
    );
    expect(iterations).toEqual([1, 1, 1, 1, 1, 2, 2, 2, 2, 2]);
    const firstCheck = messages.find(
      (message) => message.type === 'progress' && message.data.stage === 'validation_complete',
    );
    expect(firstCheck?.type === 'progress' && firstCheck.data.validation_status).toBe('failed');
    const result = messages.at(-1)!;
    expect(result.type === 'result' && result.data.iterations).toBe(2);
    expect(result.type === 'result' && result.data.generated_query).toBe(
      'SELECT name FROM customers ORDER BY id',
    );
  });

  it('reports execution results: row count, time and success', async () => {
    const socket = await connect();
    socket.send({ provider_id: 'shop', query: 'How many orders per country?', request_id: 'exec-1' });
    const messages = await socket.untilTerminal('exec-1');
    const executed = messages.find(
      (message) => message.type === 'progress' && message.data.stage === 'execution_complete',
    );
    expect(executed?.type === 'progress' && executed.data).toMatchObject({ success: true, row_count: 2 });
    const result = messages.at(-1)!;
    expect(result.type).toBe('result');
    if (result.type !== 'result') return;
    expect(result.data.execution_result).toMatchObject({
      success: true,
      row_count: 2,
      rows: [
        ['France', 3],
        ['Germany', 1],
      ],
      truncated: false,
    });
    expect(result.data.execution_result!.execution_time_ms).toBeGreaterThanOrEqual(0);
    expect(result.data.execution_result!.columns.map((column) => column.name)).toEqual(['country', 'orders']);
  });

  it('continues a conversation across turns with the earlier turns as context', async () => {
    const socket = await connect();
    socket.send({ provider_id: 'shop', query: 'How many orders per country?', request_id: 'conv-1' });
    const first = (await socket.untilTerminal('conv-1')).at(-1)!;
    expect(first.type).toBe('result');
    const conversationId = first.conversation_id!;
    const callsBefore = server.generator.calls.length;
    socket.send({
      provider_id: 'shop',
      query: 'only France',
      conversation_id: conversationId,
      request_id: 'conv-2',
    });
    const second = await socket.untilTerminal('conv-2');
    expect(second.every((message) => message.conversation_id === conversationId)).toBe(true);
    const history = server.generator.calls[callsBefore]!.history;
    expect(history.map((turn) => turn.question)).toEqual(['How many orders per country?']);
    const result = second.at(-1)!;
    expect(result.type === 'result' && result.data.execution_result?.rows).toEqual([['France', 3]]);
    const turns = await server.app.store.listTurns(conversationId, 10);
    expect(turns).toHaveLength(2);
  });

  it('shows intermediate results in the full trace: schema, examples and query drafts', async () => {
    const socket = await connect();
    socket.send({
      provider_id: 'shop',
      query: 'List the customer names',
      request_id: 'inter-1',
      options: { trace_level: 'full' },
    });
    const messages = await socket.untilTerminal('inter-1');
    const context = messages.find(
      (message) => message.type === 'progress' && message.data.stage === 'context_gathered',
    )!;
    expect(context.trace).toHaveProperty('tables');
    expect((context.trace!.tables as { name: string }[]).map((table) => table.name)).toContain('customers');
    expect(context.trace).toHaveProperty('examples');
    const drafts = messages.filter(
      (message) => message.type === 'progress' && message.data.stage === 'query_generated',
    );
    expect(drafts.map((message) => (message.trace!.draft as { query: string }).query)).toEqual([
      'SELECT nme FROM customers ORDER BY id',
      'SELECT name FROM customers ORDER BY id',
    ]);
    const final = messages.at(-1)!.trace!;
    expect((final.drafts as { query: string }[]).map((draft) => draft.query)).toEqual([
      'SELECT nme FROM customers ORDER BY id',
      'SELECT name FROM customers ORDER BY id',
    ]);
    expect(final.stages_ms).toHaveProperty('generation');
  });
});

describe('WebSocket /ws/query: connection behaviour', () => {
  it('cancels a run mid-way and ends it with cancelled', async () => {
    const socket = await connect();
    socket.send({ type: 'query', provider_id: 'shop', query: 'slow: how many orders?', request_id: 'c-1' });
    await socket.waitFor(
      (message) =>
        message.request_id === 'c-1' &&
        message.type === 'progress' &&
        message.data.stage === 'query_generation',
    );
    const before = Date.now();
    socket.send({ type: 'cancel', request_id: 'c-1' });
    const messages = await socket.untilTerminal('c-1');
    expect(Date.now() - before).toBeLessThan(3000);
    expect(messages.at(-1)!.type).toBe('cancelled');
    expectWellFormed(messages);
  });

  it('answers a cancel of an unknown request with NOT_FOUND and seq 0', async () => {
    const socket = await connect();
    socket.send({ type: 'cancel', request_id: 'never-was' });
    const error = await socket.waitFor((message) => message.request_id === 'never-was');
    expect(error).toMatchObject({ type: 'error', seq: 0, data: { code: 'NOT_FOUND' } });
  });

  it('resumes after a dropped connection with a gap-free seq', async () => {
    const socket = await connect();
    socket.send({ provider_id: 'shop', query: 'slow: how many orders?', request_id: 'r-1' });
    await socket.waitFor(
      (message) =>
        message.request_id === 'r-1' &&
        message.type === 'progress' &&
        message.data.stage === 'query_generation',
    );
    const seen = socket.of('r-1');
    const lastSeq = seen.at(-1)!.seq;
    await socket.terminate();

    const again = await connect();
    again.send({ type: 'resume', request_id: 'r-1', last_seq: lastSeq });
    const rest = await again.untilTerminal('r-1');
    const all = [...seen, ...rest];
    expectWellFormed(all);
    expect(rest[0]!.seq).toBe(lastSeq + 1);
    expect(all.at(-1)!.type).toBe('result');
  }, 30_000);

  it('resumes a finished request within the TTL, from the start or from any seq', async () => {
    const socket = await connect();
    socket.send({ provider_id: 'shop', query: 'How many orders?', request_id: 'done-1' });
    const original = await socket.untilTerminal('done-1');
    await socket.close();

    const again = await connect();
    again.send({ type: 'resume', request_id: 'done-1', last_seq: 0 });
    const replay = await again.untilTerminal('done-1');
    expect(replay.map((message) => JSON.stringify(message))).toEqual(
      original.map((message) => JSON.stringify(message)),
    );
    const third = await connect();
    third.send({ type: 'resume', request_id: 'done-1', last_seq: 4 });
    const tail = await third.untilTerminal('done-1');
    expect(tail.map((message) => message.seq)).toEqual(original.slice(4).map((message) => message.seq));
  });

  it('refuses a resume of an unknown request, another client’s request and a last_seq past the end', async () => {
    const owner = await connect({ 'x-test-key': 'key-a' });
    owner.send({ provider_id: 'shop', query: 'How many orders?', request_id: 'mine' });
    const messages = await owner.untilTerminal('mine');

    const stranger = await connect({ 'x-test-key': 'key-b' });
    stranger.send({ type: 'resume', request_id: 'mine', last_seq: 0 });
    expect(await stranger.waitFor((message) => message.request_id === 'mine')).toMatchObject({
      type: 'error',
      seq: 0,
      data: { code: 'NOT_FOUND' },
    });
    stranger.send({ type: 'cancel', request_id: 'mine' });

    owner.send({ type: 'resume', request_id: 'mine', last_seq: messages.length + 5 });
    const past = await owner.waitFor((message) => message.request_id === 'mine' && message.seq === 0);
    expect(past).toMatchObject({ type: 'error', data: { code: 'INVALID_REQUEST' } });
  });

  it('treats a query whose request_id is still kept as the same request (idempotent retry)', async () => {
    const first = await connect();
    first.send({ provider_id: 'shop', query: 'How many orders?', request_id: 'same-1' });
    const original = await first.untilTerminal('same-1');
    const calls = server.generator.calls.length;
    const second = await connect();
    second.send({ provider_id: 'shop', query: 'How many orders?', request_id: 'same-1' });
    const replay = await second.untilTerminal('same-1');
    expect(replay.map((message) => message.seq)).toEqual(original.map((message) => message.seq));
    expect(server.generator.calls.length).toBe(calls);
  });

  it('runs 20 concurrent requests on one socket, each complete and in order', async () => {
    const socket = await connect();
    const ids = Array.from({ length: 20 }, (_, i) => `multi-${i}`);
    for (const [i, id] of ids.entries()) {
      socket.send({
        provider_id: 'shop',
        query: i % 2 === 0 ? 'How many orders?' : 'How many orders per country?',
        request_id: id,
      });
    }
    const all = await Promise.all(ids.map((id) => socket.untilTerminal(id)));
    for (const messages of all) {
      expectWellFormed(messages);
      expect(messages.at(-1)!.type).toBe('result');
    }
    expect(new Set(all.flat().map((message) => message.request_id))).toEqual(new Set(ids));
  });

  it('serves 200 concurrent sockets', async () => {
    const clients = await Promise.all(Array.from({ length: 200 }, () => connect()));
    expect(server.metrics.connections).toBeGreaterThanOrEqual(200);
    clients.forEach((client, i) =>
      client.send({ provider_id: 'shop', query: 'How many orders?', request_id: `many-${i}` }),
    );
    const results = await Promise.all(clients.map((client, i) => client.untilTerminal(`many-${i}`, 60_000)));
    for (const messages of results) {
      expectWellFormed(messages);
      expect(messages.at(-1)!.type).toBe('result');
    }
  }, 90_000);

  it('refuses a query over the per-socket limit with RATE_LIMITED and keeps the socket open', async () => {
    const limited = await startStreamingServer({
      databasePath: database.path,
      config: { wsMaxRequestsPerSocket: 2 },
      generator: undefined,
    });
    try {
      const socket = await TestSocket.open(limited.wsUrl());
      sockets.push(socket);
      for (const id of ['l-1', 'l-2', 'l-3']) {
        socket.send({ provider_id: 'shop', query: 'slow: how many orders?', request_id: id });
      }
      const refused = await socket.waitFor((message) => message.request_id === 'l-3');
      expect(refused).toMatchObject({ type: 'error', seq: 0, data: { code: 'RATE_LIMITED' } });
      expect(refused.type === 'error' && refused.data.details?.retry_after_ms).toBeGreaterThan(0);
      expect(limited.metrics.limited).toEqual(['websocket']);
      socket.send({ type: 'cancel', request_id: 'l-1' });
      expect((await socket.untilTerminal('l-1')).at(-1)!.type).toBe('cancelled');
      socket.send({ provider_id: 'shop', query: 'How many orders?', request_id: 'l-4' });
      expect((await socket.untilTerminal('l-4')).at(-1)!.type).toBe('result');
    } finally {
      await limited.close();
    }
  });

  it('refuses a rate-limited query with RATE_LIMITED and retry_after_ms, and counts it', async () => {
    server.limiter.refuseAll = true;
    try {
      const socket = await connect();
      socket.send({ provider_id: 'shop', query: 'How many orders?', request_id: 'rl-1' });
      const refused = await socket.waitFor((message) => message.request_id === 'rl-1');
      expect(refused).toMatchObject({
        type: 'error',
        seq: 1,
        data: { code: 'RATE_LIMITED', retryable: true, details: { retry_after_ms: 1500 } },
      });
      expect(server.metrics.limited).toContain('websocket');
      server.limiter.refuseAll = false;
      socket.send({ provider_id: 'shop', query: 'How many orders?', request_id: 'rl-2' });
      expect((await socket.untilTerminal('rl-2')).at(-1)!.type).toBe('result');
    } finally {
      server.limiter.refuseAll = false;
    }
  });

  it('answers ping with pong (seq 0) and counts connections', async () => {
    // Sockets of earlier tests are gone once the server has seen them close.
    await expect.poll(() => server.metrics.connections).toBe(0);
    const before = server.metrics.connections;
    const socket = await connect();
    await expect.poll(() => server.metrics.connections).toBe(before + 1);
    socket.send({ type: 'ping', id: 'p-1' });
    const pong = await socket.waitFor((message) => message.type === 'pong');
    expect(pong).toMatchObject({ v: 1, type: 'pong', seq: 0, request_id: '', data: { id: 'p-1' } });
    await socket.close();
    await expect.poll(() => server.metrics.connections).toBe(before);
  });

  it('closes a frame over the maximum size with 1009 and keeps serving other sockets', async () => {
    const other = await connect();
    const socket = await connect();
    socket.send(JSON.stringify({ provider_id: 'shop', query: 'x'.repeat(70_000) }));
    const closed = await socket.closed;
    expect(closed.code).toBe(1009);
    other.send({ provider_id: 'shop', query: 'How many orders?', request_id: 'after-big' });
    expect((await other.untilTerminal('after-big')).at(-1)!.type).toBe('result');
  });

  it('answers binary frames, bad JSON and unknown types with INVALID_REQUEST (seq 0) on the same socket', async () => {
    const socket = await connect();
    socket.send(Buffer.from([1, 2, 3]));
    socket.send('{"provider_id": ');
    socket.send({ type: 'subscribe', request_id: 'u-1' });
    socket.send({ provider_id: 5, query: 'x', request_id: 'w-1' });
    await expect.poll(() => socket.messages.length).toBe(4);
    expect(socket.messages.map((message) => [message.type, message.seq, message.request_id])).toEqual([
      ['error', 0, ''],
      ['error', 0, ''],
      ['error', 0, 'u-1'],
      ['error', 0, 'w-1'],
    ]);
    expect(
      socket.messages.every((message) => message.type === 'error' && message.data.code === 'INVALID_REQUEST'),
    ).toBe(true);
    socket.send({ provider_id: 'shop', query: 'How many orders?', request_id: 'ok-after' });
    expect((await socket.untilTerminal('ok-after')).at(-1)!.type).toBe('result');
  });

  it('on shutdown cancels running requests (clients receive cancelled), refuses new ones and closes with 1001', async () => {
    const closing = await startStreamingServer({
      databasePath: database.path,
      generator: routingGenerator({ slowMs: 10_000 }),
    });
    try {
      const socket = await TestSocket.open(closing.wsUrl());
      socket.send({ provider_id: 'shop', query: 'slow: how many orders?', request_id: 'sd-1' });
      await socket.waitFor(
        (message) => message.type === 'progress' && message.data.stage === 'query_generation',
      );
      const shutdown = closing.runs.shutdown(200);
      socket.send({ provider_id: 'shop', query: 'How many orders?', request_id: 'sd-2' });
      const refused = await socket.waitFor((message) => message.request_id === 'sd-2');
      expect(refused).toMatchObject({ type: 'error', seq: 1, data: { code: 'INTERNAL', retryable: true } });
      await shutdown;
      const messages = await socket.untilTerminal('sd-1');
      expect(messages.at(-1)!.type).toBe('cancelled');
      expectWellFormed(messages);
      await closing.server.close();
      expect(await socket.closed).toEqual({ code: 1001, reason: 'the server is shutting down' });
    } finally {
      await closing.close();
    }
  });

  it('drops a peer that stops answering pings and closes an idle socket', async () => {
    const quick = await startStreamingServer({
      databasePath: database.path,
      config: { wsHeartbeatMs: 200, wsIdleTimeoutMs: 1000 },
    });
    try {
      // A peer whose pongs never come: ws answers pings automatically unless autoPong is off.
      const dead = new WebSocket(quick.wsUrl(), { autoPong: false });
      const deadClosed = new Promise<number>((resolve) => dead.on('close', (code) => resolve(code)));
      dead.on('error', () => undefined);
      const idle = await TestSocket.open(quick.wsUrl());
      const start = Date.now();
      expect(await deadClosed).toBe(1006);
      expect(Date.now() - start).toBeLessThan(2000);
      const idleClosed = await idle.closed;
      expect(idleClosed).toEqual({ code: 1000, reason: 'idle timeout' });
      await expect.poll(() => quick.metrics.connections).toBe(0);
    } finally {
      await quick.close();
    }
  });
});
