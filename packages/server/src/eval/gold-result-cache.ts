import type { QueryExecutor, QueryOutcome } from './query-executor.js';

/**
 * Gold query results per (database file, query text), shared by every item and scoring mode of a
 * run (and across runs when the caller keeps the instance). Concurrent requests for the same key
 * share one execution.
 */
export class GoldResultCache {
  readonly #results = new Map<string, Promise<QueryOutcome>>();

  run(executor: QueryExecutor, dbPath: string, sql: string, timeoutMs: number): Promise<QueryOutcome> {
    const key = `${dbPath}\u0000${sql}`;
    let result = this.#results.get(key);
    if (!result) {
      result = executor.run(dbPath, sql, { timeoutMs });
      this.#results.set(key, result);
    }
    return result;
  }

  get size(): number {
    return this.#results.size;
  }

  clear(): void {
    this.#results.clear();
  }
}
