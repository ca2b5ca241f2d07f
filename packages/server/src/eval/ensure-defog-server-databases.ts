import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureDefogMysqlDatabase } from './ensure-defog-mysql-database.js';
import { ensureDefogPostgresDatabase, type EnsuredDatabase } from './ensure-defog-postgres-database.js';

/** Part of the MariaDB copies' marker; bumped when the copy (types, values) changes. */
const MARIADB_COPY_VERSION = 'mariadb-copy v1';

/** Default server URLs: local development servers that trust local connections (no password). */
export const DEFAULT_EVAL_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const DEFAULT_EVAL_MYSQL_URL = 'mysql://root@127.0.0.1:3306';

export interface EnsureDefogServerDatabasesOptions {
  /** The defog-public folder (`db/<name>/<name>.sql`). */
  dir: string;
  dialect: 'postgres' | 'mysql';
  /** PostgreSQL admin URL; needed for both dialects (the MariaDB copy is made from PostgreSQL's). */
  postgresUrl: string;
  /** MariaDB admin URL; needed for `mysql`. */
  mysqlUrl?: string;
  /** Only these databases; default every folder under `db/` that holds `<name>.sql`. */
  names?: readonly string[];
  /** Server database name for a defog database; default `text2x_defog_<name>`. */
  databaseName?: (name: string) => string;
  /** Called after each database with whether it was (re)loaded. */
  onDatabase?: (name: string, ensured: EnsuredDatabase) => void;
}

/**
 * Loads the defog PostgreSQL dumps into the dialect's server, one database each, and returns the
 * URL of each by defog name. Copies whose marker matches the dump are kept, so a second run loads
 * nothing; `mysql` first ensures the PostgreSQL copy and then copies it into MariaDB.
 */
export async function ensureDefogServerDatabases(
  options: EnsureDefogServerDatabasesOptions,
): Promise<Map<string, string>> {
  const dir = resolve(options.dir);
  const databaseName = options.databaseName ?? ((name: string) => `text2x_defog_${name}`);
  const names =
    options.names ??
    readdirSync(join(dir, 'db'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(dir, 'db', entry.name, `${entry.name}.sql`)))
      .map((entry) => entry.name)
      .sort();
  const urls = new Map<string, string>();
  for (const name of names) {
    const postgres = await ensureDefogPostgresDatabase({
      serverUrl: options.postgresUrl,
      dumpPath: join(dir, 'db', name, `${name}.sql`),
      database: databaseName(name),
    });
    let ensured = postgres;
    if (options.dialect === 'mysql') {
      if (options.mysqlUrl === undefined) throw new Error('the mysql dialect needs a MariaDB server URL');
      ensured = await ensureDefogMysqlDatabase({
        serverUrl: options.mysqlUrl,
        sourceUrl: postgres.url,
        database: databaseName(name),
        marker: `${postgres.marker} ${MARIADB_COPY_VERSION}`,
      });
    }
    urls.set(name, ensured.url);
    options.onDatabase?.(name, ensured);
  }
  return urls;
}
