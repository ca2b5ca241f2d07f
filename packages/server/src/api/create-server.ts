import cors from '@fastify/cors';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { Redis } from 'ioredis';
import { createApp, type App } from '../app/index.js';
import type { Text2xConfig } from '../config/index.js';
import type { ApiContext } from './api-context.js';
import { assertCanServe, createAuthHook } from './auth/index.js';
import { httpError, registerErrorHandlers, sendHttpError } from './errors/index.js';
import { loggerOptions, type ServerLogging } from './logging.js';
import { PrometheusMetrics, runQueryWithTraceMetrics } from './metrics/index.js';
import { registerOpenApi } from './openapi.js';
import { createRateLimiter, type ApiRateLimiter } from './rate-limit/index.js';
import {
  registerConversationRoutes,
  registerHealthRoutes,
  registerProviderRoutes,
  registerQueryRoute,
  type ApiFastify,
  type RouteContext,
} from './routes/index.js';
import { RunTracker } from './run-tracker.js';
import { registerSseRoutes } from './sse/index.js';
import {
  createMemoryEventLog,
  createRedisEventLog,
  createRunManager,
  type EventLog,
  type RunManager,
} from './streaming/index.js';
import { registerWebSocketRoute } from './websocket/index.js';

/** The version in the OpenAPI document. */
export const SERVER_VERSION = '0.1.0';

/** Largest accepted request body: questions are ≤ 5,000 characters and edited queries ≤ 100,000. */
export const BODY_LIMIT_BYTES = 256 * 1024;

export interface CreateServerOptions {
  /** Server settings: host, port, CORS, auth, limits, Redis, shutdown grace. */
  config: Text2xConfig;
  /**
   * The composition root (store, providers, generators). Default: `createApp({ config })`. `close()`
   * closes the app only when the server created it; a caller that passes one closes it itself.
   */
  app?: App;
  /** pino logging; default `{ level: 'info' }` to stdout, `false` for none. Secrets are redacted. */
  logging?: ServerLogging;
  /** Replaces the limiter built from the config (tests). The server closes it. */
  limiter?: ApiRateLimiter;
  /** Replaces the event log built from the config (tests that share one between two servers). Not closed by the server. */
  eventLog?: EventLog;
}

export interface Text2xServer {
  fastify: FastifyInstance;
  ctx: ApiContext;
  /** Runs of every transport (REST, WebSocket, SSE). */
  runs: RunManager;
  /**
   * Binds to `config.host:config.port` and returns the base URL (`http://127.0.0.1:8000`). Refuses
   * (CONFIG_INVALID) when keys are required (`TEXT2X_AUTH=required`, or a bind address other than
   * loopback) and no valid key exists.
   */
  listen(): Promise<string>;
  /**
   * Graceful stop: stops accepting connections, lets runs finish for `graceMs` (default
   * `config.shutdownGraceMs`), then cancels the rest (clients receive `cancelled`), closes sockets,
   * the limiter, the event log and, when the server created it, the app. Calling it again returns
   * the same promise.
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

/**
 * Builds the HTTP server: Fastify 5 with zod validation, CORS, OpenAPI at `/docs`, the one error
 * format, API-key auth on every route but `/health`, `/ready` and `/docs`, per-key rate limits,
 * Prometheus metrics, the REST routes, and the WebSocket and SSE streaming routes.
 */
export async function createServer(options: CreateServerOptions): Promise<Text2xServer> {
  const { config } = options;
  const ownsApp = options.app === undefined;
  const app = options.app ?? (await createApp({ config }));
  const fastify = Fastify({
    logger: loggerOptions(options.logging ?? { level: 'info' }),
    bodyLimit: BODY_LIMIT_BYTES,
    // A request is refused, not buffered forever, when its client stalls.
    requestTimeout: 120_000,
    // Fastify's own 503 during close() would bypass the error format; draining is handled below.
    return503OnClosing: false,
  });
  const typed: ApiFastify = fastify.withTypeProvider<ZodTypeProvider>();
  fastify.setValidatorCompiler(validatorCompiler);
  fastify.setSerializerCompiler(serializerCompiler);
  registerErrorHandlers(fastify);

  const metrics = new PrometheusMetrics();
  const redisErrorLogged = new Set<string>();
  const logRedisError = (context: string) => (error: unknown) => {
    // At most one line a minute per context: ioredis retries every few hundred ms while Redis is down.
    if (redisErrorLogged.has(context)) return;
    redisErrorLogged.add(context);
    setTimeout(() => redisErrorLogged.delete(context), 60_000).unref();
    fastify.log.warn({ err: error }, `${context}: Redis is not available`);
  };
  const limiter = options.limiter ?? createRateLimiter(config, { onError: logRedisError('rate limiter') });
  const ctx: ApiContext = { app, config, limiter, metrics };

  const eventLogRedis =
    options.eventLog === undefined && config.redisUrl !== undefined
      ? new Redis(config.redisUrl, { maxRetriesPerRequest: 2, connectTimeout: 2000 })
      : undefined;
  eventLogRedis?.on('error', logRedisError('event log'));
  const eventLog =
    options.eventLog ??
    (eventLogRedis
      ? createRedisEventLog({
          redis: eventLogRedis,
          ttlMs: config.eventLogTtlMs,
          onError: logRedisError('event log'),
        })
      : createMemoryEventLog({ ttlMs: config.eventLogTtlMs }));
  const runs = createRunManager(ctx, {
    eventLog,
    runner: (request, { signal }) =>
      runQueryWithTraceMetrics(app.deps, request, {
        signal,
        onTrace: (report) => metrics.traceObserved(report),
      }),
    onError: (error, context) => fastify.log.error({ err: error }, `run manager: ${context}`),
  });
  const executions = new RunTracker();
  let draining = false;
  const routes: RouteContext = { ctx, limiter, metrics, runs, executions, draining: () => draining };

  await fastify.register(cors, {
    origin: config.corsOrigins.length === 0 ? false : config.corsOrigins,
    methods: ['GET', 'POST', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'last-event-id'],
    maxAge: 600,
  });
  await registerOpenApi(fastify, SERVER_VERSION);

  // Auth first: every later hook and handler, the WebSocket upgrade included, sees `request.identity`.
  fastify.addHook(
    'onRequest',
    createAuthHook({
      config,
      store: app.store,
      onTouchError: (error) => fastify.log.warn({ err: error }, 'could not record the use of an API key'),
    }),
  );
  fastify.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.config.text2x?.limit !== 'request') return;
    const decision = await limiter.countRequest(request.identity);
    if (decision.ok) return;
    metrics.rateLimited('rest');
    return sendHttpError(
      reply,
      httpError('RATE_LIMITED', undefined, { retryAfterMs: decision.retryAfterMs }),
    );
  });
  fastify.addHook('onSend', async (_request, reply) => {
    // While draining, tell keep-alive clients to reconnect (to another node) for their next request.
    if (draining) reply.header('connection', 'close');
  });
  fastify.addHook('onResponse', async (request, reply) => {
    // A WebSocket upgrade answered with HTTP (401, 404, 429) instead of 101: nothing else closes
    // that socket (the server's HTTP parser let go of it), and a half-open socket would hold it.
    if (request.headers.upgrade !== undefined) reply.raw.socket?.end();
    metrics.httpRequest({
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status: reply.statusCode,
      durationMs: reply.elapsedTime,
    });
  });

  registerHealthRoutes(typed, routes);
  registerQueryRoute(typed, routes);
  registerConversationRoutes(typed, app.store);
  registerProviderRoutes(typed, routes);
  await registerWebSocketRoute(fastify, ctx, runs);
  await registerSseRoutes(fastify, ctx, runs);
  await fastify.ready();

  let closing: Promise<void> | undefined;
  return {
    fastify,
    ctx,
    runs,
    async listen() {
      await assertCanServe(config, app.store);
      // With the event log in Redis: receive cross-node cancels before taking any request.
      await runs.ready;
      return fastify.listen({ host: config.host, port: config.port });
    },
    close(closeOptions = {}) {
      closing ??= (async () => {
        const graceMs = closeOptions.graceMs ?? config.shutdownGraceMs;
        draining = true;
        // No new connections from here on; open ones finish (or are closed by fastify.close below).
        if (fastify.server.listening) fastify.server.close();
        await Promise.all([runs.shutdown(graceMs), executions.shutdown(graceMs)]);
        await fastify.close();
        await limiter.close();
        if (options.eventLog === undefined) await eventLog.close();
        if (eventLogRedis) await eventLogRedis.quit().catch(() => eventLogRedis.disconnect());
        if (ownsApp) await app.close();
      })();
      return closing;
    },
  };
}
