import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import pg from 'pg';
import type { Dialect } from '../../../../core/index.js';
import { createProvider, type Provider } from '../../../../providers/index.js';
import { scratchDatabaseName, serviceUrl } from '../../../../test-support/services.js';
import { goldenStatements } from './golden-schema.js';

/** One engine loaded with the golden fixture, opened through its real provider. */
export interface GoldenEngine {
  dialect: Dialect;
  provider: Provider;
  /** Closes the provider and removes the database (file or scratch database). */
  dispose(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function openSqlite(): Promise<GoldenEngine> {
  const dir = mkdtempSync(join(tmpdir(), 'text2x-golden-sqlite-'));
  const path = join(dir, 'golden.sqlite');
  const db = new Database(path);
  try {
    db.exec('BEGIN');
    for (const statement of goldenStatements('sqlite')) db.exec(statement);
    db.exec('COMMIT');
  } finally {
    db.close();
  }
  const provider = await createProvider({ id: 'golden-sqlite', kind: 'sqlite', path });
  return {
    dialect: 'sqlite',
    provider,
    dispose: async () => {
      await provider.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function openDuckdb(): Promise<GoldenEngine> {
  const dir = mkdtempSync(join(tmpdir(), 'text2x-golden-duckdb-'));
  const path = join(dir, 'golden.duckdb');
  const writer = await DuckDBInstance.create(path);
  const connection = await writer.connect();
  try {
    for (const statement of goldenStatements('duckdb')) await connection.run(statement);
    await connection.run('CHECKPOINT');
  } finally {
    connection.closeSync();
    writer.closeSync();
  }
  const provider = await createProvider({ id: 'golden-duckdb', kind: 'duckdb', database: path });
  return {
    dialect: 'duckdb',
    provider,
    dispose: async () => {
      await provider.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function openPostgres(): Promise<GoldenEngine> {
  const database = scratchDatabaseName('text2x_golden');
  const server = new pg.Client({ connectionString: serviceUrl('postgres') });
  await server.connect();
  const drop = async (): Promise<void> => {
    await server.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await server.end();
  };
  try {
    await server.query(`CREATE DATABASE ${database}`);
    const admin = new pg.Client({ connectionString: withDatabase(serviceUrl('postgres'), database) });
    await admin.connect();
    try {
      for (const statement of goldenStatements('postgres')) await admin.query(statement);
      await admin.query('ANALYZE');
    } finally {
      await admin.end();
    }
    const provider = await createProvider({
      id: 'golden-postgres',
      kind: 'postgres',
      url: withDatabase(serviceUrl('postgres'), database),
    });
    return {
      dialect: 'postgres',
      provider,
      dispose: async () => {
        await provider.close();
        await drop();
      },
    };
  } catch (error) {
    await drop();
    throw error;
  }
}

async function openMysql(): Promise<GoldenEngine> {
  const database = scratchDatabaseName('text2x_golden');
  const base = new URL(serviceUrl('mariadb'));
  const admin = await mysql.createConnection({
    host: base.hostname,
    port: Number(base.port || 3306),
    user: decodeURIComponent(base.username || 'root'),
    password: decodeURIComponent(base.password),
  });
  const drop = async (): Promise<void> => {
    await admin.query(`DROP DATABASE IF EXISTS ${database}`);
    await admin.end();
  };
  try {
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.query(`USE ${database}`);
    for (const statement of goldenStatements('mysql')) await admin.query(statement);
    await admin.query('ANALYZE TABLE customers, products, orders, order_items');
    const provider = await createProvider({
      id: 'golden-mysql',
      kind: 'mysql',
      url: withDatabase(serviceUrl('mariadb'), database),
    });
    return {
      dialect: 'mysql',
      provider,
      dispose: async () => {
        await provider.close();
        await drop();
      },
    };
  } catch (error) {
    await drop();
    throw error;
  }
}

/** Loads the golden fixture into a new database of the dialect's engine and opens its provider. */
export function openGoldenEngine(dialect: Dialect): Promise<GoldenEngine> {
  switch (dialect) {
    case 'sqlite':
      return openSqlite();
    case 'duckdb':
      return openDuckdb();
    case 'postgres':
      return openPostgres();
    case 'mysql':
      return openMysql();
  }
}
