import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresProvider } from './postgres-provider.js';
import { createPgliteDriver } from './test-support/pglite-driver.js';
import { POSTGRES_FIXTURE_SQL } from './test-support/postgres-fixture.js';

/**
 * The same provider code — introspection, validation with the EXPLAIN dry run, execution through a
 * read-only transaction and a cursor — on PGlite in process, so a laptop without a PostgreSQL
 * server still covers it. What needs a server (cancellation, time-outs, the pool, TLS, passwords)
 * is in the *.integration.test.ts files.
 */
describe('PostgresProvider on PGlite (in process, no server)', () => {
  let provider: PostgresProvider;

  beforeAll(async () => {
    const db = await PGlite.create();
    await db.exec(POSTGRES_FIXTURE_SQL);
    provider = await PostgresProvider.open(
      { id: 'pglite', url: 'postgres://pglite/local', schemas: ['public', 'sales'], fetchSize: 1_000 },
      { driver: await createPgliteDriver(db) },
    );
  });
  afterAll(async () => {
    await provider?.close();
  });

  it('declares what PGlite can do', () => {
    expect(provider.capabilities).toEqual({ dryRun: true, cancellation: false, rowCounts: true });
    expect(provider.dialect).toBe('postgres');
    expect(provider.dialectNotes.join(' ')).toContain('NULLS LAST');
  });

  it('introspects tables, a view, keys, an enum, comments and two schemas', async () => {
    const schema = await provider.introspect();
    expect(schema.tables.map((table) => table.name)).toEqual([
      'MixedCase',
      'big_orders',
      'country_counts',
      'customers',
      'numbers',
      'orders',
      'sales.regions',
      'sales.targets',
    ]);
    const customers = schema.tables.find((table) => table.name === 'customers');
    expect(customers).toMatchObject({
      kind: 'table',
      primaryKey: ['id'],
      rowCount: 6,
      description: 'People who buy things',
    });
    expect(customers?.columns.find((column) => column.name === 'mood')).toMatchObject({
      type: 'mood',
      category: 'text',
      sampleValues: ['sad', 'ok', 'happy'],
    });
    expect(schema.tables.find((table) => table.name === 'big_orders')?.kind).toBe('view');
    expect(schema.tables.find((table) => table.name === 'sales.targets')?.foreignKeys).toEqual([
      { columns: ['region_code'], referencedTable: 'sales.regions', referencedColumns: ['code'] },
    ]);
  });

  it('validates: syntax with position, second statement, unknown names, policy, dry run', async () => {
    expect((await provider.validate('SELECT FROM WHERE')).errors[0]).toMatchObject({
      kind: 'syntax',
      position: 13,
    });
    expect((await provider.validate('SELECT 1; DELETE FROM orders')).status).toBe('failed');
    expect((await provider.validate('SELECT nme FROM customers')).errors[0]).toMatchObject({
      kind: 'unknown_column',
      suggestions: ['name'],
    });
    expect(
      (await provider.validate('WITH d AS (DELETE FROM orders RETURNING *) SELECT * FROM d')).errors[0]?.kind,
    ).toBe('policy');
    expect((await provider.validate('SELECT id FROM customers WHERE name = 1')).errors[0]?.kind).toBe(
      'dry_run',
    );
    expect(
      await provider.validate(
        'WITH s AS (SELECT customer_id, sum(total) AS t FROM orders GROUP BY 1) SELECT c.name, s.t FROM customers c JOIN s ON s.customer_id = c.id',
      ),
    ).toEqual({ status: 'passed', errors: [], warnings: [] });
  });

  it('executes through the cursor with a row cap, types and runtime errors as values', async () => {
    const capped = await provider.execute('SELECT n, label FROM numbers ORDER BY n', {
      maxRows: 2_500,
      timeoutMs: 10_000,
    });
    expect(capped).toMatchObject({ success: true, row_count: 2_500, truncated: true });
    expect(capped.columns).toEqual([
      { name: 'n', type: 'integer' },
      { name: 'label', type: 'text' },
    ]);
    const orders = await provider.execute('SELECT id, total, tags, receipt FROM orders ORDER BY id DESC', {
      maxRows: 1,
      timeoutMs: 10_000,
    });
    expect(orders.rows).toEqual([['9007199254740993', 99999999.99, null, null]]);
    expect(
      await provider.execute('SELECT 1 / (id - id) FROM customers', { maxRows: 1, timeoutMs: 10_000 }),
    ).toMatchObject({
      success: false,
      error: 'division by zero',
    });
    await expect(
      provider.execute('SELECT pg_sleep(1)', { maxRows: 1, timeoutMs: 1_000 }),
    ).rejects.toMatchObject({
      code: 'QUERY_REJECTED',
    });
    expect(
      (await provider.execute('SELECT count(*) FROM numbers', { maxRows: 1, timeoutMs: 10_000 })).rows,
    ).toEqual([[100_000]]);
  });

  it('streams batches from the cursor', async () => {
    let rows = 0;
    for await (const batch of provider.stream('SELECT n FROM numbers', {
      maxRows: 5_000,
      timeoutMs: 10_000,
      batchSize: 1_000,
    })) {
      rows += batch.rows.length;
    }
    expect(rows).toBe(5_000);
  });
});
