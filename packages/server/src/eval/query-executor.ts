import type { ResultSet } from './result-set.js';

/** How one run of a query ended. */
export type QueryOutcome =
  | ({
      kind: 'rows';
      /** True when the query had more than `maxRows` rows; `rows` then holds the first `maxRows`. */
      truncated: boolean;
      /** Milliseconds the query took in the database process. */
      ms: number;
    } & ResultSet)
  | { kind: 'error'; message: string }
  | { kind: 'timeout'; timeoutMs: number };

export interface QueryRunOptions {
  /** The query is abandoned (and counted as a timeout) after this many milliseconds. */
  timeoutMs: number;
  /** Stop reading rows after this many; default: no limit. */
  maxRows?: number;
}

/**
 * Runs read-only queries against SQLite files for scoring. Implementations: the child-process pool
 * (`ChildProcessQueryExecutor`, interruptible) and test fakes.
 */
export interface QueryExecutor {
  /** Runs one statement against the database file at `dbPath`, opened read-only. Never throws. */
  run(dbPath: string, sql: string, options: QueryRunOptions): Promise<QueryOutcome>;
  /** Stops background processes; later calls to `run` may restart them. */
  close(): Promise<void>;
}
