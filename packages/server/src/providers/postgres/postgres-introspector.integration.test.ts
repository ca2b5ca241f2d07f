import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SchemaInfo, TableSchema } from '../../core/index.js';
import { serviceAvailable } from '../../test-support/services.js';
import { introspectPostgres } from './postgres-introspector.js';
import { createPostgresPoolDriver } from './postgres-pool-driver.js';
import { PostgresProvider } from './postgres-provider.js';
import { recordingDriver } from './test-support/recording-driver.js';
import {
  createScratchDatabase,
  POSTGRES_FIXTURE_SQL,
  type ScratchDatabase,
} from './test-support/postgres-fixture.js';

const available = await serviceAvailable('postgres');

describe.skipIf(!available)('PostgreSQL introspection (needs a PostgreSQL server)', () => {
  let database: ScratchDatabase;
  let provider: PostgresProvider;
  let schema: SchemaInfo;
  const table = (name: string): TableSchema => {
    const found = schema.tables.find((candidate) => candidate.name === name);
    if (!found) throw new Error(`no table ${name}`);
    return found;
  };

  beforeAll(async () => {
    database = await createScratchDatabase('t2x_pg_introspect', POSTGRES_FIXTURE_SQL);
    provider = await PostgresProvider.open({ id: 'shop', url: database.url, schemas: ['public', 'sales'] });
    schema = await provider.introspect();
  });
  afterAll(async () => {
    await provider?.close();
    await database?.drop();
  });

  it('lists tables, views and materialized views of the configured schemas, qualifying those outside public', () => {
    expect(schema.dialect).toBe('postgres');
    expect(schema.tables.map((entry) => [entry.name, entry.kind])).toEqual([
      ['MixedCase', 'table'],
      ['big_orders', 'view'],
      ['country_counts', 'view'],
      ['customers', 'table'],
      ['numbers', 'table'],
      ['orders', 'table'],
      ['sales.regions', 'table'],
      ['sales.targets', 'table'],
    ]);
  });

  it('reads columns with types, categories, nullability, keys and comments', () => {
    const customers = table('customers');
    expect(customers.description).toBe('People who buy things');
    expect(customers.primaryKey).toEqual(['id']);
    expect(
      customers.columns.map((column) => [column.name, column.type, column.category, column.nullable]),
    ).toEqual([
      ['id', 'integer', 'number', false],
      ['name', 'text', 'text', false],
      ['country', 'text', 'text', true],
      ['Email Address', 'character varying(200)', 'text', true],
      ['mood', 'mood', 'text', true],
      ['created_at', 'timestamp with time zone', 'date', false],
      ['is_vip', 'boolean', 'boolean', false],
    ]);
    expect(customers.columns.find((column) => column.name === 'country')?.description).toBe(
      'Country name in English',
    );
    expect(customers.columns.find((column) => column.name === 'id')?.primaryKey).toBe(true);
    expect(table('orders').columns.map((column) => column.type)).toEqual([
      'bigint',
      'integer',
      'numeric(12,2)',
      'date',
      'text',
      'jsonb',
      'text[]',
      'bytea',
    ]);
  });

  it('reads foreign keys, also between tables of another schema', () => {
    expect(table('orders').foreignKeys).toEqual([
      { columns: ['customer_id'], referencedTable: 'customers', referencedColumns: ['id'] },
    ]);
    const targets = table('sales.targets');
    expect(targets.primaryKey).toEqual(['region_code', 'year']);
    expect(targets.description).toBe('Yearly sales targets per region');
    expect(targets.foreignKeys).toEqual([
      { columns: ['region_code'], referencedTable: 'sales.regions', referencedColumns: ['code'] },
    ]);
  });

  it('gives enum labels as sample values, in their declared order', () => {
    expect(table('customers').columns.find((column) => column.name === 'mood')?.sampleValues).toEqual([
      'sad',
      'ok',
      'happy',
    ]);
  });

  it('counts rows exactly for small tables and samples low-cardinality text columns only', () => {
    expect(table('customers').rowCount).toBe(6);
    expect(table('numbers').rowCount).toBe(100_000);
    expect(table('country_counts').rowCount).toBe(4);
    expect(table('big_orders').rowCount).toBeUndefined();
    expect(table('customers').columns.find((column) => column.name === 'country')?.sampleValues).toEqual([
      'France',
      'Germany',
      'Japan',
    ]);
    expect(table('numbers').columns.find((column) => column.name === 'label')?.sampleValues).toBeUndefined();
  });

  it('uses the planner’s estimate for big tables and its statistics for sample values once analyzed', async () => {
    await database.client.query('ANALYZE');
    const driver = createPostgresPoolDriver({ url: database.url });
    try {
      const estimated = await introspectPostgres(driver, { schemas: ['public'], exactCountMaxBytes: 0 });
      const numbers = estimated.tables.find((entry) => entry.name === 'numbers');
      expect(numbers?.rowCount).toBeGreaterThan(90_000);
      expect(numbers?.rowCount).toBeLessThan(110_000);
      const customers = estimated.tables.find((entry) => entry.name === 'customers');
      expect(customers?.columns.find((column) => column.name === 'country')?.sampleValues).toEqual([
        'France',
        'Germany',
        'Japan',
      ]);
    } finally {
      await driver.close();
    }
  });

  it('takes sample values from the planner’s statistics without scanning the table', async () => {
    await database.client.query(
      `CREATE TABLE sizes AS SELECT g AS id, (ARRAY['S', 'M', 'M', 'L', 'L', 'L'])[1 + g % 6] AS size FROM generate_series(1, 6000) g;
       ANALYZE sizes`,
    );
    const { driver, recording } = recordingDriver(createPostgresPoolDriver({ url: database.url }));
    try {
      const analyzed = await introspectPostgres(driver, { schemas: ['public'] });
      const sizes = analyzed.tables.find((entry) => entry.name === 'sizes');
      expect(sizes?.columns.find((column) => column.name === 'size')?.sampleValues).toEqual(['L', 'M', 'S']);
      expect(
        recording.statements.filter((sql) => sql.includes('LIMIT 10000') && sql.includes('"sizes"')),
      ).toEqual([]);
    } finally {
      await driver.close();
      await database.client.query('DROP TABLE sizes');
    }
  });

  it('names the columns of a foreign key into a schema that is not configured', async () => {
    await database.client.query(
      'CREATE TABLE secret.owners (owner_key int PRIMARY KEY); CREATE TABLE owned (id int, owner_id int REFERENCES secret.owners (owner_key))',
    );
    const driver = createPostgresPoolDriver({ url: database.url });
    try {
      const owned = (
        await introspectPostgres(driver, { schemas: ['public'], rowCounts: false, sampleValues: false })
      ).tables.find((entry) => entry.name === 'owned');
      expect(owned?.foreignKeys).toEqual([
        { columns: ['owner_id'], referencedTable: 'secret.owners', referencedColumns: ['owner_key'] },
      ]);
    } finally {
      await driver.close();
      await database.client.query('DROP TABLE owned; DROP TABLE secret.owners');
    }
  });

  it('leaves out tables of schemas that are not configured, and stops when aborted', async () => {
    expect(schema.tables.some((entry) => entry.name.includes('api_keys'))).toBe(false);
    const controller = new AbortController();
    controller.abort();
    await expect(provider.introspect(controller.signal)).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
