import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceAvailable } from '../../test-support/services.js';
import { MysqlProvider } from './mysql-provider.js';
import {
  createFixtureTables,
  createScratchDatabase,
  serverFingerprint,
  type MysqlFixture,
} from './test-support/mysql-fixture.js';
import { HOSTILE_OUTPUT_FILES, MYSQL_HOSTILE_CORPUS } from './test-support/mysql-hostile-corpus.js';

const available = await serviceAvailable('mariadb');

describe.skipIf(!available)('the MySQL provider against hostile statements on MariaDB', () => {
  let fixture: MysqlFixture;
  let provider: MysqlProvider;
  let fingerprint: string;

  beforeAll(async () => {
    fixture = await createScratchDatabase('t2x_mysql_hostile');
    await createFixtureTables(fixture, 100);
    fingerprint = await serverFingerprint(fixture);
    provider = await MysqlProvider.open({ id: 'hostile', url: fixture.url });
    await provider.introspect();
  });
  afterAll(async () => {
    await provider?.close();
    await fixture?.drop();
  });

  it('has at least 60 MySQL-specific statements', () => {
    expect(MYSQL_HOSTILE_CORPUS.length).toBeGreaterThanOrEqual(60);
    expect(new Set(MYSQL_HOSTILE_CORPUS.map((entry) => entry.sql)).size).toBe(MYSQL_HOSTILE_CORPUS.length);
  });

  it.each(MYSQL_HOSTILE_CORPUS.map((entry) => [entry.why, entry.sql] as const))(
    'rejects %s',
    async (_why, sql) => {
      const report = await provider.validate(sql);
      expect(report.status).toBe('failed');
      expect(report.errors.length).toBeGreaterThan(0);
      for (const issue of report.errors) expect(issue.message).toMatch(/^\S.*[.?]$/);
      await expect(provider.execute(sql, { maxRows: 10, timeoutMs: 5_000 })).rejects.toMatchObject({
        code: 'QUERY_REJECTED',
      });
    },
  );

  it('refuses tables outside the data source, which the account could read', async () => {
    const other = `${fixture.database}_other`;
    await fixture.admin.query(`CREATE DATABASE \`${other}\``);
    try {
      await fixture.admin.query(`CREATE TABLE \`${other}\`.secrets (id INT PRIMARY KEY, secret VARCHAR(20))`);
      for (const sql of [
        `SELECT * FROM ${other}.secrets`,
        `SELECT secret FROM \`${other}\`.\`secrets\``,
        `SELECT s.name, x.secret FROM singer s JOIN ${other}.secrets x ON x.id = s.singer_id`,
        `SELECT name FROM singer WHERE singer_id IN (SELECT id FROM ${other}.secrets)`,
        `SELECT name, LAG(age) OVER w FROM singer, ${other}.secrets WINDOW w AS (ORDER BY age)`,
        'SELECT seq FROM seq_1_to_10',
        'SELECT name, LAG(age) OVER w FROM singer, seq_1_to_10 WINDOW w AS (ORDER BY age)',
      ]) {
        const report = await provider.validate(sql);
        expect(report.status, sql).toBe('failed');
        expect(report.errors[0]?.kind, sql).toMatch(/^(policy|unknown_table)$/);
        await expect(provider.execute(sql, { maxRows: 10, timeoutMs: 5_000 }), sql).rejects.toMatchObject({
          code: 'QUERY_REJECTED',
        });
      }
    } finally {
      await fixture.admin.query(`DROP DATABASE \`${other}\``);
    }
  });

  it('gives a policy reason as a sentence for statements that write or reach outside', async () => {
    for (const sql of [
      'DELETE FROM singer',
      "SELECT * FROM singer INTO OUTFILE '/tmp/x'",
      'SELECT SLEEP(100)',
      "SELECT LOAD_FILE('/etc/passwd')",
      'SET GLOBAL max_connections = 1',
      'LOCK TABLES singer WRITE',
    ]) {
      const [issue] = (await provider.validate(sql)).errors;
      expect(issue?.kind).toBe('policy');
      expect(issue?.message).toMatch(/^[A-Z].* because .*\.$/);
    }
  });

  it('leaves every table, view, routine, account and database as it was', async () => {
    const after = await provider.execute('SELECT COUNT(*) FROM singer', { maxRows: 1, timeoutMs: 5_000 });
    expect(after.rows).toEqual([[6]]);
    expect(await serverFingerprint(fixture)).toBe(fingerprint);
  });

  it('creates no file for the OUTFILE and DUMPFILE attempts', () => {
    for (const file of HOSTILE_OUTPUT_FILES) expect(existsSync(file)).toBe(false);
  });
});
