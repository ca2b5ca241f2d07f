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
  /**
   * Queries sent to one child ahead of time, while it still runs earlier ones, when every child is
   * busy (1 = no pipelining). Default 4. See `SqliteExecutor`.
   */
  pipelineDepth?: number;
  /** A query still running after this long gets the queries queued behind it back. Default 50 ms. */
  retractAfterMs?: number;
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
  | {
      type: 'batch';
      id: number;
      columns: Array<{ name: string; type: string }>;
      /** The rows column by column (see the child's protocol). */
      cols: Array<Float64Array | unknown[]>;
      rowCount: number;
    }
  | {
      type: 'end';
      id: number;
      columns: Array<{ name: string; type: string }>;
      rowCount: number;
      truncated: boolean;
      ms: number;
    }
  | { type: 'failed'; id: number; message: string; ms: number }
  | { type: 'rejected'; id: number; message: string }
  | { type: 'retracted'; id: number };

interface Job {
  sql: string;
  /** Set for `stream`: rows go to `onBatch` in batches; the next batch is read once it resolves. */
  stream?: { batchSize: number; onBatch: (batch: RowBatch) => Promise<void> };
  maxRows: number;
  timeoutMs: number;
  signal: AbortSignal | undefined;
  settled: boolean;
  /** What an abort does now: leave the queue, or stop the query where it is. */
  onAbort: () => void;
  resolve: (result: ExecutionResult) => void;
  reject: (error: Text2xError) => void;
}

/** A job sent to a child and not answered yet. */
interface Entry {
  job: Job;
  id: number;
  /** The time limit, running from the moment the entry is the child's current query. */
  timer: NodeJS.Timeout | undefined;
  /**
   * Given up on here (cancelled, or requeued to run elsewhere) and asked back: its reply is
   * ignored, and should the child start it anyway it is stopped soon after (see `#begin`).
   */
  ghost: boolean;
}

interface Slot {
  child: ChildProcess | undefined;
  ready: Promise<ChildProcess> | undefined;
  /** Jobs given to this slot whose child is still starting. */
  starting: number;
  /** Sent and unanswered, in the order the child runs them; the first is running. */
  inFlight: Entry[];
  /** A stream holds its child alone until it ends. */
  streaming: boolean;
  /** Run messages not yet written to the child (see `#post`). */
  outbox: Array<Record<string, unknown>>;
  /** Fires when the running query has run long enough to give back the ones queued behind it. */
  retractTimer: NodeJS.Timeout | undefined;
}

let driverPath: string | undefined;

/**
 * Runs read-only queries on one SQLite file off the main thread, in a small pool of long-lived
 * child processes (started lazily). A query past its time limit or aborted is stopped for real by
 * killing its process (SIGKILL); queries queued behind it in that process go back to the queue,
 * and the next query starts a fresh process. The main event loop only waits on IPC, so a runaway
 * query never blocks it. Each child opens the file read-only with `query_only`, and refuses any
 * statement SQLite does not mark read-only.
 *
 * Pipelining: a child answers one query at a time, and a round trip to it costs more than a small
 * query; so when every child is busy, up to `pipelineDepth` queries are sent ahead to the least
 * busy one, which runs them as soon as it is free. A query's time limit starts when its child
 * starts it. A child reads its messages between queries, so when the running query is still
 * running after `retractAfterMs`, or a queued one is cancelled, the parent asks the queued ones
 * back (`retract`) and they run elsewhere: a slow query holds up the others by at most that long.
 * Streams are never pipelined, in either direction.
 */
export class SqliteExecutor {
  readonly #path: string;
  readonly #maxResultBytes: number;
  readonly #startTimeoutMs: number;
  readonly #pipelineDepth: number;
  readonly #retractAfterMs: number;
  readonly #slots: Slot[];
  readonly #queue: Job[] = [];
  #nextId = 0;
  #closed = false;

  constructor(options: SqliteExecutorOptions) {
    this.#path = options.path;
    this.#maxResultBytes = options.maxResultBytes ?? 32 * 1024 * 1024;
    this.#startTimeoutMs = options.startTimeoutMs ?? 15_000;
    this.#pipelineDepth = Math.max(1, Math.floor(options.pipelineDepth ?? 4));
    this.#retractAfterMs = Math.max(1, options.retractAfterMs ?? 50);
    const concurrency = Math.max(1, Math.floor(options.concurrency ?? 2));
    this.#slots = Array.from({ length: concurrency }, () => ({
      child: undefined,
      ready: undefined,
      starting: 0,
      inFlight: [],
      streaming: false,
      outbox: [],
      retractTimer: undefined,
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
        // Batches already read ahead are dropped once the caller has cancelled.
        if (options.signal?.aborted) throw cancelled();
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
      for (const entry of slot.inFlight) {
        settle(entry.job, () =>
          entry.job.reject(new Text2xError('CANCELLED', 'The data source was closed while the query ran.')),
        );
      }
      this.#reset(slot);
      if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      // Referenced again so the event loop waits for the exit that `close()` promises.
      setReferenced(child, true);
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGKILL');
      return exited;
    });
    await Promise.all(exits);
  }

  /** Gives queued jobs to slots: idle ones first, then (not for streams) pipelined on the least busy. */
  #pump(): void {
    while (!this.#closed && this.#queue.length > 0) {
      const job = this.#queue[0] as Job;
      const slot = this.#slotFor(job);
      if (slot === undefined) return;
      this.#queue.shift();
      void this.#send(slot, job);
    }
  }

  #slotFor(job: Job): Slot | undefined {
    const load = (slot: Slot): number => slot.starting + slot.inFlight.length;
    const idle = this.#slots.find((slot) => load(slot) === 0);
    if (idle !== undefined || job.stream) return idle;
    let best: Slot | undefined;
    for (const slot of this.#slots) {
      const open =
        slot.child !== undefined &&
        slot.starting === 0 &&
        !slot.streaming &&
        slot.inFlight.length < this.#pipelineDepth &&
        !slot.inFlight.some((entry) => entry.ghost);
      if (open && (best === undefined || load(slot) < load(best))) best = slot;
    }
    return best;
  }

  async #send(slot: Slot, job: Job): Promise<void> {
    let child: ChildProcess;
    slot.starting += 1;
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
    } finally {
      slot.starting -= 1;
    }
    if (job.settled) {
      this.#pump(); // aborted while the process started
      return;
    }
    if (this.#closed || slot.child !== child) {
      // Closed, or the process was killed for another query while this one waited for it.
      if (this.#closed) {
        settle(job, () =>
          job.reject(new Text2xError('CANCELLED', 'The data source was closed before the query ran.')),
        );
      } else {
        this.#queue.unshift(job);
      }
      this.#pump();
      return;
    }
    const entry: Entry = { job, id: (this.#nextId += 1), timer: undefined, ghost: false };
    slot.inFlight.push(entry);
    if (job.stream) slot.streaming = true;
    job.onAbort = () => this.#abort(slot, entry);
    setReferenced(child, true);
    if (slot.inFlight.length === 1) this.#begin(slot, entry);
    else this.#armRetract(slot);
    if (job.stream) {
      child.send({
        type: 'stream',
        id: entry.id,
        sql: job.sql,
        maxRows: job.maxRows,
        batchSize: job.stream.batchSize,
      });
    } else {
      this.#post(slot, child, {
        type: 'run',
        id: entry.id,
        sql: job.sql,
        maxRows: job.maxRows,
        maxBytes: this.#maxResultBytes,
      });
    }
  }

  /**
   * Sends run messages to a child in one IPC message per turn (`runs`): a pipe write costs more
   * than a small query. Any other message goes out after what is waiting, so order is kept.
   */
  #post(slot: Slot, child: ChildProcess, message: { type: 'run' } & Record<string, unknown>): void {
    slot.outbox.push(message);
    if (slot.outbox.length === 1) queueMicrotask(() => this.#flushOutbox(slot, child));
  }

  #flushOutbox(slot: Slot, child: ChildProcess): void {
    if (slot.outbox.length === 0) return;
    const runs = slot.outbox.splice(0);
    if (slot.child !== child) return; // killed meanwhile: its entries were requeued or failed
    const [only] = runs;
    child.send(runs.length === 1 && only !== undefined ? only : { type: 'runs', runs });
  }

  /** The entry is now the child's current query: its time limit starts. */
  #begin(slot: Slot, entry: Entry): void {
    // A ghost's `retracted` is on its way; if the child started it instead, it is stopped.
    const limit = entry.ghost ? Math.min(entry.job.timeoutMs, 100) : entry.job.timeoutMs;
    entry.timer = setTimeout(() => {
      if (!entry.ghost && !entry.job.settled) {
        const error = new Text2xError(
          'EXECUTION_TIMEOUT',
          `The query ran longer than ${entry.job.timeoutMs} ms and was stopped.`,
        );
        settle(entry.job, () => entry.job.reject(error));
      }
      this.#killAndRequeue(slot);
    }, limit);
    clearTimeout(slot.retractTimer);
    slot.retractTimer = undefined;
    if (slot.inFlight.length > 1) this.#armRetract(slot);
  }

  /**
   * When the running query is still running after `retractAfterMs`, the queries queued behind it
   * go back to the queue at once (another child takes them) and the child is asked to drop them.
   */
  #armRetract(slot: Slot): void {
    if (slot.retractTimer !== undefined || slot.streaming) return;
    slot.retractTimer = setTimeout(() => {
      slot.retractTimer = undefined;
      const behind = slot.inFlight.slice(1).filter((entry) => !entry.ghost && !entry.job.settled);
      for (const entry of behind) this.#retract(slot, entry);
      this.#queue.unshift(...behind.map((entry) => entry.job));
      this.#pump();
    }, this.#retractAfterMs);
  }

  #retract(slot: Slot, entry: Entry): void {
    if (entry.ghost || slot.child === undefined) return;
    entry.ghost = true;
    this.#flushOutbox(slot, slot.child);
    slot.child.send({ type: 'retract', id: entry.id });
  }

  #abort(slot: Slot, entry: Entry): void {
    settle(entry.job, () => entry.job.reject(cancelled()));
    if (slot.inFlight[0] === entry) this.#killAndRequeue(slot);
    else this.#retract(slot, entry);
  }

  /** A reply from a slot's child. */
  #onReply(slot: Slot, child: ChildProcess, reply: ChildReply): void {
    if (slot.child !== child || !('id' in reply)) return;
    const index = slot.inFlight.findIndex((entry) => entry.id === reply.id);
    if (index < 0) return;
    const entry = slot.inFlight[index] as Entry;
    const { job } = entry;
    if (reply.type === 'batch') {
      void job.stream
        ?.onBatch({ columns: reply.columns, rows: rowsOf(reply.cols, reply.rowCount) })
        .then(() => {
          if (slot.child === child && !job.settled) child.send({ type: 'next', id: entry.id });
        });
      return;
    }
    slot.inFlight.splice(index, 1);
    clearTimeout(entry.timer);
    if (reply.type !== 'retracted' && !entry.ghost) {
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
    }
    if (job.stream) slot.streaming = false;
    if (index === 0) {
      clearTimeout(slot.retractTimer);
      slot.retractTimer = undefined;
      const next = slot.inFlight[0];
      if (next !== undefined) this.#begin(slot, next);
    }
    if (slot.inFlight.length === 0) setReferenced(child, false);
    this.#pump();
  }

  /** The child died by itself: its current query fails, the ones queued behind it run elsewhere. */
  #onExit(slot: Slot, child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (slot.child !== child) return;
    const [current] = slot.inFlight;
    if (current !== undefined) {
      settle(current.job, () =>
        current.job.resolve(
          failedResult(
            `The query process stopped unexpectedly (${signal ?? `exit code ${code ?? '?'}`}); the query may need too much memory.`,
            0,
          ),
        ),
      );
    }
    this.#requeueBehind(slot);
    this.#reset(slot);
    this.#pump();
  }

  /** Stops the slot's child (its current query is over) and requeues the queries queued behind it. */
  #killAndRequeue(slot: Slot): void {
    const child = slot.child;
    this.#requeueBehind(slot);
    this.#reset(slot);
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    this.#pump();
  }

  #requeueBehind(slot: Slot): void {
    const waiting = slot.inFlight.slice(1).filter((entry) => !entry.ghost && !entry.job.settled);
    this.#queue.unshift(...waiting.map((entry) => entry.job));
  }

  #reset(slot: Slot): void {
    for (const entry of slot.inFlight) clearTimeout(entry.timer);
    clearTimeout(slot.retractTimer);
    slot.inFlight = [];
    slot.outbox = [];
    slot.streaming = false;
    slot.retractTimer = undefined;
    slot.child = undefined;
    slot.ready = undefined;
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
      if (slot.child === child) this.#onExit(slot, child, null, null);
    });
    child.once('exit', (code, signal) => this.#onExit(slot, child, code, signal));
    const ready = new Promise<ChildProcess>((resolve, reject) => {
      const cleanup = (): void => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        child.off('error', onError);
      };
      const fail = (message: string, cause?: unknown): void => {
        cleanup();
        if (slot.child === child) {
          this.#reset(slot);
          child.kill('SIGKILL');
        }
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
          child.on('message', (message: ChildReply) => this.#onReply(slot, child, message));
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
}

/** Rows (arrays of values) from a batch sent column by column. */
function rowsOf(cols: ReadonlyArray<Float64Array | unknown[]>, count: number): unknown[][] {
  const rows = new Array<unknown[]>(count);
  const width = cols.length;
  for (let row = 0; row < count; row += 1) {
    const values = new Array<unknown>(width);
    for (let column = 0; column < width; column += 1)
      values[column] = (cols[column] as ArrayLike<unknown>)[row];
    rows[row] = values;
  }
  return rows;
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
