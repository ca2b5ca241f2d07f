import { Text2xError } from '../../core/index.js';
import type { PostgresDriver, PostgresSession } from './postgres-driver.js';

/** Quotes a name for PostgreSQL: `Home "Town"` → `"Home ""Town"""`. */
export function quotePostgresIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quotes a text value (the provider's sessions run with standard_conforming_strings = on). */
export function quotePostgresLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A `text[]` literal for a statement parameter: `{"a","b \\"c\\""}`. */
export function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;
}

export interface ReadOnlyTransactionOptions {
  /** `statement_timeout` (and `lock_timeout`) of every statement in the transaction, in ms. */
  statementTimeoutMs: number;
  /** `idle_in_transaction_session_timeout`: the server ends the session if we stall this long. Default statement timeout + 10 s. */
  idleTimeoutMs?: number;
  /** The configured schemas, in order: names in queries resolve exactly as the validator resolved them. */
  searchPath: readonly string[];
  /** Set `client_connection_check_interval` (PostgreSQL 14+) so a query whose client vanished stops. */
  checkClientConnection?: boolean;
}

/** Largest value PostgreSQL accepts for an integer setting. */
const MAX_SETTING = 2_147_483_647;

function settingMs(ms: number): number {
  return Number.isFinite(ms) ? Math.min(MAX_SETTING, Math.max(1, Math.ceil(ms))) : MAX_SETTING;
}

/**
 * The statements that open every transaction the provider runs: read-only, with time limits, the
 * configured schemas as search path, and the output formats the value conversion expects. Sent as
 * one script (one round trip). Session state is only changed with SET LOCAL, so it ends with the
 * transaction and a pooled connection comes back clean.
 */
export function beginReadOnlyScript(options: ReadOnlyTransactionOptions): string {
  const timeout = settingMs(options.statementTimeoutMs);
  const idle = settingMs(options.idleTimeoutMs ?? timeout + 10_000);
  const lines = [
    'BEGIN TRANSACTION READ ONLY',
    `SET LOCAL statement_timeout = ${timeout}`,
    `SET LOCAL lock_timeout = ${timeout}`,
    `SET LOCAL idle_in_transaction_session_timeout = ${idle}`,
    `SET LOCAL search_path = ${options.searchPath.map(quotePostgresIdentifier).join(', ')}`,
    'SET LOCAL standard_conforming_strings = on',
    "SET LOCAL DateStyle = 'ISO'",
    "SET LOCAL IntervalStyle = 'postgres'",
    "SET LOCAL bytea_output = 'hex'",
    'SET LOCAL extra_float_digits = 1',
  ];
  if (options.checkClientConnection) lines.push('SET LOCAL client_connection_check_interval = 1000');
  return `${lines.join(';\n')};`;
}

/**
 * Runs `work` in a read-only transaction on a pooled connection, then rolls back and gives the
 * connection back (closing it when the rollback fails, so no half-finished state is reused).
 */
export async function withReadOnlyTransaction<T>(
  driver: PostgresDriver,
  options: ReadOnlyTransactionOptions,
  work: (session: PostgresSession) => Promise<T>,
): Promise<T> {
  const session = await driver.connect();
  let destroy = false;
  try {
    await session.execute(beginReadOnlyScript(options));
    return await work(session);
  } finally {
    try {
      await session.execute('ROLLBACK');
    } catch {
      destroy = true;
    }
    session.release(destroy);
  }
}

/** The SQLSTATE of an error PostgreSQL reported, or undefined for other failures (a lost socket). */
export function postgresErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** PostgreSQL's 1-based character position of an error in the statement, when it reported one. */
export function postgresErrorPosition(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const position = Number((error as { position?: unknown }).position);
  return Number.isInteger(position) && position > 0 ? position : undefined;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error && error.message !== '' ? error.message : String(error);
}

/**
 * A failure that says the server or the connection is gone (not that the query is wrong): no
 * SQLSTATE at all, connection exceptions (08…), shutdowns and crashes (57P0x), out of resources (53…).
 */
export function isConnectionFailure(error: unknown): boolean {
  if (error instanceof Text2xError) return error.code === 'PROVIDER_UNAVAILABLE';
  const code = postgresErrorCode(error);
  return code === undefined || code.startsWith('08') || /^57P0[1-4]$/.test(code) || code.startsWith('53');
}
