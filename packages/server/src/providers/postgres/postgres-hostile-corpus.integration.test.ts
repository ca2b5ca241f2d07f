import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceAvailable } from '../../test-support/services.js';
import { PostgresProvider } from './postgres-provider.js';
import {
  checksumTables,
  createScratchDatabase,
  POSTGRES_FIXTURE_SQL,
  type ScratchDatabase,
} from './test-support/postgres-fixture.js';
import { POSTGRES_HOSTILE_CORPUS } from './test-support/postgres-hostile-corpus.js';

const available = await serviceAvailable('postgres');

describe.skipIf(!available)(
  'the PostgreSQL provider against hostile statements (needs a PostgreSQL server)',
  () => {
    let database: ScratchDatabase;
    let provider: PostgresProvider;
    let checksum: string;
    let objects: string;

    const schemaObjects = async (): Promise<string> => {
      const result = await database.client.query<{ list: string }>(
        `SELECT string_agg(n.nspname || '.' || c.relname || ':' || c.relkind::text, ',' ORDER BY 1) AS list
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')`,
      );
      return result.rows[0]?.list ?? '';
    };

    beforeAll(async () => {
      database = await createScratchDatabase('t2x_pg_hostile', POSTGRES_FIXTURE_SQL);
      checksum = await checksumTables(database.client);
      objects = await schemaObjects();
      provider = await PostgresProvider.open({
        id: 'hostile',
        url: database.url,
        schemas: ['public', 'sales'],
      });
      await provider.introspect();
    });
    afterAll(async () => {
      await provider?.close();
      await database?.drop();
    });

    it('has at least 60 PostgreSQL-specific statements', () => {
      expect(POSTGRES_HOSTILE_CORPUS.length).toBeGreaterThanOrEqual(60);
    });

    it.each(POSTGRES_HOSTILE_CORPUS.map((entry) => [entry.why, entry.sql] as const))(
      'rejects %s',
      async (_why, sql) => {
        const report = await provider.validate(sql);
        expect(report.status).toBe('failed');
        expect(report.errors.length).toBeGreaterThan(0);
        expect(report.errors[0]?.message).toMatch(/^\S.*\S$/);
        await expect(provider.execute(sql, { maxRows: 10, timeoutMs: 5_000 })).rejects.toMatchObject({
          code: 'QUERY_REJECTED',
        });
      },
    );

    it('leaves every table, the sequence and the schema unchanged', async () => {
      const after = await provider.execute('SELECT count(*) FROM orders', { maxRows: 1, timeoutMs: 5_000 });
      expect(after.rows).toEqual([[5]]);
      expect(await checksumTables(database.client)).toBe(checksum);
      expect(await schemaObjects()).toBe(objects);
    });
  },
);
