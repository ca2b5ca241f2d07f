import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceAvailable } from '../../test-support/services.js';
import { createPostgresPoolDriver } from './postgres-pool-driver.js';
import { PostgresProvider } from './postgres-provider.js';
import { PostgresValidator } from './postgres-validator.js';
import {
  createScratchDatabase,
  POSTGRES_FIXTURE_SQL,
  type ScratchDatabase,
} from './test-support/postgres-fixture.js';

const available = await serviceAvailable('postgres');

describe.skipIf(!available)(
  'PostgreSQL validation with the EXPLAIN dry run (needs a PostgreSQL server)',
  () => {
    let database: ScratchDatabase;
    let provider: PostgresProvider;

    beforeAll(async () => {
      database = await createScratchDatabase('t2x_pg_validate', POSTGRES_FIXTURE_SQL);
      provider = await PostgresProvider.open({ id: 'shop', url: database.url, schemas: ['public', 'sales'] });
      await provider.introspect();
    });
    afterAll(async () => {
      await provider?.close();
      await database?.drop();
    });

    it.each([
      'SELECT c.name, sum(o.total) AS spent FROM customers c JOIN orders o ON o.customer_id = c.id GROUP BY c.name ORDER BY spent DESC NULLS LAST LIMIT 5',
      "WITH eu AS (SELECT code FROM regions WHERE name ILIKE 'eu%') SELECT t.* FROM sales.targets t JOIN eu ON eu.code = t.region_code",
      'SELECT name FROM customers UNION SELECT name FROM big_orders',
      'SELECT x.n FROM (SELECT n FROM numbers WHERE n < 10) AS x',
      "SELECT date_trunc('month', ordered_on)::date, EXTRACT(YEAR FROM ordered_on), count(*) FROM orders WHERE ordered_on > current_date - INTERVAL '5 years' GROUP BY 1, 2",
      'SELECT "Label" FROM "MixedCase" WHERE "Id" = 1;',
      "SELECT mood, count(*) FROM customers WHERE mood = 'happy' GROUP BY mood",
    ])('passes %s', async (sql) => {
      expect(await provider.validate(sql)).toEqual({ status: 'passed', errors: [], warnings: [] });
    });

    it('reports a syntax error with its position, and a second statement', async () => {
      expect((await provider.validate('SELECT name FROM customers WHER id = 1')).errors).toEqual([
        {
          kind: 'syntax',
          message: 'PostgreSQL cannot parse the query: syntax error at or near "id".',
          position: 33,
        },
      ]);
      expect((await provider.validate('SELECT 1; SELECT 2')).errors[0]).toMatchObject({
        kind: 'policy',
        position: 11,
      });
    });

    it('reports unknown names with suggestions, across schemas and letter case', async () => {
      expect((await provider.validate('SELECT * FROM ordrs')).errors[0]).toMatchObject({
        kind: 'unknown_table',
        suggestions: ['orders'],
      });
      expect((await provider.validate('SELECT * FROM sales.region')).errors[0]).toMatchObject({
        kind: 'unknown_table',
        suggestions: ['sales.regions'],
      });
      expect((await provider.validate('SELECT Label FROM "MixedCase"')).errors[0]).toMatchObject({
        kind: 'unknown_column',
        suggestions: ['Label'],
      });
    });

    it('reports what PostgreSQL cannot plan as a dry_run issue with its position', async () => {
      expect(await provider.validate("SELECT id FROM customers WHERE name = 1 AND country = 'x'")).toEqual({
        status: 'failed',
        errors: [
          {
            kind: 'dry_run',
            message: 'PostgreSQL cannot plan the query: operator does not exist: text = integer.',
            position: 37,
          },
        ],
        warnings: [],
      });
      expect((await provider.validate('SELECT 1 / 0')).errors[0]).toMatchObject({
        kind: 'dry_run',
        message: 'PostgreSQL cannot plan the query: division by zero.',
      });
    });

    it('skips the dry run when asked', async () => {
      expect((await provider.validate('SELECT 1 / 0', { dryRun: false })).status).toBe('passed');
    });

    it('re-reads the catalog when a query names a table or column created after introspection', async () => {
      const driver = createPostgresPoolDriver({ url: database.url });
      const validator = new PostgresValidator({ driver, schemas: ['public'], catalogRefreshMs: 0 });
      try {
        expect((await validator.validate('SELECT id FROM customers')).status).toBe('passed');
        await database.client.query('CREATE TABLE late_table (late_column int)');
        expect(await validator.validate('SELECT late_column FROM late_table')).toMatchObject({
          status: 'passed',
        });
      } finally {
        await database.client.query('DROP TABLE late_table');
        await driver.close();
      }
    });

    it('lets the planner overrule the name check on columns, with a warning', async () => {
      // A function in attribute notation looks like a column to the name check.
      await database.client.query(
        'CREATE FUNCTION full_label(c customers) RETURNS text LANGUAGE sql AS $$ SELECT c.name $$',
      );
      try {
        const report = await provider.validate('SELECT c.full_label FROM customers c');
        expect(report.status).toBe('passed');
        expect(report.warnings[0]).toMatchObject({ kind: 'name_check' });
      } finally {
        await database.client.query('DROP FUNCTION full_label(customers)');
      }
    });
  },
);
