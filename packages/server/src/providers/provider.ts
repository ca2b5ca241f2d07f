import type { ExecutionResult, ValidationReport } from '@text2x/protocol';
import type { Dialect, SchemaInfo } from '../core/index.js';

/** What a kind of provider can do; the contract suite skips what is declared absent. */
export interface ProviderCapabilities {
  /** Runs the query plan (`EXPLAIN …`) as a dry run during validation. */
  dryRun: boolean;
  /** An AbortSignal stops a running query. */
  cancellation: boolean;
  /** Introspection reports row counts. */
  rowCounts: boolean;
}

export interface ExecuteOptions {
  /** Rows returned at most; `truncated` is set when more existed. */
  maxRows: number;
  /** Time limit in ms; the query is interrupted when it passes. */
  timeoutMs: number;
  /** Aborts the running query. */
  signal?: AbortSignal;
}

export interface ValidateOptions {
  /** Run the dry run (EXPLAIN). Default true. */
  dryRun?: boolean;
  signal?: AbortSignal;
}

/**
 * One configured data source. Every method is read-only by construction: `validate` enforces the
 * safety policy; `execute` runs only what `validate` passed and uses a read-only connection.
 */
export interface Provider {
  readonly id: string;
  readonly kind: string;
  readonly dialect: Dialect;
  readonly capabilities: ProviderCapabilities;
  /** Dialect notes for prompts (quoting, LIMIT form, date functions). */
  readonly dialectNotes: readonly string[];
  /** Reads tables, columns, keys, row counts and sample values. Cached by callers, not here. */
  introspect(signal?: AbortSignal): Promise<SchemaInfo>;
  /** Parses, applies the policy, checks names against the schema and dry-runs. Never throws for a bad query. */
  validate(query: string, options?: ValidateOptions): Promise<ValidationReport>;
  /**
   * Validates and runs the query read-only. A query the policy rejects throws QUERY_REJECTED; a
   * time-out throws EXECUTION_TIMEOUT; an abort throws CANCELLED; a failing query returns
   * `{success: false, error}`.
   */
  execute(query: string, options: ExecuteOptions): Promise<ExecutionResult>;
  close(): Promise<void>;
}

/** Stored configuration of one provider (`text2x providers add`). */
export interface ProviderConfig {
  id: string;
  kind: 'sqlite';
  /** Path of the database file for `sqlite`. */
  path: string;
  description?: string;
}
