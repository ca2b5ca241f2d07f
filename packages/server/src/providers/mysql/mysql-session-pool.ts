import mysql from 'mysql2';
import type { Connection, FieldPacket, Pool, PoolConnection, PoolOptions, QueryError } from 'mysql2';
import { Text2xError } from '../../core/index.js';
import type { MysqlConnectionSettings } from './mysql-config.js';
import type { RowConverter } from './mysql-result-values.js';

export type MysqlFlavor = 'mariadb' | 'mysql';

/** What the provider learns about the server when it opens. */
export interface MysqlServerInfo {
  flavor: MysqlFlavor;
  /** `VERSION()`, e.g. `10.11.19-MariaDB-0+deb12u1` or `8.4.3`. */
  version: string;
  /** Major, minor and patch numbers of the version. */
  versionNumbers: readonly [number, number, number];
  /** The connected database (`DATABASE()`). */
  database: string;
  /** `@@lower_case_table_names`: 0 means table names (and aliases) are case-sensitive. */
  lowerCaseTableNames: number;
  /** Loadable functions (UDFs) installed on the server, lower case; empty when they cannot be read. */
  loadableFunctions: readonly string[];
}

/** A server error (or a driver fault) as the driver reports it. */
export interface MysqlDriverError {
  message: string;
  /** Server error number (`1064`), absent for network faults. */
  errno?: number;
  /** `ER_PARSE_ERROR`, `ECONNREFUSED`, `PROTOCOL_CONNECTION_LOST`, … */
  code?: string;
  sqlState?: string;
  /** True when the connection cannot be used any more. */
  fatal?: boolean;
}

/** ER_QUERY_INTERRUPTED: the statement was stopped by `KILL QUERY`. */
export const ER_QUERY_INTERRUPTED = 1317;
/** MariaDB's ER_STATEMENT_TIMEOUT and MySQL's ER_QUERY_TIMEOUT: the server-side time limit passed. */
const SERVER_TIMEOUT_ERRORS = new Set([1969, 3024]);

export interface StreamLimits {
  /** Rows kept; reading stops (and the query is killed) when one more arrives. */
  maxRows: number;
  /** Approximate bytes of values kept before reading stops. */
  maxBytes: number;
  /** Makes the converter for the result's columns; the converter turns rows into JSON values. */
  converter: (fields: readonly FieldPacket[]) => RowConverter;
  /** Hands rows to a consumer as they arrive instead of collecting them in `rows`. */
  sink?: RowSink;
}

/** Where streamed rows go when a consumer takes them one batch at a time. */
export interface RowSink {
  /** Receives the controls of the running statement, before any row. */
  attach(controls: {
    /** Reading was paused because `row` returned false; the consumer caught up. */
    resume: () => void;
    /** The consumer wants no more rows: the statement is killed and the session ends normally. */
    abandon: () => void;
  }): void;
  fields(fields: readonly FieldPacket[]): void;
  /** Takes a converted row; returns false to pause reading until `resume` is called. */
  row(row: unknown[]): boolean;
}

export interface StreamedRows {
  fields: FieldPacket[];
  rows: unknown[][];
  truncated: boolean;
}

/** One read-only transaction on one pooled connection; valid only inside `withReadOnlySession`. */
export interface ReadOnlySession {
  /** Runs one statement and resolves its rows as objects. A server error rejects with the driver's error. */
  query<T = Record<string, unknown>>(sql: string, values?: readonly unknown[]): Promise<T[]>;
  /**
   * Runs one statement and streams its rows, keeping at most `maxRows`: when one more row arrives
   * the rest is not kept and the statement is stopped with `KILL QUERY`, so a huge result never
   * sits in memory. A server error rejects with the driver's error.
   */
  stream(sql: string, limits: StreamLimits): Promise<StreamedRows>;
}

export interface SessionOptions {
  /** Time limit of the whole session in ms: client timer plus the server's statement time limit. */
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  /** Says what timed out, e.g. "The query", "Introspection". */
  subject: string;
  /**
   * Wrap the work in `START TRANSACTION READ ONLY` … `ROLLBACK`. Default true. Without it each
   * statement still runs in an implicit read-only transaction (the session's default access mode
   * is READ ONLY), which saves two round trips for a single statement such as `EXPLAIN`.
   */
  transaction?: boolean;
  /**
   * Set the session's server-side statement time limit to `timeoutMs`. Default true. Turn it off
   * for work that carries its own limit (`SET STATEMENT max_statement_time = … FOR …`), so the
   * session value is not flipped back and forth between dry runs and queries.
   */
  serverTimeLimit?: boolean;
}

export interface MysqlSessionPoolOptions {
  /** After a `KILL QUERY`, time the statement has to end before its connection is closed. Default 5,000 ms. */
  killGraceMs?: number;
}

interface ConnectionState {
  initialized: boolean;
  timeLimitMs: number | undefined;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The connections of one MySQL or MariaDB provider: a mysql2 pool for queries and one extra
 * connection, opened on demand, that sends `KILL QUERY`. Every piece of work runs in
 * `withReadOnlySession`: a pooled connection with `SET SESSION TRANSACTION READ ONLY` and the
 * enforced sql_mode (set once per connection), the server-side statement time limit
 * (`max_statement_time` on MariaDB, `max_execution_time` on MySQL), `START TRANSACTION READ ONLY`,
 * then the work, then `ROLLBACK`. A client timer and the abort signal stop the running statement
 * with `KILL QUERY <connection id>` from the extra connection and wait for it to end, so nothing
 * keeps running on the server; a statement that does not end within the grace time has its
 * connection closed. The pool never loads local files (`LOCAL_FILES` off, no stream factory) and
 * never sends several statements at once.
 */
export class MysqlSessionPool {
  readonly server: MysqlServerInfo;
  readonly #pool: Pool;
  readonly #settings: MysqlConnectionSettings;
  readonly #killGraceMs: number;
  readonly #sessionSetup: string | undefined;
  readonly #states = new WeakMap<PoolConnection, ConnectionState>();
  readonly #runs = new Set<SessionRun>();
  #control: Connection | undefined;
  #closed = false;

  private constructor(
    pool: Pool,
    settings: MysqlConnectionSettings,
    server: MysqlServerInfo,
    sqlMode: string | undefined,
    options: MysqlSessionPoolOptions,
  ) {
    this.#pool = pool;
    this.#settings = settings;
    this.server = server;
    this.#killGraceMs = options.killGraceMs ?? 5_000;
    this.#sessionSetup =
      sqlMode === undefined ? undefined : `SET SESSION sql_mode = ${mysql.escape(sqlMode)}`;
  }

  /** Connects, reads what the server is, and keeps the pool. PROVIDER_UNAVAILABLE when it cannot connect. */
  static async open(
    settings: MysqlConnectionSettings,
    options: MysqlSessionPoolOptions = {},
  ): Promise<MysqlSessionPool> {
    const pool = mysql.createPool(poolOptions(settings));
    // PoolConnection listens for its first error only; a second one must not become an uncaught exception.
    pool.on('connection', (connection) => connection.on('error', ignore));
    try {
      const { server, sqlMode } = await probe(pool);
      return new MysqlSessionPool(pool, settings, server, sqlMode, options);
    } catch (error) {
      pool.end(ignore);
      throw error instanceof Text2xError ? error : unavailable(settings, error);
    }
  }

  /**
   * Runs `work` in a read-only transaction on a pooled connection and rolls back after it. Throws
   * EXECUTION_TIMEOUT when the time limit passes, CANCELLED on abort or close, PROVIDER_UNAVAILABLE
   * when the server cannot be reached; server errors from `work` pass through.
   */
  async withReadOnlySession<T>(
    work: (session: ReadOnlySession) => Promise<T>,
    options: SessionOptions,
  ): Promise<T> {
    if (this.#closed) throw new Text2xError('PROVIDER_UNAVAILABLE', 'The data source has been closed.');
    if (options.signal?.aborted) throw cancelled(options.subject);
    const run = new SessionRun(this, options);
    this.#runs.add(run);
    try {
      return await run.execute(work);
    } finally {
      this.#runs.delete(run);
    }
  }

  /** Stops running sessions (CANCELLED), then closes every connection. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const runs = [...this.#runs];
    for (const run of runs) {
      run.stop(new Text2xError('CANCELLED', 'The data source was closed while the query ran.'));
    }
    await Promise.allSettled(runs.map((run) => run.done));
    this.#control?.destroy();
    this.#control = undefined;
    await new Promise<void>((resolve) => this.#pool.end(() => resolve()));
  }

  /** @internal */ acquire(): { connection: Promise<PoolConnection>; cancel: (error: Text2xError) => void } {
    let settled = false;
    let rejectWaiting: ((error: Text2xError) => void) | undefined;
    const connection = new Promise<PoolConnection>((resolve, reject) => {
      rejectWaiting = reject;
      this.#pool.getConnection((error, pooled) => {
        if (settled) {
          if (!error) pooled.release();
          return;
        }
        settled = true;
        if (error) reject(unavailable(this.#settings, error));
        else resolve(pooled);
      });
    });
    return {
      connection,
      cancel: (error) => {
        if (settled) return;
        settled = true;
        rejectWaiting?.(error);
      },
    };
  }

  /** @internal The statements that prepare a connection for a session (none when it is ready). */
  setupStatements(connection: PoolConnection, timeLimitMs: number | undefined): string[] {
    let state = this.#states.get(connection);
    if (state === undefined) {
      state = { initialized: false, timeLimitMs: undefined };
      this.#states.set(connection, state);
    }
    const statements: string[] = [];
    if (!state.initialized) {
      statements.push('SET SESSION TRANSACTION READ ONLY');
      if (this.#sessionSetup !== undefined) statements.push(this.#sessionSetup);
    }
    if (timeLimitMs !== undefined && state.timeLimitMs !== timeLimitMs) {
      statements.push(
        this.server.flavor === 'mariadb'
          ? `SET SESSION max_statement_time = ${(timeLimitMs / 1000).toFixed(3)}`
          : `SET SESSION max_execution_time = ${Math.ceil(timeLimitMs)}`,
      );
    }
    return statements;
  }

  /** @internal Records that the setup statements ran. */
  setupDone(connection: PoolConnection, timeLimitMs: number | undefined): void {
    const previous = this.#states.get(connection)?.timeLimitMs;
    this.#states.set(connection, { initialized: true, timeLimitMs: timeLimitMs ?? previous });
  }

  /** @internal Stops the statement running on a connection (`KILL QUERY`), from the control connection. */
  async killQuery(connectionId: number): Promise<void> {
    try {
      await this.#sendKill(connectionId);
    } catch (error) {
      if (!isFatal(error)) throw error;
      await this.#sendKill(connectionId); // the control connection had gone stale: once more on a new one
    }
  }

  /** @internal */ get killGraceMs(): number {
    return this.#killGraceMs;
  }

  #sendKill(connectionId: number): Promise<void> {
    const control = this.#controlConnection();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#dropControl(control);
        reject(new Error('KILL QUERY did not answer in time'));
      }, this.#killGraceMs);
      control.query(`KILL QUERY ${Math.trunc(connectionId)}`, (error: QueryError | null) => {
        clearTimeout(timer);
        // 1094 ER_NO_SUCH_THREAD: the connection is gone, so nothing runs on it.
        if (error && error.errno !== 1094) {
          if (error.fatal) this.#dropControl(control);
          reject(error);
        } else {
          resolve();
        }
      });
    });
  }

  #controlConnection(): Connection {
    if (this.#control) return this.#control;
    const control = mysql.createConnection(connectionOptions(this.#settings));
    control.on('error', () => this.#dropControl(control));
    control.on('end', () => this.#dropControl(control));
    this.#control = control;
    return control;
  }

  #dropControl(control: Connection): void {
    if (this.#control === control) this.#control = undefined;
    control.destroy();
  }
}

/** The life of one `withReadOnlySession` call: its connection, timer, kills and clean-up. */
class SessionRun {
  readonly done: Promise<void>;
  #markDone: () => void = ignore;
  readonly #owner: MysqlSessionPool;
  readonly #options: SessionOptions;
  #connection: PoolConnection | undefined;
  #cancelAcquire: ((error: Text2xError) => void) | undefined;
  #stopError: Text2xError | undefined;
  #workFinished = false;
  #inTransaction = false;
  #destroyed = false;
  /** Rejects the statement in flight (its callback never comes once the connection is destroyed). */
  #abortInFlight: ((error: Error) => void) | undefined;
  #inFlight = false;
  #killSent = false;
  readonly #kills: Array<Promise<void>> = [];
  #graceTimer: NodeJS.Timeout | undefined;

  constructor(owner: MysqlSessionPool, options: SessionOptions) {
    this.#owner = owner;
    this.#options = options;
    this.done = new Promise<void>((resolve) => (this.#markDone = resolve));
  }

  async execute<T>(work: (session: ReadOnlySession) => Promise<T>): Promise<T> {
    const { timeoutMs, signal, subject } = this.#options;
    const limit = Number.isFinite(timeoutMs) ? Math.min(Math.max(1, timeoutMs), MAX_TIMER_MS) : MAX_TIMER_MS;
    const timer = setTimeout(
      () =>
        this.stop(
          new Text2xError('EXECUTION_TIMEOUT', `${subject} ran longer than ${limit} ms and was stopped.`),
        ),
      limit,
    );
    const onAbort = (): void => this.stop(cancelled(subject));
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await this.#prepare(limit);
      const value = await work({
        query: <R>(sql: string, values?: readonly unknown[]) => this.#query<R>(sql, values),
        stream: (sql, limits) => this.#stream(sql, limits),
      });
      // Rows that arrived after a stop were dropped, so a result finished after one is not whole.
      const stopped = this.#stopped();
      if (stopped) throw stopped;
      this.#workFinished = true;
      return value;
    } catch (error) {
      if (this.#stopError) throw this.#stopError;
      if (isServerTimeout(error)) {
        throw new Text2xError(
          'EXECUTION_TIMEOUT',
          `${subject} passed the server's time limit of ${limit} ms.`,
          {
            cause: error,
          },
        );
      }
      if (isFatal(error)) {
        this.#destroy();
        throw new Text2xError(
          'PROVIDER_UNAVAILABLE',
          `The database connection failed: ${messageOf(error)}.`,
          {
            cause: error,
          },
        );
      }
      throw error;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      await this.#finish();
      this.#markDone();
    }
  }

  /**
   * Takes a pooled connection, sets it up (once per connection) and opens the transaction. A
   * connection the server closed while it sat idle fails on its first statement: it is dropped
   * and one more is taken.
   */
  async #prepare(limit: number): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      const acquiring = this.#owner.acquire();
      this.#cancelAcquire = acquiring.cancel;
      if (this.#stopError) acquiring.cancel(this.#stopError);
      const connection = await acquiring.connection;
      this.#cancelAcquire = undefined;
      this.#connection = connection;
      this.#destroyed = false;
      if (this.#stopError) throw this.#stopError;
      try {
        const serverLimit = this.#options.serverTimeLimit === false ? undefined : limit;
        const setup = this.#owner.setupStatements(connection, serverLimit);
        for (const statement of setup) await this.#query(statement);
        if (setup.length > 0) this.#owner.setupDone(connection, serverLimit);
        if (this.#options.transaction !== false) {
          await this.#query('START TRANSACTION READ ONLY');
          this.#inTransaction = true;
        }
        return;
      } catch (error) {
        if (attempt >= 2 || !isFatal(error) || this.#stopped()) throw error;
        this.#destroy();
        this.#connection = undefined;
      }
    }
  }

  /** The stop error, read fresh (a stop can come while `work` is awaited). */
  #stopped(): Text2xError | undefined {
    return this.#stopError;
  }

  /** Stops the session: a running statement is killed; the session then fails with `error`. */
  stop(error: Text2xError): void {
    if (this.#stopError || this.#workFinished) return;
    this.#stopError = error;
    if (this.#cancelAcquire) {
      this.#cancelAcquire(error);
      return;
    }
    if (this.#inFlight) this.#kill();
    // A paused stream leaves the server blocked on sending; it must be read for the kill to land.
    this.#connection?.resume();
    this.#graceTimer ??= setTimeout(() => this.#destroy(), this.#owner.killGraceMs);
  }

  #query<T>(sql: string, values?: readonly unknown[]): Promise<T[]> {
    const connection = this.#usable();
    return this.#inFlightStatement<T[]>((resolve, reject) => {
      connection.query(
        { sql, values: values as unknown[] | undefined },
        (error: QueryError | null, rows: unknown) => {
          if (error) reject(error);
          else resolve(Array.isArray(rows) ? (rows as T[]) : []);
        },
      );
    });
  }

  #stream(sql: string, limits: StreamLimits): Promise<StreamedRows> {
    const connection = this.#usable();
    const sink = limits.sink;
    return this.#inFlightStatement<StreamedRows>((resolve, reject) => {
      const result: StreamedRows = { fields: [], rows: [], truncated: false };
      let convert: RowConverter | undefined;
      let bytes = 0;
      let kept = 0;
      let reading = true;
      let abandoned = false;
      let failure: QueryError | undefined;
      const query = connection.query({ sql, rowsAsArray: true });
      /** Stops keeping rows: the statement is killed, and the rows still on their way are read and dropped. */
      const stopReading = (): void => {
        reading = false;
        this.#kill();
        connection.resume();
      };
      const onConnectionError = (error: QueryError): void => {
        failure ??= error;
        finish();
      };
      const finish = (): void => {
        reading = false; // the controls are inert from here on: the connection may go back to the pool
        connection.off('error', onConnectionError);
        const interruptedByUs = (result.truncated || abandoned) && failure?.errno === ER_QUERY_INTERRUPTED;
        if (failure && !interruptedByUs) reject(failure);
        else resolve(result);
      };
      connection.on('error', onConnectionError);
      sink?.attach({
        resume: () => {
          if (reading && !this.#stopError) connection.resume();
        },
        abandon: () => {
          if (!reading) return;
          abandoned = true;
          stopReading();
        },
      });
      query.on('fields', (fields: FieldPacket[] | undefined) => {
        result.fields = fields ?? [];
        convert = limits.converter(result.fields);
        sink?.fields(result.fields);
      });
      query.on('result', (row: unknown) => {
        if (!reading || this.#stopError || !Array.isArray(row)) return;
        if (kept >= limits.maxRows || bytes > limits.maxBytes) {
          result.truncated = true;
          stopReading();
          return;
        }
        bytes += convert === undefined ? 0 : convert(row);
        kept += 1;
        if (sink === undefined) {
          result.rows.push(row);
        } else if (!sink.row(row)) {
          connection.pause(); // the consumer is behind: the server waits until it catches up
        }
      });
      query.on('error', (error: QueryError) => {
        failure ??= error;
      });
      query.on('end', finish);
    });
  }

  /** Runs a statement, remembering that one is in flight so a stop can kill it. */
  #inFlightStatement<T>(
    start: (resolve: (value: T) => void, reject: (error: Error) => void) => void,
  ): Promise<T> {
    if (this.#stopError && !this.#workFinished) return Promise.reject(this.#stopError);
    this.#inFlight = true;
    this.#killSent = false;
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const settle = (action: () => void): void => {
        if (settled) return;
        settled = true;
        this.#inFlight = false;
        this.#abortInFlight = undefined;
        action();
      };
      this.#abortInFlight = (error) => settle(() => reject(error));
      try {
        start(
          (value) => settle(() => resolve(value)),
          (error) => settle(() => reject(error)),
        );
      } catch (error) {
        settle(() => reject(error instanceof Error ? error : new Error(String(error))));
      }
    });
  }

  /** Kills the statement in flight (never anything else: the connection may be serving another session later). */
  #kill(): void {
    const connection = this.#connection;
    if (!connection || this.#destroyed || this.#killSent || !this.#inFlight) return;
    this.#killSent = true;
    const id = connection.threadId;
    if (typeof id !== 'number') {
      this.#destroy();
      return;
    }
    // If the kill cannot be sent, closing the connection is the only way left to stop the statement.
    this.#kills.push(this.#owner.killQuery(id).catch(() => this.#destroy()));
  }

  #usable(): PoolConnection {
    if (!this.#connection || this.#destroyed) {
      throw this.#stopError ?? new Text2xError('PROVIDER_UNAVAILABLE', 'The database connection was closed.');
    }
    return this.#connection;
  }

  #destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#connection?.destroy();
    this.#abortInFlight?.(
      this.#stopError ?? new Text2xError('PROVIDER_UNAVAILABLE', 'The database connection was closed.'),
    );
  }

  /** Waits for kills, rolls back, and returns the connection to the pool (or closes it). */
  async #finish(): Promise<void> {
    await Promise.allSettled(this.#kills);
    clearTimeout(this.#graceTimer);
    const connection = this.#connection;
    if (!connection || this.#destroyed) return;
    if (this.#inTransaction) {
      this.#stopError = undefined; // the rollback itself must not be refused
      this.#workFinished = true;
      const timer = setTimeout(() => this.#destroy(), this.#owner.killGraceMs);
      try {
        await this.#query('ROLLBACK');
      } catch {
        this.#destroy();
      } finally {
        clearTimeout(timer);
      }
    }
    if (!this.#destroyed) connection.release();
  }
}

function poolOptions(settings: MysqlConnectionSettings): PoolOptions {
  return {
    ...connectionOptions(settings),
    connectionLimit: settings.poolSize,
    maxIdle: settings.poolSize,
    idleTimeout: 60_000,
    waitForConnections: true,
    queueLimit: 0,
  };
}

function connectionOptions(settings: MysqlConnectionSettings): PoolOptions {
  return {
    host: settings.host,
    port: settings.port,
    user: settings.user,
    password: settings.password,
    database: settings.database,
    ...(settings.ssl === undefined ? {} : { ssl: settings.ssl }),
    connectTimeout: settings.connectTimeoutMs,
    enableKeepAlive: true,
    // Exact integers and decimals: BIGINT as a number when exact, else a string; DECIMAL and dates as strings.
    supportBigNumbers: true,
    bigNumberStrings: false,
    decimalNumbers: false,
    dateStrings: true,
    multipleStatements: false,
    // No LOCAL INFILE: the client never reads a file because the server asked for it.
    flags: ['-LOCAL_FILES', '-MULTI_STATEMENTS'],
    // A stack trace captured per query costs time and is never shown.
    trace: false,
  };
}

interface ProbeRow {
  version: string;
  comment: string | null;
  db: string | null;
  lctn: number | string | null;
  sqlMode: string | null;
}

async function probe(pool: Pool): Promise<{ server: MysqlServerInfo; sqlMode: string | undefined }> {
  const connection = await new Promise<PoolConnection>((resolve, reject) =>
    pool.getConnection((error, pooled) => (error ? reject(error) : resolve(pooled))),
  );
  const query = <T>(sql: string): Promise<T[]> =>
    new Promise((resolve, reject) =>
      connection.query(sql, (error: QueryError | null, rows: unknown) =>
        error ? reject(error) : resolve(rows as T[]),
      ),
    );
  try {
    const [row] = await query<ProbeRow>(
      'SELECT VERSION() AS version, @@version_comment AS comment, DATABASE() AS db, ' +
        '@@lower_case_table_names AS lctn, @@SESSION.sql_mode AS sqlMode',
    );
    if (!row || row.db === null)
      throw new Text2xError('PROVIDER_UNAVAILABLE', 'The connection has no database.');
    const flavor: MysqlFlavor = /mariadb/i.test(`${row.version} ${row.comment ?? ''}`) ? 'mariadb' : 'mysql';
    const numbers = (/^(\d+)\.(\d+)\.(\d+)/.exec(row.version) ?? []).slice(1, 4).map(Number);
    let loadableFunctions: string[] = [];
    try {
      const functions = await query<{ name: string }>(
        flavor === 'mariadb'
          ? 'SELECT name FROM mysql.func'
          : 'SELECT UDF_NAME AS name FROM performance_schema.user_defined_functions',
      );
      loadableFunctions = functions.map((entry) => String(entry.name).toLowerCase());
    } catch {
      // Not readable with this account: the static deny list still holds the well-known ones.
    }
    const modes = (row.sqlMode ?? '').split(',').filter((mode) => mode !== '');
    // The lexer reads "…" as a string and \ as an escape; ANSI_QUOTES or NO_BACKSLASH_ESCAPES would change that.
    const enforced = modes.filter((mode) => !['ANSI_QUOTES', 'NO_BACKSLASH_ESCAPES', 'ANSI'].includes(mode));
    return {
      server: {
        flavor,
        version: row.version,
        versionNumbers: [numbers[0] ?? 0, numbers[1] ?? 0, numbers[2] ?? 0],
        database: row.db,
        lowerCaseTableNames: Number(row.lctn ?? 0),
        loadableFunctions,
      },
      sqlMode: enforced.length === modes.length ? undefined : enforced.join(','),
    };
  } finally {
    connection.release();
  }
}

/** True for errors after which the connection cannot be used (network faults, protocol errors). */
export function isFatal(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { fatal?: unknown }).fatal === true;
}

/** True for a server error (it has an error number and the connection still works). */
export function isServerError(error: unknown): error is MysqlDriverError & { errno: number } {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { errno?: unknown }).errno === 'number' &&
    !isFatal(error) &&
    !(error instanceof Text2xError)
  );
}

function isServerTimeout(error: unknown): boolean {
  return isServerError(error) && SERVER_TIMEOUT_ERRORS.has(error.errno);
}

function unavailable(settings: MysqlConnectionSettings, error: unknown): Text2xError {
  return new Text2xError(
    'PROVIDER_UNAVAILABLE',
    `Cannot connect to the database "${settings.database}" at ${settings.host}:${settings.port} as ${settings.user}: ${messageOf(error)}.`,
    { cause: error },
  );
}

function cancelled(subject: string): Text2xError {
  return new Text2xError('CANCELLED', `${subject} was cancelled.`);
}

function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\.$/, '');
}

function ignore(): void {}
