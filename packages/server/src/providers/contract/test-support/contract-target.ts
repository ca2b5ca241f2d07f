import type { ProviderConfig, ProviderKind } from '../../provider.js';

/**
 * One engine loaded with the shop fixture, ready for the contract suite: the configuration to open
 * a provider with (through `createProvider`), a way to take a snapshot of everything the provider
 * must never change, and the few statements that differ by dialect. Created once per test file.
 */
export interface ContractTarget {
  kind: ProviderKind;
  /** Configuration passed to `createProvider`. */
  config: ProviderConfig;
  /**
   * Everything the provider must leave as it was, as name → checksum: every table's rows, the list
   * of objects in the database (tables, views, sequences, roles…), sequence state, locks held, the
   * database file and its directory. Read through a separate connection, never the provider.
   * `quick` (taken after every corpus statement) may summarise the large table by aggregates;
   * `full` hashes every row of every table.
   */
  snapshot(mode: 'quick' | 'full'): Promise<Record<string, string>>;
  /**
   * Whether a file exists where the database server can see it (the server may have a private
   * /tmp). Undefined for in-process engines, whose files are checked locally.
   */
  serverFileExists?(path: string): Promise<boolean>;
  /**
   * How many statements containing `marker` are still running on the server, to prove a time-out
   * or a cancel stopped the query in the database and not only in the client. Undefined for
   * in-process engines.
   */
  runningStatements?(marker: string): Promise<number>;
  /** Quotes an identifier for this dialect. */
  quoteIdentifier(name: string): string;
  /** A SELECT that passes validation and runs for minutes; `$marker` is replaced by a unique string. */
  slowQuery: string;
  /** A SELECT that passes validation and fails while it runs (not when it is planned). */
  runtimeErrorQuery: string;
  /**
   * Values for `{{name}}` placeholders in corpus statements written for this engine: a database or
   * schema outside the provider's scope (`other_database`, `other_schema`), the folder of the
   * provider's data files (`data_dir`).
   */
  placeholders?: Readonly<Record<string, string>>;
  /** Why the engine has no comments (descriptions are then not checked), or undefined when it has. */
  noCommentsReason?: string;
  /** Removes the database, its files and any connection the target opened. */
  dispose(): Promise<void>;
}

/**
 * The default slow query: a cross join of the 100,000-row table with itself (10^10 pairs) under a
 * condition no pair meets and no engine can turn into a join key.
 */
export const CROSS_JOIN_SLOW_QUERY =
  "SELECT '$marker' AS marker, COUNT(*) AS pairs FROM events a CROSS JOIN events b WHERE a.amount + b.amount = 1000";

/**
 * A correlated scalar subquery that returns several rows for some customers: PostgreSQL, MariaDB
 * and DuckDB fail it at run time (planning it is fine).
 */
export const MANY_ROWS_SUBQUERY =
  'SELECT c.name, (SELECT o.order_id FROM orders o WHERE o.customer_id = c.customer_id) AS order_id FROM customers c ORDER BY c.customer_id';
