// The SDK against the real server (`createServer` on 127.0.0.1:0) with the demo provider and a
// scripted generator that takes 300 ms to answer, so a run is still going when a test cuts its
// connection. Faults are injected at the transport (a socket terminated, a response body cut off),
// never by mocking modules.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerMessage } from '@text2x/protocol';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, generateApiKey, type Text2xServer } from '../../server/src/api/index.js';
import { createApp, type App } from '../../server/src/app/index.js';
import { loadConfig, type Text2xConfigInput } from '../../server/src/config/index.js';
import { ScriptedGenerator } from '../../server/src/generation/scripted-generator.js';
import { Text2xClientError } from './client-error.js';
import { createClient, type ClientOptions, type Text2xClient } from './create-client.js';

const QUERY = 'SELECT country, count(*) AS customers FROM customers GROUP BY country ORDER BY customers DESC';
const GENERATION_MS = 300;

interface Running {
  server: Text2xServer;
  app: App;
  baseUrl: string;
  home: string;
}

async function start(
  overrides: Partial<Text2xConfigInput> = {},
  keys = 0,
): Promise<Running & { keys: string[] }> {
  const home = mkdtempSync(join(tmpdir(), 'text2x-sdk-'));
  const config = loadConfig({
    env: {},
    overrides: { home, host: '127.0.0.1', port: 0, demoScale: 0.02, ...overrides },
  });
  const generator = new ScriptedGenerator(
    [
      {
        kind: 'query',
        query: QUERY,
        explanation: 'Customers per country.',
        confidence: 0.95,
        assumptions: [],
      },
    ],
    { delayMs: GENERATION_MS },
  );
  const app = await createApp({ config, generator, memoryStore: true });
  const created: string[] = [];
  for (let index = 0; index < keys; index += 1) {
    const key = generateApiKey();
    await app.store.createApiKey({ name: `test-${index}`, hash: key.hash, prefix: key.prefix });
    created.push(key.key);
  }
  const server = await createServer({ config, app, logging: false });
  const baseUrl = await server.listen();
  return { server, app, baseUrl, home, keys: created };
}

async function stop(running: Running | undefined): Promise<void> {
  if (!running) return;
  await running.server.close({ graceMs: 0 });
  await running.app.close();
  rmSync(running.home, { recursive: true, force: true });
}

/** A `ws` class that remembers its sockets, so a test can drop them like a lost network would. */
function trackingWebSocket(): { WebSocket: ClientOptions['WebSocket']; sockets: WebSocket[] } {
  const sockets: WebSocket[] = [];
  class Tracked extends WebSocket {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args);
      sockets.push(this);
    }
  }
  return { WebSocket: Tracked, sockets };
}

async function collect(
  stream: AsyncIterable<ServerMessage>,
  onMessage?: (message: ServerMessage) => void,
): Promise<ServerMessage[]> {
  const messages: ServerMessage[] = [];
  for await (const message of stream) {
    messages.push(message);
    onMessage?.(message);
  }
  return messages;
}

function stages(messages: ServerMessage[]): string[] {
  return messages.flatMap((message) => (message.type === 'progress' ? [message.data.stage] : []));
}

function expectGapFree(messages: ServerMessage[]): void {
  expect(messages.map((message) => message.seq)).toEqual(messages.map((_, index) => index + 1));
}

const ask = { provider_id: 'demo', query: 'How many customers are there per country?' };

describe('the SDK against the real server', () => {
  let running: Running | undefined;
  let client: Text2xClient;
  const tracking = trackingWebSocket();

  beforeAll(async () => {
    running = await start();
    client = createClient({
      baseUrl: running.baseUrl,
      WebSocket: tracking.WebSocket,
      reconnect: { attempts: 5, initialDelayMs: 20, maxDelayMs: 100 },
    });
  }, 120_000);
  afterAll(async () => {
    client?.close();
    await stop(running);
  });

  it('streams every stage in order and ends with a result', async () => {
    const messages = await collect(client.queryStream({ ...ask, options: { trace_level: 'full' } }));
    expectGapFree(messages);
    expect(stages(messages)).toEqual([
      'started',
      'schema_retrieval',
      'rag_search',
      'context_gathered',
      'query_generation',
      'query_generated',
      'validation',
      'validation_complete',
      'execution_complete',
    ]);
    const result = messages.at(-1)!;
    expect(result.type).toBe('result');
    if (result.type !== 'result') return;
    expect(result.data.generated_query).toBe(QUERY);
    expect(result.data.execution_result?.success).toBe(true);
    expect(result.trace).toBeDefined();
  });

  it('resumes after its socket is terminated mid-run, with every seq exactly once', async () => {
    const before = tracking.sockets.length;
    let dropped = false;
    const messages = await collect(client.queryStream(ask), (message) => {
      if (message.type === 'progress' && message.data.stage === 'query_generation' && !dropped) {
        dropped = true;
        // The generator is now waiting 300 ms: the run goes on without a socket.
        tracking.sockets.at(-1)!.terminate();
      }
    });
    expect(dropped).toBe(true);
    expectGapFree(messages);
    expect(messages.at(-1)?.type).toBe('result');
    expect(tracking.sockets.length).toBe(before + 1);
  });

  it('multiplexes twenty concurrent requests over one connection', async () => {
    const before = tracking.sockets.length;
    const streams = Array.from({ length: 20 }, () => client.queryStream(ask));
    const all = await Promise.all(streams.map((stream) => collect(stream)));
    all.forEach((messages, index) => {
      expectGapFree(messages);
      expect(messages.at(-1)?.type).toBe('result');
      expect(messages.every((message) => message.request_id === streams[index]!.requestId)).toBe(true);
    });
    expect(tracking.sockets.length - before).toBeLessThanOrEqual(1);
  });

  it('cancels a running request', async () => {
    const stream = client.queryStream(ask);
    const messages = await collect(stream, (message) => {
      if (message.type === 'progress' && message.data.stage === 'query_generation')
        void client.cancel(stream.requestId);
    });
    expect(messages.at(-1)?.type).toBe('cancelled');
    expectGapFree(messages);
  });

  it('streams over SSE and resumes with Last-Event-ID after the body is cut off', async () => {
    let cuts = 0;
    const resumedFrom: (string | null)[] = [];
    // The first event stream breaks after three events, like a proxy dropping the connection.
    const cuttingFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const url = input instanceof Request ? input.url : input.toString();
      const isStream = url.endsWith('/api/v1/query/stream');
      if (isStream) resumedFrom.push(new Headers(init?.headers).get('last-event-id'));
      if (!isStream || cuts > 0 || !response.body) return response;
      cuts += 1;
      const reader = response.body.getReader();
      let events = 0;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const { done, value } = await reader.read();
          if (done) return controller.close();
          controller.enqueue(value);
          events += new TextDecoder().decode(value).split('\n\n').length - 1;
          if (events >= 4) {
            await reader.cancel();
            controller.error(new Error('connection reset'));
          }
        },
      });
      return new Response(body, { status: response.status, headers: response.headers });
    };
    const sse = createClient({ baseUrl: running!.baseUrl, fetch: cuttingFetch, WebSocket });
    const messages = await collect(sse.queryStream(ask, { transport: 'sse' }));
    expect(cuts).toBe(1);
    expect(resumedFrom).toHaveLength(2);
    expect(resumedFrom[0]).toBeNull();
    expect(Number(resumedFrom[1])).toBeGreaterThanOrEqual(2);
    expectGapFree(messages);
    expect(messages.at(-1)?.type).toBe('result');
    sse.close();
  });

  it('answers REST calls: query, conversation, turns, feedback and providers', async () => {
    const terminal = await client.query(ask);
    expect(terminal.type).toBe('result');
    if (terminal.type !== 'result') return;
    const conversationId = terminal.data.conversation_id;
    expect(await client.conversation(conversationId)).toMatchObject({
      id: conversationId,
      provider_id: 'demo',
    });
    const turns = await client.turns(conversationId);
    expect(turns.turns.map((turn) => turn.id)).toContain(terminal.data.turn_id);
    const feedback = await client.feedback(conversationId, {
      turn_id: terminal.data.turn_id,
      rating: 'up',
      comment: 'right answer',
    });
    expect(feedback.feedback).toMatchObject({
      turn_id: terminal.data.turn_id,
      rating: 'up',
      comment: 'right answer',
    });
    const providers = await client.providers.list();
    expect(providers.providers.map((provider) => provider.id)).toContain('demo');
    const schema = await client.providers.schema('demo');
    expect(schema.tables.map((table) => table.name)).toContain('customers');
    const executed = await client.providers.execute('demo', { query: 'SELECT count(*) AS n FROM customers' });
    expect(executed.execution.success).toBe(true);
    expect(executed.execution.row_count).toBe(1);
  });

  it('returns a failed run as its error message and maps REST errors to Text2xClientError', async () => {
    const terminal = await client.query({ provider_id: 'no-such-provider', query: 'anything' });
    expect(terminal).toMatchObject({ type: 'error', data: { code: 'UNKNOWN_PROVIDER' } });
    const error = await client.providers.schema('no-such-provider').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Text2xClientError);
    expect(error).toMatchObject({ code: 'UNKNOWN_PROVIDER', status: 404, retryable: false });
    const rejected = await client.providers
      .execute('demo', { query: 'DELETE FROM customers' })
      .catch((caught: unknown) => caught);
    expect(rejected).toMatchObject({ code: 'QUERY_REJECTED', status: 422 });
  });
});

describe('the SDK against a server that requires keys', () => {
  let running: (Running & { keys: string[] }) | undefined;

  beforeAll(async () => {
    running = await start({ auth: 'required', ratePerMinute: 1000 }, 1);
  }, 120_000);
  afterAll(async () => {
    await stop(running);
  });

  it('authenticates REST and the WebSocket with the key', async () => {
    const client = createClient({ baseUrl: running!.baseUrl, apiKey: running!.keys[0]!, WebSocket });
    expect((await client.providers.list()).providers.length).toBeGreaterThan(0);
    const messages = await collect(client.queryStream(ask));
    expect(messages.at(-1)?.type).toBe('result');
    client.close();
  });

  it('sends the key as ?api_key= when the WebSocket cannot send headers', async () => {
    const client = createClient({
      baseUrl: running!.baseUrl,
      apiKey: running!.keys[0]!,
      WebSocket,
      webSocketAuth: 'query',
    });
    const messages = await collect(client.queryStream(ask));
    expect(messages.at(-1)?.type).toBe('result');
    client.close();
  });

  it('fails with UNAUTHORIZED without retrying when the key is wrong', async () => {
    const client = createClient({ baseUrl: running!.baseUrl, apiKey: 't2x_wrong', WebSocket });
    const rest = await client.providers.list().catch((caught: unknown) => caught);
    expect(rest).toMatchObject({ code: 'UNAUTHORIZED', status: 401, retryable: false });
    const streamed = await collect(client.queryStream(ask)).catch((caught: unknown) => caught);
    expect(streamed).toMatchObject({ code: 'UNAUTHORIZED', status: 401, retryable: false });
    client.close();
  });
});

describe('the SDK against a rate-limited server', () => {
  let running: Running | undefined;

  beforeAll(async () => {
    running = await start({ ratePerMinute: 2 });
  }, 120_000);
  afterAll(async () => {
    await stop(running);
  });

  it('maps a refused REST call to RATE_LIMITED with retry information and ends a refused stream with it', async () => {
    const client = createClient({ baseUrl: running!.baseUrl, WebSocket });
    const outcomes = await Promise.all(
      [0, 1, 2].map(() => client.query(ask).catch((caught: unknown) => caught as Text2xClientError)),
    );
    const refused = outcomes.find((outcome) => outcome instanceof Text2xClientError);
    expect(refused).toMatchObject({ code: 'RATE_LIMITED', status: 429, retryable: true });
    expect((refused as Text2xClientError).retryAfterMs).toBeGreaterThan(0);
    const messages = await collect(client.queryStream(ask));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ type: 'error', seq: 1, data: { code: 'RATE_LIMITED' } });
    client.close();
  });
});
