import { ERROR_TABLE, QueryErrorResponse, QueryRequest, QueryResponse } from '@text2x/protocol';
import type { FastifyReply } from 'fastify';
import { httpError, sendHttpError } from '../errors/index.js';
import type { ApiFastify, RouteContext } from './route-context.js';

/** An AbortSignal that fires when the client closes the connection before the response is sent. */
export function clientGone(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort(new Error('the client went away'));
  });
  return controller.signal;
}

/**
 * `POST /api/v1/query`: runs a question to its terminal message through the run manager, like the
 * WebSocket and SSE transports, so that rate limits, metrics, the event log (resume by
 * `request_id`) and the graceful shutdown apply to it the same way.
 */
export function registerQueryRoute(fastify: ApiFastify, routes: RouteContext): void {
  fastify.post(
    '/api/v1/query',
    {
      schema: {
        tags: ['query'],
        summary: 'Answer a question and return the terminal message',
        description:
          'Runs the pipeline to its end. 200 with a `result` or `clarification` message; a run that ends ' +
          'with `error` or `cancelled` answers with the status of its code and the terminal message in ' +
          '`terminal`. Rows are always in the result here (`stream_rows` is ignored: stream them with ' +
          '`POST /api/v1/query/stream` or the WebSocket). Takes a run slot: 429 with `Retry-After` when ' +
          'the per-minute budget or the concurrent runs of the caller are used up.',
        body: QueryRequest,
        response: { 200: QueryResponse, '4xx': QueryErrorResponse, '5xx': QueryErrorResponse },
      },
    },
    async (request, reply) => {
      const body: QueryRequest = {
        ...request.body,
        options: { ...request.body.options, stream_rows: false },
      };
      const terminal = await routes.runs.runToEnd(body, request.identity, {
        transport: 'rest',
        signal: clientGone(reply),
      });
      if (terminal.type === 'result' || terminal.type === 'clarification')
        return reply.code(200).send(terminal);
      if (terminal.type === 'error' && terminal.data.code === 'RATE_LIMITED') {
        // Refused before it ran (the run manager counted it): a plain 429, no run to report.
        const wait = terminal.data.details?.retry_after_ms;
        return sendHttpError(
          reply,
          httpError('RATE_LIMITED', terminal.data.message, {
            retryAfterMs: typeof wait === 'number' ? wait : 1000,
          }),
        );
      }
      const error =
        terminal.type === 'error'
          ? httpError(terminal.data.code, terminal.data.message, { details: terminal.data.details })
          : httpError('CANCELLED', `The request was cancelled: ${terminal.data.reason}.`);
      return reply
        .code(ERROR_TABLE[error.body.error.code].http)
        .send({ ...error.body, terminal } satisfies QueryErrorResponse);
    },
  );
}
