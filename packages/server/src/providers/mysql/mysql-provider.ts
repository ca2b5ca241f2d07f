import { readFileSync } from 'node:fs';
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
import { MysqlProviderConfig, mysqlConnectionSettings } from './mysql-config.js';
import { mysqlDialectNotes } from './mysql-dialect-notes.js';
import { MysqlExecutor } from './mysql-executor.js';
import { introspectMysql } from './mysql-introspector.js';
import {
  isServerError,
  MysqlSessionPool,
  type MysqlFlavor,
  type MysqlServerInfo,
} from './mysql-session-pool.js';
import { MysqlValidator } from './mysql-validator.js';

const CAPABILITIES: ProviderCapabilities = { dryRun: true, cancellation: true, rowCounts: true };

/**
 * A MySQL 8 or MariaDB 10.6+ database as a data source. It keeps a pool of connections (see
 * MysqlSessionPool); every introspection, dry run and query runs in a read-only transaction with a
 * statement time limit and is rolled back. The flavour and version are read when it opens; the
 * password (from `passwordEnv` or the URL) is never put in a message, a description or a log.
 *
 * Least privilege: give the account only `SELECT` (and `SHOW VIEW`) on the one database, no FILE,
 * PROCESS, SUPER or other global privileges; it can still stop its own queries with KILL QUERY.
 */
export class MysqlProvider implements Provider {
  readonly id: string;
  readonly kind = 'mysql';
  readonly dialect = 'mysql';
  readonly capabilities = CAPABILITIES;
  readonly dialectNotes: readonly string[];
  readonly description: string | undefined;
  /** The URL without any password, for listings. */
  readonly target: string;
  /** `mariadb` or `mysql`, detected when the provider opened. */
  readonly flavor: MysqlFlavor;
  /** The server's `VERSION()`. */
  readonly serverVersion: string;
  readonly #pool: MysqlSessionPool;
  readonly #executor: MysqlExecutor;
  readonly #validator: MysqlValidator;
  readonly #config: ReturnType<typeof MysqlProviderConfig.parse>;
  #closed = false;

  private constructor(config: ReturnType<typeof MysqlProviderConfig.parse>, pool: MysqlSessionPool) {
    const server: MysqlServerInfo = pool.server;
    this.id = config.id;
    this.description = config.description;
    this.target = redactUrl(config.url);
    this.flavor = server.flavor;
    this.serverVersion = server.version;
    this.dialectNotes = mysqlDialectNotes(server);
    this.#config = config;
    this.#pool = pool;
    this.#executor = new MysqlExecutor(pool, {
      ...(config.maxResultBytes === undefined ? {} : { maxResultBytes: config.maxResultBytes }),
      ...(config.dryRunTimeoutMs === undefined ? {} : { dryRunTimeoutMs: config.dryRunTimeoutMs }),
    });
    this.#validator = new MysqlValidator({
      flavor: server.flavor,
      database: server.database,
      lowerCaseTableNames: server.lowerCaseTableNames,
      deniedFunctions: server.loadableFunctions,
      dryRun: this.#executor,
      loadSchema: (signal) => this.#introspect({ rowCounts: false, sampleValues: false }, signal),
      ...(config.maxQueryLength === undefined ? {} : { maxQueryLength: config.maxQueryLength }),
    });
  }

  /**
   * Connects and reads the server's flavour and version. INVALID_REQUEST for a bad config;
   * PROVIDER_UNAVAILABLE when the password variable is missing or the server cannot be reached.
   */
  static async open(config: MysqlProviderConfig): Promise<MysqlProvider> {
    const parsed = MysqlProviderConfig.safeParse(config);
    if (!parsed.success) {
      throw new Text2xError(
        'INVALID_REQUEST',
        `The MySQL provider configuration is not valid: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'config'}: ${issue.message}`).join('; ')}.`,
      );
    }
    let settings;
    try {
      settings = mysqlConnectionSettings(parsed.data, { readFile: (path) => readFileSync(path, 'utf8') });
    } catch (error) {
      throw new Text2xError(
        'PROVIDER_UNAVAILABLE',
        `Cannot open the MySQL data source "${parsed.data.id}": ${error instanceof Error ? error.message : String(error)}.`,
      );
    }
    const pool = await MysqlSessionPool.open(settings);
    return new MysqlProvider(parsed.data, pool);
  }

  async introspect(signal?: AbortSignal): Promise<SchemaInfo> {
    this.#assertOpen();
    if (signal?.aborted) throw new Text2xError('CANCELLED', 'Introspection was cancelled.');
    const schema = await this.#introspect({}, signal);
    this.#validator.useSchema(schema);
    return schema;
  }

  async validate(query: string, options: ValidateOptions = {}): Promise<ValidationReport> {
    this.#assertOpen();
    if (options.signal?.aborted) throw new Text2xError('CANCELLED', 'Validation was cancelled.');
    return this.#validator.validate(query, {
      ...(options.dryRun === undefined ? {} : { dryRun: options.dryRun }),
      signal: options.signal,
    });
  }

  /**
   * Validates (without the dry run unless the parser cannot read the query or a name looks
   * unknown) and runs the query. Any failed validation throws QUERY_REJECTED with the first reason
   * as message and every issue in `details.errors`: nothing that did not pass is run.
   */
  async execute(query: string, options: ExecuteOptions): Promise<ExecutionResult> {
    this.#assertOpen();
    if (options.signal?.aborted) throw new Text2xError('CANCELLED', 'The query was cancelled.');
    const { report, statement } = await this.#validator.check(query, {
      dryRun: false,
      signal: options.signal,
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
    return this.#executor.run(statement, options);
  }

  /**
   * Like `execute`, but yields the rows in batches as they are read, pausing the server while the
   * consumer is behind, so a large result never sits whole in memory. A runtime error throws
   * EXECUTION_FAILED.
   */
  async *stream(query: string, options: StreamOptions): AsyncGenerator<RowBatch, StreamSummary, undefined> {
    this.#assertOpen();
    if (options.signal?.aborted) throw new Text2xError('CANCELLED', 'The query was cancelled.');
    const { report, statement } = await this.#validator.check(query, {
      dryRun: false,
      signal: options.signal,
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
    return yield* this.#executor.stream(statement, options);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.close();
  }

  async #introspect(
    options: { rowCounts?: boolean; sampleValues?: boolean },
    signal: AbortSignal | undefined,
  ): Promise<SchemaInfo> {
    const config = this.#config;
    try {
      return await this.#pool.withReadOnlySession(
        (session) =>
          introspectMysql(session, {
            database: this.#pool.server.database,
            signal,
            ...options,
            ...(config.exactRowCountBelow === undefined
              ? {}
              : { exactRowCountBelow: config.exactRowCountBelow }),
          }),
        { timeoutMs: config.introspectionTimeoutMs ?? 120_000, signal, subject: 'Introspection' },
      );
    } catch (error) {
      if (!isServerError(error)) throw error;
      throw new Text2xError(
        'PROVIDER_UNAVAILABLE',
        `Cannot read the schema of "${this.id}": ${error.message}`,
        {
          cause: error,
        },
      );
    }
  }

  #assertOpen(): void {
    if (this.#closed) {
      throw new Text2xError('PROVIDER_UNAVAILABLE', `The data source "${this.id}" has been closed.`);
    }
  }
}

/** Opens a MySQL or MariaDB provider (see MysqlProvider.open). */
export function createMysqlProvider(config: MysqlProviderConfig): Promise<MysqlProvider> {
  return MysqlProvider.open(config);
}
