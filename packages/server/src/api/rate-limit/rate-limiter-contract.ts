import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { Identity, RunPermit } from '../api-context.js';
import type { ApiRateLimiter, RateLimits } from './api-rate-limiter.js';

/** Builds a fresh limiter with these limits (a unique Redis key prefix per call, for Redis). */
export type RateLimiterFactory = (limits: RateLimits) => Promise<ApiRateLimiter>;

const alice: Identity = { keyId: 'key-alice', address: '10.0.0.1' };
const bob: Identity = { keyId: 'key-bob', address: '10.0.0.1' };
const anonymous: Identity = { keyId: null, address: '10.0.0.2' };
const otherAnonymous: Identity = { keyId: null, address: '10.0.0.3' };

/**
 * The contract every `ApiRateLimiter` implementation runs (in memory, Redis): a sliding window
 * of `requestsPerWindow` per identity and `maxConcurrentRuns` held slots, refused requests not
 * counted, identities (key, else address) kept apart.
 */
export function describeRateLimiterContract(name: string, factory: RateLimiterFactory): void {
  describe(`RateLimiter contract: ${name}`, () => {
    const open: ApiRateLimiter[] = [];
    const permits: RunPermit[] = [];
    afterEach(async () => {
      for (const permit of permits.splice(0)) permit.release();
      for (const limiter of open.splice(0)) await limiter.close();
    });

    async function limiter(limits: RateLimits): Promise<ApiRateLimiter> {
      const created = await factory(limits);
      open.push(created);
      return created;
    }

    async function take(target: ApiRateLimiter, identity: Identity): Promise<boolean> {
      const decision = await target.acquire(identity);
      if (decision.ok) permits.push(decision.permit);
      return decision.ok;
    }

    it('allows the budget of a window, then refuses with a wait no longer than the window', async () => {
      const target = await limiter({ requestsPerWindow: 3, maxConcurrentRuns: 100, windowMs: 10_000 });
      for (let index = 0; index < 3; index += 1) expect(await take(target, alice)).toBe(true);
      const refused = await target.acquire(alice);
      expect(refused.ok).toBe(false);
      if (!refused.ok) {
        expect(refused.retryAfterMs).toBeGreaterThan(9_000);
        expect(refused.retryAfterMs).toBeLessThanOrEqual(10_000);
      }
      expect((await target.countRequest(alice)).ok).toBe(false);
    });

    it('allows requests again once the oldest ones leave the sliding window', async () => {
      const target = await limiter({ requestsPerWindow: 2, maxConcurrentRuns: 100, windowMs: 400 });
      expect((await target.countRequest(alice)).ok).toBe(true);
      await sleep(200);
      expect((await target.countRequest(alice)).ok).toBe(true);
      const refused = await target.countRequest(alice);
      expect(refused).toMatchObject({ ok: false });
      if (!refused.ok) expect(refused.retryAfterMs).toBeLessThanOrEqual(250);
      await sleep(250);
      // The first request left the window; the second is still in it.
      expect((await target.countRequest(alice)).ok).toBe(true);
      expect((await target.countRequest(alice)).ok).toBe(false);
    });

    it('does not count a refused request against the budget', async () => {
      const target = await limiter({ requestsPerWindow: 2, maxConcurrentRuns: 1, windowMs: 10_000 });
      expect(await take(target, alice)).toBe(true);
      // Refused for concurrency: must not use up the per-minute budget.
      for (let index = 0; index < 5; index += 1) expect(await take(target, alice)).toBe(false);
      permits.splice(0).forEach((permit) => permit.release());
      expect(await take(target, alice)).toBe(true);
    });

    it('holds at most maxConcurrentRuns slots and frees one on release', async () => {
      const target = await limiter({
        requestsPerWindow: 100,
        maxConcurrentRuns: 2,
        windowMs: 60_000,
        busyRetryMs: 750,
      });
      const first = await target.acquire(alice);
      const second = await target.acquire(alice);
      expect(first.ok && second.ok).toBe(true);
      expect(await target.acquire(alice)).toEqual({ ok: false, retryAfterMs: 750 });
      if (first.ok) first.permit.release();
      const third = await target.acquire(alice);
      expect(third.ok).toBe(true);
      if (second.ok) permits.push(second.permit);
      if (third.ok) permits.push(third.permit);
    });

    it('frees a slot once however often its permit is released', async () => {
      const target = await limiter({ requestsPerWindow: 100, maxConcurrentRuns: 2, windowMs: 60_000 });
      const first = await target.acquire(alice);
      expect(await take(target, alice)).toBe(true);
      if (first.ok) {
        first.permit.release();
        first.permit.release();
        first.permit.release();
      }
      await sleep(20);
      expect(await take(target, alice)).toBe(true);
      expect(await take(target, alice)).toBe(false);
    });

    it('counts plain requests without taking a run slot', async () => {
      const target = await limiter({ requestsPerWindow: 10, maxConcurrentRuns: 1, windowMs: 60_000 });
      expect(await take(target, alice)).toBe(true);
      expect(await take(target, alice)).toBe(false);
      expect((await target.countRequest(alice)).ok).toBe(true);
    });

    it('keeps the budgets of different keys and of different addresses apart', async () => {
      const target = await limiter({ requestsPerWindow: 1, maxConcurrentRuns: 1, windowMs: 60_000 });
      expect(await take(target, alice)).toBe(true);
      expect(await take(target, alice)).toBe(false);
      // Same address, other key: its own budget; keyless callers are limited per address.
      expect(await take(target, bob)).toBe(true);
      expect(await take(target, anonymous)).toBe(true);
      expect(await take(target, anonymous)).toBe(false);
      expect(await take(target, otherAnonymous)).toBe(true);
    });
  });
}
