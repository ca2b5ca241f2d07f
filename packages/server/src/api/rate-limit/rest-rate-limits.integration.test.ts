import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ScriptedGenerator } from '../../generation/scripted-generator.js';
import { serviceAvailable, serviceUrl } from '../../test-support/services.js';
import { generateApiKey } from '../auth/index.js';
import { call, startTestServer, temporaryHome, type TestServer } from '../test-support/test-server.js';
import { createRateLimiter } from './create-rate-limiter.js';
import { MemoryRateLimiter } from './memory-rate-limiter.js';
import { RedisRateLimiter } from './redis-rate-limiter.js';

const { home, remove } = temporaryHome('text2x-limits-');
const servers: TestServer[] = [];
const redisAvailable = await serviceAvailable('redis');
const redisUrl = serviceUrl('redis');
const redisPrefixes: string[] = [];
const cleanups: (() => void)[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});
afterAll(async () => {
  remove();
  for (const cleanup of cleanups) cleanup();
  if (!redisAvailable || redisPrefixes.length === 0) return;
  const redis = new Redis(redisUrl);
  for (const prefix of redisPrefixes) {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
  }
  await redis.quit();
});

async function server(
  options: Omit<Parameters<typeof startTestServer>[0], 'home'> = {},
): Promise<TestServer> {
  const started = await startTestServer({ home, ...options });
  servers.push(started);
  return started;
}

/** A generator that takes `delayMs` to answer with a valid count query on the demo database. */
function slowGenerator(delayMs: number): ScriptedGenerator {
  return new ScriptedGenerator(
    [
      {
        kind: 'query',
        query: 'SELECT count(*) FROM customers',
        explanation: 'counted',
        confidence: 0.95,
        assumptions: [],
      },
    ],
    { delayMs },
  );
}

const question = { provider_id: 'demo', query: 'How many customers are there?' };

describe('REST rate limits (in memory)', () => {
  it('refuses the request over the per-minute budget with 429, Retry-After and the metric', async () => {
    const target = await server({ overrides: { ratePerMinute: 3 } });
    for (let index = 0; index < 3; index += 1) {
      expect((await call(`${target.url}/api/v1/providers`)).status).toBe(200);
    }
    const limited = await call(`${target.url}/api/v1/providers`);
    expect(limited.status).toBe(429);
    expect(limited.body.error).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
    expect(limited.body.error.retry_after_ms).toBeGreaterThan(55_000);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(55);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    // Runs draw on the same budget.
    expect((await call(`${target.url}/api/v1/query`, { body: question })).status).toBe(429);
    // Liveness and readiness are never limited.
    expect((await call(`${target.url}/health`)).status).toBe(200);
    const metrics = await call(`${target.url}/metrics`);
    expect(metrics.text).toMatch(/^text2x_rate_limited_total\{transport="rest"\} 2$/m);
  });

  it('keeps a budget per API key', async () => {
    // Its own data directory: once a key exists there, every request needs one.
    const own = temporaryHome('text2x-limits-keys-');
    const target = await startTestServer({ home: own.home, overrides: { ratePerMinute: 2 } });
    servers.push(target);
    cleanups.push(own.remove);
    const keys = [generateApiKey(), generateApiKey()];
    for (const [index, key] of keys.entries()) {
      await target.app.store.createApiKey({ name: `k${index}`, hash: key.hash, prefix: key.prefix });
    }
    const [first, second] = keys.map((key) => key.key) as [string, string];
    expect((await call(`${target.url}/api/v1/providers`, { key: first })).status).toBe(200);
    expect((await call(`${target.url}/api/v1/providers`, { key: first })).status).toBe(200);
    expect((await call(`${target.url}/api/v1/providers`, { key: first })).status).toBe(429);
    expect((await call(`${target.url}/api/v1/providers`, { key: second })).status).toBe(200);
  });

  it('refuses a run beyond the concurrent runs of a caller, for questions and edited queries alike', async () => {
    const target = await server({ generator: slowGenerator(600), overrides: { maxConcurrentRuns: 1 } });
    await call(`${target.url}/api/v1/providers/demo/schema`); // the demo database exists before timing starts
    const first = call(`${target.url}/api/v1/query`, { body: question });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const second = await call(`${target.url}/api/v1/query`, { body: question });
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('1');
    expect(second.body.error.code).toBe('RATE_LIMITED');
    const execute = await call(`${target.url}/api/v1/providers/demo/execute`, {
      body: { query: 'SELECT 1' },
    });
    expect(execute.status).toBe(429);
    // Other routes are not refused for concurrency.
    expect((await call(`${target.url}/api/v1/providers`)).status).toBe(200);
    expect((await first).status).toBe(200);
    expect(
      (await call(`${target.url}/api/v1/providers/demo/execute`, { body: { query: 'SELECT 1' } })).status,
    ).toBe(200);
  });
});

describe('createRateLimiter', () => {
  it('keeps the limits in memory without REDIS_URL and in Redis with it', async () => {
    const memory = createRateLimiter({ ratePerMinute: 1, maxConcurrentRuns: 1 });
    const redis = createRateLimiter({
      ratePerMinute: 1,
      maxConcurrentRuns: 1,
      redisUrl: 'redis://127.0.0.1:1',
    });
    expect(memory).toBeInstanceOf(MemoryRateLimiter);
    expect(redis).toBeInstanceOf(RedisRateLimiter);
    await memory.close();
    await redis.close();
  });
});

describe.skipIf(!redisAvailable)('REST rate limits shared through Redis', () => {
  it('gives two server nodes one budget per caller', async () => {
    const keyPrefix = `text2x-test:${process.pid}:${randomUUID()}:`;
    redisPrefixes.push(keyPrefix);
    const limiter = () =>
      new RedisRateLimiter({ url: redisUrl, keyPrefix, requestsPerWindow: 3, maxConcurrentRuns: 10 });
    const nodes = [await server({ limiter: limiter() }), await server({ limiter: limiter() })];
    const statuses = [];
    for (let index = 0; index < 5; index += 1) {
      statuses.push((await call(`${nodes[index % 2]!.url}/api/v1/providers`)).status);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });

  it('gives two server nodes one set of run slots per caller', async () => {
    const keyPrefix = `text2x-test:${process.pid}:${randomUUID()}:`;
    redisPrefixes.push(keyPrefix);
    const limiter = () =>
      new RedisRateLimiter({ url: redisUrl, keyPrefix, requestsPerWindow: 100, maxConcurrentRuns: 1 });
    const generator = slowGenerator(600);
    const nodes = [
      await server({ limiter: limiter(), generator }),
      await server({ limiter: limiter(), generator }),
    ];
    await call(`${nodes[0]!.url}/api/v1/providers/demo/schema`);
    const first = call(`${nodes[0]!.url}/api/v1/query`, { body: question });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect((await call(`${nodes[1]!.url}/api/v1/query`, { body: question })).status).toBe(429);
    expect((await first).status).toBe(200);
    expect((await call(`${nodes[1]!.url}/api/v1/query`, { body: question })).status).toBe(200);
  });
});
