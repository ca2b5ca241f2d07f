import './auth/fastify-augmentation.js';

export type {
  ApiContext,
  ApiMetrics,
  Identity,
  RateDecision,
  RateLimiter,
  RunPermit,
} from './api-context.js';
export {
  BODY_LIMIT_BYTES,
  createServer,
  SERVER_VERSION,
  type CreateServerOptions,
  type Text2xServer,
} from './create-server.js';
export {
  API_KEY_PREFIX,
  assertCanServe,
  authRequired,
  forcedAuthReason,
  generateApiKey,
  hashApiKey,
  isLoopbackHost,
  type GeneratedApiKey,
} from './auth/index.js';
export { httpError, toHttpError, type HttpError } from './errors/index.js';
export { redactUrlSecrets, type ServerLogging } from './logging.js';
export { PrometheusMetrics } from './metrics/index.js';
export {
  createRateLimiter,
  MemoryRateLimiter,
  RedisRateLimiter,
  type ApiRateLimiter,
  type RateLimits,
  type RedisRateLimiterOptions,
  type RequestDecision,
} from './rate-limit/index.js';
