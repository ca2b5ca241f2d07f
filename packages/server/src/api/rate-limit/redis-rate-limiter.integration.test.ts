import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { serviceAvailable, serviceUrl } from '../../test-support/services.js';
import { describeRateLimiterContract } from './rate-limiter-contract.js';
import { RedisRateLimiter, type RedisRateLimiterOptions } from './redis-rate-limiter.js';

const available = await serviceAvailable('redis');
const url = serviceUrl('redis');
const prefixes: string[] = [];

function uniquePrefix(): string {
  const prefix = `text2x-test:${process.pid}:${randomUUID()}:`;
  prefixes.push(prefix);
  return prefix;
}

afterAll(async () => {
  if (!available || prefixes.length === 0) return;
  const redis = new Redis(url);
  for (const prefix of prefixes) {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
  }
  await redis.quit();
});

describe.skipIf(!available)('RedisRateLimiter (real Redis)', () => {
  describeRateLimiterContract('redis', (limits) =>
    Promise.resolve(new RedisRateLimiter({ ...limits, url, keyPrefix: uniquePrefix() })),
  );

  function pair(
    options: Omit<RedisRateLimiterOptions, 'url' | 'keyPrefix'>,
  ): [RedisRateLimiter, RedisRateLimiter] {
    const keyPrefix = uniquePrefix();
    return [
      new RedisRateLimiter({ ...options, url, keyPrefix }),
      new RedisRateLimiter({ ...options, url, keyPrefix }),
    ];
  }

  const alice = { keyId: 'alice', address: '10.1.1.1' };

  it('gives two limiter instances (two nodes) one shared request budget', async () => {
    const [first, second] = pair({ requestsPerWindow: 4, maxConcurrentRuns: 100 });
    try {
      const outcomes = [];
      for (let index = 0; index < 6; index += 1) {
        outcomes.push((await (index % 2 === 0 ? first : second).countRequest(alice)).ok);
      }
      expect(outcomes).toEqual([true, true, true, true, false, false]);
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('gives two limiter instances one shared set of run slots', async () => {
    const [first, second] = pair({ requestsPerWindow: 100, maxConcurrentRuns: 2 });
    try {
      const a = await first.acquire(alice);
      const b = await second.acquire(alice);
      expect(a.ok && b.ok).toBe(true);
      expect((await first.acquire(alice)).ok).toBe(false);
      expect((await second.acquire(alice)).ok).toBe(false);
      if (a.ok) a.permit.release();
      await sleep(50);
      const c = await second.acquire(alice);
      expect(c.ok).toBe(true);
      if (b.ok) b.permit.release();
      if (c.ok) c.permit.release();
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('takes one slot per request under concurrent acquires from two nodes (atomic)', async () => {
    const [first, second] = pair({ requestsPerWindow: 1000, maxConcurrentRuns: 5 });
    try {
      const decisions = await Promise.all(
        Array.from({ length: 40 }, (_, index) => (index % 2 === 0 ? first : second).acquire(alice)),
      );
      expect(decisions.filter((decision) => decision.ok)).toHaveLength(5);
      for (const decision of decisions) if (decision.ok) decision.permit.release();
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('keeps a long run its slot by renewing the lease, and frees the slots of a node that died', async () => {
    const [node, survivor] = pair({ requestsPerWindow: 100, maxConcurrentRuns: 1, leaseMs: 300 });
    try {
      const held = await node.acquire(alice);
      expect(held.ok).toBe(true);
      await sleep(600);
      // Renewed twice its lease: still held.
      expect((await survivor.acquire(alice)).ok).toBe(false);
      // The node dies without releasing: renewals stop, the lease runs out.
      await node.close();
      await sleep(400);
      const taken = await survivor.acquire(alice);
      expect(taken.ok).toBe(true);
      if (taken.ok) taken.permit.release();
    } finally {
      await survivor.close();
    }
  });
});

describe('RedisRateLimiter without Redis', () => {
  it('falls back to in-memory limits and reports the error when Redis cannot be reached', async () => {
    const errors: unknown[] = [];
    const limiter = new RedisRateLimiter({
      url: 'redis://127.0.0.1:1',
      requestsPerWindow: 2,
      maxConcurrentRuns: 5,
      onError: (error) => errors.push(error),
    });
    try {
      const identity = { keyId: null, address: '10.9.9.9' };
      expect((await limiter.countRequest(identity)).ok).toBe(true);
      expect((await limiter.countRequest(identity)).ok).toBe(true);
      expect((await limiter.countRequest(identity)).ok).toBe(false);
      expect(errors.length).toBeGreaterThan(0);
    } finally {
      await limiter.close();
    }
  });
});
