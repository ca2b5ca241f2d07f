import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SchemaInfo } from '../../core/index.js';
import { categorizeDuckdbColumn } from './duckdb-column-category.js';
import { DuckdbProviderConfig } from './duckdb-config.js';
import { DuckdbDatabase } from './duckdb-database.js';
import { introspectDuckdb } from './duckdb-introspector.js';
import { createDuckdbFixture, createTempDir, type DuckdbFixture } from './test-support/duckdb-fixture.js';

describe('introspectDuckdb', () => {
  const temp = createTempDir();
  let fixture: DuckdbFixture;
  let database: DuckdbDatabase;
  let connection: DuckDBConnection;
  let schema: SchemaInfo;

  beforeAll(async () => {
    fixture = await createDuckdbFixture(temp.dir);
    database = await DuckdbDatabase.open(
      DuckdbProviderConfig.parse({ id: 'shop', database: fixture.database, files: fixture.files }),
    );
    connection = await database.connect();
    schema = await introspectDuckdb(connection, database);
  });
  afterAll(() => {
    connection.closeSync();
    database.close();
    temp.remove();
  });

  const table = (name: string) => {
    const found = schema.tables.find((candidate) => candidate.name === name);
    if (!found) throw new Error(`no table ${name}`);
    return found;
  };

  it('lists the database tables, then views, by name and schema (main first), then one table per file or glob', () => {
    expect(schema.dialect).toBe('duckdb');
    expect(schema.tables.map((entry) => [entry.name, entry.kind])).toEqual([
      ['customers', 'table'],
      ['oddities', 'table'],
      ['orders', 'table'],
      ['visits', 'table'],
      ['big_orders', 'view'],
      ['numbers', 'view'],
      ['products', 'table'],
      ['sales_2024', 'table'],
      ['events', 'table'],
      ['people', 'table'],
      ['logs', 'table'],
      ['customers_2', 'table'],
    ]);
  });

  it('reads columns with DuckDB types, categories, nullability, keys and comments', () => {
    const customers = table('customers');
    expect(customers.description).toBe('People who bought something');
    expect(customers.primaryKey).toEqual(['customer_id']);
    expect(
      customers.columns.map((column) => [
        column.name,
        column.type,
        column.category,
        column.nullable,
        column.primaryKey,
      ]),
    ).toEqual([
      ['customer_id', 'INTEGER', 'number', false, true],
      ['name', 'VARCHAR', 'text', false, false],
      ['country', 'VARCHAR', 'text', true, false],
      ['email', 'VARCHAR', 'text', true, false],
      ['signup_date', 'DATE', 'date', true, false],
      ['vip', 'BOOLEAN', 'boolean', true, false],
    ]);
    expect(customers.columns[2]?.description).toBe('Country of residence');
  });

  it('reads declared foreign keys', () => {
    expect(table('orders').foreignKeys).toEqual([
      { columns: ['customer_id'], referencedTable: 'customers', referencedColumns: ['customer_id'] },
    ]);
    expect(table('orders').columns.find((column) => column.name === 'amount')).toMatchObject({
      type: 'DECIMAL(10,2)',
      category: 'number',
    });
  });

  it('reads tables in other schemas of the database', () => {
    expect(table('products')).toMatchObject({ primaryKey: ['sku'], rowCount: 2 });
  });

  it('counts rows of tables and file tables but not of views', () => {
    expect(table('customers').rowCount).toBe(4);
    expect(table('orders').rowCount).toBe(4);
    expect(table('numbers').rowCount).toBeUndefined();
    expect(table('sales_2024').rowCount).toBe(4);
    expect(table('events').rowCount).toBe(100);
    expect(table('people').rowCount).toBe(2);
    expect(table('logs').rowCount).toBe(3);
  });

  it('describes file tables by their file, with types DuckDB detected', () => {
    expect(table('sales_2024')).toMatchObject({ description: 'CSV file sales 2024.csv' });
    expect(table('logs')).toMatchObject({ description: 'CSV files matching logs/*.csv' });
    expect(table('sales_2024').columns.map((column) => [column.name, column.type, column.category])).toEqual([
      ['region', 'VARCHAR', 'text'],
      ['amount', 'DOUBLE', 'number'],
      ['sold_on', 'DATE', 'date'],
    ]);
    expect(table('people').columns.map((column) => [column.name, column.type])).toEqual([
      ['person', 'VARCHAR'],
      ['age', 'BIGINT'],
      ['tags', 'VARCHAR[]'],
    ]);
    expect(table('events').columns.map((column) => column.type)).toEqual(['BIGINT', 'VARCHAR', 'TIMESTAMP']);
  });

  it('samples low-cardinality text columns, most frequent first, and no lists', () => {
    const customers = table('customers');
    expect(customers.columns.find((column) => column.name === 'country')?.sampleValues).toEqual([
      'France',
      'Italy',
      'Spain',
    ]);
    expect(table('orders').columns.find((column) => column.name === 'status')?.sampleValues).toEqual([
      'paid',
      'refunded',
    ]);
    expect(table('logs').columns[0]?.sampleValues).toEqual(['error', 'info', 'warn']);
    expect(table('people').columns.find((column) => column.name === 'tags')?.sampleValues).toBeUndefined();
    expect(table('oddities').columns.find((column) => column.name === 'feeling')?.sampleValues).toEqual([
      'happy',
    ]);
  });

  it('sizes up the text columns of larger tables before sampling them', () => {
    const visits = table('visits');
    expect(visits.rowCount).toBe(500);
    expect(visits.columns.find((column) => column.name === 'page')?.sampleValues).toEqual([
      'cart',
      'home',
      'pay',
    ]);
    expect(visits.columns.find((column) => column.name === 'visitor')?.sampleValues).toBeUndefined();
  });

  it('leaves out samples of columns with too many distinct values, and can skip counts and samples', async () => {
    const limited = await introspectDuckdb(connection, database, { maxDistinctValues: 2 });
    const customers = limited.tables.find((entry) => entry.name === 'customers');
    expect(customers?.columns.find((column) => column.name === 'country')?.sampleValues).toBeUndefined();
    const bare = await introspectDuckdb(connection, database, { rowCounts: false, sampleValues: false });
    expect(bare.tables.every((entry) => entry.rowCount === undefined)).toBe(true);
    expect(bare.tables.flatMap((entry) => entry.columns).some((column) => column.sampleValues)).toBe(false);
  });

  it('skips counting file tables larger than the byte limit', async () => {
    const small = await introspectDuckdb(connection, database, { rowCountMaxBytes: 10, sampleValues: false });
    expect(small.tables.find((entry) => entry.name === 'sales_2024')?.rowCount).toBeUndefined();
    expect(small.tables.find((entry) => entry.name === 'events')?.rowCount).toBe(100); // Parquet: from metadata
  });

  it('keeps the schema of a file table whose file went away, without a count or samples', async () => {
    const other = createTempDir();
    try {
      const good = join(other.dir, 'good.csv');
      const gone = join(other.dir, 'gone.csv');
      writeFileSync(good, 'colour\nred\nblue\nred\n');
      writeFileSync(gone, 'shape\nsquare\n');
      const files = await DuckdbDatabase.open(
        DuckdbProviderConfig.parse({ id: 'files', files: [good, gone] }),
      );
      const filesConnection = await files.connect();
      try {
        rmSync(gone);
        const result = await introspectDuckdb(filesConnection, files);
        expect(
          result.tables.map((entry) => [entry.name, entry.rowCount, entry.columns[0]?.sampleValues]),
        ).toEqual([
          ['good', 3, ['red', 'blue']],
          ['gone', undefined, undefined],
        ]);
      } finally {
        filesConnection.closeSync();
        files.close();
      }
    } finally {
      other.remove();
    }
  });

  it('stops with CANCELLED when its signal aborts', async () => {
    await expect(
      introspectDuckdb(connection, database, { signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('categorises DuckDB types', () => {
    expect(
      [
        'HUGEINT',
        'UBIGINT',
        'DECIMAL(18,3)',
        'FLOAT',
        'TIMESTAMP WITH TIME ZONE',
        'TIMESTAMP_NS',
        'TIME',
        'INTERVAL',
        'UUID',
        "ENUM('a', 'b')",
        'INTEGER[]',
        'STRUCT(a INTEGER)',
        'MAP(VARCHAR, INTEGER)',
        'BLOB',
        'BOOLEAN',
      ].map(categorizeDuckdbColumn),
    ).toEqual([
      'number',
      'number',
      'number',
      'number',
      'date',
      'date',
      'other',
      'other',
      'text',
      'text',
      'other',
      'other',
      'other',
      'other',
      'boolean',
    ]);
  });
});
