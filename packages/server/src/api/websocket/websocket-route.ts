import websocket from '@fastify/websocket';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import WebSocket from 'ws';
import type { ApiContext, Identity } from '../api-context.js';
import type { RunManager } from '../streaming/index.js';
import { CLOSE_CODES, WebSocketSession } from './websocket-session.js';

export interface WebSocketRouteOptions {
  /** Path of the route. Default `/ws/query`. */
  path?: string;
  /** Buffered bytes of a socket above which its requests wait for it to drain (backpressure). Default 512 KiB. */
  highWaterMarkBytes?: number;
  /** Buffered bytes above which a client that keeps sending frames without reading is dropped. Default 16 MiB. */
  maxBufferedBytes?: number;
}

/** The caller set by the auth hook (`request.identity`), or the client address when there is none. */
export function identityOf(request: FastifyRequest): Identity {
  const identity = (request as FastifyRequest & { identity?: Identity }).identity;
  return identity ?? { keyId: null, address: request.ip };
}

/**
 * Registers `@fastify/websocket` (frames above `config.wsMaxFrameBytes` close the socket with
 * 1009) and `GET /ws/query`. Register it before other WebSocket routes and do not register
 * `@fastify/websocket` elsewhere. On `app.close()` open sockets are closed with 1001; call
 * `runs.shutdown()` first so that running requests end with `cancelled` on their sockets.
 */
export async function registerWebSocketRoute(
  app: FastifyInstance,
  ctx: ApiContext,
  runs: RunManager,
  options: WebSocketRouteOptions = {},
): Promise<void> {
  const config = ctx.config;
  const sessions = new Set<WebSocketSession>();
  const limits = {
    maxRequests: config.wsMaxRequestsPerSocket,
    idleTimeoutMs: config.wsIdleTimeoutMs,
    highWaterMarkBytes: options.highWaterMarkBytes ?? 512 * 1024,
    maxBufferedBytes: options.maxBufferedBytes ?? 16 * 1024 * 1024,
  };

  await app.register(websocket, {
    options: { maxPayload: config.wsMaxFrameBytes },
    errorHandler(error, socket, request) {
      // A frame over maxPayload or a protocol error: `ws` is already closing the socket with the
      // right code (1009, 1002, 1007); terminating here would cut that close frame off.
      request.log.debug({ err: error }, 'websocket error');
      if (socket.readyState === WebSocket.OPEN) socket.terminate();
    },
    preClose(done) {
      for (const session of sessions) session.close(CLOSE_CODES.shutdown, 'the server is shutting down');
      app.websocketServer.close();
      done();
    },
  });

  const heartbeat = setInterval(() => {
    const now = Date.now();
    for (const session of sessions) session.tick(now);
  }, config.wsHeartbeatMs);
  heartbeat.unref();
  app.addHook('onClose', (_instance, done) => {
    clearInterval(heartbeat);
    done();
  });

  app.get(options.path ?? '/ws/query', { websocket: true }, (socket, request) => {
    sessions.add(
      new WebSocketSession(socket, identityOf(request), ctx, runs, limits, (session) =>
        sessions.delete(session),
      ),
    );
  });
}
