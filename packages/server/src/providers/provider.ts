import type { ColumnInfo, ExecutionResult, ValidationReport } from '@text2x/protocol';
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

/** One batch of rows from `Provider.stream`. `columns` is the same on every batch. */
export interface RowBatch {
  columns: ColumnInfo[];
  rows: unknown[][];
}

/** What `Provider.stream` returns when it finishes. */
export interface StreamSummary {
  /** The result's columns (also when no row came back). */
  columns: ColumnInfo[];
  rowCount: number;
  truncated: boolean;
  executionTimeMs: number;
}

export interface StreamOptions extends ExecuteOptions {
  /** Rows per batch. */
  batchSize: number;
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
  /**
   * Optional: runs the query like `execute` but yields the rows in batches as they are read, so a
   * large result never sits whole in memory; returns the summary. Same errors as `execute`
   * (a runtime SQL error throws EXECUTION_FAILED here, since rows may already have been sent).
   * Providers without it are streamed by chunking `execute`'s result.
   */
  stream?(query: string, options: StreamOptions): AsyncGenerator<RowBatch, StreamSummary, undefined>;
  close(): Promise<void>;
}

interface ProviderConfigBase {
  /** Unique id, e.g. `demo` or `postgres-main` (1–100 letters, digits, `-`, `_`, `.`). */
  id: string;
  /** What the data is, for people and prompts. */
  description?: string;
}

/** TLS settings for server databases. `true` = verify with the system CAs. */
export type TlsSetting =
  | boolean
  | {
      /** Verify the server certificate. Default true. */
      rejectUnauthorized?: boolean;
      /** Path of a CA certificate file (PEM). */
      caFile?: string;
    };

/**
 * Stored configuration of one provider (`text2x providers add`, the REST API, the config file).
 * Secrets are never stored inline when `passwordEnv` is used: the password is read from that
 * environment variable when the provider opens.
 */
export type ProviderConfig =
  | (ProviderConfigBase & {
      kind: 'sqlite';
      /** Path of the database file, opened read-only. */
      path: string;
    })
  | (ProviderConfigBase & {
      kind: 'postgres';
      /** `postgres://USER@HOST:PORT/DB`; a password in the URL works but `passwordEnv` is preferred. */
      url: string;
      /** Name of an environment variable holding the password. */
      passwordEnv?: string;
      /** Schemas to introspect and allow. Default `['public']`. */
      schemas?: string[];
      tls?: TlsSetting;
      /** Connections in the pool. Default 5. */
      poolSize?: number;
    })
  | (ProviderConfigBase & {
      kind: 'mysql';
      /** `mysql://USER@HOST:PORT/DB` (MySQL 8 or MariaDB 10.6+). */
      url: string;
      passwordEnv?: string;
      tls?: TlsSetting;
      poolSize?: number;
    })
  | (ProviderConfigBase & {
      kind: 'duckdb';
      /** A DuckDB database file, opened read-only. */
      database?: string;
      /** CSV, Parquet or JSON files or globs; each file (or glob) becomes a table (view). */
      files?: string[];
    });

export type ProviderKind = ProviderConfig['kind'];

/** Where a provider points, for listings: a path or a URL with any password removed. */
export function describeProviderTarget(config: ProviderConfig): string {
  switch (config.kind) {
    case 'sqlite':
      return config.path;
    case 'postgres':
    case 'mysql':
      return redactUrl(config.url);
    case 'duckdb':
      return [config.database, ...(config.files ?? [])].filter(Boolean).join(' ');
  }
}

/** Removes the password from a connection URL. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/:\/\/([^:@/]+):[^@/]*@/, '://$1:***@');
  }
}
