import type { FastifyInstance, FastifyReply } from 'fastify';
import { httpError, toHttpError, type HttpError } from './http-error.js';

/** Sends an HTTP error with its status, `Retry-After` when set, and the `{error}` body. */
export function sendHttpError(reply: FastifyReply, error: HttpError): FastifyReply {
  if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
  return reply.code(error.status).type('application/json; charset=utf-8').send(error.body);
}

/**
 * One error format for every route: `{error: {code, message, retryable, details?}}` with the status
 * from the error table. Faults are logged with their cause and stack here, on the server only.
 */
export function registerErrorHandlers(fastify: FastifyInstance): void {
  fastify.setErrorHandler((error, request, reply) => {
    const mapped = toHttpError(error);
    if (mapped.status >= 500) {
      request.log.error({ err: error }, 'request failed');
    } else {
      request.log.debug({ code: mapped.body.error.code }, mapped.body.error.message);
    }
    // The route may have set headers (content type, a stream) before failing.
    reply.removeHeader('content-length');
    return sendHttpError(reply, mapped);
  });
  fastify.setNotFoundHandler((request, reply) =>
    sendHttpError(
      reply,
      httpError('NOT_FOUND', `no route for ${request.method} ${request.url.split('?')[0]}`),
    ),
  );
}
