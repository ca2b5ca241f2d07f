import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

/** A temporary directory for fixture files, removed by `remove()`. */
export function createTempDir(prefix = 'text2x-duckdb-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Where the fixture's files are, and the provider configuration that reads all of them. */
export interface DuckdbFixture {
  dir: string;
  /** The `.duckdb` database file. */
  database: string;
  /** Every data file and glob, as configured. */
  files: string[];
  csv: string;
  parquet: string;
  json: string;
  /** `logs/*.csv`, two files. */
  glob: string;
  /** `customers.csv`, whose table name clashes with the database's `customers`. */
  clashing: string;
}

/**
 * Writes the fixture the DuckDB provider tests use, with a separate read-write DuckDB instance
 * that is closed before the provider opens anything:
 * - `shop.duckdb`: customers and orders with primary and foreign keys and comments, a view, a
 *   1,000,000-row `range()` view, a 500-row `visits` table, a table in a second schema, and a
 *   table of awkward values;
 * - `sales 2024.csv`, `events.parquet` (written by DuckDB), `people.json`, `logs/part-*.csv`
 *   (read through the glob `logs/*.csv`) and `customers.csv`.
 */
export async function createDuckdbFixture(dir: string): Promise<DuckdbFixture> {
  const database = join(dir, 'shop.duckdb');
  const csv = join(dir, 'sales 2024.csv');
  const parquet = join(dir, 'events.parquet');
  const json = join(dir, 'people.json');
  const clashing = join(dir, 'customers.csv');
  mkdirSync(join(dir, 'logs'));
  const glob = join(dir, 'logs', '*.csv');

  writeFileSync(
    csv,
    'region,amount,sold_on\nNorth,10.5,2024-01-05\nSouth,20,2024-02-10\nNorth,7.25,2024-03-15\nEast,99,2024-03-20\n',
  );
  writeFileSync(
    json,
    JSON.stringify([
      { person: 'Ada', age: 36, tags: ['math', 'code'] },
      { person: 'Linus', age: 28, tags: ['code'] },
    ]),
  );
  writeFileSync(join(dir, 'logs', 'part-1.csv'), 'level,message\ninfo,started\nwarn,slow\n');
  writeFileSync(join(dir, 'logs', 'part-2.csv'), 'level,message\nerror,failed\n');
  writeFileSync(clashing, 'id,nickname\n1,ace\n');

  const instance = await DuckDBInstance.create(database);
  const connection = await instance.connect();
  try {
    await connection.run(`
      CREATE TABLE customers (
        customer_id INTEGER PRIMARY KEY,
        name VARCHAR NOT NULL,
        country VARCHAR,
        email VARCHAR,
        signup_date DATE,
        vip BOOLEAN
      );
      COMMENT ON TABLE customers IS 'People who bought something';
      COMMENT ON COLUMN customers.country IS 'Country of residence';
      CREATE TABLE orders (
        order_id INTEGER PRIMARY KEY,
        customer_id INTEGER REFERENCES customers (customer_id),
        amount DECIMAL(10, 2),
        ordered_at TIMESTAMP,
        status VARCHAR
      );
      INSERT INTO customers VALUES
        (1, 'Ada', 'France', 'ada@example.com', DATE '2020-01-02', true),
        (2, 'Bob', 'Spain', 'bob@example.com', DATE '2021-05-06', false),
        (3, 'Cy', 'France', 'cy@example.com', DATE '2022-07-08', false),
        (4, 'Di', 'Italy', NULL, NULL, NULL);
      INSERT INTO orders VALUES
        (10, 1, 12.50, TIMESTAMP '2024-01-02 10:00:00', 'paid'),
        (11, 1, 99.99, TIMESTAMP '2024-02-03 11:30:00', 'paid'),
        (12, 2, 5.00, TIMESTAMP '2024-02-04 12:00:00', 'refunded'),
        (13, 3, 42.00, TIMESTAMP '2024-03-05 09:15:00', 'paid');
      CREATE TABLE visits AS
        SELECT range AS visit_id, ['home', 'cart', 'pay'][range % 3 + 1] AS page, 'visitor ' || range AS visitor
        FROM range(500);
      CREATE VIEW big_orders AS SELECT * FROM orders WHERE amount > 40;
      CREATE VIEW numbers AS SELECT range AS n, range * 2 AS double_n FROM range(1000000);
      CREATE SCHEMA inventory;
      CREATE TABLE inventory.products (sku VARCHAR PRIMARY KEY, title VARCHAR, stock INTEGER);
      INSERT INTO inventory.products VALUES ('A-1', 'Anvil', 3), ('B-2', 'Bucket', 0);
      CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
      CREATE TABLE oddities (
        big BIGINT, huge HUGEINT, exact DECIMAL(38, 10), ratio DOUBLE, tags VARCHAR[],
        point STRUCT(x INTEGER, y INTEGER), attrs MAP(VARCHAR, INTEGER), data BLOB,
        at_utc TIMESTAMPTZ, span INTERVAL, id UUID, feeling mood, day DATE, clock TIME
      );
      INSERT INTO oddities VALUES (
        9007199254740993, 170141183460469231731687303715884105727, 12345678901234567890.1234567891,
        'Infinity'::DOUBLE, ['a', 'b'], {'x': 1, 'y': 2}, MAP {'k': 1}, '\\x01\\x02\\x03'::BLOB,
        TIMESTAMPTZ '2024-01-02 03:04:05.123456+00', INTERVAL 1 MONTH + INTERVAL 2 DAY,
        '00000000-0000-0000-0000-000000000001', 'happy', DATE '2024-02-29', TIME '12:34:56'
      ), (42, 7, 1.5, 0.25, [], {'x': NULL, 'y': 0}, MAP {}, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
    `);
    await connection.run(
      `COPY (SELECT range AS event_id, 'click' AS kind, TIMESTAMP '2024-01-01' + to_seconds(range) AS happened_at FROM range(100))
       TO '${parquet.replaceAll("'", "''")}' (FORMAT parquet)`,
    );
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return { dir, database, files: [csv, parquet, json, glob, clashing], csv, parquet, json, glob, clashing };
}

/** The sha256 of every file under `dir` (relative path → hash), to show nothing was changed or added. */
export function snapshotDirectory(dir: string): Record<string, string> {
  const snapshot: Record<string, string> = {};
  const visit = (folder: string): void => {
    for (const entry of readdirSync(folder).sort()) {
      const path = join(folder, entry);
      if (statSync(path).isDirectory()) visit(path);
      else snapshot[relative(dir, path)] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  visit(dir);
  return snapshot;
}
