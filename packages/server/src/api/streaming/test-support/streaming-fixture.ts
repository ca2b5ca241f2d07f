import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import Fastify, { type FastifyInstance } from 'fastify';
import { createApp, type App } from '../../../app/index.js';
import { loadConfig, type Text2xConfigInput } from '../../../config/index.js';
import { Text2xError } from '../../../core/index.js';
import type { GenerationInput, GenerationOutcome } from '../../../generation/query-generator.js';
import { ScriptedGenerator } from '../../../generation/scripted-generator.js';
import type { ApiContext, ApiMetrics, Identity, RateDecision, RateLimiter } from '../../api-context.js';
import { registerSseRoutes, type SseRouteOptions } from '../../sse/index.js';
import { registerWebSocketRoute, type WebSocketRouteOptions } from '../../websocket/index.js';
import { createMemoryEventLog, type MemoryEventLog } from '../memory-event-log.js';
import type { EventLog } from '../event-log.js';
import { createRunManager, type RunManager, type RunManagerOptions } from '../run-manager.js';

/** Rows in the `numbers` table of the test database. */
export const NUMBER_ROWS = 100_000;

/** A temporary directory with the test database: a small shop plus a 100,000-row `numbers` table. */
export function createTestDatabase(): { dir: string; path: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'text2x-streaming-'));
  const path = join(dir, 'shop.db');
  const db = new Database(path);
  db.exec(`
    CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, country TEXT);
    CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id), amount REAL, status TEXT);
    CREATE TABLE numbers (n INTEGER PRIMARY KEY, label TEXT NOT NULL);
    INSERT INTO customers VALUES (1, 'Ada', 'France'), (2, 'Bo', 'Germany'), (3, 'Cy', 'France');
    INSERT INTO orders VALUES (1, 1, 10.5, 'shipped'), (2, 1, 20, 'pending'), (3, 2, 5, 'shipped'), (4, 3, 7.25, 'shipped');
    WITH RECURSIVE s(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM s WHERE v < ${NUMBER_ROWS})
    INSERT INTO numbers SELECT v, 'row number ' || v || ' of the hundred thousand row table, padded to be wide' FROM s;
  `);
  db.close();
  return { dir, path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new Text2xError('CANCELLED'));
      return;
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new Text2xError('CANCELLED'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function answer(query: string, confidence = 0.95, explanation = `runs ${query}`): GenerationOutcome {
  return {
    kind: 'query',
    query,
    explanation,
    confidence,
    assumptions: [],
    usage: { inputTokens: 100, outputTokens: 20 },
    debug: { prompt: `prompt for: ${query}`, rawOutput: query },
  };
}

/**
 * Answers by the words of the question, like a model would:
 * - "slow …": waits `slowMs` (abortable), then counts orders;
 * - "ambiguous …": asks for a clarification;
 * - "impossible …": cannot answer;
 * - "customer names": a misspelt column first, repaired from the validator's suggestion;
 * - "all numbers": the 100,000-row table;
 * - "per customer" / "only …" follow-ups read the conversation history;
 * - a reply to a clarification, and anything else: counts orders.
 */
export function routingGenerator(options: { slowMs?: number } = {}): ScriptedGenerator {
  const slowMs = options.slowMs ?? 10_000;
  return new ScriptedGenerator(
    [
      async (input: GenerationInput): Promise<GenerationOutcome> => {
        const question = input.question.toLowerCase();
        // A reply to a clarification: the earlier turn asked, this one answers.
        if (input.history.at(-1)?.clarificationQuestion !== undefined) {
          return answer('SELECT count(*) AS orders FROM orders');
        }
        if (question.includes('slow')) {
          await delay(slowMs, input.signal);
          return answer('SELECT count(*) AS orders FROM orders');
        }
        if (question.includes('ambiguous')) {
          return {
            kind: 'clarification',
            question: 'Do you mean the number of orders or their total amount?',
            options: ['number of orders', 'total amount'],
            query: null,
            confidence: 0.3,
          };
        }
        if (question.includes('impossible'))
          return { kind: 'cannot_answer', reason: 'no table holds the weather' };
        if (question.includes('customer names')) {
          if (input.iteration === 1) return answer('SELECT nme FROM customers ORDER BY id');
          const suggestion = input.previousAttempts[0]?.errors[0]?.suggestions?.[0] ?? 'name';
          return answer(`SELECT ${suggestion} FROM customers ORDER BY id`);
        }
        if (question.includes('all numbers')) return answer('SELECT n, label FROM numbers ORDER BY n');
        if (question.includes('only') && input.history.length > 0) {
          return answer(
            "SELECT c.country, count(*) AS orders FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.country = 'France' GROUP BY c.country",
          );
        }
        if (question.includes('per country')) {
          return answer(
            'SELECT c.country, count(*) AS orders FROM orders o JOIN customers c ON c.id = o.customer_id GROUP BY c.country ORDER BY c.country',
          );
        }
        return answer('SELECT count(*) AS orders FROM orders');
      },
    ],
    { name: 'scripted' },
  );
}

/** A rate limiter with a fixed number of run slots per identity and a switch to refuse everything. */
export class TestLimiter implements RateLimiter {
  refuseAll = false;
  readonly active = new Map<string, number>();
  acquired = 0;

  constructor(private readonly maxConcurrent = 10_000) {}

  acquire(identity: Identity): Promise<RateDecision> {
    const who = identity.keyId ?? identity.address;
    const active = this.active.get(who) ?? 0;
    if (this.refuseAll || active >= this.maxConcurrent) {
      return Promise.resolve({ ok: false, retryAfterMs: 1500 });
    }
    this.active.set(who, active + 1);
    this.acquired += 1;
    let released = false;
    return Promise.resolve({
      ok: true,
      permit: {
        release: () => {
          if (released) return;
          released = true;
          this.active.set(who, (this.active.get(who) ?? 1) - 1);
        },
      },
    });
  }

  /** Run slots held now, all identities. */
  get held(): number {
    let total = 0;
    for (const count of this.active.values()) total += count;
    return total;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** Metrics that remember what they were told. */
export class RecordingMetrics implements ApiMetrics {
  readonly runs: Parameters<ApiMetrics['runFinished']>[0][] = [];
  connections = 0;
  readonly limited: string[] = [];

  runFinished(run: Parameters<ApiMetrics['runFinished']>[0]): void {
    this.runs.push(run);
  }

  webSocketConnections(delta: number): void {
    this.connections += delta;
  }

  rateLimited(transport: 'rest' | 'websocket' | 'sse'): void {
    this.limited.push(transport);
  }
}

export interface StreamingServerOptions {
  /** The database file (from `createTestDatabase`), registered as provider `shop`. */
  databasePath: string;
  config?: Text2xConfigInput;
  generator?: ScriptedGenerator;
  eventLog?: EventLog;
  runManager?: Partial<Omit<RunManagerOptions, 'eventLog'>>;
  webSocket?: WebSocketRouteOptions;
  sse?: SseRouteOptions;
  limiter?: TestLimiter;
}

export interface StreamingServer {
  server: FastifyInstance;
  app: App;
  ctx: ApiContext;
  runs: RunManager;
  eventLog: EventLog;
  /** The in-memory log when no other was given. */
  memoryLog: MemoryEventLog | undefined;
  metrics: RecordingMetrics;
  limiter: TestLimiter;
  generator: ScriptedGenerator;
  port: number;
  httpUrl(path: string): string;
  wsUrl(path?: string): string;
  close(): Promise<void>;
}

/**
 * A real Fastify server on 127.0.0.1:0 with the WebSocket and SSE registrations, a real app
 * (memory store, SQLite provider `shop`) and the scripted generator. A test sets its identity with
 * the `x-test-key` header (standing in for the auth hook, which sets `request.identity`).
 */
export async function startStreamingServer(options: StreamingServerOptions): Promise<StreamingServer> {
  const home = mkdtempSync(join(tmpdir(), 'text2x-streaming-home-'));
  const config = loadConfig({ env: {}, overrides: { home, demo: false, ...options.config } });
  const generator = options.generator ?? routingGenerator();
  const app = await createApp({ config, memoryStore: true, generator });
  await app.store.addProvider({ id: 'shop', kind: 'sqlite', path: options.databasePath });
  const metrics = new RecordingMetrics();
  const limiter = options.limiter ?? new TestLimiter();
  const ctx: ApiContext = { app, config, limiter, metrics };
  const memoryLog = options.eventLog ? undefined : createMemoryEventLog({ ttlMs: config.eventLogTtlMs });
  const eventLog = options.eventLog ?? memoryLog!;
  const runs = createRunManager(ctx, { eventLog, ...options.runManager });
  await runs.ready;
  const server = Fastify({ logger: false });
  server.addHook('onRequest', (request, _reply, done) => {
    const key = request.headers['x-test-key'];
    if (typeof key === 'string') {
      (request as typeof request & { identity?: Identity }).identity = { keyId: key, address: request.ip };
    }
    done();
  });
  await registerWebSocketRoute(server, ctx, runs, options.webSocket);
  await registerSseRoutes(server, ctx, runs, options.sse);
  await server.listen({ host: '127.0.0.1', port: 0 });
  const { port } = server.server.address() as { port: number };
  return {
    server,
    app,
    ctx,
    runs,
    eventLog,
    memoryLog,
    metrics,
    limiter,
    generator,
    port,
    httpUrl: (path) => `http://127.0.0.1:${port}${path}`,
    wsUrl: (path = '/ws/query') => `ws://127.0.0.1:${port}${path}`,
    async close() {
      await runs.shutdown(0);
      await server.close();
      if (memoryLog) await memoryLog.close();
      await app.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
