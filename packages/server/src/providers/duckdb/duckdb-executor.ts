import { StatementType, type DuckDBConnection } from '@duckdb/node-api';
import type { ExecutionResult } from '@text2x/protocol';
import { Text2xError } from '../../core/index.js';
import type { ExecuteOptions, RowBatch, StreamOptions, StreamSummary } from '../provider.js';
import type { DuckdbConnectionPool } from './duckdb-connection-pool.js';
import { duckdbMessage } from './duckdb-database.js';
import { approximateBytes, columnConverter, convertChunkRows, type JsonSafeValue } from './duckdb-values.js';

export interface DuckdbExecutorOptions {
  /** Connections queries run on, one query per connection at a time. */
  pool: DuckdbConnectionPool;
  /**
   * Approximate result size (bytes of values) at which rows are cut off: the row that crosses it
   * is the last one returned and `truncated` is set. Default 32 MiB.
   */
  maxResultBytes?: number;
}

/** Rows converted at a time (a DuckDB chunk holds up to 2,048). */
const SLICE_ROWS = 512;
/** Rows converted first, to learn the size of a row. */
const FIRST_SLICE_ROWS = 16;

/** How often a stopped query is interrupted again until DuckDB lets go of it. */
const INTERRUPT_INTERVAL_MS = 20;

/** The longest delay `setTimeout` honours (larger values fire at once). */
const LONGEST_TIMER = 2 ** 31 - 1;

/**
 * Runs read-only queries. DuckDB executes on its own threads and the node API answers with
 * promises, so the event loop only converts finished chunks (2,048 rows at a time) and stays
 * responsive while a query runs. Results are streamed: chunks are read until `maxRows + 1` rows
 * (or the byte cap) have been seen, so a huge result is never materialised. A time-out or an
 * abort calls `connection.interrupt()`, which stops the query inside DuckDB; the connection goes
 * back to the pool once DuckDB has let go of it (an interrupt that lands between two DuckDB calls
 * would be lost, so it is repeated until then). The prepared statement's type must be SELECT, a
 * last check even if validation was skipped. Each running query also holds a process-wide thread
 * slot (see DuckdbThreadSlots), taken with its connection.
 */
export class DuckdbExecutor {
  readonly #pool: DuckdbConnectionPool;
  readonly #maxResultBytes: number;
  readonly #running = new Set<(error: Text2xError) => void>();
  readonly #settling = new Set<Promise<void>>();
  #closed = false;

  constructor(options: DuckdbExecutorOptions) {
    this.#pool = options.pool;
    this.#maxResultBytes = options.maxResultBytes ?? 32 * 1024 * 1024;
  }

  /**
   * Runs one query. Resolves with rows, or with `success: false` when DuckDB reports an error;
   * rejects with EXECUTION_TIMEOUT, CANCELLED (aborted, or the executor closed), QUERY_REJECTED
   * (not a SELECT) or PROVIDER_UNAVAILABLE (closed).
   */
  async run(sql: string, options: ExecuteOptions): Promise<ExecutionResult> {
    if (this.#closed) throw new Text2xError('PROVIDER_UNAVAILABLE', 'The data source has been closed.');
    if (options.signal?.aborted) throw cancelled();
    const connection = await this.#pool.acquire(options.signal);
    const maxRows = Math.max(0, Math.floor(Number.isFinite(options.maxRows) ? options.maxRows : 0));
    const timeoutMs = Number.isFinite(options.timeoutMs)
      ? Math.min(Math.max(1, options.timeoutMs), LONGEST_TIMER)
      : LONGEST_TIMER;

    return new Promise<ExecutionResult>((resolve, reject) => {
      let settled = false;
      let stopped = false;
      let interrupter: ReturnType<typeof setInterval> | undefined;
      const cleanup = (): void => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        this.#running.delete(stop);
      };
      const stop = (error: Text2xError): void => {
        if (settled) return;
        settled = true;
        stopped = true;
        cleanup();
        // An interrupt only reaches a query DuckDB is executing; one that lands while a call is
        // still on its way to DuckDB is lost. So interrupt until the work has let go.
        connection.interrupt();
        interrupter = setInterval(() => connection.interrupt(), INTERRUPT_INTERVAL_MS);
        reject(error);
      };
      const onAbort = (): void => stop(cancelled());
      const timer = setTimeout(
        () =>
          stop(
            new Text2xError(
              'EXECUTION_TIMEOUT',
              `The query ran longer than ${timeoutMs} ms and was stopped.`,
            ),
          ),
        timeoutMs,
      );
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.#running.add(stop);

      const work = this.#work(connection, sql, maxRows, () => stopped).then(
        (result) => {
          if (settled) return;
          settled = true;
          cleanup();
          resolve(result);
        },
        (error: unknown) => {
          if (settled) return;
          settled = true;
          cleanup();
          reject(
            error instanceof Text2xError ? error : new Text2xError('INTERNAL', undefined, { cause: error }),
          );
        },
      );
      const released = work.finally(() => {
        clearInterval(interrupter);
        this.#pool.release(connection);
        this.#settling.delete(released);
      });
      this.#settling.add(released);
    });
  }

  /**
   * Runs one query and yields its rows in batches of `batchSize` as DuckDB produces them, so a
   * large result never sits whole in memory; the next chunk is read only when the consumer asks
   * for more. The time limit covers the whole stream. Errors as `run`, except that a failing
   * query throws EXECUTION_FAILED (rows may already have been sent). A consumer that stops early
   * just returns the connection.
   */
  async *stream(sql: string, options: StreamOptions): AsyncGenerator<RowBatch, StreamSummary, undefined> {
    if (this.#closed) throw new Text2xError('PROVIDER_UNAVAILABLE', 'The data source has been closed.');
    if (options.signal?.aborted) throw cancelled();
    const connection = await this.#pool.acquire(options.signal);
    const maxRows = Math.max(0, Math.floor(Number.isFinite(options.maxRows) ? options.maxRows : 0));
    const batchSize = Math.max(1, Math.floor(Number.isFinite(options.batchSize) ? options.batchSize : 1));
    const timeoutMs = Number.isFinite(options.timeoutMs)
      ? Math.min(Math.max(1, options.timeoutMs), LONGEST_TIMER)
      : LONGEST_TIMER;
    const state: { failure?: Text2xError } = {};
    let inFlight = false;
    let interrupter: ReturnType<typeof setInterval> | undefined;
    const stop = (error: Text2xError): void => {
      if (state.failure !== undefined) return;
      state.failure = error;
      connection.interrupt();
      // Interrupt until the call in flight returns (see `run`); a stream waiting for its consumer has none.
      if (inFlight) interrupter = setInterval(() => connection.interrupt(), INTERRUPT_INTERVAL_MS);
    };
    const onAbort = (): void => stop(cancelled());
    const timer = setTimeout(
      () =>
        stop(
          new Text2xError('EXECUTION_TIMEOUT', `The query ran longer than ${timeoutMs} ms and was stopped.`),
        ),
      timeoutMs,
    );
    options.signal?.addEventListener('abort', onAbort, { once: true });
    this.#running.add(stop);
    /** Awaits a DuckDB call (tracked, so `close` can wait for it) and fails if the stream was stopped meanwhile. */
    // Read through a function: TypeScript would keep the narrowing of `state.failure` across awaits.
    const stopped = (): Text2xError | undefined => state.failure;
    const call = async <T>(start: () => Promise<T>): Promise<T> => {
      const before = stopped();
      if (before !== undefined) throw before;
      inFlight = true;
      const promise = start();
      const settled = promise.then(
        () => undefined,
        () => undefined,
      );
      this.#settling.add(settled);
      let value: T;
      try {
        value = await promise;
      } catch (error) {
        throw stopped() ?? error;
      } finally {
        inFlight = false;
        clearInterval(interrupter);
        interrupter = undefined;
        this.#settling.delete(settled);
      }
      const after = stopped();
      if (after !== undefined) throw after;
      return value;
    };
    const started = performance.now();
    try {
      const prepared = await call(() => connection.prepare(sql));
      if (prepared.statementType !== StatementType.SELECT) {
        throw new Text2xError(
          'QUERY_REJECTED',
          'DuckDB reports that this statement is not a read-only SELECT, so it is not run.',
        );
      }
      const result = await call(() => prepared.stream());
      const types = result.columnTypes();
      const columns = result
        .columnNames()
        .map((name, index) => ({ name, type: types[index]?.toString() ?? 'UNKNOWN' }));
      const converters = types.map(columnConverter);
      const size = { bytes: 0 };
      let batch: JsonSafeValue[][] = [];
      let rowCount = 0;
      let truncated = false;
      reading: for (;;) {
        const chunk = await call(() => result.fetchChunk());
        if (chunk === null || chunk.rowCount === 0) break;
        let index = 0;
        while (index < chunk.rowCount) {
          if (rowCount >= maxRows) {
            truncated = true;
            break reading;
          }
          const end = Math.min(chunk.rowCount, index + batchSize - batch.length, index + maxRows - rowCount);
          for (const row of convertChunkRows(chunk, converters, index, end, size)) batch.push(row);
          rowCount += end - index;
          index = end;
          if (batch.length >= batchSize) {
            yield { columns, rows: batch };
            batch = [];
            if (state.failure !== undefined) throw state.failure;
          }
        }
      }
      if (batch.length > 0) yield { columns, rows: batch };
      if (state.failure !== undefined) throw state.failure;
      return {
        columns,
        rowCount,
        truncated,
        executionTimeMs: Math.round((performance.now() - started) * 1000) / 1000,
      };
    } catch (error) {
      if (state.failure !== undefined) throw state.failure;
      if (error instanceof Text2xError) throw error;
      throw new Text2xError('EXECUTION_FAILED', `The query failed: ${duckdbMessage(error)}.`, {
        cause: error,
      });
    } finally {
      clearTimeout(timer);
      clearInterval(interrupter);
      options.signal?.removeEventListener('abort', onAbort);
      this.#running.delete(stop);
      this.#pool.release(connection);
    }
  }

  /** Stops running queries and streams (CANCELLED), and waits until DuckDB has let go of them. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const stop of [...this.#running]) {
      stop(new Text2xError('CANCELLED', 'The data source was closed while the query ran.'));
    }
    await Promise.all([...this.#settling]);
  }

  async #work(
    connection: DuckDBConnection,
    sql: string,
    maxRows: number,
    stopped: () => boolean,
  ): Promise<ExecutionResult> {
    const started = performance.now();
    const elapsed = (): number => Math.round((performance.now() - started) * 1000) / 1000;
    let prepared;
    try {
      prepared = await connection.prepare(sql);
    } catch (error) {
      return failedResult(duckdbMessage(error), elapsed());
    }
    if (prepared.statementType !== StatementType.SELECT) {
      prepared.destroySync();
      throw new Text2xError(
        'QUERY_REJECTED',
        'DuckDB reports that this statement is not a read-only SELECT, so it is not run.',
      );
    }
    if (stopped()) return failedResult('The query was stopped.', elapsed());
    try {
      const result = await prepared.stream();
      const names = result.columnNames();
      const types = result.columnTypes();
      const columns = names.map((name, index) => ({ name, type: types[index]?.toString() ?? 'UNKNOWN' }));
      const converters = types.map(columnConverter);
      const rows: JsonSafeValue[][] = [];
      let bytes = 0;
      let truncated = false;
      reading: while (!stopped()) {
        const chunk = await result.fetchChunk();
        if (stopped() || chunk === null || chunk.rowCount === 0) break;
        let index = 0;
        while (index < chunk.rowCount) {
          if (rows.length >= maxRows) {
            truncated = true;
            break reading;
          }
          // Convert in slices sized from the average row so far, so little is converted past the
          // cap; rows are then counted one by one and the row that crosses the cap is the last.
          const average = rows.length === 0 ? 0 : bytes / rows.length;
          const fitting =
            average === 0 ? FIRST_SLICE_ROWS : Math.floor((this.#maxResultBytes - bytes) / average) + 1;
          const end = Math.min(
            chunk.rowCount,
            index + Math.max(1, Math.min(SLICE_ROWS, fitting)),
            index + maxRows - rows.length,
          );
          for (const row of convertChunkRows(chunk, converters, index, end, { bytes: 0 })) {
            rows.push(row);
            bytes += rowBytes(row);
            if (bytes > this.#maxResultBytes) {
              truncated = true;
              break reading;
            }
          }
          index = end;
        }
      }
      return {
        success: true,
        columns,
        rows,
        row_count: rows.length,
        truncated,
        execution_time_ms: elapsed(),
      };
    } catch (error) {
      return failedResult(duckdbMessage(error), elapsed());
    }
  }
}

/** A row's size as the byte cap counts it (the same estimate `convertChunkRows` adds up). */
function rowBytes(row: readonly JsonSafeValue[]): number {
  let bytes = 0;
  for (const value of row) bytes += approximateBytes(value);
  return bytes;
}

function cancelled(): Text2xError {
  return new Text2xError('CANCELLED', 'The query was cancelled.');
}

function failedResult(error: string, ms: number): ExecutionResult {
  return {
    success: false,
    columns: [],
    rows: [],
    row_count: 0,
    truncated: false,
    execution_time_ms: ms,
    error,
  };
}
