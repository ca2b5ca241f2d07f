import { describe, expect, it } from 'vitest';
import { MemoryRateLimiter } from './memory-rate-limiter.js';
import { describeRateLimiterContract } from './rate-limiter-contract.js';

describeRateLimiterContract('memory', (limits) => Promise.resolve(new MemoryRateLimiter(limits)));

describe('MemoryRateLimiter', () => {
  it('computes the wait from the oldest request in the window', async () => {
    let now = 1_000_000;
    const limiter = new MemoryRateLimiter(
      { requestsPerWindow: 2, maxConcurrentRuns: 5, windowMs: 60_000 },
      () => now,
    );
    const identity = { keyId: null, address: '127.0.0.1' };
    await limiter.countRequest(identity);
    now += 10_000;
    await limiter.countRequest(identity);
    now += 5_000;
    expect(await limiter.countRequest(identity)).toEqual({ ok: false, retryAfterMs: 45_000 });
    now += 45_000;
    expect(await limiter.countRequest(identity)).toEqual({ ok: true });
    await limiter.close();
  });
});
