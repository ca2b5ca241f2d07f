import type { Text2xConfig } from '../../config/index.js';
import type { ApiRateLimiter } from './api-rate-limiter.js';
import { MemoryRateLimiter } from './memory-rate-limiter.js';
import { RedisRateLimiter } from './redis-rate-limiter.js';

/** The configured limiter: in Redis when `REDIS_URL` is set (shared by every node), else in memory. */
export function createRateLimiter(
  config: Pick<Text2xConfig, 'ratePerMinute' | 'maxConcurrentRuns' | 'redisUrl'>,
  options: { onError?: (error: unknown) => void } = {},
): ApiRateLimiter {
  const limits = { requestsPerWindow: config.ratePerMinute, maxConcurrentRuns: config.maxConcurrentRuns };
  if (config.redisUrl === undefined) return new MemoryRateLimiter(limits);
  return new RedisRateLimiter({
    ...limits,
    url: config.redisUrl,
    ...(options.onError ? { onError: options.onError } : {}),
  });
}
