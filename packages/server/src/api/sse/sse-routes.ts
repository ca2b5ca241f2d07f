import type { ServerResponse } from 'node:http';
import { ERROR_TABLE, QueryRequest, type ErrorCode, type ErrorMessage } from '@text2x/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiContext, Identity } from '../api-context.js';
import type { LoggedEvent, RunManager } from '../streaming/index.js';
import { identityOf } from '../websocket/index.js';

export interface SseRouteOptions {
  /** Interval of `: keep-alive` comments on an open stream (ms). Default 15000. */
  keepAliveMs?: number;
  /** The `retry:` reconnection delay suggested to clients (ms). Default 1000. */
  retryMs?: number;
}

function sendError(
  reply: FastifyReply,
  code: ErrorCode,
  message: string,
  extra: { details?: Record<string, unknown>; retryAfterMs?: number } = {},
): FastifyReply {
  if (extra.retryAfterMs !== undefined) {
    reply.header('retry-after', String(Math.max(1, Math.ceil(extra.retryAfterMs / 1000))));
  }
  return reply.code(ERROR_TABLE[code].http).send({
    error: {
      code,
      message,
      retryable: ERROR_TABLE[code].retryable,
      ...(extra.details ? { details: extra.details } : {}),
      ...(extra.retryAfterMs === undefined ? {} : { retry_after_ms: extra.retryAfterMs }),
    },
  });
}

function sendErrorMessage(reply: FastifyReply, message: ErrorMessage): FastifyReply {
  const retryAfter = message.data.details?.retry_after_ms;
  return sendError(reply, message.data.code, message.data.message, {
    ...(message.data.details ? { details: message.data.details } : {}),
    ...(typeof retryAfter === 'number' ? { retryAfterMs: retryAfter } : {}),
  });
}

/** `Last-Event-ID` (header, or `?last_event_id=` for clients that cannot set headers). */
function lastEventId(request: FastifyRequest): number | undefined | 'invalid' {
  const header = request.headers['last-event-id'];
  const query = (request.query as { last_event_id?: unknown } | undefined)?.last_event_id;
  const value = typeof header === 'string' ? header : typeof query === 'string' ? query : undefined;
  if (value === undefined || value.trim() === '') return undefined;
  if (!/^\d{1,15}$/.test(value.trim())) return 'invalid';
  return Number(value.trim());
}

function frame(event: LoggedEvent): string {
  // JSON.stringify escapes CR and LF, so `data` is always one line. Seq-0 errors (a resume that
  // cannot continue) carry no `id:` so that they do not move the client's Last-Event-ID.
  return event.seq > 0
    ? `id: ${event.seq}\nevent: ${event.type}\ndata: ${event.json}\n\n`
    : `event: ${event.type}\ndata: ${event.json}\n\n`;
}

function drained(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.on('drain', done);
    response.on('close', done);
  });
}

/**
 * Registers Server-Sent Events streaming:
 * - `POST /api/v1/query/stream` (body: a QueryRequest) starts a run and streams its messages,
 *   `id:` = seq, `event:` = type, `data:` = the message JSON. The request id is in every message
 *   and in the `X-Request-Id` header (URI-encoded). A body whose `request_id` names a request of
 *   this client that is still kept streams that request instead of starting another one.
 * - Resume, two equivalent forms: `GET /api/v1/query/stream/:request_id` with `Last-Event-ID`
 *   (or `?last_event_id=`; absent = from the start), or the original `POST` again with the
 *   `Last-Event-ID` header (the body must carry the `request_id`). Both replay every message after
 *   that seq, then continue live: no gap, no duplicate.
 * Refusals before the stream starts are JSON `{error: {code, message, retryable, …}}` with the
 * status of the error table (400 invalid body, 404 unknown or expired request, 429 rate limited
 * with `Retry-After`). A stream that cannot continue (an evicted range) ends with an `error` event
 * with seq 0 and no `id:`.
 */
export function registerSseRoutes(
  app: FastifyInstance,
  _ctx: ApiContext,
  runs: RunManager,
  options: SseRouteOptions = {},
): Promise<void> {
  const keepAliveMs = options.keepAliveMs ?? 15_000;
  const retryMs = options.retryMs ?? 1000;

  async function stream(
    reply: FastifyReply,
    identity: Identity,
    requestId: string,
    afterSeq: number,
  ): Promise<void> {
    const response = reply.raw;
    let open = false;
    let finished = false;
    let keepAlive: NodeJS.Timeout | undefined;
    const attachment: { detach?: () => void } = {};

    const begin = (): void => {
      if (open) return;
      open = true;
      reply.hijack();
      response.writeHead(200, {
        ...(reply.getHeaders() as Record<string, string>),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-request-id': encodeURIComponent(requestId),
      });
      response.write(`retry: ${retryMs}\n\n`);
      keepAlive = setInterval(() => {
        if (!response.writableNeedDrain) response.write(': keep-alive\n\n');
      }, keepAliveMs);
      keepAlive.unref();
    };
    const finish = (): void => {
      if (finished) return;
      finished = true;
      clearInterval(keepAlive);
      attachment.detach?.();
      if (open && !response.writableEnded) response.end();
    };
    // The client went away: stop writing; the run goes on for the grace period, waiting for a resume.
    response.on('close', finish);

    const attached = await runs.attach(identity, requestId, afterSeq, {
      deliver(event) {
        if (finished) return;
        begin();
        return response.write(frame(event)) ? undefined : drained(response);
      },
      end() {
        begin();
        finish();
      },
    });
    if (!attached.ok) {
      finished = true;
      sendErrorMessage(reply, attached.message);
      return;
    }
    attachment.detach = attached.detach;
    if (finished) attached.detach();
    else begin();
  }

  app.post('/api/v1/query/stream', async (request, reply) => {
    const identity = identityOf(request);
    const resumeFrom = lastEventId(request);
    if (resumeFrom === 'invalid') {
      return sendError(reply, 'INVALID_REQUEST', 'Last-Event-ID must be a non-negative integer (a seq)');
    }
    if (resumeFrom !== undefined) {
      const requestId = (request.body as { request_id?: unknown } | null | undefined)?.request_id;
      if (typeof requestId !== 'string' || requestId.length === 0 || requestId.length > 100) {
        return sendError(
          reply,
          'INVALID_REQUEST',
          'resuming with Last-Event-ID needs the request_id in the body',
        );
      }
      await stream(reply, identity, requestId, resumeFrom);
      return;
    }
    const parsed = QueryRequest.safeParse(request.body);
    if (!parsed.success) {
      const reason = parsed.error.issues
        .slice(0, 5)
        .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
        .join('; ');
      return sendError(reply, 'INVALID_REQUEST', `invalid request: ${reason}`);
    }
    const started = await runs.start(parsed.data, identity, { transport: 'sse' });
    if (started.status === 'refused') return sendErrorMessage(reply, started.message);
    await stream(reply, identity, started.requestId, 0);
  });

  app.get<{ Params: { request_id: string } }>('/api/v1/query/stream/:request_id', async (request, reply) => {
    const resumeFrom = lastEventId(request);
    if (resumeFrom === 'invalid') {
      return sendError(reply, 'INVALID_REQUEST', 'Last-Event-ID must be a non-negative integer (a seq)');
    }
    const requestId = request.params.request_id;
    if (requestId.length === 0 || requestId.length > 100) {
      return sendError(reply, 'INVALID_REQUEST', 'request_id must be 1–100 characters');
    }
    await stream(reply, identityOf(request), requestId, resumeFrom ?? 0);
  });
  return Promise.resolve();
}
