import mysql from 'mysql2/promise';
import pg from 'pg';
import type { EnsuredDatabase } from './ensure-defog-postgres-database.js';
import { assertPlainDatabaseName, serverDatabaseUrl } from './server-database-url.js';

/** Rows per INSERT when copying. */
const ROWS_PER_INSERT = 500;

/** Every value as PostgreSQL's text output, so that nothing is rounded on the way. */
const TEXT_TYPES = { getTypeParser: () => (value: string) => value };

export interface EnsureDefogMysqlDatabaseOptions {
  /** Admin connection to MariaDB/MySQL, e.g. `mysql://root@127.0.0.1:3306` (may create and drop databases). */
  serverUrl: string;
  /** The loaded PostgreSQL copy to read tables and rows from (`ensureDefogPostgresDatabase`). */
  sourceUrl: string;
  /** Database to (re)create, e.g. `text2x_defog_geography`. */
  database: string;
  /** What the copy must carry to be kept (the PostgreSQL copy's marker). */
  marker: string;
}

interface SourceColumn {
  table_name: string;
  column_name: string;
  data_type: string;
  character_maximum_length: number | null;
  numeric_precision: number | null;
  numeric_scale: number | null;
  is_nullable: 'YES' | 'NO';
}

/**
 * Makes `database` on a MariaDB (10.5+) server a copy of a PostgreSQL database: tables of its
 * `public` schema are created from PostgreSQL's catalog with mapped types (see `mysqlColumnType`)
 * and their rows copied in batches of multi-row INSERTs. Reloads only when the database is missing
 * or its schema comment (set last) differs from `marker`. The catalog is the source rather than
 * the SQLite copy because it keeps the real types (boolean, date, time, numeric).
 */
export async function ensureDefogMysqlDatabase(
  options: EnsureDefogMysqlDatabaseOptions,
): Promise<EnsuredDatabase> {
  assertPlainDatabaseName(options.database);
  const url = serverDatabaseUrl(options.serverUrl, options.database);
  const admin = await mysql.createConnection({ uri: options.serverUrl });
  try {
    const [existing] = await admin.query<mysql.RowDataPacket[]>(
      'SELECT SCHEMA_COMMENT AS comment FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?',
      [options.database],
    );
    if (existing[0]?.comment === options.marker) return { url, loaded: false, marker: options.marker };
    const quoted = `\`${options.database}\``;
    await admin.query(`DROP DATABASE IF EXISTS ${quoted}`);
    await admin.query(`CREATE DATABASE ${quoted} CHARACTER SET utf8mb4`);
    await admin.query(`USE ${quoted}`);
    const source = new pg.Client({ connectionString: options.sourceUrl });
    await source.connect();
    try {
      await source.query("SET TIME ZONE 'UTC'");
      const { rows: columns } = await source.query<SourceColumn>(
        `SELECT c.table_name, c.column_name, c.data_type, c.character_maximum_length,
                c.numeric_precision, c.numeric_scale, c.is_nullable
           FROM information_schema.columns c
           JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
          WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
          ORDER BY c.table_name, c.ordinal_position`,
      );
      const tables = new Map<string, SourceColumn[]>();
      for (const column of columns) {
        const list = tables.get(column.table_name) ?? [];
        list.push(column);
        tables.set(column.table_name, list);
      }
      for (const [table, tableColumns] of tables) {
        const definitions = tableColumns.map(
          (column) =>
            `\`${column.column_name}\` ${mysqlColumnType(column)}${column.is_nullable === 'NO' ? ' NOT NULL' : ''}`,
        );
        await admin.query(`CREATE TABLE \`${table}\` (${definitions.join(', ')})`);
        const { rows } = await source.query<unknown[]>({
          text: `SELECT ${tableColumns.map((column) => pg.escapeIdentifier(column.column_name)).join(', ')} FROM ${pg.escapeIdentifier(table)}`,
          rowMode: 'array',
          types: TEXT_TYPES,
        });
        const converted = rows.map((row) =>
          row.map((value, index) => mysqlValue(value as string | null, tableColumns[index]!.data_type)),
        );
        const names = tableColumns.map((column) => `\`${column.column_name}\``).join(', ');
        for (let start = 0; start < converted.length; start += ROWS_PER_INSERT) {
          await admin.query(`INSERT INTO \`${table}\` (${names}) VALUES ?`, [
            converted.slice(start, start + ROWS_PER_INSERT),
          ]);
        }
      }
    } finally {
      await source.end();
    }
    await admin.query(`ALTER DATABASE ${quoted} COMMENT = ?`, [options.marker]);
    return { url, loaded: true, marker: options.marker };
  } finally {
    await admin.end();
  }
}

/**
 * MariaDB type for a PostgreSQL column: integers, booleans, dates and times map one to one;
 * `double precision` → DOUBLE, `real` → FLOAT; `numeric(p,s)` keeps its precision and an
 * unconstrained `numeric` becomes DECIMAL(38,10); text and anything unknown → TEXT (MariaDB allows
 * defaults, joins and GROUP BY on TEXT); timestamps → DATETIME(6), `with time zone` read in UTC.
 */
export function mysqlColumnType(column: {
  data_type: string;
  character_maximum_length: number | null;
  numeric_precision: number | null;
  numeric_scale: number | null;
}): string {
  switch (column.data_type) {
    case 'bigint':
      return 'BIGINT';
    case 'integer':
      return 'INT';
    case 'smallint':
      return 'SMALLINT';
    case 'boolean':
      return 'BOOLEAN';
    case 'double precision':
      return 'DOUBLE';
    case 'real':
      return 'FLOAT';
    case 'numeric':
      return column.numeric_precision !== null
        ? `DECIMAL(${Math.min(column.numeric_precision, 65)},${Math.min(column.numeric_scale ?? 0, 30)})`
        : 'DECIMAL(38,10)';
    case 'date':
      return 'DATE';
    case 'time without time zone':
    case 'time with time zone':
      return 'TIME';
    case 'timestamp without time zone':
    case 'timestamp with time zone':
      return 'DATETIME(6)';
    case 'character varying':
      return column.character_maximum_length !== null
        ? `VARCHAR(${column.character_maximum_length})`
        : 'TEXT';
    case 'character':
      return `CHAR(${column.character_maximum_length ?? 1})`;
    case 'bytea':
      return 'LONGBLOB';
    default:
      return 'TEXT';
  }
}

/** A PostgreSQL text value as MariaDB takes it for a column of that PostgreSQL type. */
function mysqlValue(value: string | null, dataType: string): string | number | Buffer | null {
  if (value === null) return null;
  switch (dataType) {
    case 'boolean':
      return value === 't' ? 1 : 0;
    case 'bytea':
      return Buffer.from(value.replace(/^\\x/, ''), 'hex');
    case 'timestamp with time zone':
    case 'time with time zone':
      return value.replace(/[+-]\d\d(:\d\d)?$/, '');
    default:
      return value;
  }
}

/** Drops a database made by `ensureDefogMysqlDatabase` (tests' scratch copies). */
export async function dropMysqlDatabase(serverUrl: string, database: string): Promise<void> {
  assertPlainDatabaseName(database);
  const admin = await mysql.createConnection({ uri: serverUrl });
  try {
    await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
  } finally {
    await admin.end();
  }
}
