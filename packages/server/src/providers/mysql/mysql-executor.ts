import type { FieldPacket } from 'mysql2';
import type { ColumnInfo, ExecutionResult } from '@text2x/protocol';
import { Text2xError } from '../../core/index.js';
import type { ExecuteOptions, RowBatch, StreamOptions, StreamSummary } from '../provider.js';
import { mysqlColumnTypeName, mysqlRowConverter } from './mysql-result-values.js';
import {
  isServerError,
  type MysqlDriverError,
  type MysqlSessionPool,
  type RowSink,
  type StreamedRows,
} from './mysql-session-pool.js';

export interface MysqlExecutorOptions {
  /** Approximate result size (bytes of values) after which rows are cut off and `truncated` is set. Default 32 MiB. */
  maxResultBytes?: number;
  /** Time limit of the `EXPLAIN` dry run in ms. Default 10,000. */
  dryRunTimeoutMs?: number;
}

/**
 * Runs statements that validation passed, each in its own read-only session (see
 * MysqlSessionPool): rows are streamed and converted to JSON values as they arrive, at most
 * `maxRows` are kept and the statement is killed when one more arrives. A server error is a value
 * (`success: false`); a time-out, an abort or an unreachable server is thrown.
 */
export class MysqlExecutor {
  readonly #pool: MysqlSessionPool;
  readonly #maxResultBytes: number;
  readonly #dryRunTimeoutMs: number;

  constructor(pool: MysqlSessionPool, options: MysqlExecutorOptions = {}) {
    this.#pool = pool;
    this.#maxResultBytes = options.maxResultBytes ?? 32 * 1024 * 1024;
    this.#dryRunTimeoutMs = options.dryRunTimeoutMs ?? 10_000;
  }

  /**
   * Runs one statement. Resolves with rows, or with `success: false` when the server reports an
   * error; rejects with EXECUTION_TIMEOUT, CANCELLED or PROVIDER_UNAVAILABLE.
   */
  async run(sql: string, options: ExecuteOptions): Promise<ExecutionResult> {
    const started = performance.now();
    const maxRows = Math.max(0, Math.floor(options.maxRows));
    try {
      const result = await this.#pool.withReadOnlySession(
        (session) =>
          session.stream(sql, {
            maxRows,
            maxBytes: this.#maxResultBytes,
            converter: mysqlRowConverter,
          }),
        { timeoutMs: options.timeoutMs, signal: options.signal, subject: 'The query' },
      );
      return {
        success: true,
        columns: columnsOf(result.fields),
        rows: result.rows,
        row_count: result.rows.length,
        truncated: result.truncated,
        execution_time_ms: elapsed(started),
      };
    } catch (error) {
      if (!isServerError(error)) throw error;
      return {
        success: false,
        columns: [],
        rows: [],
        row_count: 0,
        truncated: false,
        execution_time_ms: elapsed(started),
        error: error.message,
      };
    }
  }

  /**
   * Runs one statement and yields its rows in batches of at most `batchSize` as they are read;
   * reading pauses while the consumer is two batches behind, so memory stays bounded whatever the
   * result's size. A consumer that stops early has the statement killed. A server error throws
   * EXECUTION_FAILED (rows may already have been yielded); time-out, abort and faults as `run`.
   */
  async *stream(sql: string, options: StreamOptions): AsyncGenerator<RowBatch, StreamSummary, undefined> {
    const started = performance.now();
    const queue = new RowQueue(Math.max(1, Math.floor(options.batchSize)));
    let outcome: { result: StreamedRows } | { error: unknown } | undefined;
    const session = this.#pool
      .withReadOnlySession(
        (session) =>
          session.stream(sql, {
            maxRows: Math.max(0, Math.floor(options.maxRows)),
            maxBytes: Number.MAX_SAFE_INTEGER,
            converter: mysqlRowConverter,
            sink: queue,
          }),
        { timeoutMs: options.timeoutMs, signal: options.signal, subject: 'The query' },
      )
      .then(
        (result) => {
          outcome = { result };
        },
        (error: unknown) => {
          outcome = { error };
        },
      )
      .finally(() => queue.wake());
    let rowCount = 0;
    let complete = false;
    try {
      for (;;) {
        if (queue.rows.length >= queue.batchSize || (outcome !== undefined && queue.rows.length > 0)) {
          const rows = queue.take();
          rowCount += rows.length;
          yield { columns: queue.columns ?? [], rows };
          continue;
        }
        if (outcome !== undefined) break;
        await queue.wait();
      }
      if ('error' in outcome) {
        const error = outcome.error;
        if (isServerError(error)) {
          throw new Text2xError('EXECUTION_FAILED', error.message, { cause: error });
        }
        throw error;
      }
      complete = true;
      return {
        columns: queue.columns ?? columnsOf(outcome.result.fields),
        rowCount,
        truncated: outcome.result.truncated,
        executionTimeMs: elapsed(started),
      };
    } finally {
      if (!complete) queue.controls?.abandon();
      await session;
    }
  }

  /**
   * The dry run: `EXPLAIN <sql>` (never ANALYZE), read-only and with the dry-run time limit,
   * because the optimizer may evaluate constant subqueries. Resolves undefined when the server
   * accepts the statement, or with the server's error; throws for faults.
   */
  async explain(sql: string, signal?: AbortSignal): Promise<MysqlDriverError | undefined> {
    // One round trip: the session's access mode is READ ONLY, and MariaDB takes the time limit
    // with the statement. MySQL applies max_execution_time to SELECT only; the client timer and
    // KILL QUERY bound EXPLAIN there.
    const limit =
      this.#pool.server.flavor === 'mariadb'
        ? `SET STATEMENT max_statement_time = ${(this.#dryRunTimeoutMs / 1000).toFixed(3)} FOR `
        : '';
    try {
      await this.#pool.withReadOnlySession((session) => session.query(`${limit}EXPLAIN ${sql}`), {
        timeoutMs: this.#dryRunTimeoutMs,
        signal,
        subject: 'The dry run (EXPLAIN)',
        transaction: false,
        serverTimeLimit: false,
      });
      return undefined;
    } catch (error) {
      if (!isServerError(error)) throw error;
      const { message, errno, code, sqlState } = error;
      return { message, errno, ...(code === undefined ? {} : { code }), ...(sqlState ? { sqlState } : {}) };
    }
  }
}

/**
 * Queued rows and a waiting consumer between the driver's row events and `stream`'s batches.
 * Reading pauses when two batches are queued and resumes when the consumer takes them.
 */
class RowQueue implements RowSink {
  readonly rows: unknown[][] = [];
  columns: ColumnInfo[] | undefined;
  controls: Parameters<RowSink['attach']>[0] | undefined;
  #wake: (() => void) | undefined;

  constructor(readonly batchSize: number) {}

  attach(controls: Parameters<RowSink['attach']>[0]): void {
    this.controls = controls;
  }

  fields(fields: readonly FieldPacket[]): void {
    this.columns = columnsOf(fields);
  }

  row(row: unknown[]): boolean {
    this.rows.push(row);
    if (this.rows.length >= this.batchSize) this.wake();
    return this.rows.length < this.batchSize * 2;
  }

  /** Up to one batch, resuming the reading when the queue has room again. */
  take(): unknown[][] {
    const batch = this.rows.splice(0, this.batchSize);
    if (this.rows.length < this.batchSize * 2) this.controls?.resume();
    return batch;
  }

  /** Resolves when a batch is ready or `wake` is called. */
  wait(): Promise<void> {
    return new Promise((resolve) => (this.#wake = resolve));
  }

  wake(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}

function columnsOf(fields: readonly FieldPacket[]): ColumnInfo[] {
  return fields.map((field) => ({ name: field.name, type: mysqlColumnTypeName(field) }));
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 1000) / 1000;
}
