import type { FastifyRequest } from 'fastify';

/** Where the server logs: pino JSON lines at `level` to `stream` (default stdout); `false` for none. */
export type ServerLogging = false | { level?: string; stream?: NodeJS.WritableStream };

/** Query parameters whose values are secrets. */
const SECRET_PARAMETERS = /([?&](?:api_key|apikey|token|access_token)=)[^&#]*/gi;

/** The URL with the values of secret query parameters (`?api_key=…`) replaced by `[redacted]`. */
export function redactUrlSecrets(url: string): string {
  return url.replace(SECRET_PARAMETERS, '$1[redacted]');
}

/**
 * Fastify logger options: the request serializer logs the URL without secret query parameters and
 * no headers; `redact` also covers headers and bodies that code might log explicitly.
 */
export function loggerOptions(logging: ServerLogging): false | Record<string, unknown> {
  if (logging === false) return false;
  return {
    level: logging.level ?? 'info',
    ...(logging.stream ? { stream: logging.stream } : {}),
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'headers.authorization',
        'headers.cookie',
        '*.apiKey',
        '*.api_key',
        '*.password',
        'apiKey',
        'api_key',
        'password',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req(request: FastifyRequest) {
        return {
          method: request.method,
          url: redactUrlSecrets(request.url),
          remoteAddress: request.ip,
        };
      },
    },
  };
}
