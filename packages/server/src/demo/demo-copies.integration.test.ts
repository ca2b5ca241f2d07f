import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scratchDatabaseName, serviceAvailable, serviceUrl } from '../test-support/services.js';
import { DEMO_TABLES } from './demo-schema.js';
import { loadDemoCopy } from './load-demo-copy.js';
import {
  askDemoQuestions,
  expectSameAnswers,
  expectSameTables,
  sqliteDemoBaseline,
  type DemoBaseline,
} from './test-support/demo-copy-check.js';

const postgresUp = await serviceAvailable('postgres');
const mariadbUp = await serviceAvailable('mariadb');

/** The service URL with `database` in its path. */
function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

describe.runIf(postgresUp || mariadbUp)('the demo copied into server databases', () => {
  const root = mkdtempSync(join(tmpdir(), 'text2x-demo-copies-'));
  let baseline: DemoBaseline;

  beforeAll(async () => {
    baseline = await sqliteDemoBaseline(root);
  });

  afterAll(async () => {
    await baseline?.app.close();
    rmSync(root, { recursive: true, force: true });
  });

  describe.skipIf(!postgresUp)('PostgreSQL', () => {
    const database = scratchDatabaseName('text2x_demo_test');
    const url = withDatabase(serviceUrl('postgres'), database);

    afterAll(async () => {
      await baseline?.app.providers.forget('demo-postgres');
      const admin = new pg.Client({ connectionString: serviceUrl('postgres') });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await admin.end();
    });

    it('creates the database and loads every table with SQLite’s rows', async () => {
      const rows = await loadDemoCopy({
        target: { engine: 'postgres', url },
        sourcePath: baseline.sourcePath,
      });
      expect(Object.keys(rows)).toEqual([...DEMO_TABLES]);
      await baseline.app.store.addProvider({ id: 'demo-postgres', kind: 'postgres', url });
      const { schema } = await baseline.app.providers.open('demo-postgres');
      expect(schema.tables.map((table) => table.name).sort()).toEqual([...DEMO_TABLES].sort());
      await expectSameTables(baseline.app, 'demo-postgres');
    });

    it('answers every demo question as the SQLite demo does', async () => {
      expectSameAnswers(baseline.sqlite, await askDemoQuestions(baseline.app, 'demo-postgres'));
    });
  });

  describe.skipIf(!mariadbUp)('MariaDB', () => {
    const database = scratchDatabaseName('text2x_demo_test');
    const url = withDatabase(serviceUrl('mariadb'), database);

    afterAll(async () => {
      await baseline?.app.providers.forget('demo-mysql');
      const admin = await mysql.createConnection({ uri: serviceUrl('mariadb') });
      await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
      await admin.end();
    });

    it('creates the database and loads every table with SQLite’s rows', async () => {
      const rows = await loadDemoCopy({ target: { engine: 'mysql', url }, sourcePath: baseline.sourcePath });
      expect(Object.keys(rows)).toEqual([...DEMO_TABLES]);
      await baseline.app.store.addProvider({ id: 'demo-mysql', kind: 'mysql', url });
      const { schema } = await baseline.app.providers.open('demo-mysql');
      expect(schema.tables.map((table) => table.name).sort()).toEqual([...DEMO_TABLES].sort());
      await expectSameTables(baseline.app, 'demo-mysql');
    });

    it('answers every demo question as the SQLite demo does', async () => {
      expectSameAnswers(baseline.sqlite, await askDemoQuestions(baseline.app, 'demo-mysql'));
    });
  });
});
