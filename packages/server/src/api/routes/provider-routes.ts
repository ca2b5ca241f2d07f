import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  ErrorResponse,
  ExecuteRequest,
  ExecuteResponse,
  IdParams,
  ProviderConfigInput,
  ProviderCreatedResponse,
  ProviderListResponse,
  SchemaResponse,
  type ProviderSummary,
} from '@text2x/protocol';
import { z } from 'zod';
import type { App } from '../../app/index.js';
import { Text2xError, type SchemaInfo } from '../../core/index.js';
import { runEditedQuery } from '../../pipeline/index.js';
import { describeProviderTarget, type ProviderConfig, type TlsSetting } from '../../providers/index.js';
import { httpError, sendHttpError } from '../errors/index.js';
import { clientGone } from './query-route.js';
import type { ApiFastify, RouteContext } from './route-context.js';

type TlsInput = Extract<ProviderConfigInput, { kind: 'postgres' }>['tls'];

function toTls(tls: TlsInput): TlsSetting | undefined {
  if (tls === undefined || typeof tls === 'boolean') return tls;
  return {
    ...(tls.reject_unauthorized === undefined ? {} : { rejectUnauthorized: tls.reject_unauthorized }),
    ...(tls.ca_file === undefined ? {} : { caFile: tls.ca_file }),
  };
}

/** The wire config (snake_case) as the stored `ProviderConfig`; file paths are made absolute. */
export function toProviderConfig(input: ProviderConfigInput): ProviderConfig {
  const base = {
    id: input.id,
    ...(input.description === undefined ? {} : { description: input.description }),
  };
  switch (input.kind) {
    case 'sqlite':
      return { ...base, kind: 'sqlite', path: resolve(input.path) };
    case 'postgres':
    case 'mysql': {
      const tls = toTls(input.tls);
      return {
        ...base,
        kind: input.kind,
        url: input.url,
        ...(input.password_env === undefined ? {} : { passwordEnv: input.password_env }),
        ...(input.kind === 'postgres' && input.schemas !== undefined ? { schemas: input.schemas } : {}),
        ...(tls === undefined ? {} : { tls }),
        ...(input.pool_size === undefined ? {} : { poolSize: input.pool_size }),
      };
    }
    case 'duckdb':
      return {
        ...base,
        kind: 'duckdb',
        ...(input.database === undefined ? {} : { database: resolve(input.database) }),
        ...(input.files === undefined ? {} : { files: input.files }),
      };
  }
}

/** A provider as listed: never its raw config, whose URL may hold a password. */
export function toProviderSummary(config: ProviderConfig): ProviderSummary {
  return {
    id: config.id,
    kind: config.kind,
    ...(config.description === undefined ? {} : { description: config.description }),
    target: describeProviderTarget(config),
  };
}

export function toSchemaResponse(providerId: string, schema: SchemaInfo): SchemaResponse {
  return {
    provider_id: providerId,
    dialect: schema.dialect,
    tables: schema.tables.map((table) => ({
      name: table.name,
      kind: table.kind,
      columns: table.columns.map((column) => ({
        name: column.name,
        type: column.type,
        category: column.category,
        nullable: column.nullable,
        primary_key: column.primaryKey,
        ...(column.description === undefined ? {} : { description: column.description }),
        ...(column.sampleValues === undefined ? {} : { sample_values: column.sampleValues }),
      })),
      primary_key: table.primaryKey,
      foreign_keys: table.foreignKeys.map((key) => ({
        columns: key.columns,
        referenced_table: key.referencedTable,
        referenced_columns: key.referencedColumns,
      })),
      ...(table.rowCount === undefined ? {} : { row_count: table.rowCount }),
      ...(table.description === undefined ? {} : { description: table.description }),
    })),
  };
}

/**
 * Registers a provider and opens it once, like `text2x providers add`: a source that cannot be
 * opened (a missing or corrupt file, a server that refuses) is removed again and the error returned.
 */
export async function addProvider(app: App, config: ProviderConfig): Promise<number> {
  if (config.kind === 'sqlite' && !existsSync(config.path)) {
    throw new Text2xError('PROVIDER_UNAVAILABLE', `no such file: ${config.path}`);
  }
  await app.store.addProvider(config);
  try {
    const { schema } = await app.providers.open(config.id);
    return schema.tables.length;
  } catch (error) {
    await app.providers.forget(config.id);
    await app.store.removeProvider(config.id);
    throw error;
  }
}

const limited = { text2x: { limit: 'request' as const } };

/** Data sources: list, add, remove, schema, schema refresh, and running a person's query. */
export function registerProviderRoutes(fastify: ApiFastify, routes: RouteContext): void {
  const app = routes.ctx.app;

  fastify.get(
    '/api/v1/providers',
    {
      config: limited,
      schema: {
        tags: ['providers'],
        summary: 'The data sources; connection URLs are shown with any password replaced by ***',
        response: { 200: ProviderListResponse, '4xx': ErrorResponse },
      },
    },
    async () => ({ providers: (await app.store.listProviders()).map(toProviderSummary) }),
  );

  fastify.post(
    '/api/v1/providers',
    {
      config: limited,
      schema: {
        tags: ['providers'],
        summary: 'Add a data source; it is opened once and refused when it cannot be',
        body: ProviderConfigInput,
        response: { 201: ProviderCreatedResponse, '4xx': ErrorResponse, '5xx': ErrorResponse },
      },
    },
    async (request, reply) => {
      const config = toProviderConfig(request.body);
      const tables = await addProvider(app, config);
      return reply
        .code(201)
        .send({ provider: toProviderSummary(config), tables } satisfies ProviderCreatedResponse);
    },
  );

  fastify.delete(
    '/api/v1/providers/:id',
    {
      config: limited,
      schema: {
        tags: ['providers'],
        summary: 'Remove a data source (its conversations are kept)',
        params: IdParams,
        response: { 204: z.null().describe('Removed'), '4xx': ErrorResponse },
      },
    },
    async (request, reply) => {
      await app.providers.forget(request.params.id);
      if (!(await app.store.removeProvider(request.params.id))) {
        throw new Text2xError('UNKNOWN_PROVIDER', `no data source has the id "${request.params.id}"`);
      }
      return reply.code(204).send(null);
    },
  );

  fastify.get(
    '/api/v1/providers/:id/schema',
    {
      config: limited,
      schema: {
        tags: ['providers'],
        summary: 'Tables, columns, keys and sample values of a data source (cached after the first read)',
        params: IdParams,
        response: { 200: SchemaResponse, '4xx': ErrorResponse, '5xx': ErrorResponse },
      },
    },
    async (request) =>
      toSchemaResponse(request.params.id, (await app.providers.open(request.params.id)).schema),
  );

  fastify.post(
    '/api/v1/providers/:id/schema/refresh',
    {
      config: limited,
      schema: {
        tags: ['providers'],
        summary: 'Read the schema of a data source again (after a migration)',
        params: IdParams,
        response: { 200: SchemaResponse, '4xx': ErrorResponse, '5xx': ErrorResponse },
      },
    },
    async (request) => {
      if (!(await app.store.getProvider(request.params.id))) {
        throw new Text2xError('UNKNOWN_PROVIDER', `no data source has the id "${request.params.id}"`);
      }
      await app.providers.forget(request.params.id);
      return toSchemaResponse(request.params.id, (await app.providers.open(request.params.id)).schema);
    },
  );

  fastify.post(
    '/api/v1/providers/:id/execute',
    {
      schema: {
        tags: ['providers'],
        summary: 'Validate and run a query a person wrote or edited, with the same read-only policy',
        description:
          'The same validator, policy and executor as generated queries: a write is refused with ' +
          'QUERY_REJECTED, unknown names with VALIDATION_FAILED (the issues are in `details`). Takes a run slot.',
        params: IdParams,
        body: ExecuteRequest,
        response: { 200: ExecuteResponse, '4xx': ErrorResponse, '5xx': ErrorResponse },
      },
    },
    async (request, reply) => {
      const decision = await routes.limiter.acquire(request.identity);
      if (!decision.ok) {
        routes.ctx.metrics.rateLimited('rest');
        return sendHttpError(
          reply,
          httpError('RATE_LIMITED', undefined, { retryAfterMs: decision.retryAfterMs }),
        );
      }
      const cancel = clientGone(reply);
      try {
        const outcome = await routes.executions.track(
          (signal) =>
            runEditedQuery(app.providers, {
              providerId: request.params.id,
              query: request.body.query,
              maxRows: request.body.max_rows,
              timeoutMs: request.body.timeout_ms,
              signal,
            }),
          cancel,
        );
        return {
          provider_id: request.params.id,
          query: request.body.query,
          validation: outcome.validation,
          execution: outcome.execution,
        } satisfies ExecuteResponse;
      } finally {
        decision.permit.release();
      }
    },
  );
}
