import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { normalizeSqlValue } from './result-set.js';
import type { QueryExecutor, QueryOutcome, QueryRunOptions } from './query-executor.js';
import { QUERY_WORKER_SCRIPT } from './query-worker-script.js';
import { doubleQuotedToStringLiteral, unresolvedDoubleQuotedToken } from './sqlite-double-quoted-strings.js';

/** Upper bound on double-quoted tokens turned into literals for one query. */
const MAX_LITERAL_REWRITES = 64;

interface Job {
  dbPath: string;
  sql: string;
  options: QueryRunOptions;
  resolve: (outcome: QueryOutcome) => void;
}

interface WorkerMessage {
  id: number;
  kind: 'rows' | 'error';
  columns?: string[];
  rows?: unknown[][];
  truncated?: boolean;
  ms?: number;
  message?: string;
}

interface Slot {
  child: ChildProcess | null;
  job: (Job & { id: number; timer: NodeJS.Timeout }) | null;
  stderr: string;
}

/**
 * A pool of child processes that run evaluation queries with better-sqlite3 (read-only). A query
 * over its time limit has its process killed (SIGKILL) and reported as a timeout; the slot starts a
 * fresh process for the next query. Each process keeps its database handles open between queries.
 *
 * The children are plain `node` processes with an IPC channel (what `fork` sets up) running
 * `QUERY_WORKER_SCRIPT`, with the structured-clone ("advanced") serialization so bigints and
 * blobs survive the trip.
 */
export class ChildProcessQueryExecutor implements QueryExecutor {
  readonly #slots: Slot[];
  readonly #queue: Job[] = [];
  readonly #betterSqlitePath: string;
  #nextId = 1;
  #closed = false;

  /** `size`: how many queries may run at once (one process each); default 1. */
  constructor(options: { size?: number } = {}) {
    const size = Math.max(1, Math.floor(options.size ?? 1));
    this.#slots = Array.from({ length: size }, () => ({ child: null, job: null, stderr: '' }));
    this.#betterSqlitePath = createRequire(import.meta.url).resolve('better-sqlite3');
  }

  /**
   * Runs one statement. Double-quoted tokens that name no column are read as string literals, as
   * SQLite's default build (and Python's sqlite3) does; see `unresolvedDoubleQuotedToken`.
   */
  async run(dbPath: string, sql: string, options: QueryRunOptions): Promise<QueryOutcome> {
    let current = sql;
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.#runOnce(dbPath, current, options);
      if (outcome.kind !== 'error' || attempt >= MAX_LITERAL_REWRITES) return outcome;
      const token = unresolvedDoubleQuotedToken(outcome.message);
      if (token === null) return outcome;
      const rewritten = doubleQuotedToStringLiteral(current, token);
      if (rewritten === current) return outcome;
      current = rewritten;
    }
  }

  #runOnce(dbPath: string, sql: string, options: QueryRunOptions): Promise<QueryOutcome> {
    this.#closed = false;
    return new Promise((resolve) => {
      this.#queue.push({ dbPath, sql, options, resolve });
      this.#dispatch();
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const job of this.#queue.splice(0)) {
      job.resolve({ kind: 'error', message: 'the query executor was closed' });
    }
    await Promise.all(this.#slots.map((slot) => this.#stop(slot)));
  }

  #dispatch(): void {
    for (const slot of this.#slots) {
      if (slot.job || this.#queue.length === 0) continue;
      const job = this.#queue.shift()!;
      this.#start(slot, job);
    }
  }

  #start(slot: Slot, job: Job): void {
    let child: ChildProcess;
    try {
      child = slot.child ?? this.#spawn(slot);
    } catch (error) {
      job.resolve({ kind: 'error', message: `cannot start the query process: ${String(error)}` });
      return;
    }
    const id = this.#nextId++;
    const timer = setTimeout(() => {
      if (slot.job?.id !== id) return;
      slot.job = null;
      this.#kill(slot);
      job.resolve({ kind: 'timeout', timeoutMs: job.options.timeoutMs });
      this.#dispatch();
    }, job.options.timeoutMs);
    slot.job = { ...job, id, timer };
    child.send({ id, dbPath: job.dbPath, sql: job.sql, maxRows: job.options.maxRows ?? null });
  }

  #spawn(slot: Slot): ChildProcess {
    const child = spawn(process.execPath, ['-e', QUERY_WORKER_SCRIPT, this.#betterSqlitePath], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    slot.child = child;
    slot.stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      slot.stderr = (slot.stderr + chunk).slice(-2000);
    });
    child.on('message', (message: WorkerMessage) => {
      const job = slot.job;
      if (!job || message.id !== job.id) return;
      clearTimeout(job.timer);
      slot.job = null;
      if (message.kind === 'rows') {
        job.resolve({
          kind: 'rows',
          columns: message.columns ?? [],
          rows: (message.rows ?? []).map((row) => row.map(normalizeSqlValue)),
          truncated: message.truncated ?? false,
          ms: message.ms ?? 0,
        });
      } else {
        job.resolve({ kind: 'error', message: message.message ?? 'query failed' });
      }
      this.#dispatch();
    });
    const onGone = (description: string): void => {
      if (slot.child !== child) return;
      slot.child = null;
      const job = slot.job;
      if (job) {
        clearTimeout(job.timer);
        slot.job = null;
        const detail = slot.stderr.trim();
        job.resolve({
          kind: 'error',
          message: `the query process ${description}${detail ? `: ${detail}` : ''}`,
        });
      }
      if (!this.#closed) this.#dispatch();
    };
    child.on('exit', (code, signal) => onGone(`exited (${signal ?? `code ${code}`})`));
    child.on('error', (error) => onGone(`failed (${error.message})`));
    return child;
  }

  #kill(slot: Slot): void {
    const child = slot.child;
    slot.child = null;
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }

  async #stop(slot: Slot): Promise<void> {
    const child = slot.child;
    if (!child) return;
    if (slot.job) {
      clearTimeout(slot.job.timer);
      slot.job.resolve({ kind: 'error', message: 'the query executor was closed' });
      slot.job = null;
    }
    slot.child = null;
    if (child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      if (child.connected) child.disconnect();
      const force = setTimeout(() => child.kill('SIGKILL'), 1000);
      force.unref();
    });
  }
}
