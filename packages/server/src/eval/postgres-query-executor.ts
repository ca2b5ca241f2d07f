import pg from 'pg';
import type { QueryExecutor, QueryOutcome, QueryRunOptions } from './query-executor.js';
import { rowsOutcome } from './result-set.js';

/** PostgreSQL type ids whose values the scorer needs in a particular form. */
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const TIMESTAMP = 1114;
const TIMESTAMPTZ = 1184;

/**
 * Values as the scorer compares them: bigint stays exact, numeric becomes a number (as SQLite's
 * REAL would be; `NaN` stays text), dates and timestamps stay PostgreSQL's text (not JS Dates),
 * everything else takes pg's usual parser (booleans → 1/0 and JSON later in `normalizeSqlValue`).
 */
const SCORING_TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
    switch (oid) {
      case INT8:
        return (value: string) => BigInt(value);
      case NUMERIC:
        return (value: string) => (Number.isFinite(Number(value)) ? Number(value) : value);
      case DATE:
      case TIMESTAMP:
      case TIMESTAMPTZ:
        return (value: string) => value;
      default:
        return pg.types.getTypeParser(oid, format ?? 'text') as (value: string) => unknown;
    }
  },
};

/**
 * Runs evaluation queries on PostgreSQL databases; `dbPath` is the database's URL. Each query runs
 * in a `BEGIN READ ONLY` transaction with `SET LOCAL statement_timeout`, so a slow query is stopped
 * by the server and reported as a timeout. One small pool per database URL. The result is read
 * whole and then cut to `maxRows` (the time limit bounds it; evaluation databases are small).
 */
export class PostgresQueryExecutor implements QueryExecutor {
  readonly #pools = new Map<string, pg.Pool>();
  readonly #poolSize: number;

  /** `poolSize`: connections per database; default 2. */
  constructor(options: { poolSize?: number } = {}) {
    this.#poolSize = Math.max(1, Math.floor(options.poolSize ?? 2));
  }

  async run(dbPath: string, sql: string, options: QueryRunOptions): Promise<QueryOutcome> {
    let pool = this.#pools.get(dbPath);
    if (!pool) {
      pool = new pg.Pool({ connectionString: dbPath, max: this.#poolSize, connectionTimeoutMillis: 10_000 });
      pool.on('error', () => undefined);
      this.#pools.set(dbPath, pool);
    }
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      return { kind: 'error', message: `cannot connect: ${errorMessage(error)}` };
    }
    let broken = false;
    try {
      await client.query('BEGIN READ ONLY');
      await client.query(`SET LOCAL statement_timeout = ${Math.max(1, Math.ceil(options.timeoutMs))}`);
      const started = performance.now();
      const raw = (await client.query({ text: sql, rowMode: 'array', types: SCORING_TYPES })) as
        pg.QueryArrayResult | pg.QueryArrayResult[];
      const ms = performance.now() - started;
      const result = Array.isArray(raw) ? raw[raw.length - 1] : raw;
      await client.query('ROLLBACK');
      return rowsOutcome(
        (result?.fields ?? []).map((field) => field.name),
        (result?.rows ?? []) as unknown[][],
        ms,
        options.maxRows,
      );
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      if ((error as { code?: string }).code === '57014') {
        return { kind: 'timeout', timeoutMs: options.timeoutMs };
      }
      return { kind: 'error', message: errorMessage(error) };
    } finally {
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    await Promise.all(pools.map((pool) => pool.end()));
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
