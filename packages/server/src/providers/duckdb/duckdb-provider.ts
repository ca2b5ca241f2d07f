import type { ExecutionResult, ValidationReport } from '@text2x/protocol';
import { Text2xError, type SchemaInfo } from '../../core/index.js';
import type {
  ExecuteOptions,
  Provider,
  ProviderCapabilities,
  RowBatch,
  StreamOptions,
  StreamSummary,
  ValidateOptions,
} from '../provider.js';
import { DuckdbProviderConfig, type ResolvedDuckdbProviderConfig } from './duckdb-config.js';
import { DuckdbConnectionPool } from './duckdb-connection-pool.js';
import { DuckdbDatabase } from './duckdb-database.js';
import { duckdbDialectNotes } from './duckdb-dialect-notes.js';
import { DuckdbExecutor } from './duckdb-executor.js';
import { introspectDuckdb } from './duckdb-introspector.js';
import { DUCKDB_METADATA_SLOTS, DUCKDB_QUERY_SLOTS } from './duckdb-thread-slots.js';
import { DuckdbValidator } from './duckdb-validator.js';

const CAPABILITIES: ProviderCapabilities = { dryRun: true, cancellation: true, rowCounts: true };

/** Connections kept for validation and introspection, apart from the ones queries run on. */
const VALIDATION_CONNECTIONS = 2;

/**
 * A DuckDB database file and/or CSV, Parquet and JSON files as one data source, inside a private
 * in-memory DuckDB instance that is locked down after setup (see DuckdbDatabase): the database is
 * attached read-only, files are views, external access is limited to the configured files and
 * the configuration is locked. Validation runs on two connections of its own; queries run on a
 * pool of `concurrency` connections (see DuckdbExecutor). Nothing is ever created or written.
 */
export class DuckdbProvider implements Provider {
  readonly id: string;
  readonly kind = 'duckdb';
  readonly dialect = 'duckdb';
  readonly capabilities = CAPABILITIES;
  readonly dialectNotes: readonly string[];
  readonly description: string | undefined;
  /** Absolute path of the database file, if there is one. */
  readonly database: string | undefined;
  /** Absolute paths or globs of the data files, in configuration order. */
  readonly files: readonly string[];
  readonly #config: ResolvedDuckdbProviderConfig;
  readonly #database: DuckdbDatabase;
  readonly #validationPool: DuckdbConnectionPool;
  readonly #queryPool: DuckdbConnectionPool;
  readonly #validator: DuckdbValidator;
  readonly #executor: DuckdbExecutor;
  #closed = false;

  private constructor(config: ResolvedDuckdbProviderConfig, database: DuckdbDatabase) {
    this.id = config.id;
    this.description = config.description;
    this.database = config.database;
    this.files = config.files ?? [];
    this.#config = config;
    this.#database = database;
    this.#validationPool = new DuckdbConnectionPool(
      () => database.connect(),
      VALIDATION_CONNECTIONS,
      DUCKDB_METADATA_SLOTS,
    );
    this.#queryPool = new DuckdbConnectionPool(
      () => database.connect(),
      config.concurrency ?? 2,
      DUCKDB_QUERY_SLOTS,
    );
    this.#validator = new DuckdbValidator(
      database,
      this.#validationPool,
      config.maxQueryLength === undefined ? {} : { maxQueryLength: config.maxQueryLength },
    );
    this.#executor = new DuckdbExecutor({
      pool: this.#queryPool,
      ...(config.maxResultBytes === undefined ? {} : { maxResultBytes: config.maxResultBytes }),
    });
    this.dialectNotes = duckdbDialectNotes(database.version);
  }

  /** Opens the data source; INVALID_REQUEST for a bad config, PROVIDER_UNAVAILABLE when a file cannot be read. */
  static async open(config: DuckdbProviderConfig): Promise<DuckdbProvider> {
    const parsed = DuckdbProviderConfig.safeParse(config);
    if (!parsed.success) {
      throw new Text2xError(
        'INVALID_REQUEST',
        `The DuckDB provider configuration is not valid: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'config'}: ${issue.message}`).join('; ')}.`,
      );
    }
    return new DuckdbProvider(parsed.data, await DuckdbDatabase.open(parsed.data));
  }

  async introspect(signal?: AbortSignal): Promise<SchemaInfo> {
    this.#assertOpen();
    if (signal?.aborted) throw new Text2xError('CANCELLED', 'Introspection was cancelled.');
    const schema = await this.#validationPool.use(
      (connection) =>
        introspectDuckdb(connection, this.#database, {
          ...(signal === undefined ? {} : { signal }),
          ...(this.#config.rowCountMaxBytes === undefined
            ? {}
            : { rowCountMaxBytes: this.#config.rowCountMaxBytes }),
        }),
      signal,
    );
    this.#validator.useSchema(schema);
    return schema;
  }

  async validate(query: string, options: ValidateOptions = {}): Promise<ValidationReport> {
    this.#assertOpen();
    if (options.signal?.aborted) throw new Text2xError('CANCELLED', 'Validation was cancelled.');
    return this.#validator.validate(query, options);
  }

  /**
   * Validates (without the dry run: running the query plans it anyway) and runs the query. Any
   * failed validation — policy, syntax or an unknown name — throws QUERY_REJECTED with the first
   * reason as message and every issue in `details.errors`: nothing that did not pass is run.
   */
  async execute(query: string, options: ExecuteOptions): Promise<ExecutionResult> {
    await this.#assertPasses(query, options.signal);
    return this.#executor.run(query, options);
  }

  /** Like `execute`, but yields the rows in batches as DuckDB produces them (bounded memory). */
  async *stream(query: string, options: StreamOptions): AsyncGenerator<RowBatch, StreamSummary, undefined> {
    await this.#assertPasses(query, options.signal);
    return yield* this.#executor.stream(query, options);
  }

  /**
   * Stops running queries and validations, then closes the connections and the instance. A
   * stream its consumer left suspended keeps its connection until it is resumed or dropped; it can
   * no longer read anything.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#validator.cancelAll();
    await this.#executor.close();
    this.#queryPool.close();
    this.#validationPool.close();
    await this.#validationPool.whenIdle();
    this.#database.close();
  }

  /** Validates without the dry run; any failure throws QUERY_REJECTED with every issue in `details.errors`. */
  async #assertPasses(query: string, signal: AbortSignal | undefined): Promise<void> {
    this.#assertOpen();
    if (signal?.aborted) throw new Text2xError('CANCELLED', 'The query was cancelled.');
    const report = await this.#validator.validate(query, {
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
    if (this.#closed) throw new Text2xError('CANCELLED', 'The data source was closed before the query ran.');
  }

  #assertOpen(): void {
    if (this.#closed)
      throw new Text2xError('PROVIDER_UNAVAILABLE', `The data source "${this.id}" has been closed.`);
  }
}

/** Opens a DuckDB provider (see DuckdbProvider.open). */
export function createDuckdbProvider(config: DuckdbProviderConfig): Promise<DuckdbProvider> {
  return DuckdbProvider.open(config);
}
