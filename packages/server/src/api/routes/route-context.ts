import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ApiContext } from '../api-context.js';
import type { PrometheusMetrics } from '../metrics/index.js';
import type { ApiRateLimiter } from '../rate-limit/index.js';
import type { RunTracker } from '../run-tracker.js';
import type { RunManager } from '../streaming/index.js';

/** The Fastify instance the routes are registered on, typed by the zod schemas. */
export type ApiFastify = FastifyInstance<
  Server,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** What the REST routes share, built by `createServer`. */
export interface RouteContext {
  ctx: ApiContext;
  limiter: ApiRateLimiter;
  metrics: PrometheusMetrics;
  /** Question runs (shared with the WebSocket and SSE transports: one set of limits and metrics). */
  runs: RunManager;
  /** Runs of `…/execute`, for the graceful shutdown. */
  executions: RunTracker;
  /** True once a shutdown began: `/ready` answers 503 so load balancers stop sending traffic. */
  draining(): boolean;
}
