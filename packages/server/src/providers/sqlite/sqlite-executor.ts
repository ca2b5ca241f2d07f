import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import type { ExecutionResult } from '@text2x/protocol';
import { Text2xError } from '../../core/index.js';
import type { ExecuteOptions, RowBatch, StreamOptions, StreamSummary } from '../provider.js';
import { SQLITE_EXECUTOR_CHILD_SOURCE } from './sqlite-executor-child.js';

export interface SqliteExecutorOptions {
  /** Path of the database file; every child opens it read-only. */
  path: string;
  /** Queries that run at the same time, each in its own child process; more wait in a queue. Default 2. */
  concurrency?: number;
  /** Approximate result size (bytes of values) after which rows are cut off and `truncated` is set. Default 32 MiB. */
  maxResultBytes?: number;
  /** Time a new child process has to start and open the database. Default 15,000 ms. */
  startTimeoutMs?: number;
}

type ChildReply =
  | { type: 'ready' }
  | { type: 'open_failed'; message: string }
  | {
      type: 'rows';
      id: number;
      columns: Array<{ name: string; type: string }>;
      rows: unknown[][];
      truncated: boolean;
      ms: number;
    }
  | { type: 'batch'; id: number; columns: Array<{ name: string; type: string }>; rows: unknown[][] }
  | {
      type: 'end';
      id: number;
      columns: Array<{ name: string; type: string }>;
      rowCount: number;
      truncated: boolean;
      ms: number;
    }
  | { type: 'failed'; id: number; message: string; ms: number }
  | { type: 'rejected'; id: number; message: string };

interface Job {
  sql: string;
  /** Set for `stream`: rows go to `onBatch` in batches; the next batch is read once it resolves. */
  stream?: { batchSize: number; onBatch: (batch: RowBatch) => Promise<void> };
  maxRows: number;
  timeoutMs: number;
  signal: AbortSignal | undefined;
  settled: boolean;
  /** What an abort does now: leave the queue, or kill the running query. */
  onAbort: () => void;
  resolve: (result: ExecutionResult) => void;
  reject: (error: Text2xError) => void;
}

interface Slot {
  child: ChildProcess | undefined;
  ready: Promise<ChildProcess> | undefined;
  busy: boolean;
  /** Stops the query running in this slot, failing it with the given error. */
  stop: ((error: Text2xError) => void) | undefined;
}

let driverPath: string | undefined;

/**
 * Runs read-only queries on one SQLite file off the main thread, in a small pool of long-lived
 * child processes (started lazily). A query past its time limit or aborted is stopped for real by
 * killing its process (SIGKILL); the next query starts a fresh one. The main event loop only waits
 * on IPC, so a runaway query never blocks it. Each child opens the file read-only with
 * `query_only`, and refuses any statement SQLite does not mark read-only.
 */
export class SqliteExecutor {
  readonly #path: string;
  readonly #maxResultBytes: number;
  readonly #startTimeoutMs: number;
  readonly #slots: Slot[];
  readonly #queue: Job[] = [];
  #nextId = 0;
  #closed = false;

  constructor(options: SqliteExecutorOptions) {
    this.#path = options.path;
    this.#maxResultBytes = options.maxResultBytes ?? 32 * 1024 * 1024;
    this.#startTimeoutMs = options.startTimeoutMs ?? 15_000;
    const concurrency = Math.max(1, Math.floor(options.concurrency ?? 2));
    this.#slots = Array.from({ length: concurrency }, () => ({
      child: undefined,
      ready: undefined,
      busy: false,
      stop: undefined,
    }));
  }

  /**
   * Runs one query. Resolves with rows, or with `success: false` when SQLite reports an error;
   * rejects with EXECUTION_TIMEOUT, CANCELLED (aborted, or the executor closed), QUERY_REJECTED (not
   * a read-only statement) or PROVIDER_UNAVAILABLE (already closed, or the database cannot be opened).
   */
  run(sql: string, options: ExecuteOptions): Promise<ExecutionResult> {
    return this.#enqueue(sql, options, undefined);
  }

  /**
   * Runs one query and yields its rows in batches as the child reads them; the child reads the next
   * batch only when the consumer asks for it, so memory stays bounded by one batch. Returns the
   * summary; a SQLite error throws EXECUTION_FAILED (rows may already have been yielded). Leaving
   * the loop early stops the query.
   */
  async *stream(sql: string, options: StreamOptions): AsyncGenerator<RowBatch, StreamSummary, undefined> {
    const stop = new AbortController();
    const forward = (): void => stop.abort();
    options.signal?.addEventListener('abort', forward, { once: true });
    const pending: { batch: RowBatch; taken: () => void }[] = [];
    let wake: (() => void) | undefined;
    let outcome: { result: ExecutionResult } | { error: unknown } | undefined;
    const done = this.#enqueue(
      sql,
      { maxRows: options.maxRows, timeoutMs: options.timeoutMs, signal: stop.signal },
      {
        batchSize: Math.max(1, Math.floor(options.batchSize)),
        onBatch: (batch) =>
          new Promise<void>((taken) => {
            pending.push({ batch, taken });
            wake?.();
          }),
      },
    );
    done.then(
      (result) => {
        outcome = { result };
        wake?.();
      },
      (error: unknown) => {
        outcome = { error };
        wake?.();
      },
    );
    try {
      for (;;) {
        const next = pending.shift();
        if (next) {
          yield next.batch;
          next.taken();
          continue;
        }
        if (outcome) break;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
      }
    } finally {
      options.signal?.removeEventListener('abort', forward);
      if (!outcome) stop.abort();
    }
    if ('error' in outcome) throw outcome.error;
    const { result } = outcome;
    if (!result.success) throw new Text2xError('EXECUTION_FAILED', result.error ?? 'The query failed.');
    return {
      columns: result.columns,
      rowCount: result.row_count,
      truncated: result.truncated,
      executionTimeMs: result.execution_time_ms,
    };
  }

  #enqueue(sql: string, options: ExecuteOptions, stream: Job['stream']): Promise<ExecutionResult> {
    if (this.#closed)
      return Promise.reject(new Text2xError('PROVIDER_UNAVAILABLE', 'The data source has been closed.'));
    if (options.signal?.aborted) return Promise.reject(cancelled());
    return new Promise<ExecutionResult>((resolve, reject) => {
      const job: Job = {
        sql,
        ...(stream ? { stream } : {}),
        maxRows: Math.max(0, Math.floor(options.maxRows)),
        // setTimeout treats anything above 2^31-1 ms (or NaN) as 1 ms.
        timeoutMs: Number.isFinite(options.timeoutMs)
          ? Math.min(Math.max(1, options.timeoutMs), 2 ** 31 - 1)
          : 2 ** 31 - 1,
        signal: options.signal,
        settled: false,
        onAbort: () => {
          const index = this.#queue.indexOf(job);
          if (index >= 0) this.#queue.splice(index, 1);
          settle(job, () => job.reject(cancelled()));
        },
        resolve,
        reject,
      };
      const abort = (): void => job.onAbort();
      job.signal?.addEventListener('abort', abort, { once: true });
      const done = (): void => job.signal?.removeEventListener('abort', abort);
      job.resolve = (result) => {
        done();
        resolve(result);
      };
      job.reject = (error) => {
        done();
        reject(error);
      };
      this.#queue.push(job);
      this.#pump();
    });
  }

  /** Stops every child process; queued and running queries fail with CANCELLED. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const job of this.#queue.splice(0)) {
      settle(job, () =>
        job.reject(new Text2xError('CANCELLED', 'The data source was closed before the query ran.')),
      );
    }
    const exits = this.#slots.map((slot) => {
      const child = slot.child;
      slot.stop?.(new Text2xError('CANCELLED', 'The data source was closed while the query ran.'));
      if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      // Referenced again so the event loop waits for the exit that `close()` promises.
      setReferenced(child, true);
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      this.#kill(slot);
      return exited;
    });
    await Promise.all(exits);
  }

  #pump(): void {
    for (const slot of this.#slots) {
      if (this.#closed || this.#queue.length === 0) return;
      if (slot.busy) continue;
      const job = this.#queue.shift() as Job;
      slot.busy = true;
      let released = false;
      // The slot is freed before the job settles, so a query sent right after a result gets a warm process.
      const release = (): void => {
        if (released) return;
        released = true;
        slot.busy = false;
        this.#pump();
      };
      void this.#runOn(slot, job, release).finally(release);
    }
  }

  async #runOn(slot: Slot, job: Job, release: () => void): Promise<void> {
    if (job.settled) return;
    let child: ChildProcess;
    try {
      child = await this.#start(slot);
    } catch (error) {
      const failure = this.#closed
        ? new Text2xError('CANCELLED', 'The data source was closed before the query ran.')
        : error instanceof Text2xError
          ? error
          : new Text2xError('PROVIDER_UNAVAILABLE', undefined, { cause: error });
      settle(job, () => job.reject(failure));
      return;
    }
    if (job.settled) return; // aborted while the process started
    if (this.#closed) {
      settle(job, () =>
        job.reject(new Text2xError('CANCELLED', 'The data source was closed before the query ran.')),
      );
      return;
    }
    const id = (this.#nextId += 1);
    setReferenced(child, true);
    await new Promise<void>((finished) => {
      const finish = (): void => {
        slot.stop = undefined;
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (slot.child === child) setReferenced(child, false);
        release();
        finished();
      };
      const stop = (error: Text2xError): void => {
        this.#kill(slot);
        finish();
        settle(job, () => job.reject(error));
      };
      const timer = setTimeout(
        () =>
          stop(
            new Text2xError(
              'EXECUTION_TIMEOUT',
              `The query ran longer than ${job.timeoutMs} ms and was stopped.`,
            ),
          ),
        job.timeoutMs,
      );
      job.onAbort = () => stop(cancelled());
      slot.stop = stop;
      const onMessage = (reply: ChildReply): void => {
        if (!('id' in reply) || reply.id !== id) return;
        if (reply.type === 'batch') {
          void job.stream?.onBatch({ columns: reply.columns, rows: reply.rows }).then(() => {
            if (slot.child === child && !job.settled) child.send({ type: 'next', id });
          });
          return;
        }
        finish();
        settle(job, () => {
          if (reply.type === 'end') {
            job.resolve({
              success: true,
              columns: reply.columns,
              rows: [],
              row_count: reply.rowCount,
              truncated: reply.truncated,
              execution_time_ms: round(reply.ms),
            });
          } else if (reply.type === 'rows') {
            job.resolve({
              success: true,
              columns: reply.columns,
              rows: reply.rows,
              row_count: reply.rows.length,
              truncated: reply.truncated,
              execution_time_ms: round(reply.ms),
            });
          } else if (reply.type === 'failed') {
            job.resolve(failedResult(reply.message, reply.ms));
          } else {
            job.reject(new Text2xError('QUERY_REJECTED', reply.message));
          }
        });
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
        if (slot.child === child) this.#forget(slot);
        finish();
        settle(job, () =>
          job.resolve(
            failedResult(
              `The query process stopped unexpectedly (${signal ?? `exit code ${code ?? '?'}`}); the query may need too much memory.`,
              0,
            ),
          ),
        );
      };
      child.on('message', onMessage);
      child.on('exit', onExit);
      if (job.stream) {
        child.send({
          type: 'stream',
          id,
          sql: job.sql,
          maxRows: job.maxRows,
          batchSize: job.stream.batchSize,
        });
      } else {
        child.send({ type: 'run', id, sql: job.sql, maxRows: job.maxRows, maxBytes: this.#maxResultBytes });
      }
    });
  }

  /** The slot's running child, started (and the database opened) if needed. */
  #start(slot: Slot): Promise<ChildProcess> {
    if (slot.ready) return slot.ready;
    driverPath ??= createRequire(import.meta.url).resolve('better-sqlite3');
    // Not inherited: a debugger flag or loader in NODE_OPTIONS would break or slow the child.
    const { NODE_OPTIONS: _nodeOptions, ...env } = process.env;
    const child = spawn(process.execPath, ['-e', SQLITE_EXECUTOR_CHILD_SOURCE], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      serialization: 'advanced',
      env,
      windowsHide: true,
    });
    slot.child = child;
    child.on('error', () => {
      if (slot.child === child) this.#forget(slot);
    });
    child.once('exit', () => {
      if (slot.child === child) this.#forget(slot);
    });
    const ready = new Promise<ChildProcess>((resolve, reject) => {
      const cleanup = (): void => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        child.off('error', onError);
      };
      const fail = (message: string, cause?: unknown): void => {
        cleanup();
        if (slot.child === child) this.#kill(slot);
        reject(new Text2xError('PROVIDER_UNAVAILABLE', message, cause === undefined ? undefined : { cause }));
      };
      const timer = setTimeout(
        () => fail(`The query process for ${this.#path} did not start within ${this.#startTimeoutMs} ms.`),
        this.#startTimeoutMs,
      );
      const onMessage = (reply: ChildReply): void => {
        if (reply.type === 'ready') {
          cleanup();
          setReferenced(child, false);
          resolve(child);
        } else if (reply.type === 'open_failed') {
          fail(`Cannot open the SQLite database ${this.#path}: ${reply.message}.`);
        }
      };
      const onExit = (): void => fail(`The query process for ${this.#path} stopped while starting.`);
      const onError = (error: Error): void =>
        fail(`Cannot start the query process for ${this.#path}.`, error);
      child.on('message', onMessage);
      child.on('exit', onExit);
      child.on('error', onError);
    });
    slot.ready = ready;
    child.send({ type: 'open', driverPath, dbPath: this.#path });
    return ready;
  }

  #kill(slot: Slot): void {
    const child = slot.child;
    this.#forget(slot);
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }

  #forget(slot: Slot): void {
    slot.child = undefined;
    slot.ready = undefined;
  }
}

function settle(job: Job, action: () => void): void {
  if (job.settled) return;
  job.settled = true;
  action();
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
    execution_time_ms: round(ms),
    error,
  };
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** An idle child must not keep the parent process alive; a busy one must. */
function setReferenced(child: ChildProcess, referenced: boolean): void {
  if (referenced) {
    child.ref();
    child.channel?.ref();
  } else {
    child.unref();
    child.channel?.unref();
  }
}
