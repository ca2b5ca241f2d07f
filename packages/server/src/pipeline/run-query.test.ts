import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { ServerMessage } from '@text2x/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../app/index.js';
import { loadConfig } from '../config/index.js';
import { Text2xError } from '../core/index.js';
import type { GenerationOutcome, QueryGenerator } from '../generation/query-generator.js';
import { ScriptedGenerator } from '../generation/scripted-generator.js';
import { progressFor } from './progress-plan.js';
import { runQuery } from './run-query.js';

const SLOW_QUERY = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c';

let dir: string;
let dbPath: string;
let app: App | undefined;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'text2x-pipeline-'));
  dbPath = join(dir, 'shop.db');
  const db = new Database(dbPath);
  db.exec(`
    CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, country TEXT);
    CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id), amount REAL, status TEXT);
    INSERT INTO customers VALUES (1, 'Ada', 'France'), (2, 'Bo', 'Germany'), (3, 'Cy', 'France');
    INSERT INTO orders VALUES (1, 1, 10.5, 'shipped'), (2, 1, 20, 'pending'), (3, 2, 5, 'shipped');
  `);
  db.close();
  writeFileSync(join(dir, 'corrupt.db'), Buffer.from('this is not a database file, just text'.repeat(100)));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function setup(generator: QueryGenerator, fallbackGenerator?: QueryGenerator): Promise<App> {
  app = await createApp({
    config: loadConfig({ env: {}, overrides: { home: join(dir, 'home'), demo: false } }),
    memoryStore: true,
    generator,
    ...(fallbackGenerator ? { fallbackGenerator } : {}),
  });
  await app.store.addProvider({ id: 'shop', kind: 'sqlite', path: dbPath });
  await app.store.addProvider({ id: 'missing', kind: 'sqlite', path: join(dir, 'nope.db') });
  await app.store.addProvider({ id: 'corrupt', kind: 'sqlite', path: join(dir, 'corrupt.db') });
  return app;
}

async function collect(
  target: App,
  request: Record<string, unknown>,
  onMessage?: (message: ServerMessage) => void,
  signal?: AbortSignal,
): Promise<ServerMessage[]> {
  const messages: ServerMessage[] = [];
  for await (const message of runQuery(target.deps, request, signal ? { signal } : {})) {
    messages.push(message);
    onMessage?.(message);
  }
  return messages;
}

function query(sql: string, confidence = 0.9): GenerationOutcome {
  return { kind: 'query', query: sql, explanation: `ran ${sql}`, confidence, assumptions: [] };
}

const stages = (messages: ServerMessage[]): string[] =>
  messages.map((message) => (message.type === 'progress' ? message.data.stage : message.type));

function expectWellFormed(messages: ServerMessage[]): void {
  expect(messages.map((message) => message.seq)).toEqual(messages.map((_, i) => i + 1));
  const progress = messages.map((message) => message.data.progress);
  for (let i = 1; i < progress.length; i += 1) expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1]!);
  expect(progress.slice(0, -1).every((value) => value < 1)).toBe(true);
  expect(progress.at(-1)).toBe(1);
  expect(messages.filter((message) => message.type !== 'progress' && message.type !== 'rows')).toHaveLength(
    1,
  );
  expect(new Set(messages.map((message) => message.request_id)).size).toBe(1);
}

describe('runQuery', () => {
  it('streams every stage in order with exact progress for a one-iteration success', async () => {
    const target = await setup(new ScriptedGenerator([query('SELECT count(*) AS orders FROM orders')]));
    const messages = await collect(target, {
      provider_id: 'shop',
      query: 'How many orders?',
      request_id: 'r-1',
    });
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
      'result',
    ]);
    const at = (stage: Parameters<typeof progressFor>[0]): number => progressFor(stage, 1, 3);
    expect(messages.map((message) => message.data.progress)).toEqual([
      0.02,
      0.05,
      0.08,
      0.15,
      at('query_generation'),
      at('query_generated'),
      at('validation'),
      at('validation_complete'),
      at('execution_complete'),
      1,
    ]);
    expectWellFormed(messages);
    expect(messages.every((message) => message.request_id === 'r-1' && message.trace === undefined)).toBe(
      true,
    );
    const result = messages.at(-1)!;
    expect(result.type).toBe('result');
    if (result.type !== 'result') return;
    expect(result.data.generated_query).toBe('SELECT count(*) AS orders FROM orders');
    expect(result.data.execution_result?.rows).toEqual([[3]]);
    expect(result.data.execution_result?.success).toBe(true);
    expect(result.data.iterations).toBe(1);
    expect(result.data.validation_status).toBe('passed');
    const context = messages[3]!;
    expect(context.type === 'progress' && context.data.tables_found).toBe(2);
  });

  it('repairs a draft with the validator\'s "did you mean" suggestion in the next iteration', async () => {
    const generator = new ScriptedGenerator([
      query('SELECT nme FROM customers'),
      (input) => {
        const suggestion = input.previousAttempts[0]?.errors[0]?.suggestions?.[0] ?? 'unknown';
        return query(`SELECT ${suggestion} FROM customers ORDER BY id`);
      },
    ]);
    const target = await setup(generator);
    const messages = await collect(target, { provider_id: 'shop', query: 'customer names' });
    expect(stages(messages)).toEqual([
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
    expectWellFormed(messages);
    const failed = messages[7]!;
    expect(failed.type === 'progress' && failed.data.validation_status).toBe('failed');
    expect(generator.calls[1]?.previousAttempts[0]?.query).toBe('SELECT nme FROM customers');
    const result = messages.at(-1)!;
    if (result.type !== 'result') throw new Error('expected a result');
    expect(result.data.generated_query).toBe('SELECT name FROM customers ORDER BY id');
    expect(result.data.iterations).toBe(2);
    expect(result.data.execution_result?.rows).toEqual([['Ada'], ['Bo'], ['Cy']]);
    const second = messages[9]!;
    expect(second.type === 'progress' && second.data.iteration).toBe(2);
  });

  it('asks for clarification with options and continues from the reply in the same conversation', async () => {
    const generator = new ScriptedGenerator([
      {
        kind: 'clarification',
        question: 'Which name do you mean?',
        options: ['customer name', 'product name'],
        query: null,
        confidence: 0.4,
      },
      (input) => query(`SELECT name FROM customers -- ${input.question}`),
    ]);
    const target = await setup(generator);
    const first = await collect(target, { provider_id: 'shop', query: 'show names' });
    expect(stages(first)).toEqual([
      'started',
      'schema_retrieval',
      'rag_search',
      'context_gathered',
      'query_generation',
      'clarification',
    ]);
    expectWellFormed(first);
    const clarification = first.at(-1)!;
    if (clarification.type !== 'clarification') throw new Error('expected a clarification');
    expect(clarification.data.options).toEqual(['customer name', 'product name']);
    expect(clarification.data.question).toBe('Which name do you mean?');

    const second = await collect(target, {
      provider_id: 'shop',
      query: '1',
      conversation_id: clarification.data.conversation_id,
    });
    expect(second.at(-1)?.type).toBe('result');
    expect(generator.calls[1]?.question).toBe('show names (customer name)');
    expect(generator.calls[1]?.history.at(-1)?.clarificationQuestion).toBe('Which name do you mean?');
    const turns = await target.store.listTurns(clarification.data.conversation_id);
    expect(turns.map((turn) => turn.status)).toEqual(['clarification', 'result']);
  });

  it('asks for clarification when the final confidence is below the clarification threshold', async () => {
    const target = await setup(new ScriptedGenerator([query('SELECT name FROM customers', 0.3)]));
    const messages = await collect(target, {
      provider_id: 'shop',
      query: 'the people',
      options: { max_iterations: 1 },
    });
    const last = messages.at(-1)!;
    if (last.type !== 'clarification') throw new Error('expected a clarification');
    expect(last.data.current_query).toBe('SELECT name FROM customers');
    expect(last.data.confidence).toBe(0.3);
    expectWellFormed(messages);
  });

  it('is cancelled within 100 ms during generation and aborts the generator', async () => {
    const generator = new ScriptedGenerator([query('SELECT 1')], { delayMs: 10_000 });
    const target = await setup(generator);
    const controller = new AbortController();
    let abortedAt = 0;
    const messages = await collect(
      target,
      { provider_id: 'shop', query: 'How many orders?' },
      (message) => {
        if (message.type === 'progress' && message.data.stage === 'query_generation') {
          abortedAt = performance.now();
          controller.abort();
        }
      },
      controller.signal,
    );
    expect(performance.now() - abortedAt).toBeLessThan(100);
    expect(messages.at(-1)?.type).toBe('cancelled');
    expect(generator.calls[0]?.signal.aborted).toBe(true);
    expectWellFormed(messages);
  });

  it('is cancelled within 100 ms during execution, stops the query, and the provider keeps working', async () => {
    const target = await setup(
      new ScriptedGenerator([query(SLOW_QUERY), query('SELECT count(*) FROM customers')]),
    );
    const controller = new AbortController();
    let abortedAt = 0;
    const messages = await collect(
      target,
      { provider_id: 'shop', query: 'count forever' },
      (message) => {
        if (message.type === 'progress' && message.data.stage === 'validation_complete') {
          setTimeout(() => {
            abortedAt = performance.now();
            controller.abort();
          }, 50);
        }
      },
      controller.signal,
    );
    expect(performance.now() - abortedAt).toBeLessThan(100);
    expect(messages.at(-1)?.type).toBe('cancelled');
    const next = await collect(target, { provider_id: 'shop', query: 'how many customers' });
    const result = next.at(-1)!;
    if (result.type !== 'result') throw new Error(`expected a result, got ${JSON.stringify(result)}`);
    expect(result.data.execution_result?.rows).toEqual([[3]]);
  });

  it('stops a deliberately slow query at the time limit while the event loop stays responsive', async () => {
    const target = await setup(new ScriptedGenerator([query(SLOW_QUERY)]));
    let maxDrift = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      maxDrift = Math.max(maxDrift, now - last - 10);
      last = now;
    }, 10);
    const started = performance.now();
    const messages = await collect(target, {
      provider_id: 'shop',
      query: 'count forever',
      options: { timeout_ms: 500 },
    });
    clearInterval(timer);
    const error = messages.at(-1)!;
    if (error.type !== 'error') throw new Error('expected an error');
    expect(error.data.code).toBe('EXECUTION_TIMEOUT');
    expect(error.data.retryable).toBe(true);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(maxDrift).toBeLessThan(150);
    expectWellFormed(messages);
  });

  it('falls back to the offline generator when the model fails, and says so', async () => {
    const model = new ScriptedGenerator(
      [{ kind: 'fault', error: new Text2xError('GENERATION_FAILED', 'rate limited') }],
      {
        name: 'openai:gpt-4.1-mini',
      },
    );
    const offline = new ScriptedGenerator([query('SELECT count(*) FROM orders')], { name: 'offline' });
    const target = await setup(model, offline);
    const messages = await collect(target, {
      provider_id: 'shop',
      query: 'How many orders?',
      options: { trace_level: 'summary' },
    });
    expect(stages(messages)).toEqual([
      'started',
      'schema_retrieval',
      'rag_search',
      'context_gathered',
      'query_generation',
      'generator_fallback',
      'query_generated',
      'validation',
      'validation_complete',
      'execution_complete',
      'result',
    ]);
    expectWellFormed(messages);
    const fallback = messages[5]!;
    expect(fallback.type === 'progress' && fallback.data.message).toContain('rate limited');
    const result = messages.at(-1)!;
    if (result.type !== 'result') throw new Error('expected a result');
    expect(result.data.generator).toBe('offline');
    expect(result.trace?.fallbacks).toEqual([
      { from: 'openai:gpt-4.1-mini', to: 'offline', reason: 'rate limited' },
    ]);
  });

  it('ends with GENERATION_FAILED when the generator fails and there is no fallback', async () => {
    const target = await setup(
      new ScriptedGenerator([{ kind: 'fault', error: new Error('socket hang up') }]),
    );
    const messages = await collect(target, { provider_id: 'shop', query: 'How many orders?' });
    const error = messages.at(-1)!;
    if (error.type !== 'error') throw new Error('expected an error');
    expect(error.data.code).toBe('GENERATION_FAILED');
    expect(error.data.message).not.toContain('socket hang up');
    expectWellFormed(messages);
  });

  it('reports VALIDATION_FAILED with the last query when no iteration validates', async () => {
    const target = await setup(new ScriptedGenerator([query('SELECT nope FROM customers')]));
    const messages = await collect(target, {
      provider_id: 'shop',
      query: 'x',
      options: { max_iterations: 2 },
    });
    const error = messages.at(-1)!;
    if (error.type !== 'error') throw new Error('expected an error');
    expect(error.data.code).toBe('VALIDATION_FAILED');
    expect(error.data.details?.query).toBe('SELECT nope FROM customers');
    expect(stages(messages).filter((stage) => stage === 'query_generation')).toHaveLength(2);
  });

  it('ends with CANNOT_ANSWER when the generator declines', async () => {
    const target = await setup(
      new ScriptedGenerator([{ kind: 'cannot_answer', reason: 'nothing about books here' }]),
    );
    const messages = await collect(target, { provider_id: 'shop', query: 'Who wrote 1984?' });
    const error = messages.at(-1)!;
    if (error.type !== 'error') throw new Error('expected an error');
    expect(error.data).toMatchObject({ code: 'CANNOT_ANSWER', message: 'nothing about books here' });
  });

  it('answers with an earlier draft that ran when a retry finds nothing better to say', async () => {
    const target = await setup(
      new ScriptedGenerator([
        query('SELECT count(*) FROM customers', 0.7),
        { kind: 'cannot_answer', reason: 'every reading has been tried' },
      ]),
    );
    const messages = await collect(target, { provider_id: 'shop', query: 'How many customers?' });
    expectWellFormed(messages);
    const result = messages.at(-1)!;
    if (result.type !== 'result') throw new Error(`expected a result, got ${result.type}`);
    expect(result.data.generated_query).toBe('SELECT count(*) FROM customers');
    expect(stages(messages).filter((stage) => stage === 'query_generation')).toHaveLength(2);
  });

  it('rejects invalid requests, unknown providers and unusable database files with a code', async () => {
    const generator = new ScriptedGenerator([query('SELECT 1')]);
    const target = await setup(generator);
    const cases: [Record<string, unknown>, string][] = [
      [{ provider_id: 'shop', query: '' }, 'INVALID_REQUEST'],
      [{ provider_id: 'shop', query: 'x'.repeat(5001) }, 'INVALID_REQUEST'],
      [{ provider_id: 'shop', query: 'q', options: { bogus: 1 } }, 'INVALID_REQUEST'],
      [{ provider_id: 'nobody', query: 'q' }, 'UNKNOWN_PROVIDER'],
      [{ provider_id: 'missing', query: 'q' }, 'PROVIDER_UNAVAILABLE'],
      [{ provider_id: 'corrupt', query: 'q' }, 'PROVIDER_UNAVAILABLE'],
    ];
    for (const [request, code] of cases) {
      const messages = await collect(target, request);
      expect(messages).toHaveLength(1);
      const error = messages[0]!;
      expect(error.type).toBe('error');
      if (error.type === 'error') expect(error.data.code).toBe(code);
    }
    expect(generator.calls).toHaveLength(0);
  });

  it('attaches no trace at level none, a summary at summary, and drafts and context at full', async () => {
    const target = await setup(new ScriptedGenerator([query('SELECT count(*) FROM orders')]));
    const none = await collect(target, { provider_id: 'shop', query: 'How many orders?' });
    expect(none.some((message) => message.trace !== undefined)).toBe(false);
    const summary = (
      await collect(target, { provider_id: 'shop', query: 'q', options: { trace_level: 'summary' } })
    ).at(-1)!;
    expect(summary.trace).toMatchObject({
      level: 'summary',
      iterations: 1,
      generator: 'scripted',
      tokens: { input: 0, output: 0 },
    });
    expect(Object.keys(summary.trace?.stages_ms as object)).toEqual(
      expect.arrayContaining(['schema_retrieval', 'rag_search', 'generation', 'validation', 'execution']),
    );
    expect(summary.trace?.drafts).toBeUndefined();
    const full = await collect(target, { provider_id: 'shop', query: 'q', options: { trace_level: 'full' } });
    const last = full.at(-1)!;
    expect(last.trace).toMatchObject({
      level: 'full',
      drafts: [{ iteration: 1, query: 'SELECT count(*) FROM orders' }],
    });
    expect((last.trace?.tables as unknown[]).length).toBe(2);
    const generated = full.find(
      (message) => message.type === 'progress' && message.data.stage === 'query_generated',
    );
    expect(generated?.trace).toMatchObject({ draft: { query: 'SELECT count(*) FROM orders' } });
  });

  it('gives the earlier turns of a conversation to the generator', async () => {
    const generator = new ScriptedGenerator([
      query('SELECT name FROM customers'),
      query("SELECT name FROM customers WHERE country = 'France'"),
    ]);
    const target = await setup(generator);
    const first = (await collect(target, { provider_id: 'shop', query: 'list customers' })).at(-1)!;
    const second = (
      await collect(target, {
        provider_id: 'shop',
        query: 'now only from France',
        conversation_id: first.conversation_id,
      })
    ).at(-1)!;
    expect(second.conversation_id).toBe(first.conversation_id);
    expect(generator.calls[1]?.history).toEqual([
      {
        question: 'list customers',
        query: 'SELECT name FROM customers',
        resultSummary: '3 rows; columns: name',
      },
    ]);
  });

  it('never writes to the data source', async () => {
    const { createHash } = await import('node:crypto');
    const { readFileSync } = await import('node:fs');
    const before = createHash('sha256').update(readFileSync(dbPath)).digest('hex');
    const target = await setup(
      new ScriptedGenerator([
        query('DELETE FROM orders'),
        query('UPDATE orders SET amount = 0'),
        query('DROP TABLE orders'),
      ]),
    );
    const messages = await collect(target, { provider_id: 'shop', query: 'delete everything' });
    const error = messages.at(-1)!;
    expect(error.type === 'error' && error.data.code).toBe('VALIDATION_FAILED');
    expect(createHash('sha256').update(readFileSync(dbPath)).digest('hex')).toBe(before);
  });

  it('streams result rows as rows messages before a metadata-only result with stream_rows', async () => {
    const target = await setup(new ScriptedGenerator([query('SELECT id, name FROM customers ORDER BY id')]));
    const messages = await collect(target, {
      provider_id: 'shop',
      query: 'list customers',
      options: { stream_rows: true, row_batch_size: 2 },
    });
    expect(stages(messages).slice(-5)).toEqual([
      'validation_complete',
      'rows',
      'rows',
      'execution_complete',
      'result',
    ]);
    expectWellFormed(messages);
    const rows = messages.filter((message) => message.type === 'rows');
    expect(
      rows.map((message) => message.type === 'rows' && [message.data.offset, message.data.rows]),
    ).toEqual([
      [
        0,
        [
          [1, 'Ada'],
          [2, 'Bo'],
        ],
      ],
      [2, [[3, 'Cy']]],
    ]);
    const result = messages.at(-1)!;
    if (result.type !== 'result') throw new Error('expected a result');
    expect(result.data.execution_result).toMatchObject({ success: true, row_count: 3, rows: [] });
  });

  it('probes drafts that may be replaced and streams only the chosen one', async () => {
    const target = await setup(
      new ScriptedGenerator([
        query('SELECT name FROM customers ORDER BY id', 0.6),
        query('SELECT name FROM customers ORDER BY id', 0.7),
      ]),
    );
    const messages = await collect(target, {
      provider_id: 'shop',
      query: 'names',
      options: { stream_rows: true, max_iterations: 2 },
    });
    const kinds = stages(messages);
    expect(kinds.filter((kind) => kind === 'rows')).toHaveLength(1);
    expect(kinds.slice(-2)).toEqual(['rows', 'result']);
    expectWellFormed(messages);
    const rows = messages.find((message) => message.type === 'rows');
    expect(rows?.type === 'rows' && rows.data.rows).toEqual([['Ada'], ['Bo'], ['Cy']]);
  });
});
