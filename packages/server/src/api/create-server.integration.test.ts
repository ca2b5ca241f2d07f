import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOfflineGenerator } from '../generation/offline/index.js';
import type { GenerationInput } from '../generation/query-generator.js';
import { ScriptedGenerator } from '../generation/scripted-generator.js';
import { call, startTestServer, temporaryHome, type TestServer } from './test-support/test-server.js';

const { home, remove } = temporaryHome();
const shop = join(home, 'shop.db');
const corrupt = join(home, 'corrupt.db');
const offline = createOfflineGenerator();

/**
 * The offline engine, except for questions that ask for a scripted outcome: "clarify …" gets a
 * clarification and "impossible …" a cannot-answer.
 */
const generator = new ScriptedGenerator([
  (input: GenerationInput) => {
    if (input.question.startsWith('clarify')) {
      return {
        kind: 'clarification',
        question: 'Which year do you mean?',
        options: ['2023', '2024'],
        query: null,
        confidence: 0.3,
      };
    }
    if (input.question.startsWith('impossible')) {
      return { kind: 'cannot_answer', reason: 'There is no weather data in this database.' };
    }
    return offline.generate(input);
  },
]);

let target: TestServer;
let url: string;

function checksum(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** No stack frame, file path of the source or driver message leaks into a response. */
function expectNoInternals(text: string): void {
  expect(text).not.toMatch(/\bat \S+ \(|\.ts:\d+|node_modules|stack/i);
}

beforeAll(async () => {
  const db = new Database(shop);
  db.exec(`CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT NOT NULL, year INTEGER);
           INSERT INTO books VALUES (1, 'Dune', 1965), (2, 'Emma', 1815), (3, 'Ulysses', 1922);`);
  db.close();
  writeFileSync(corrupt, 'definitely not sqlite '.repeat(100));
  target = await startTestServer({ home, generator });
  url = target.url;
});

afterAll(async () => {
  await target?.close();
  remove();
});

describe('POST /api/v1/query', () => {
  it('runs a question to its end and returns the result message', async () => {
    const response = await call(`${url}/api/v1/query`, {
      body: { provider_id: 'demo', query: 'How many customers are there?' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const message = response.body;
    expect(message).toMatchObject({ v: 1, type: 'result', data: { progress: 1, provider_id: 'demo' } });
    expect(message.data.generated_query).toMatch(/count\(\*\)\s+from customers/i);
    expect(message.data.execution_result).toMatchObject({ success: true, row_count: 1 });
    expect(message.trace).toBeUndefined();
    const db = new Database(join(home, 'demo.db'), { readonly: true });
    const customers = db.prepare('SELECT count(*) FROM customers').pluck().get();
    db.close();
    expect(message.data.execution_result.rows).toEqual([[customers]]);
  });

  it('attaches the trace a client asks for', async () => {
    const response = await call(`${url}/api/v1/query`, {
      body: {
        provider_id: 'demo',
        query: 'How many products are there?',
        options: { trace_level: 'summary' },
      },
    });
    expect(response.status).toBe(200);
    expect(response.body.trace).toMatchObject({ level: 'summary', stages_ms: expect.any(Object) });
  });

  it('returns the rows in the result even when stream_rows is set (REST has one body)', async () => {
    const response = await call(`${url}/api/v1/query`, {
      body: {
        provider_id: 'demo',
        query: 'List the product names',
        options: { stream_rows: true, max_rows: 5 },
      },
    });
    expect(response.status).toBe(200);
    expect(response.body.data.execution_result.rows).toHaveLength(5);
  });

  it('continues a conversation given its id', async () => {
    const first = await call(`${url}/api/v1/query`, {
      body: { provider_id: 'demo', query: 'How many orders are there?' },
    });
    const conversationId = first.body.conversation_id as string;
    const second = await call(`${url}/api/v1/query`, {
      body: { provider_id: 'demo', query: 'How many customers are there?', conversation_id: conversationId },
    });
    expect(second.body.conversation_id).toBe(conversationId);
    const conversation = await call(`${url}/api/v1/conversations/${conversationId}`);
    expect(conversation.body.turn_count).toBe(2);
  });

  it('answers a clarification with 200', async () => {
    const response = await call(`${url}/api/v1/query`, {
      body: { provider_id: 'demo', query: 'clarify the sales' },
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      type: 'clarification',
      data: { question: 'Which year do you mean?', options: ['2023', '2024'], needs_clarification: true },
    });
  });

  it('answers a run that ends with an error with the status of its code and the terminal message', async () => {
    const response = await call(`${url}/api/v1/query`, {
      body: { provider_id: 'demo', query: 'impossible: the weather tomorrow', request_id: 'weather-1' },
    });
    expect(response.status).toBe(422);
    expect(response.body.error).toEqual({
      code: 'CANNOT_ANSWER',
      message: 'There is no weather data in this database.',
      retryable: false,
      details: { turn_id: expect.any(String) },
    });
    expect(response.body.terminal).toMatchObject({
      type: 'error',
      request_id: 'weather-1',
      data: { code: 'CANNOT_ANSWER' },
    });
  });

  it('refuses an unknown provider with 404 UNKNOWN_PROVIDER', async () => {
    const response = await call(`${url}/api/v1/query`, {
      body: { provider_id: 'nobody', query: 'How many?' },
    });
    expect(response.status).toBe(404);
    expect(response.body.error).toMatchObject({ code: 'UNKNOWN_PROVIDER', retryable: false });
    expectNoInternals(response.text);
  });

  it('refuses malformed JSON with 400 INVALID_REQUEST and no stack', async () => {
    const response = await call(`${url}/api/v1/query`, { rawBody: '{"provider_id": "demo", "query": ' });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'INVALID_REQUEST', retryable: false });
    expect(response.body.error.message).toMatch(/JSON/);
    expectNoInternals(response.text);
  });

  it('refuses invalid options with 400 naming the field', async () => {
    const typo = await call(`${url}/api/v1/query`, {
      body: { provider_id: 'demo', query: 'q', options: { max_iteration: 2 } },
    });
    expect(typo.status).toBe(400);
    expect(typo.body.error.code).toBe('INVALID_REQUEST');
    expect(typo.body.error.message).toContain('max_iteration');
    const range = await call(`${url}/api/v1/query`, {
      body: { provider_id: 'demo', query: 'q', options: { max_rows: 0 } },
    });
    expect(range.status).toBe(400);
    expect(range.body.error.message).toContain('body.options.max_rows');
    const empty = await call(`${url}/api/v1/query`, { body: { provider_id: 'demo', query: '   ' } });
    expect(empty.status).toBe(400);
    expectNoInternals(empty.text);
  });

  it('refuses a body that is not JSON, an empty JSON body and a body over the limit', async () => {
    const text = await call(`${url}/api/v1/query`, {
      rawBody: 'How many?',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(400);
    expect(text.body.error.code).toBe('INVALID_REQUEST');
    const empty = await call(`${url}/api/v1/query`, { rawBody: '' });
    expect(empty.status).toBe(400);
    const huge = await call(`${url}/api/v1/query`, {
      body: { provider_id: 'demo', query: 'x'.repeat(300 * 1024) },
    });
    expect(huge.status).toBe(413);
    expect(huge.body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  it('answers an unknown route with 404 NOT_FOUND in the error format', async () => {
    const response = await call(`${url}/api/v1/nothing-here?token=hidden`);
    expect(response.status).toBe(404);
    expect(response.body.error).toEqual({
      code: 'NOT_FOUND',
      message: 'no route for GET /api/v1/nothing-here',
      retryable: false,
    });
  });
});

describe('conversations and feedback', () => {
  let conversationId: string;
  let turnIds: string[];

  beforeAll(async () => {
    const first = await call(`${url}/api/v1/query`, {
      body: { provider_id: 'demo', query: 'How many customers are there?' },
    });
    conversationId = first.body.conversation_id;
    const second = await call(`${url}/api/v1/query`, {
      body: { provider_id: 'demo', query: 'How many orders are there?', conversation_id: conversationId },
    });
    turnIds = [first.body.data.turn_id, second.body.data.turn_id];
  });

  it('returns a conversation with its turn count', async () => {
    const response = await call(`${url}/api/v1/conversations/${conversationId}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      id: conversationId,
      provider_id: 'demo',
      created_at: expect.any(String),
      turn_count: 2,
      last_turn_at: expect.any(String),
    });
  });

  it('lists the turns oldest first with their query and execution summary', async () => {
    const response = await call(`${url}/api/v1/conversations/${conversationId}/turns`);
    expect(response.status).toBe(200);
    expect(response.body.conversation_id).toBe(conversationId);
    expect(response.body.turns.map((turn: { id: string }) => turn.id)).toEqual(turnIds);
    expect(response.body.turns[0]).toMatchObject({
      index: 1,
      question: 'How many customers are there?',
      status: 'result',
      validation_status: 'passed',
      execution: { success: true, row_count: 1 },
      feedback: [],
    });
  });

  it('stores feedback with the turn it rates and shows it in the turn list', async () => {
    const down = await call(`${url}/api/v1/conversations/${conversationId}/feedback`, {
      body: {
        turn_id: turnIds[0],
        rating: 'down',
        comment: 'only active customers',
        corrected_query: "SELECT count(*) FROM customers WHERE status = 'active'",
      },
    });
    expect(down.status).toBe(201);
    expect(down.body.feedback).toEqual({
      id: expect.any(String),
      turn_id: turnIds[0],
      rating: 'down',
      comment: 'only active customers',
      corrected_query: "SELECT count(*) FROM customers WHERE status = 'active'",
      created_at: expect.any(String),
    });
    // Without turn_id: the latest turn.
    const up = await call(`${url}/api/v1/conversations/${conversationId}/feedback`, {
      body: { rating: 'up' },
    });
    expect(up.status).toBe(201);
    expect(up.body.feedback).toMatchObject({
      turn_id: turnIds[1],
      rating: 'up',
      comment: null,
      corrected_query: null,
    });

    const turns = (await call(`${url}/api/v1/conversations/${conversationId}/turns`)).body.turns;
    expect(turns[0].feedback).toEqual([down.body.feedback]);
    expect(turns[1].feedback).toEqual([up.body.feedback]);
    expect(await target.app.store.listFeedback(conversationId)).toHaveLength(2);
  });

  it('refuses feedback for an unknown conversation, a turn of another conversation and a bad rating', async () => {
    const unknown = await call(`${url}/api/v1/conversations/nope/feedback`, { body: { rating: 'up' } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('CONVERSATION_NOT_FOUND');
    const other = await call(`${url}/api/v1/query`, {
      body: { provider_id: 'demo', query: 'How many products are there?' },
    });
    const foreign = await call(`${url}/api/v1/conversations/${conversationId}/feedback`, {
      body: { rating: 'up', turn_id: other.body.data.turn_id },
    });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('NOT_FOUND');
    const bad = await call(`${url}/api/v1/conversations/${conversationId}/feedback`, {
      body: { rating: 'meh' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('rating');
  });

  it('answers 404 CONVERSATION_NOT_FOUND for an unknown conversation', async () => {
    for (const path of ['', '/turns']) {
      const response = await call(`${url}/api/v1/conversations/missing${path}`);
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('CONVERSATION_NOT_FOUND');
    }
  });
});

describe('providers', () => {
  it('lists the demo provider with where it points', async () => {
    const response = await call(`${url}/api/v1/providers`);
    expect(response.status).toBe(200);
    expect(response.body.providers).toContainEqual({
      id: 'demo',
      kind: 'sqlite',
      description: expect.any(String),
      target: join(home, 'demo.db'),
    });
  });

  it('adds a SQLite provider, refuses a second with the same id, shows its schema and removes it', async () => {
    const added = await call(`${url}/api/v1/providers`, {
      body: { id: 'books', kind: 'sqlite', path: shop, description: 'A few books' },
    });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({
      provider: { id: 'books', kind: 'sqlite', description: 'A few books', target: shop },
      tables: 1,
    });
    const again = await call(`${url}/api/v1/providers`, {
      body: { id: 'books', kind: 'sqlite', path: shop },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('PROVIDER_EXISTS');

    const schema = await call(`${url}/api/v1/providers/books/schema`);
    expect(schema.status).toBe(200);
    expect(schema.body).toMatchObject({ provider_id: 'books', dialect: 'sqlite' });
    expect(schema.body.tables).toEqual([
      expect.objectContaining({
        name: 'books',
        kind: 'table',
        primary_key: ['id'],
        foreign_keys: [],
        row_count: 3,
        columns: expect.arrayContaining([
          expect.objectContaining({ name: 'title', type: 'TEXT', nullable: false, primary_key: false }),
        ]),
      }),
    ]);

    const removed = await call(`${url}/api/v1/providers/books`, { method: 'DELETE' });
    expect(removed.status).toBe(204);
    expect(removed.text).toBe('');
    const twice = await call(`${url}/api/v1/providers/books`, { method: 'DELETE' });
    expect(twice.status).toBe(404);
    expect(twice.body.error.code).toBe('UNKNOWN_PROVIDER');
    expect(
      (await call(`${url}/api/v1/providers`)).body.providers.map((p: { id: string }) => p.id),
    ).not.toContain('books');
  });

  it('reads the schema again on refresh', async () => {
    const path = join(home, 'growing.db');
    const db = new Database(path);
    db.exec('CREATE TABLE a (id INTEGER PRIMARY KEY)');
    expect(
      (await call(`${url}/api/v1/providers`, { body: { id: 'growing', kind: 'sqlite', path } })).status,
    ).toBe(201);
    db.exec('CREATE TABLE b (id INTEGER PRIMARY KEY)');
    db.close();
    const cached = await call(`${url}/api/v1/providers/growing/schema`);
    expect(cached.body.tables.map((table: { name: string }) => table.name)).toEqual(['a']);
    const refreshed = await call(`${url}/api/v1/providers/growing/schema/refresh`, { method: 'POST' });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.tables.map((table: { name: string }) => table.name).sort()).toEqual(['a', 'b']);
    expect((await call(`${url}/api/v1/providers/nope/schema/refresh`, { method: 'POST' })).status).toBe(404);
    expect((await call(`${url}/api/v1/providers/nope/schema`)).body.error.code).toBe('UNKNOWN_PROVIDER');
  });

  it('refuses a missing or corrupt file and registers nothing', async () => {
    const missing = await call(`${url}/api/v1/providers`, {
      body: { id: 'ghost', kind: 'sqlite', path: join(home, 'nope.db') },
    });
    expect(missing.status).toBe(503);
    expect(missing.body.error.code).toBe('PROVIDER_UNAVAILABLE');
    const broken = await call(`${url}/api/v1/providers`, {
      body: { id: 'broken', kind: 'sqlite', path: corrupt },
    });
    expect(broken.status).toBe(503);
    expect(broken.body.error.code).toBe('PROVIDER_UNAVAILABLE');
    expectNoInternals(broken.text);
    const ids = (await call(`${url}/api/v1/providers`)).body.providers.map((p: { id: string }) => p.id);
    expect(ids).not.toContain('ghost');
    expect(ids).not.toContain('broken');
    expect(await target.app.store.getProvider('broken')).toBeUndefined();
  });

  it('validates the config per kind', async () => {
    for (const body of [
      { id: 'x', kind: 'oracle', path: shop },
      { id: 'x', kind: 'sqlite' },
      { id: 'x', kind: 'sqlite', path: shop, url: 'postgres://a@b/c' },
      { id: 'x', kind: 'postgres', url: 'mysql://a@b/c' },
      { id: 'x', kind: 'duckdb' },
      { id: '-bad id', kind: 'sqlite', path: shop },
    ]) {
      const response = await call(`${url}/api/v1/providers`, { body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.code).toBe('INVALID_REQUEST');
    }
  });

  it('lists a provider whose URL holds a password with the password redacted', async () => {
    await target.app.store.addProvider({
      id: 'warehouse',
      kind: 'postgres',
      url: 'postgres://reader:s3cret-pa55@db.internal:5432/shop',
    });
    try {
      const response = await call(`${url}/api/v1/providers`);
      expect(response.body.providers).toContainEqual({
        id: 'warehouse',
        kind: 'postgres',
        target: 'postgres://reader:***@db.internal:5432/shop',
      });
      expect(response.text).not.toContain('s3cret-pa55');
    } finally {
      await target.app.store.removeProvider('warehouse');
    }
  });

  it('never echoes the password of a provider URL it cannot open', async () => {
    const response = await call(`${url}/api/v1/providers`, {
      body: { id: 'unreachable', kind: 'postgres', url: 'postgres://reader:s3cret-pa55@127.0.0.1:1/shop' },
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.text).not.toContain('s3cret-pa55');
    expect(await target.app.store.getProvider('unreachable')).toBeUndefined();
  });
});

describe('POST /api/v1/providers/:id/execute', () => {
  beforeAll(async () => {
    await call(`${url}/api/v1/providers`, { body: { id: 'shop', kind: 'sqlite', path: shop } });
  });

  it('runs a read-only query a person wrote', async () => {
    const response = await call(`${url}/api/v1/providers/shop/execute`, {
      body: { query: 'SELECT title FROM books ORDER BY year', max_rows: 2 },
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      provider_id: 'shop',
      validation: { status: 'passed' },
      execution: { success: true, rows: [['Emma'], ['Ulysses']], row_count: 2, truncated: true },
    });
  });

  it('rejects a DELETE with QUERY_REJECTED and leaves the file unchanged', async () => {
    const before = checksum(shop);
    const response = await call(`${url}/api/v1/providers/shop/execute`, {
      body: { query: 'DELETE FROM books' },
    });
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('QUERY_REJECTED');
    expect(response.body.error.details.errors[0]).toMatchObject({ kind: 'policy' });
    for (const query of ['DROP TABLE books', "UPDATE books SET title = 'x'", 'SELECT 1; DELETE FROM books']) {
      const refused = await call(`${url}/api/v1/providers/shop/execute`, { body: { query } });
      expect(refused.status, query).toBe(422);
    }
    expect(checksum(shop)).toBe(before);
    const db = new Database(shop, { readonly: true });
    expect(db.prepare('SELECT count(*) FROM books').pluck().get()).toBe(3);
    db.close();
  });

  it('rejects unknown names with VALIDATION_FAILED and a suggestion', async () => {
    const response = await call(`${url}/api/v1/providers/shop/execute`, {
      body: { query: 'SELECT titel FROM books' },
    });
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(response.body.error.details)).toContain('title');
  });

  it('refuses an unknown provider and an invalid body', async () => {
    const unknown = await call(`${url}/api/v1/providers/nope/execute`, { body: { query: 'SELECT 1' } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('UNKNOWN_PROVIDER');
    const invalid = await call(`${url}/api/v1/providers/shop/execute`, {
      body: { query: 'SELECT 1', max_rows: 0 },
    });
    expect(invalid.status).toBe(400);
    const extra = await call(`${url}/api/v1/providers/shop/execute`, { body: { sql: 'SELECT 1' } });
    expect(extra.status).toBe(400);
  });
});

describe('operations', () => {
  it('answers /health', async () => {
    expect(await call(`${url}/health`)).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('answers /ready with 200 when the store and every provider answer, 503 when one does not', async () => {
    expect(await call(`${url}/ready`)).toMatchObject({
      status: 200,
      body: { status: 'ready', checks: { store: 'ok', providers: 'ok' } },
    });
    await target.app.store.addProvider({ id: 'gone', kind: 'sqlite', path: join(home, 'gone.db') });
    try {
      const response = await call(`${url}/ready`);
      expect(response.status).toBe(503);
      expect(response.body).toEqual({ status: 'not_ready', checks: { store: 'ok', providers: 'failed' } });
      expect(response.text).not.toContain('gone');
    } finally {
      await target.app.store.removeProvider('gone');
    }
  });

  it('exposes the named Prometheus series at /metrics', async () => {
    await call(`${url}/api/v1/query`, {
      body: { provider_id: 'demo', query: 'How many customers are there?' },
    });
    const response = await call(`${url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = response.text;
    expect(text).toMatch(/^text2x_runs_total\{outcome="result"\} [1-9]/m);
    expect(text).toMatch(/^text2x_runs_total\{outcome="error"\} [1-9]/m);
    expect(text).toMatch(/^text2x_run_duration_seconds_bucket\{le="[^"]+",outcome="result"\}/m);
    // Per-stage latency is measured even though the client asked for no trace.
    expect(text).toMatch(/^text2x_stage_duration_seconds_count\{stage="generation"\} [1-9]/m);
    expect(text).toMatch(/^text2x_stage_duration_seconds_count\{stage="execution"\} [1-9]/m);
    expect(text).toMatch(/^text2x_run_iterations_count [1-9]/m);
    expect(text).toMatch(/^text2x_tokens_total\{direction="input"\} \d/m);
    expect(text).toMatch(/^text2x_cost_usd_total /m);
    expect(text).toMatch(/^text2x_validations_total\{status="passed"\} [1-9]/m);
    expect(text).toMatch(/^text2x_validation_pass_ratio (0\.\d+|1)$/m);
    expect(text).toMatch(/^text2x_websocket_connections 0$/m);
    expect(text).toMatch(/^text2x_rate_limited_total\{transport="rest"\} 0$/m);
    expect(text).toMatch(
      /^text2x_http_requests_total\{method="POST",route="\/api\/v1\/query",status="200"\} [1-9]/m,
    );
    expect(text).toMatch(/^text2x_process_resident_memory_bytes /m);
  });

  it('serves the OpenAPI UI and a document generated from the protocol schemas at /docs', async () => {
    const ui = await call(`${url}/docs`);
    expect(ui.status).toBe(200);
    expect(ui.text).toMatch(/swagger/i);
    const document = (await call(`${url}/docs/json`)).body;
    expect(document.openapi).toMatch(/^3\./);
    const query = document.paths['/api/v1/query'].post;
    const body = query.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(expect.arrayContaining(['provider_id', 'query']));
    expect(Object.keys(body.properties.options.properties)).toContain('trace_level');
    expect(query.responses['200']).toBeDefined();
    for (const path of [
      '/api/v1/conversations/{id}',
      '/api/v1/conversations/{id}/turns',
      '/api/v1/conversations/{id}/feedback',
      '/api/v1/providers',
      '/api/v1/providers/{id}',
      '/api/v1/providers/{id}/schema',
      '/api/v1/providers/{id}/schema/refresh',
      '/api/v1/providers/{id}/execute',
      '/health',
      '/ready',
    ]) {
      expect(document.paths[path], path).toBeDefined();
    }
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(Object.keys(document.paths).some((path) => path.startsWith('/docs'))).toBe(false);
  });
});

describe('logging and faults', () => {
  it('logs requests without the Authorization header or the api_key query parameter', async () => {
    const stream = new PassThrough();
    const lines: string[] = [];
    stream.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
    const logged = await startTestServer({ home, logging: { level: 'debug', stream } });
    try {
      await call(`${logged.url}/api/v1/providers?api_key=t2x_query-secret-value&x=1`);
      await call(`${logged.url}/api/v1/providers`, { key: 't2x_header-secret-value' });
      await sleep(50);
    } finally {
      await logged.close();
    }
    const text = lines.join('');
    expect(text).toContain('/api/v1/providers?api_key=[redacted]&x=1');
    expect(text).not.toContain('query-secret-value');
    expect(text).not.toContain('header-secret-value');
  });

  it('answers 500 INTERNAL with the table message, no cause and no stack, when the store fails', async () => {
    const failing = await startTestServer({ home });
    try {
      await failing.app.store.close();
      const response = await call(`${failing.url}/api/v1/conversations/any`);
      expect(response.status).toBe(500);
      expect(response.body).toEqual({
        error: { code: 'INTERNAL', message: 'An internal error occurred.', retryable: true },
      });
      expectNoInternals(response.text);
    } finally {
      await failing.close();
    }
  });

  it('sends CORS headers only to configured origins', async () => {
    const withCors = await startTestServer({ home, overrides: { corsOrigins: ['http://ui.example'] } });
    try {
      const preflight = await fetch(`${withCors.url}/api/v1/query`, {
        method: 'OPTIONS',
        headers: {
          origin: 'http://ui.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type',
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('http://ui.example');
      expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
      const other = await fetch(`${withCors.url}/health`, { headers: { origin: 'http://evil.example' } });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await withCors.close();
    }
    const closed = await fetch(`${url}/health`, { headers: { origin: 'http://ui.example' } });
    expect(closed.headers.get('access-control-allow-origin')).toBeNull();
  });
});
