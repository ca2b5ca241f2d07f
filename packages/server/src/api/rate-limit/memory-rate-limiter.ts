import type { Identity, RateDecision, RunPermit } from '../api-context.js';
import {
  limitKeyOf,
  type ApiRateLimiter,
  type RateLimits,
  type RequestDecision,
} from './api-rate-limiter.js';

interface Bucket {
  /** Times of the counted requests inside the window, oldest first. */
  hits: number[];
  running: number;
}

/**
 * Limits kept in this process: a sliding-window log (the time of every counted request in the
 * last window, at most `requestsPerWindow` per identity) and a count of held run slots. Exact, and
 * small: one array of at most `requestsPerWindow` numbers per active identity; idle buckets are
 * dropped.
 */
export class MemoryRateLimiter implements ApiRateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly windowMs: number;
  private readonly busyRetryMs: number;
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly limits: RateLimits,
    private readonly now: () => number = Date.now,
  ) {
    this.windowMs = limits.windowMs ?? 60_000;
    this.busyRetryMs = limits.busyRetryMs ?? 1000;
    this.sweeper = setInterval(() => this.sweep(), Math.max(1000, this.windowMs)).unref();
  }

  acquire(identity: Identity): Promise<RateDecision> {
    return Promise.resolve(this.take(identity, true));
  }

  countRequest(identity: Identity): Promise<RequestDecision> {
    const decision = this.take(identity, false);
    return Promise.resolve(decision.ok ? { ok: true } : decision);
  }

  /** Exposed for the contract suite's fallback tests and the Redis limiter's degraded mode. */
  take(identity: Identity, withSlot: boolean): RateDecision {
    const key = limitKeyOf(identity);
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { hits: [], running: 0 };
    this.buckets.set(key, bucket);
    const since = now - this.windowMs;
    while (bucket.hits.length > 0 && bucket.hits[0]! <= since) bucket.hits.shift();
    if (bucket.hits.length >= this.limits.requestsPerWindow) {
      return { ok: false, retryAfterMs: Math.max(1, bucket.hits[0]! + this.windowMs - now) };
    }
    if (withSlot && bucket.running >= this.limits.maxConcurrentRuns) {
      return { ok: false, retryAfterMs: this.busyRetryMs };
    }
    bucket.hits.push(now);
    if (!withSlot) return { ok: true, permit: { release: () => undefined } };
    bucket.running += 1;
    let released = false;
    const permit: RunPermit = {
      release: () => {
        if (released) return;
        released = true;
        bucket.running -= 1;
      },
    };
    return { ok: true, permit };
  }

  private sweep(): void {
    const since = this.now() - this.windowMs;
    for (const [key, bucket] of this.buckets) {
      const last = bucket.hits[bucket.hits.length - 1];
      if (bucket.running === 0 && (last === undefined || last <= since)) this.buckets.delete(key);
    }
  }

  close(): Promise<void> {
    clearInterval(this.sweeper);
    return Promise.resolve();
  }
}
