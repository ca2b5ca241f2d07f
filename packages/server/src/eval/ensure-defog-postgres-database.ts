import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { pgDumpToSql } from './pg-dump-to-sql.js';
import { assertPlainDatabaseName, serverDatabaseUrl } from './server-database-url.js';

/** Bumped when the way a dump is loaded changes, so older copies are reloaded. */
const LOADER_VERSION = 1;

export interface EnsureDefogPostgresDatabaseOptions {
  /** Admin connection, e.g. `postgres://postgres@127.0.0.1:5432/postgres` (may create and drop databases). */
  serverUrl: string;
  /** The pg_dump plain-format file (`db/<name>/<name>.sql`). */
  dumpPath: string;
  /** Database to (re)create, e.g. `text2x_defog_geography`. */
  database: string;
}

export interface EnsuredDatabase {
  /** URL of the loaded database (the server URL with this database in its path). */
  url: string;
  /** False when the existing copy already matched the dump and was kept. */
  loaded: boolean;
  /** The marker stored with the copy (dump checksum and loader version). */
  marker: string;
}

/** The marker a copy of `dump` carries: it changes when the dump or the loader changes. */
export function defogDumpMarker(dump: string): string {
  return `text2x-defog v${LOADER_VERSION} sha256:${createHash('sha256').update(dump).digest('hex')}`;
}

/**
 * Makes `database` on the PostgreSQL server hold the dump: reloads it (drop, create, run the dump
 * with COPY blocks turned into INSERTs, all in one transaction) only when the database is missing
 * or its comment — set last, so a failed load is retried — is not this dump's marker. Uses its own
 * admin connection: loading needs DDL, which the read-only provider rightly refuses.
 */
export async function ensureDefogPostgresDatabase(
  options: EnsureDefogPostgresDatabaseOptions,
): Promise<EnsuredDatabase> {
  assertPlainDatabaseName(options.database);
  const dump = readFileSync(options.dumpPath, 'utf8');
  const marker = defogDumpMarker(dump);
  const url = serverDatabaseUrl(options.serverUrl, options.database);
  const admin = new pg.Client({ connectionString: options.serverUrl });
  await admin.connect();
  try {
    const existing = await admin.query<{ comment: string | null }>(
      "SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1",
      [options.database],
    );
    if (existing.rows[0]?.comment === marker) return { url, loaded: false, marker };
    const quoted = `"${options.database}"`;
    await admin.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${quoted}`);
    const target = new pg.Client({ connectionString: url });
    await target.connect();
    try {
      await target.query('BEGIN');
      await target.query(pgDumpToSql(dump));
      await target.query('COMMIT');
      await target.query('ANALYZE');
    } catch (error) {
      await target.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await target.end();
    }
    await admin.query(`COMMENT ON DATABASE ${quoted} IS ${pg.escapeLiteral(marker)}`);
    return { url, loaded: true, marker };
  } finally {
    await admin.end();
  }
}

/** Drops a database made by `ensureDefogPostgresDatabase` (tests' scratch copies). */
export async function dropPostgresDatabase(serverUrl: string, database: string): Promise<void> {
  assertPlainDatabaseName(database);
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
