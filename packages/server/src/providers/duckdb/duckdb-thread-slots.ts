import { Text2xError } from '../../core/index.js';

/**
 * A process-wide count of DuckDB calls allowed in flight. Each call of @duckdb/node-api runs on
 * one of Node's libuv pool threads (4 unless `UV_THREADPOOL_SIZE` says otherwise) and holds it
 * until DuckDB answers, so four long queries would leave none for file reads, DNS look-ups,
 * crypto or zlib anywhere in the process. Connections are lent out only with a slot.
 */
export class DuckdbThreadSlots {
  readonly size: number;
  #used = 0;
  readonly #waiters: Array<{ grant: () => void; reject: (error: Text2xError) => void }> = [];

  constructor(size: number) {
    this.size = Math.max(1, Math.floor(size));
  }

  /** Waits for a slot; resolves with the function that gives it back. An abort while waiting is CANCELLED. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(new Text2xError('CANCELLED', 'The query was cancelled.'));
    return new Promise<() => void>((resolve, reject) => {
      let released = false;
      const release = (): void => {
        if (released) return;
        released = true;
        const next = this.#waiters.shift();
        if (next) next.grant();
        else this.#used -= 1;
      };
      if (this.#used < this.size) {
        this.#used += 1;
        resolve(release);
        return;
      }
      const onAbort = (): void => {
        const index = this.#waiters.indexOf(waiter);
        if (index >= 0) this.#waiters.splice(index, 1);
        reject(new Text2xError('CANCELLED', 'The query was cancelled while it waited to run.'));
      };
      const waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(release);
        },
        reject,
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiters.push(waiter);
    });
  }
}

/** Threads in Node's libuv pool, as Node reads them (`UV_THREADPOOL_SIZE`, default 4, at most 1024). */
function libuvPoolSize(): number {
  const size = Number.parseInt(process.env.UV_THREADPOOL_SIZE ?? '', 10);
  return Number.isInteger(size) && size > 0 ? Math.min(size, 1024) : 4;
}

const POOL = libuvPoolSize();

/**
 * Slots for running queries, across every DuckDB provider of the process: the libuv pool size
 * minus two (one for validation, one kept free for the rest of Node), at least one.
 */
export const DUCKDB_QUERY_SLOTS = new DuckdbThreadSlots(Math.max(1, POOL - 2));

/** Slots for validation and introspection, across every DuckDB provider of the process. */
export const DUCKDB_METADATA_SLOTS = new DuckdbThreadSlots(1);
