import type { ExecutionResult, ValidationReport } from '@text2x/protocol';
import { Text2xError, type SchemaInfo } from '../../core/index.js';
import {
  redactUrl,
  type ExecuteOptions,
  type Provider,
  type ProviderCapabilities,
  type RowBatch,
  type StreamOptions,
  type StreamSummary,
  type ValidateOptions,
} from '../provider.js';
import { PostgresProviderConfig } from './postgres-config.js';
import { postgresDialectNotes } from './postgres-dialect-notes.js';
import type { PostgresDriver } from './postgres-driver.js';
import { PostgresExecutor } from './postgres-executor.js';
import { introspectPostgres } from './postgres-introspector.js';
import { createPostgresPoolDriver } from './postgres-pool-driver.js';
import { errorMessage } from './postgres-transaction.js';
import { loadPostgresParser, PostgresValidator } from './postgres-validator.js';
import { PostgresTypeRegistry } from './postgres-values.js';

/** What `open` may be given besides the configuration. */
export interface PostgresProviderDependencies {
  /**
   * The engine to talk to instead of a `pg.Pool` opened from `config.url` (PGlite in tests). The
   * provider owns it: `close()` closes it.
   */
  driver?: PostgresDriver;
}

/** Where the provider points and what it found there; safe to show (no password). */
export interface PostgresProviderDescription {
  id: string;
  kind: 'postgres';
  /** The URL with any password replaced by `***`. */
  target: string;
  schemas: readonly string[];
  database: string;
  serverVersion: string;
}

/**
 * A PostgreSQL database as a data source: a connection pool (`poolSize`, default 5), the
 * validator (token policy, PostgreSQL's parser, parse-tree policy, names, EXPLAIN) and the
 * executor (read-only transactions, cursors, real cancellation). The password comes from the URL
 * or from the environment variable `passwordEnv` names, read once here; it never appears in an
 * error message or in `describe()`.
 */
export class PostgresProvider implements Provider {
  readonly id: string;
  readonly kind = 'postgres';
  readonly dialect = 'postgres';
  readonly capabilities: ProviderCapabilities;
  readonly dialectNotes: readonly string[];
  readonly description: string | undefined;
  /** The configured schemas, in search order. */
  readonly schemas: readonly string[];
  readonly database: string;
  readonly serverVersion: string;
  readonly #target: string;
  readonly #driver: PostgresDriver;
  readonly #validator: PostgresValidator;
  readonly #executor: PostgresExecutor;
  readonly #checkClientConnection: boolean;
  /** Connections introspection uses at once: at most 4, and never the whole pool. */
  readonly #introspectionConcurrency: number;
  #closed = false;

  private constructor(options: {
    config: PostgresProviderConfig;
    driver: PostgresDriver;
    database: string;
    serverVersion: string;
    serverVersionNumber: number;
  }) {
    const { config, driver } = options;
    this.id = config.id;
    this.description = config.description;
    this.schemas = [...(config.schemas ?? ['public'])];
    this.database = options.database;
    this.serverVersion = options.serverVersion;
    this.#target = redactUrl(config.url);
    this.#driver = driver;
    this.#checkClientConnection = options.serverVersionNumber >= 140_000;
    this.#introspectionConcurrency = Math.max(1, Math.min(4, (config.poolSize ?? 5) - 1));
    this.capabilities = { dryRun: true, cancellation: driver.canCancel, rowCounts: true };
    this.dialectNotes = postgresDialectNotes(options.serverVersion);
    this.#validator = new PostgresValidator({
      driver,
      schemas: this.schemas,
      database: options.database,
      checkClientConnection: this.#checkClientConnection,
      ...(config.maxQueryLength === undefined ? {} : { maxQueryLength: config.maxQueryLength }),
      ...(config.dryRunTimeoutMs === undefined ? {} : { dryRunTimeoutMs: config.dryRunTimeoutMs }),
    });
    this.#executor = new PostgresExecutor({
      driver,
      searchPath: this.schemas,
      types: new PostgresTypeRegistry(),
      checkClientConnection: this.#checkClientConnection,
      ...(config.maxResultBytes === undefined ? {} : { maxResultBytes: config.maxResultBytes }),
      ...(config.fetchSize === undefined ? {} : { fetchSize: config.fetchSize }),
    });
  }

  /**
   * Checks the configuration, reads the password from `passwordEnv`, opens the pool and asks the
   * server for its version and database. INVALID_REQUEST for a bad configuration,
   * PROVIDER_UNAVAILABLE when the server cannot be reached or refuses the login.
   */
  static async open(
    config: PostgresProviderConfig,
    dependencies: PostgresProviderDependencies = {},
  ): Promise<PostgresProvider> {
    const parsed = PostgresProviderConfig.safeParse(config);
    if (!parsed.success) {
      throw new Text2xError(
        'INVALID_REQUEST',
        `The PostgreSQL provider configuration (kind "postgres") is not valid: ${parsed.error.issues
          .map((issue) => `${issue.path.join('.') || 'config'}: ${issue.message}`)
          .join('; ')}.`,
      );
    }
    const valid = parsed.data;
    let driver = dependencies.driver;
    if (driver === undefined) {
      let password: string | undefined;
      if (valid.passwordEnv !== undefined) {
        password = process.env[valid.passwordEnv];
        if (password === undefined) {
          throw new Text2xError(
            'PROVIDER_UNAVAILABLE',
            `The environment variable ${valid.passwordEnv} (passwordEnv of "${valid.id}") is not set.`,
          );
        }
      }
      driver = createPostgresPoolDriver({
        url: valid.url,
        ...(password === undefined ? {} : { password }),
        ...(valid.tls === undefined ? {} : { tls: valid.tls }),
        ...(valid.poolSize === undefined ? {} : { poolSize: valid.poolSize }),
        ...(valid.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: valid.connectTimeoutMs }),
      });
    }

    try {
      const [, server] = await Promise.all([loadPostgresParser(), probe(driver, valid.url)]);
      return new PostgresProvider({ config: valid, driver, ...server });
    } catch (error) {
      await driver.close().catch(() => undefined);
      throw error;
    }
  }

  /** Where the provider points, without secrets. */
  describe(): PostgresProviderDescription {
    return {
      id: this.id,
      kind: 'postgres',
      target: this.#target,
      schemas: this.schemas,
      database: this.database,
      serverVersion: this.serverVersion,
    };
  }

  async introspect(signal?: AbortSignal): Promise<SchemaInfo> {
    this.#assertOpen();
    const schema = await introspectPostgres(this.#driver, {
      schemas: this.schemas,
      concurrency: this.#introspectionConcurrency,
      checkClientConnection: this.#checkClientConnection,
      ...(signal === undefined ? {} : { signal }),
    });
    this.#validator.useSchema(schema);
    return schema;
  }

  async validate(query: string, options: ValidateOptions = {}): Promise<ValidationReport> {
    this.#assertOpen();
    return this.#validator.validate(query, options);
  }

  /**
   * Validates (without the dry run: running the statement plans it anyway) and runs the query. A
   * failed validation throws QUERY_REJECTED with every issue in `details.errors`.
   */
  async execute(query: string, options: ExecuteOptions): Promise<ExecutionResult> {
    const statement = await this.#prepare(query, options.signal);
    return this.#executor.run(statement, options);
  }

  /** Like `execute`, but yields rows in batches as the cursor reads them. */
  async *stream(query: string, options: StreamOptions): AsyncGenerator<RowBatch, StreamSummary, undefined> {
    const statement = await this.#prepare(query, options.signal);
    return yield* this.#executor.stream(statement, options);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#driver.close();
  }

  async #prepare(query: string, signal: AbortSignal | undefined): Promise<string> {
    this.#assertOpen();
    if (signal?.aborted) throw new Text2xError('CANCELLED', 'The query was cancelled.');
    const { report, statement } = await this.#validator.prepare(query, {
      dryRun: false,
      ...(signal === undefined ? {} : { signal }),
    });
    if (report.status === 'failed') {
      throw new Text2xError(
        'QUERY_REJECTED',
        report.errors[0]?.message ?? 'The query did not pass validation.',
        {
          details: { errors: report.errors },
        },
      );
    }
    return statement;
  }

  #assertOpen(): void {
    if (this.#closed)
      throw new Text2xError('PROVIDER_UNAVAILABLE', `The data source "${this.id}" has been closed.`);
  }
}

/** Opens a PostgreSQL provider (see PostgresProvider.open). */
export function createPostgresProvider(
  config: PostgresProviderConfig,
  dependencies: PostgresProviderDependencies = {},
): Promise<PostgresProvider> {
  return PostgresProvider.open(config, dependencies);
}

async function probe(
  driver: PostgresDriver,
  url: string,
): Promise<{ database: string; serverVersion: string; serverVersionNumber: number }> {
  const session = await driver.connect();
  try {
    const result = await session.query(
      `SELECT current_database(), current_setting('server_version'), current_setting('server_version_num')`,
    );
    const [database, version, versionNumber] = result.rows[0] ?? [];
    session.release();
    return {
      database: database ?? '',
      serverVersion: (version ?? '').replace(/\s.*$/, ''),
      serverVersionNumber: Number(versionNumber ?? 0),
    };
  } catch (error) {
    session.release(true);
    throw new Text2xError(
      'PROVIDER_UNAVAILABLE',
      `PostgreSQL at ${redactUrl(url)} did not answer: ${errorMessage(error)}.`,
      { cause: error },
    );
  }
}
