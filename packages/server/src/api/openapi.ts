import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/** Where the OpenAPI UI is served; the document itself is at `${DOCS_PATH}/json`. */
export const DOCS_PATH = '/docs';

/**
 * The OpenAPI 3 document, generated from the routes' zod schemas (the protocol package), and its
 * UI. Register before the routes: the document is built from the routes added after it.
 */
export async function registerOpenApi(fastify: FastifyInstance, version: string): Promise<void> {
  await fastify.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'text2x',
        version,
        description:
          'Turns questions in plain language into safe, read-only queries, runs them and streams every ' +
          'step. Errors are `{error: {code, message, retryable, details?}}` with the HTTP status of the ' +
          "code in the protocol's error table. Streaming: `GET /ws/query` (WebSocket) and " +
          '`POST /api/v1/query/stream` (Server-Sent Events).',
      },
      tags: [
        { name: 'query', description: 'Questions and their answers' },
        { name: 'conversations', description: 'Conversation history and feedback' },
        { name: 'providers', description: 'Data sources' },
        { name: 'operations', description: 'Health, readiness and metrics' },
      ],
      components: {
        securitySchemes: {
          bearerAuth: {
            type: 'http',
            scheme: 'bearer',
            description:
              'An API key from `text2x keys create`. Required when any key exists or the server is exposed.',
          },
          apiKeyQuery: {
            type: 'apiKey',
            in: 'query',
            name: 'api_key',
            description:
              'The same key as a query parameter, for browsers (WebSocket, EventSource). Weaker: URLs end up ' +
              'in proxy logs and browser history.',
          },
        },
      },
      security: [{ bearerAuth: [] }, { apiKeyQuery: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await fastify.register(swaggerUi, { routePrefix: DOCS_PATH });
}
