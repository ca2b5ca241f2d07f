import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
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
import { SqliteProviderConfig } from './sqlite-config.js';
import { sqliteDialectNotes } from './sqlite-dialect-notes.js';
import { SqliteExecutor } from './sqlite-executor.js';
import { introspectSqlite } from './sqlite-introspector.js';
import { SqliteValidator } from './sqlite-validator.js';

const CAPABILITIES: ProviderCapabilities = { dryRun: true, cancellation: true, rowCounts: true };

/**
 * A SQLite database file as a data source. It holds a read-only connection (introspection and
 * validation, both synchronous and fast) and a pool of read-only child processes for running
 * queries (see SqliteExecutor). Nothing is ever created or written: a missing file, a directory or
 * a file that is not a database is PROVIDER_UNAVAILABLE.
 */
export class SqliteProvider implements Provider {
  readonly id: string;
  readonly kind = 'sqlite';
  readonly dialect = 'sqlite';
  readonly capabilities = CAPABILITIES;
  readonly dialectNotes: readonly string[];
  /** Absolute path of the database file. */
  readonly path: string;
  readonly description: string | undefined;
  readonly #db: Database.Database;
  readonly #validator: SqliteValidator;
  readonly #executor: SqliteExecutor;
  #closed = false;

  private constructor(config: SqliteProviderConfig, path: string, db: Database.Database) {
    this.id = config.id;
    this.path = path;
    this.description = config.description;
    this.#db = db;
    this.#validator = new SqliteValidator(
      db,
      config.maxQueryLength === undefined ? {} : { maxQueryLength: config.maxQueryLength },
    );
    this.#executor = new SqliteExecutor({
      path,
      ...(config.concurrency === undefined ? {} : { concurrency: config.concurrency }),
      ...(config.maxResultBytes === undefined ? {} : { maxResultBytes: config.maxResultBytes }),
    });
    this.dialectNotes = sqliteDialectNotes(String(db.prepare('SELECT sqlite_version()').pluck().get()));
  }

  /** Opens the file read-only; INVALID_REQUEST for a bad config, PROVIDER_UNAVAILABLE when it cannot be read. */
  static async open(config: SqliteProviderConfig): Promise<SqliteProvider> {
    await Promise.resolve();
    const parsed = SqliteProviderConfig.safeParse(config);
    if (!parsed.success) {
      throw new Text2xError(
        'INVALID_REQUEST',
        `The SQLite provider configuration is not valid: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'config'}: ${issue.message}`).join('; ')}.`,
      );
    }
    const path = resolve(parsed.data.path);
    return new SqliteProvider(parsed.data, path, openReadOnly(path));
  }

  async introspect(signal?: AbortSignal): Promise<SchemaInfo> {
    this.#assertOpen();
    if (signal?.aborted) throw new Text2xError('CANCELLED', 'Introspection was cancelled.');
    await Promise.resolve();
    const schema = introspectSqlite(this.#db, signal === undefined ? {} : { signal });
    this.#validator.useSchema(schema);
    return schema;
  }

  async validate(query: string, options: ValidateOptions = {}): Promise<ValidationReport> {
    this.#assertOpen();
    if (options.signal?.aborted) throw new Text2xError('CANCELLED', 'Validation was cancelled.');
    await Promise.resolve();
    return this.#validator.validate(query, options.dryRun === undefined ? {} : { dryRun: options.dryRun });
  }

  /**
   * Validates (without the dry run: the child compiles the query anyway) and runs the query. Any
   * failed validation — policy, syntax or an unknown name — throws QUERY_REJECTED with the first
   * reason as message and every issue in `details.errors`: nothing that did not pass is run.
   */
  async execute(query: string, options: ExecuteOptions): Promise<ExecutionResult> {
    this.#assertOpen();
    if (options.signal?.aborted) throw new Text2xError('CANCELLED', 'The query was cancelled.');
    const report = this.#validator.validate(query, { dryRun: false });
    if (report.status === 'failed') {
      throw new Text2xError(
        'QUERY_REJECTED',
        report.errors[0]?.message ?? 'The query did not pass validation.',
        { details: { errors: report.errors } },
      );
    }
    return this.#executor.run(query, options);
  }

  /** Like `execute`, but yields the rows in batches as they are read (bounded memory). */
  async *stream(query: string, options: StreamOptions): AsyncGenerator<RowBatch, StreamSummary, undefined> {
    this.#assertOpen();
    if (options.signal?.aborted) throw new Text2xError('CANCELLED', 'The query was cancelled.');
    const report = this.#validator.validate(query, { dryRun: false });
    if (report.status === 'failed') {
      throw new Text2xError(
        'QUERY_REJECTED',
        report.errors[0]?.message ?? 'The query did not pass validation.',
        { details: { errors: report.errors } },
      );
    }
    return yield* this.#executor.stream(query, options);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#executor.close();
    this.#db.close();
  }

  #assertOpen(): void {
    if (this.#closed)
      throw new Text2xError('PROVIDER_UNAVAILABLE', `The data source "${this.id}" has been closed.`);
  }
}

/** Opens a SQLite provider (see SqliteProvider.open). */
export function createSqliteProvider(config: SqliteProviderConfig): Promise<SqliteProvider> {
  return SqliteProvider.open(config);
}

function openReadOnly(path: string): Database.Database {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new Text2xError('PROVIDER_UNAVAILABLE', `The SQLite database file ${path} does not exist.`);
  }
  if (!isFile)
    throw new Text2xError(
      'PROVIDER_UNAVAILABLE',
      `${path} is not a file, so it cannot be a SQLite database.`,
    );
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new Text2xError(
      'PROVIDER_UNAVAILABLE',
      `Cannot open the SQLite database ${path}: ${messageOf(error)}.`,
      { cause: error },
    );
  }
  try {
    db.pragma('query_only = ON');
    db.prepare('SELECT count(*) FROM sqlite_schema').get(); // opening reads nothing; this reads the header
  } catch (error) {
    db.close();
    throw new Text2xError(
      'PROVIDER_UNAVAILABLE',
      `${path} is not a readable SQLite database: ${messageOf(error)}.`,
      { cause: error },
    );
  }
  return db;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
