import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import pg from 'pg';
import {
  demoColumns,
  demoCreateTableSql,
  demoForeignKeySql,
  type DemoCopyEngine,
} from './demo-copy-schema.js';
import { DEMO_INDEX_SQL, DEMO_TABLES, type DemoTable } from './demo-schema.js';
import { generateDemoDatabase } from './generate-demo-database.js';

/** Rows per multi-row INSERT (8 columns × 1000 stays below every engine's parameter limit). */
const ROWS_PER_INSERT = 1000;

/** Where the copy goes. */
export type DemoCopyTarget =
  | {
      engine: 'postgres';
      /** `postgres://USER@HOST:PORT/DB`; the database is created when missing. */
      url: string;
    }
  | {
      engine: 'mysql';
      /** `mysql://USER@HOST:PORT/DB`; the database is created when missing. */
      url: string;
    }
  | {
      engine: 'duckdb';
      /** The DuckDB file; replaced when it exists. */
      path: string;
    };

export interface LoadDemoCopyOptions {
  target: DemoCopyTarget;
  /**
   * An existing SQLite demo database to copy. Default: one generated for the copy (in a temporary
   * folder, removed afterwards) with `scale`, `seed` and `now`.
   */
  sourcePath?: string;
  /** See GenerateDemoDatabaseOptions; used only without `sourcePath`. */
  scale?: number;
  seed?: number;
  now?: Date;
}

/** A demo row as read from SQLite: integers, doubles, text and NULL. */
type DemoValue = number | string | null;

/**
 * Loads the demo shop into PostgreSQL, MariaDB/MySQL or a DuckDB file: the same tables, columns,
 * keys, comments and rows as the SQLite demo (copied from it, so they are identical), in the
 * engine's native types (see `demoColumnType`). The eight demo tables are dropped and recreated in
 * the target database; nothing else there is touched. Returns the rows per table.
 */
export async function loadDemoCopy(options: LoadDemoCopyOptions): Promise<Record<DemoTable, number>> {
  let temporaryDir: string | undefined;
  let sourcePath = options.sourcePath;
  if (sourcePath === undefined) {
    temporaryDir = mkdtempSync(join(tmpdir(), 'text2x-demo-'));
    sourcePath = join(temporaryDir, 'demo.db');
    await generateDemoDatabase({
      path: sourcePath,
      ...(options.scale !== undefined && { scale: options.scale }),
      ...(options.seed !== undefined && { seed: options.seed }),
      ...(options.now !== undefined && { now: options.now }),
    });
  }
  const source = new Database(sourcePath, { readonly: true });
  try {
    const read = (table: DemoTable): DemoValue[][] =>
      source
        .prepare(
          `SELECT ${demoColumns(table)
            .map((column) => column.name)
            .join(', ')} FROM ${table} ORDER BY id`,
        )
        .raw()
        .all() as DemoValue[][];
    const target = options.target;
    return await (target.engine === 'postgres'
      ? copyToPostgres(target.url, read)
      : target.engine === 'mysql'
        ? copyToMysql(target.url, read)
        : copyToDuckdb(target.path, read));
  } finally {
    source.close();
    if (temporaryDir !== undefined) rmSync(temporaryDir, { recursive: true, force: true });
  }
}

type ReadTable = (table: DemoTable) => DemoValue[][];

function emptyCounts(): Record<DemoTable, number> {
  return Object.fromEntries(DEMO_TABLES.map((table) => [table, 0])) as Record<DemoTable, number>;
}

function databaseOf(url: string): string {
  const database = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(database)) {
    throw new Error(`the URL must name a plain database (letters, digits, _): ${database || '(none)'}`);
  }
  return database;
}

function placeholders(rowCount: number, columnCount: number, engine: DemoCopyEngine): string {
  let next = 1;
  const row = (): string =>
    `(${Array.from({ length: columnCount }, () => (engine === 'postgres' ? `$${next++}` : '?')).join(', ')})`;
  return Array.from({ length: rowCount }, row).join(', ');
}

async function copyToPostgres(url: string, read: ReadTable): Promise<Record<DemoTable, number>> {
  const database = databaseOf(url);
  const adminUrl = new URL(url);
  adminUrl.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE "${database}"`);
  } finally {
    await admin.end();
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const counts = emptyCounts();
  try {
    await client.query('BEGIN');
    for (const table of [...DEMO_TABLES].reverse())
      await client.query(`DROP TABLE IF EXISTS ${table} CASCADE`);
    for (const table of DEMO_TABLES) {
      for (const statement of demoCreateTableSql(table, 'postgres')) await client.query(statement);
      const names = demoColumns(table).map((column) => column.name);
      const rows = read(table);
      for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
        const batch = rows.slice(start, start + ROWS_PER_INSERT);
        await client.query(
          `INSERT INTO ${table} (${names.join(', ')}) VALUES ${placeholders(batch.length, names.length, 'postgres')}`,
          batch.flat(),
        );
      }
      counts[table] = rows.length;
    }
    for (const table of DEMO_TABLES) {
      for (const statement of demoForeignKeySql(table)) await client.query(statement);
    }
    for (const statement of DEMO_INDEX_SQL) await client.query(statement);
    await client.query('COMMIT');
    await client.query('ANALYZE');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
  return counts;
}

async function copyToMysql(url: string, read: ReadTable): Promise<Record<DemoTable, number>> {
  const database = databaseOf(url);
  const serverUrl = new URL(url.replace(/^mariadb:/, 'mysql:'));
  serverUrl.pathname = '/';
  const connection = await mysql.createConnection({ uri: serverUrl.toString() });
  const counts = emptyCounts();
  try {
    await connection.query(`CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4`);
    await connection.query(`USE \`${database}\``);
    // Self-references (a category's parent, an employee's manager) need not come in id order.
    await connection.query('SET FOREIGN_KEY_CHECKS = 0');
    for (const table of [...DEMO_TABLES].reverse()) await connection.query(`DROP TABLE IF EXISTS ${table}`);
    for (const table of DEMO_TABLES) {
      for (const statement of demoCreateTableSql(table, 'mysql')) await connection.query(statement);
      const names = demoColumns(table).map((column) => column.name);
      const rows = read(table);
      await connection.query('START TRANSACTION');
      for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
        await connection.query(`INSERT INTO ${table} (${names.join(', ')}) VALUES ?`, [
          rows.slice(start, start + ROWS_PER_INSERT),
        ]);
      }
      await connection.query('COMMIT');
      counts[table] = rows.length;
    }
    for (const statement of DEMO_INDEX_SQL) await connection.query(statement);
    await connection.query('SET FOREIGN_KEY_CHECKS = 1');
    await connection.query('ANALYZE TABLE ' + DEMO_TABLES.join(', '));
  } finally {
    await connection.end();
  }
  return counts;
}

async function copyToDuckdb(path: string, read: ReadTable): Promise<Record<DemoTable, number>> {
  rmSync(path, { force: true });
  rmSync(`${path}.wal`, { force: true });
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  const counts = emptyCounts();
  try {
    await connection.run('BEGIN TRANSACTION');
    for (const table of DEMO_TABLES) {
      for (const statement of demoCreateTableSql(table, 'duckdb')) await connection.run(statement);
      const names = demoColumns(table).map((column) => column.name);
      const rows = read(table);
      for (const group of insertGroups(table, rows)) {
        for (let start = 0; start < group.length; start += ROWS_PER_INSERT) {
          const batch = group.slice(start, start + ROWS_PER_INSERT);
          await connection.run(
            `INSERT INTO ${table} (${names.join(', ')}) VALUES ${placeholders(batch.length, names.length, 'duckdb')}`,
            batch.flat(),
          );
        }
      }
      counts[table] = rows.length;
    }
    for (const statement of DEMO_INDEX_SQL) await connection.run(statement);
    await connection.run('COMMIT');
    await connection.run('CHECKPOINT');
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return counts;
}

/**
 * Rows of a table in insert groups: one group, or for a self-referencing table (column 0 the id)
 * one group per depth, so that every referenced row was inserted by an earlier statement (DuckDB
 * does not see rows of the same INSERT when it checks a foreign key).
 */
function insertGroups(table: DemoTable, rows: DemoValue[][]): DemoValue[][][] {
  const selfIndex = demoColumns(table).findIndex((column) => column.references?.table === table);
  if (selfIndex < 0) return [rows];
  const byId = new Map(rows.map((row) => [row[0], row]));
  const depths = new Map<DemoValue, number>();
  const depthOf = (row: DemoValue[], seen: number): number => {
    const known = depths.get(row[0]!);
    if (known !== undefined) return known;
    const parent = byId.get(row[selfIndex]);
    const depth = parent && parent !== row && seen < rows.length ? depthOf(parent, seen + 1) + 1 : 0;
    depths.set(row[0]!, depth);
    return depth;
  };
  const groups: DemoValue[][][] = [];
  for (const row of rows) (groups[depthOf(row, 0)] ??= []).push(row);
  return groups.filter((group) => group.length > 0);
}
