import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Identity, RateDecision, RunPermit } from '../api-context.js';
import {
  limitKeyOf,
  type ApiRateLimiter,
  type RateLimits,
  type RequestDecision,
} from './api-rate-limiter.js';
import { MemoryRateLimiter } from './memory-rate-limiter.js';

/**
 * One atomic step (a Lua script runs alone on the Redis server), with Redis's clock so nodes with
 * skewed clocks still share one window. KEYS: the request log (sorted set: member per request,
 * score = time) and the run slots (sorted set: member per permit, score = lease expiry).
 * ARGV: window ms, requests allowed, runs allowed, lease ms, member, 1 to take a run slot,
 * busy retry ms. Returns {1, 0} or {0, retry after ms}.
 */
const ACQUIRE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  local retry = tonumber(oldest[2]) + window - now
  if retry < 1 then retry = 1 end
  return {0, retry}
end
if ARGV[6] == '1' then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
  if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[3]) then
    return {0, tonumber(ARGV[7])}
  end
  redis.call('ZADD', KEYS[2], now + tonumber(ARGV[4]), ARGV[5])
  redis.call('PEXPIRE', KEYS[2], tonumber(ARGV[4]))
end
redis.call('ZADD', KEYS[1], now, ARGV[5])
redis.call('PEXPIRE', KEYS[1], window)
return {1, 0}
`;

/** Extends a held slot's lease; a slot that already expired (or was released) is not brought back. */
const RENEW_SCRIPT = `
if redis.call('ZSCORE', KEYS[1], ARGV[1]) == false then return 0 end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
return 1
`;

export interface RedisRateLimiterOptions extends RateLimits {
  /** `redis://HOST:PORT/DB`. */
  url: string;
  /** Prefix of every key. Default `text2x:rate:`; tests use a unique one. */
  keyPrefix?: string;
  /**
   * A run slot is a lease renewed every third of this while the run lasts, so the slots of a node
   * that died free themselves after at most this long. Default 60000.
   */
  leaseMs?: number;
  /** Told when Redis fails and this node falls back to its own in-memory limits. */
  onError?: (error: unknown) => void;
}

/**
 * Limits shared by every node through Redis: the same sliding-window log and run slots as the
 * in-memory limiter, each decision one atomic Lua script. When Redis cannot be reached the node
 * falls back to in-memory limits (per node, so briefly looser) rather than refusing every request or
 * letting everything through; `onError` reports it.
 */
export class RedisRateLimiter implements ApiRateLimiter {
  private readonly redis: Redis;
  private readonly fallback: MemoryRateLimiter;
  private readonly windowMs: number;
  private readonly leaseMs: number;
  private readonly busyRetryMs: number;
  private readonly keyPrefix: string;
  /** Lease renewals of the slots this node holds; stopped by `close()`. */
  private readonly renewals = new Set<NodeJS.Timeout>();

  constructor(private readonly options: RedisRateLimiterOptions) {
    this.windowMs = options.windowMs ?? 60_000;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.busyRetryMs = options.busyRetryMs ?? 1000;
    this.keyPrefix = options.keyPrefix ?? 'text2x:rate:';
    this.fallback = new MemoryRateLimiter(options);
    // Fail fast instead of queueing commands for long: a limiter that hangs stalls every request.
    this.redis = new Redis(options.url, {
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      commandTimeout: 2000,
    });
    this.redis.on('error', (error: unknown) => options.onError?.(error));
  }

  async acquire(identity: Identity): Promise<RateDecision> {
    const member = randomUUID();
    const runsKey = `${this.keyPrefix}runs:${limitKeyOf(identity)}`;
    let allowed: [number, number];
    try {
      allowed = await this.run(identity, member, true);
    } catch (error) {
      this.options.onError?.(error);
      return this.fallback.acquire(identity);
    }
    if (allowed[0] !== 1) return { ok: false, retryAfterMs: allowed[1] };
    const renew = setInterval(
      () => {
        this.redis.eval(RENEW_SCRIPT, 1, runsKey, member, this.leaseMs).catch((error: unknown) => {
          this.options.onError?.(error);
        });
      },
      Math.max(100, Math.floor(this.leaseMs / 3)),
    ).unref();
    this.renewals.add(renew);
    let released = false;
    const permit: RunPermit = {
      release: () => {
        if (released) return;
        released = true;
        clearInterval(renew);
        this.renewals.delete(renew);
        this.redis.zrem(runsKey, member).catch((error: unknown) => this.options.onError?.(error));
      },
    };
    return { ok: true, permit };
  }

  async countRequest(identity: Identity): Promise<RequestDecision> {
    try {
      const [ok, retryAfterMs] = await this.run(identity, randomUUID(), false);
      return ok === 1 ? { ok: true } : { ok: false, retryAfterMs };
    } catch (error) {
      this.options.onError?.(error);
      return this.fallback.countRequest(identity);
    }
  }

  private async run(identity: Identity, member: string, withSlot: boolean): Promise<[number, number]> {
    // Once a connection failed, decide locally until it is back instead of waiting on each request.
    const status = this.redis.status;
    if (status === 'reconnecting' || status === 'close' || status === 'end') {
      throw new Error(`Redis is ${status}`);
    }
    const key = limitKeyOf(identity);
    const result = (await this.redis.eval(
      ACQUIRE_SCRIPT,
      2,
      `${this.keyPrefix}requests:${key}`,
      `${this.keyPrefix}runs:${key}`,
      this.windowMs,
      this.options.requestsPerWindow,
      this.options.maxConcurrentRuns,
      this.leaseMs,
      member,
      withSlot ? '1' : '0',
      this.busyRetryMs,
    )) as [number, number];
    return [Number(result[0]), Number(result[1])];
  }

  /** Stops renewing held slots (they expire after `leaseMs`) and closes the connection. */
  async close(): Promise<void> {
    for (const renew of this.renewals) clearInterval(renew);
    this.renewals.clear();
    await this.fallback.close();
    try {
      await this.redis.quit();
    } catch {
      this.redis.disconnect();
    }
  }
}
