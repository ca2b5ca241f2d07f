import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceAvailable, serviceUrl } from '../../test-support/services.js';
import { eventLogContract } from './event-log-contract.js';
import { createRedisEventLog } from './redis-event-log.js';

const available = await serviceAvailable('redis');

async function removeKeys(redis: Redis, prefix: string): Promise<void> {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
}

describe.skipIf(!available)('Redis event log (real Redis)', () => {
  let redis: Redis;

  beforeAll(() => {
    redis = new Redis(serviceUrl('redis'));
  });

  afterAll(async () => {
    await redis.quit();
  });

  eventLogContract('redis event log', (limits) => {
    const prefix = `text2x-test:${randomUUID()}`;
    const log = createRedisEventLog({ redis, keyPrefix: prefix, ...limits });
    return Promise.resolve({
      log,
      async cleanup() {
        await log.close();
        await removeKeys(redis, prefix);
      },
    });
  });

  it('lets a second log (another node) read, watch and cancel what the first one appends', async () => {
    const prefix = `text2x-test:${randomUUID()}`;
    const other = new Redis(serviceUrl('redis'));
    const writer = createRedisEventLog({ redis, keyPrefix: prefix, ttlMs: 10_000 });
    const reader = createRedisEventLog({ redis: other, keyPrefix: prefix, ttlMs: 10_000 });
    try {
      const notified: number[] = [];
      const cancels: string[] = [];
      await writer.onCancelRequest((key) => cancels.push(key));
      await writer.append('k', { seq: 1, type: 'progress', json: '{"seq":1}' });
      const stop = await reader.watch('k', () => notified.push(Date.now()));
      await writer.append('k', { seq: 2, type: 'result', json: '{"seq":2}' });
      await expect.poll(() => notified.length).toBeGreaterThan(0);
      const page = await reader.read('k', 0, 10);
      expect(page).toMatchObject({ status: 'ok', lastSeq: 2, finished: true });
      expect(page.status === 'ok' && page.events.map((event) => event.json)).toEqual([
        '{"seq":1}',
        '{"seq":2}',
      ]);
      await reader.requestCancel('k');
      await expect.poll(() => cancels).toEqual(['k']);
      const ttl = await redis.pttl(`${prefix}:s:k`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(10_000);
      stop();
    } finally {
      await writer.close();
      await reader.close();
      await removeKeys(redis, prefix);
      await other.quit();
    }
  });
});
