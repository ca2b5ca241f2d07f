export {
  limitKeyOf,
  type ApiRateLimiter,
  type RateLimits,
  type RequestDecision,
} from './api-rate-limiter.js';
export { createRateLimiter } from './create-rate-limiter.js';
export { MemoryRateLimiter } from './memory-rate-limiter.js';
export { RedisRateLimiter, type RedisRateLimiterOptions } from './redis-rate-limiter.js';
