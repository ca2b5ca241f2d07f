/**
 * An unbounded single-consumer queue that is read as an async iterator. Producers push values,
 * end it, or fail it; the consumer's pending `next()` settles as soon as one of those happens.
 * `onReturn` runs once when the consumer stops early (`break` in `for await`).
 */
export class AsyncQueue<T> implements AsyncIterableIterator<T> {
  private readonly values: T[] = [];
  private waiter:
    { resolve: (result: IteratorResult<T>) => void; reject: (error: unknown) => void } | undefined;
  private ended = false;
  private failure: { error: unknown } | undefined;

  constructor(private readonly onReturn?: () => void) {}

  /** True once the queue was ended, failed or returned: later pushes are dropped. */
  get closed(): boolean {
    return this.ended || this.failure !== undefined;
  }

  push(value: T): void {
    if (this.closed) return;
    if (this.waiter) {
      const { resolve } = this.waiter;
      this.waiter = undefined;
      resolve({ value, done: false });
    } else {
      this.values.push(value);
    }
  }

  /** No more values: the consumer reads what is queued, then finishes. */
  end(): void {
    if (this.closed) return;
    this.ended = true;
    if (this.waiter && this.values.length === 0) {
      const { resolve } = this.waiter;
      this.waiter = undefined;
      resolve({ value: undefined, done: true });
    }
  }

  /** The consumer reads what is queued, then `next()` rejects with `error`. */
  fail(error: unknown): void {
    if (this.closed) return;
    this.failure = { error };
    if (this.waiter && this.values.length === 0) {
      const { reject } = this.waiter;
      this.waiter = undefined;
      reject(error);
    }
  }

  next(): Promise<IteratorResult<T>> {
    const value = this.values.shift();
    if (value !== undefined) return Promise.resolve({ value, done: false });
    if (this.failure) {
      const { error } = this.failure;
      // Report a failure once; later calls see a finished iterator.
      this.failure = undefined;
      this.ended = true;
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<T>> {
    const wasOpen = !this.closed;
    this.values.length = 0;
    this.ended = true;
    this.failure = undefined;
    if (wasOpen) this.onReturn?.();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}
