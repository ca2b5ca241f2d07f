import type { DuckDBConnection } from '@duckdb/node-api';
import { Text2xError } from '../../core/index.js';
import type { DuckdbThreadSlots } from './duckdb-thread-slots.js';

interface Waiter {
  resolve: (connection: DuckDBConnection) => void;
  reject: (error: Text2xError) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/**
 * A fixed number of DuckDB connections, opened on first use and lent out one query at a time, so
 * `interrupt()` on a connection stops exactly the query that holds it. Callers that find every
 * connection busy wait in order; an abort takes them out of the queue with CANCELLED. With
 * `slots`, a connection is lent out only together with one of those process-wide slots.
 */
export class DuckdbConnectionPool {
  readonly #open: () => Promise<DuckDBConnection>;
  readonly #size: number;
  readonly #slots: DuckdbThreadSlots | undefined;
  readonly #slotReleases = new Map<DuckDBConnection, () => void>();
  readonly #idle: DuckDBConnection[] = [];
  readonly #busy = new Set<DuckDBConnection>();
  readonly #waiters: Waiter[] = [];
  #opening = 0;
  #closed = false;
  #drained: (() => void) | undefined;

  constructor(open: () => Promise<DuckDBConnection>, size: number, slots?: DuckdbThreadSlots) {
    this.#open = open;
    this.#size = Math.max(1, Math.floor(size));
    this.#slots = slots;
  }

  /** A connection (and a thread slot, when the pool has them) for the caller alone until `release`. */
  async acquire(signal?: AbortSignal): Promise<DuckDBConnection> {
    const connection = await this.#acquireConnection(signal);
    if (this.#slots === undefined) return connection;
    let releaseSlot: () => void;
    try {
      releaseSlot = await this.#slots.acquire(signal);
    } catch (error) {
      this.release(connection);
      throw error;
    }
    if (this.#closed) {
      releaseSlot();
      this.release(connection);
      throw new Text2xError('CANCELLED', 'The data source was closed before the query ran.');
    }
    this.#slotReleases.set(connection, releaseSlot);
    return connection;
  }

  async #acquireConnection(signal: AbortSignal | undefined): Promise<DuckDBConnection> {
    if (this.#closed) throw new Text2xError('PROVIDER_UNAVAILABLE', 'The data source has been closed.');
    if (signal?.aborted) throw new Text2xError('CANCELLED', 'The query was cancelled.');
    const idle = this.#idle.pop();
    if (idle !== undefined) {
      this.#busy.add(idle);
      return idle;
    }
    if (this.#busy.size + this.#opening < this.#size) {
      this.#opening += 1;
      try {
        const connection = await this.#open();
        if (this.#closed) {
          connection.closeSync();
          throw new Text2xError('PROVIDER_UNAVAILABLE', 'The data source has been closed.');
        }
        this.#busy.add(connection);
        return connection;
      } finally {
        this.#opening -= 1;
      }
    }
    return new Promise<DuckDBConnection>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          const index = this.#waiters.indexOf(waiter);
          if (index >= 0) this.#waiters.splice(index, 1);
          reject(new Text2xError('CANCELLED', 'The query was cancelled while it waited for a connection.'));
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.#waiters.push(waiter);
    });
  }

  /** Gives a connection back (to the next waiter, or to the idle list). */
  release(connection: DuckDBConnection): void {
    if (!this.#busy.has(connection)) return;
    this.#slotReleases.get(connection)?.();
    this.#slotReleases.delete(connection);
    if (this.#closed) {
      this.#busy.delete(connection);
      connection.closeSync();
      if (this.#busy.size === 0) this.#notifyDrained();
      return;
    }
    const waiter = this.#waiters.shift();
    if (waiter !== undefined) {
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      waiter.resolve(connection);
      return;
    }
    this.#busy.delete(connection);
    this.#idle.push(connection);
    if (this.#busy.size === 0) this.#notifyDrained();
  }

  #notifyDrained(): void {
    const drained = this.#drained;
    this.#drained = undefined;
    drained?.();
  }

  /** Runs `work` with a connection and always gives it back. */
  async use<T>(work: (connection: DuckDBConnection) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const connection = await this.acquire(signal);
    try {
      return await work(connection);
    } finally {
      this.release(connection);
    }
  }

  /** Interrupts whatever runs on the busy connections (their holders see the interruption). */
  interruptAll(): void {
    for (const connection of this.#busy) connection.interrupt();
  }

  /** Closes idle connections now and busy ones when they are released; waiters fail with CANCELLED. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const waiter of this.#waiters.splice(0)) {
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      waiter.reject(new Text2xError('CANCELLED', 'The data source was closed before the query ran.'));
    }
    for (const connection of this.#idle.splice(0)) connection.closeSync();
  }

  /** Resolves once no connection is lent out. */
  async whenIdle(): Promise<void> {
    if (this.#busy.size === 0) return;
    await new Promise<void>((resolve) => {
      const previous = this.#drained;
      this.#drained = () => {
        previous?.();
        resolve();
      };
    });
  }
}
