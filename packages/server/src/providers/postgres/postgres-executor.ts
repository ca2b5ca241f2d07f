import type { ColumnInfo, ExecutionResult } from '@text2x/protocol';
import { Text2xError } from '../../core/index.js';
import type { ExecuteOptions, RowBatch, StreamOptions, StreamSummary } from '../provider.js';
import type { PostgresDriver, PostgresQueryResult, PostgresSession } from './postgres-driver.js';
import {
  beginReadOnlyScript,
  errorMessage,
  isConnectionFailure,
  postgresErrorCode,
} from './postgres-transaction.js';
import { textValue, type PostgresTypeInfo, type PostgresTypeRegistry } from './postgres-values.js';

export interface PostgresExecutorOptions {
  driver: PostgresDriver;
  /** The configured schemas in search order (the transaction's search_path). */
  searchPath: readonly string[];
  /** Type names and value converters, shared with the provider so `pg_type` is read once per type. */
  types: PostgresTypeRegistry;
  /** Approximate bytes of values kept per result before rows are cut off (`truncated`). Default 32 MiB. */
  maxResultBytes?: number;
  /** Most rows one FETCH reads. Default 10,000. */
  fetchSize?: number;
  /** Set `client_connection_check_interval` (server 14+). Default false. */
  checkClientConnection?: boolean;
  /** How long a cancelled statement may take to stop before its connection is closed. Default 5,000 ms. */
  cancelWaitMs?: number;
  /**
   * Added to the server-side `statement_timeout` (which otherwise equals the request's time limit),
   * so the client timer fires first and the cancel request does the stopping. Default 0.
   */
  statementTimeoutGraceMs?: number;
}

/** A SQL error while the query ran: a value for `run`, EXECUTION_FAILED for `stream`. */
class QueryFailed extends Error {}

type StopReason = 'timeout' | 'cancel';

const CURSOR = 'text2x_cursor';
const MAX_TIMER_MS = 2 ** 31 - 1;
const CANCEL_REPEAT_MS = 500;

/**
 * Runs validated read-only statements on PostgreSQL. Each run checks out a pooled connection and
 * opens `BEGIN TRANSACTION READ ONLY` with `SET LOCAL statement_timeout`, `lock_timeout`,
 * `idle_in_transaction_session_timeout` and the configured search_path, declares a NO SCROLL
 * cursor for the statement (through the extended protocol: a second statement cannot ride along)
 * and FETCHes in batches until `maxRows + 1` rows (to detect truncation) or the byte cap, then
 * always rolls back. A time-out or abort sends the protocol's cancel request for the running
 * statement, waits for it to stop, and closes that connection rather than reuse it (a late cancel
 * must never hit another caller's statement); the pool opens a fresh one.
 */
export class PostgresExecutor {
  readonly #driver: PostgresDriver;
  readonly #searchPath: readonly string[];
  readonly #types: PostgresTypeRegistry;
  readonly #maxResultBytes: number;
  readonly #fetchSize: number;
  readonly #checkClientConnection: boolean;
  readonly #cancelWaitMs: number;
  readonly #statementTimeoutGraceMs: number;

  constructor(options: PostgresExecutorOptions) {
    this.#driver = options.driver;
    this.#searchPath = options.searchPath;
    this.#types = options.types;
    this.#maxResultBytes = options.maxResultBytes ?? 32 * 1024 * 1024;
    this.#fetchSize = Math.max(1, Math.floor(options.fetchSize ?? 10_000));
    this.#checkClientConnection = options.checkClientConnection ?? false;
    this.#cancelWaitMs = options.cancelWaitMs ?? 5_000;
    this.#statementTimeoutGraceMs = Math.max(0, options.statementTimeoutGraceMs ?? 0);
  }

  /**
   * Runs one statement and collects its rows. A SQL error is `{success: false, error}`; a time-out
   * throws EXECUTION_TIMEOUT, an abort CANCELLED, a lost server PROVIDER_UNAVAILABLE.
   */
  async run(statement: string, options: ExecuteOptions): Promise<ExecutionResult> {
    const started = performance.now();
    const rows: unknown[][] = [];
    const batches = this.#batches(statement, options, this.#fetchSize);
    try {
      let next = await batches.next();
      while (!next.done) {
        for (const row of next.value.rows) rows.push(row);
        next = await batches.next();
      }
      const summary = next.value;
      return {
        success: true,
        columns: summary.columns,
        rows,
        row_count: rows.length,
        truncated: summary.truncated,
        execution_time_ms: round(summary.executionTimeMs),
      };
    } catch (error) {
      if (!(error instanceof QueryFailed)) throw error;
      return {
        success: false,
        columns: [],
        rows: [],
        row_count: 0,
        truncated: false,
        execution_time_ms: round(performance.now() - started),
        error: error.message,
      };
    }
  }

  /** Runs one statement and yields its rows `batchSize` at a time, reading the next batch only when asked. */
  async *stream(
    statement: string,
    options: StreamOptions,
  ): AsyncGenerator<RowBatch, StreamSummary, undefined> {
    try {
      return yield* this.#batches(statement, options, Math.max(1, Math.floor(options.batchSize)));
    } catch (error) {
      if (error instanceof QueryFailed)
        throw new Text2xError('EXECUTION_FAILED', error.message, { cause: error });
      throw error;
    }
  }

  async *#batches(
    statement: string,
    options: ExecuteOptions,
    batchSize: number,
  ): AsyncGenerator<RowBatch, StreamSummary, undefined> {
    const started = performance.now();
    const maxRows = Math.max(0, Math.floor(Number.isFinite(options.maxRows) ? options.maxRows : 0));
    const timeoutMs = Number.isFinite(options.timeoutMs)
      ? Math.min(Math.max(1, options.timeoutMs), MAX_TIMER_MS)
      : MAX_TIMER_MS;
    if (options.signal?.aborted) throw cancelled();

    let session: PostgresSession | undefined;
    let released = false;
    let inFlight: Promise<unknown> | undefined;
    let cancelSent = false;
    let reason: StopReason | undefined;
    let cancelTimer: NodeJS.Timeout | undefined;
    let cancelRepeat: NodeJS.Timeout | undefined;
    let wakeConnect: (() => void) | undefined;

    const release = (destroy: boolean): void => {
      if (released || session === undefined) return;
      released = true;
      session.release(destroy);
    };
    const stop = (why: StopReason): void => {
      if (reason !== undefined) return;
      reason = why;
      wakeConnect?.();
      if (session === undefined) return;
      if (inFlight === undefined) {
        release(true); // idle between batches: closing the connection ends the transaction
        return;
      }
      cancelSent = true;
      const active = session;
      void active.cancel();
      // A cancel that reaches the backend between two protocol messages is ignored: repeat it while
      // the statement runs (the connection is closed afterwards, so a late one cannot hurt anyone).
      cancelRepeat = setInterval(() => {
        if (inFlight !== undefined && !released) void active.cancel();
      }, CANCEL_REPEAT_MS);
      // A server that does not answer the cancel gets its connection closed, which fails the statement.
      cancelTimer = setTimeout(() => release(true), this.#cancelWaitMs);
    };
    const timer = setTimeout(() => stop('timeout'), timeoutMs);
    const onAbort = (): void => stop('cancel');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const stopped = (): Text2xError =>
      reason === 'timeout'
        ? new Text2xError('EXECUTION_TIMEOUT', `The query ran longer than ${timeoutMs} ms and was stopped.`)
        : cancelled();
    const send = async <T>(work: (active: PostgresSession) => Promise<T>): Promise<T> => {
      if (reason !== undefined || session === undefined || released) throw stopped();
      const promise = work(session);
      inFlight = promise;
      let value: T;
      try {
        value = await promise;
      } finally {
        inFlight = undefined;
      }
      // Stopped while the statement finished anyway: do not hand out more rows.
      if (reason !== undefined) throw stopped();
      return value;
    };

    try {
      session = await new Promise<PostgresSession | undefined>((resolve, reject) => {
        wakeConnect = () => resolve(undefined);
        this.#driver.connect().then((connected) => {
          if (reason !== undefined) connected.release(false);
          resolve(connected);
        }, reject);
      });
      if (reason !== undefined || session === undefined) {
        session = undefined;
        throw stopped();
      }

      await send((active) =>
        active.execute(
          beginReadOnlyScript({
            statementTimeoutMs: timeoutMs + this.#statementTimeoutGraceMs,
            idleTimeoutMs: timeoutMs + 10_000,
            searchPath: this.#searchPath,
            checkClientConnection: this.#checkClientConnection,
          }),
        ),
      );
      await send((active) => active.query(`DECLARE ${CURSOR} NO SCROLL CURSOR FOR ${statement}`));

      let columns: ColumnInfo[] | undefined;
      /** Converter per column; undefined where the text is the value (text, varchar, enums, …). */
      let converters: Array<((text: string) => unknown) | undefined> = [];
      let total = 0;
      let bytes = 0;
      let truncated = false;
      for (;;) {
        const want = Math.max(1, Math.min(batchSize, maxRows + 1 - total));
        const result: PostgresQueryResult = await send((active) =>
          active.query(`FETCH FORWARD ${want} FROM ${CURSOR}`),
        );
        if (columns === undefined) {
          const types = await this.#typesOf(result, send);
          columns = result.fields.map((field, index) => ({
            name: field.name,
            type: types[index]?.name ?? 'unknown',
          }));
          converters = types.map((type) => (type.convert === textValue ? undefined : type.convert));
        }
        const rows: unknown[][] = [];
        for (const raw of result.rows) {
          if (total >= maxRows) {
            truncated = true;
            break;
          }
          // The driver's row arrays are ours: converted in place.
          const row = raw as unknown[];
          for (let index = 0; index < raw.length; index += 1) {
            const value = raw[index];
            if (value == null) {
              bytes += 4;
              continue;
            }
            bytes += value.length + 8;
            const convert = converters[index];
            if (convert !== undefined) row[index] = convert(value);
          }
          rows.push(row);
          total += 1;
          if (bytes > this.#maxResultBytes) {
            truncated = true;
            break;
          }
        }
        if (rows.length > 0) yield { columns, rows };
        if (truncated || result.rows.length < want) break;
      }

      // The finally block rolls back and gives the connection back.
      return {
        columns: columns ?? [],
        rowCount: total,
        truncated,
        executionTimeMs: performance.now() - started,
      };
    } catch (error) {
      if (reason !== undefined) throw stopped();
      if (error instanceof Text2xError) throw error;
      const code = postgresErrorCode(error);
      if (code === '57014') {
        // Cancelled by the server's statement_timeout (or by someone else) before our own timer fired.
        throw /statement timeout/i.test(errorMessage(error))
          ? new Text2xError('EXECUTION_TIMEOUT', `The query ran longer than ${timeoutMs} ms and was stopped.`)
          : new Text2xError('CANCELLED', 'The query was cancelled by the database server.');
      }
      if (isConnectionFailure(error)) {
        release(true);
        throw new Text2xError(
          'PROVIDER_UNAVAILABLE',
          `The connection to PostgreSQL failed while the query ran: ${errorMessage(error)}.`,
          { cause: error },
        );
      }
      throw new QueryFailed(errorMessage(error));
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (!released && session !== undefined) {
        if (cancelSent) {
          // Wait (bounded by cancelTimer) for the cancelled statement to end, then drop the connection.
          await inFlight?.catch(() => undefined);
          release(true);
        } else {
          try {
            await session.execute('ROLLBACK');
            release(false);
          } catch {
            release(true);
          }
        }
      }
      clearTimeout(cancelTimer);
      clearInterval(cancelRepeat);
    }
  }

  /** Types of the result's columns, reading unknown OIDs (enums, domains, extension types) from pg_type once. */
  async #typesOf(
    result: PostgresQueryResult,
    send: <T>(work: (session: PostgresSession) => Promise<T>) => Promise<T>,
  ): Promise<PostgresTypeInfo[]> {
    const unknown = this.#types.unknown(result.fields.map((field) => field.dataTypeID));
    if (unknown.length > 0) {
      const rows = await send((session) =>
        session.query(
          `SELECT t.oid::int, pg_catalog.format_type(t.oid, NULL), t.typcategory::text, t.typelem::int, t.typbasetype::int
             FROM pg_catalog.pg_type t WHERE t.oid = ANY($1::oid[])`,
          [`{${unknown.join(',')}}`],
        ),
      );
      this.#types.add(
        rows.rows.map(([oid, name, category, elementOid, baseOid]) => ({
          oid: Number(oid),
          name: name ?? `oid ${oid ?? '?'}`,
          category: category ?? 'U',
          elementOid: Number(elementOid ?? 0),
          baseOid: Number(baseOid ?? 0),
        })),
      );
    }
    return result.fields.map((field) => this.#types.getOrText(field.dataTypeID));
  }
}

function cancelled(): Text2xError {
  return new Text2xError('CANCELLED', 'The query was cancelled.');
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
