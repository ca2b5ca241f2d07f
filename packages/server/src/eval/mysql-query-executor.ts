import mysql from 'mysql2/promise';
import type { QueryExecutor, QueryOutcome, QueryRunOptions } from './query-executor.js';
import { rowsOutcome } from './result-set.js';

/** Server errors that mean "stopped by the time limit": MariaDB 1969, MySQL 3024. */
const TIMEOUT_ERRORS = new Set([1969, 3024]);

/**
 * Runs evaluation queries on MariaDB (or MySQL 8) databases; `dbPath` is the database's URL. Each
 * query runs in `START TRANSACTION READ ONLY` with the server's own time limit
 * (`max_statement_time` on MariaDB, `max_execution_time` on MySQL), reported as a timeout.
 * DECIMAL values come back as numbers and dates as text, so they compare as the scorer expects.
 */
export class MysqlQueryExecutor implements QueryExecutor {
  readonly #pools = new Map<string, mysql.Pool>();
  readonly #poolSize: number;
  /** Whether the server knows `max_statement_time` (MariaDB); learnt on the first query. */
  #mariadb: boolean | undefined;

  /** `poolSize`: connections per database; default 2. */
  constructor(options: { poolSize?: number } = {}) {
    this.#poolSize = Math.max(1, Math.floor(options.poolSize ?? 2));
  }

  async run(dbPath: string, sql: string, options: QueryRunOptions): Promise<QueryOutcome> {
    let pool = this.#pools.get(dbPath);
    if (!pool) {
      pool = mysql.createPool({
        uri: dbPath.replace(/^mariadb:/, 'mysql:'),
        connectionLimit: this.#poolSize,
        connectTimeout: 10_000,
        dateStrings: true,
        decimalNumbers: true,
        supportBigNumbers: true,
        bigNumberStrings: false,
      });
      this.#pools.set(dbPath, pool);
    }
    let connection: mysql.PoolConnection;
    try {
      connection = await pool.getConnection();
    } catch (error) {
      return { kind: 'error', message: `cannot connect: ${errorMessage(error)}` };
    }
    let broken = false;
    try {
      await this.#setTimeLimit(connection, options.timeoutMs);
      await connection.query('START TRANSACTION READ ONLY');
      const started = performance.now();
      const [rows, fields] = await connection.query<mysql.RowDataPacket[]>({
        sql: sql.replace(/;\s*$/, ''),
        rowsAsArray: true,
      });
      const ms = performance.now() - started;
      await connection.query('ROLLBACK');
      const list = Array.isArray(rows) ? (rows as unknown as unknown[][]) : [];
      return rowsOutcome(
        (fields ?? []).map((field) => field.name),
        list,
        ms,
        options.maxRows,
      );
    } catch (error) {
      await connection.query('ROLLBACK').catch(() => {
        broken = true;
      });
      if (TIMEOUT_ERRORS.has((error as { errno?: number }).errno ?? 0)) {
        return { kind: 'timeout', timeoutMs: options.timeoutMs };
      }
      return { kind: 'error', message: errorMessage(error) };
    } finally {
      if (broken) connection.destroy();
      else connection.release();
    }
  }

  async #setTimeLimit(connection: mysql.PoolConnection, timeoutMs: number): Promise<void> {
    const ms = Math.max(1, Math.ceil(timeoutMs));
    if (this.#mariadb !== false) {
      try {
        await connection.query(`SET SESSION max_statement_time = ${ms / 1000}`);
        this.#mariadb = true;
        return;
      } catch (error) {
        if (this.#mariadb === true) throw error;
        this.#mariadb = false;
      }
    }
    await connection.query(`SET SESSION max_execution_time = ${ms}`);
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
