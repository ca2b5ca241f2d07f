import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type mysql from 'mysql2/promise';
import { serviceAvailable } from '../../test-support/services.js';
import { mysqlConnectionSettings, MysqlProviderConfig } from './mysql-config.js';
import { MysqlExecutor } from './mysql-executor.js';
import { MysqlProvider } from './mysql-provider.js';
import { MysqlSessionPool } from './mysql-session-pool.js';
import {
  createFixtureTables,
  createScratchDatabase,
  type MysqlFixture,
} from './test-support/mysql-fixture.js';

const available = await serviceAvailable('mariadb');

/** A query that runs for minutes: a triple self-join of a 100,000-row table that matches nothing. */
const slowQuery = (marker: string): string =>
  `SELECT '${marker}' AS tag, COUNT(*) FROM numbers a, numbers b, numbers c WHERE a.n + b.n + c.n = -1`;

/** Statements still running on the server whose text contains the marker (other than this lookup). */
async function runningWith(admin: mysql.Connection, marker: string): Promise<unknown[]> {
  const [rows] = await admin.query<mysql.RowDataPacket[]>(
    `SELECT ID, COMMAND, STATE, INFO FROM information_schema.PROCESSLIST
     WHERE INFO LIKE ? AND ID <> CONNECTION_ID()`,
    [`%${marker}%`],
  );
  return rows;
}

describe.skipIf(!available)('running queries on MariaDB', () => {
  let fixture: MysqlFixture;
  let provider: MysqlProvider;

  beforeAll(async () => {
    fixture = await createScratchDatabase('t2x_mysql_exec');
    await createFixtureTables(fixture, 100_000);
    provider = await MysqlProvider.open({ id: 'exec', url: fixture.url, poolSize: 2 });
  });
  afterAll(async () => {
    await provider?.close();
    await fixture?.drop();
  });

  it('returns columns with types and rows of JSON values', async () => {
    const result = await provider.execute('SELECT * FROM value_types ORDER BY id', {
      maxRows: 10,
      timeoutMs: 10_000,
    });
    expect(result.success).toBe(true);
    expect(result.columns).toEqual([
      { name: 'id', type: 'INT' },
      { name: 'i', type: 'INT' },
      { name: 'ui', type: 'INT UNSIGNED' },
      { name: 'bi', type: 'BIGINT' },
      { name: 'ubi', type: 'BIGINT UNSIGNED' },
      { name: 'd', type: 'DECIMAL' },
      { name: 'f', type: 'FLOAT' },
      { name: 'dbl', type: 'DOUBLE' },
      { name: 'dt', type: 'DATETIME' },
      { name: 'ts', type: 'TIMESTAMP' },
      { name: 'dte', type: 'DATE' },
      { name: 'tm', type: 'TIME' },
      { name: 'yr', type: 'YEAR' },
      { name: 'c', type: 'CHAR' },
      { name: 'vc', type: 'VARCHAR' },
      { name: 'tx', type: 'TEXT' },
      { name: 'bl', type: 'BLOB' },
      { name: 'vb', type: 'VARBINARY' },
      { name: 'bt', type: 'BIT' },
      { name: 'js', type: 'JSON' },
      { name: 'en', type: 'ENUM' },
      { name: 'st', type: 'SET' },
      { name: 'flag', type: 'TINYINT' },
    ]);
    expect(result.rows[0]).toEqual([
      1,
      -5,
      4000000000,
      '9007199254740993',
      '18446744073709551615',
      '12345678901234567890.1234',
      1.5,
      2.25,
      '2024-03-01T10:20:30.456',
      '2024-03-01T10:20:30',
      '2024-03-01',
      '10:20:30',
      2024,
      'abc',
      'hello',
      'long text',
      '<blob 4 bytes>',
      '<blob 2 bytes>',
      5,
      { a: 1 }, // MariaDB marks JSON columns in its extended metadata, so they arrive parsed
      'b',
      'x,y',
      1,
    ]);
    expect(result.rows[1]?.slice(0, 6)).toEqual([2, null, null, 42, 7, 1.5]);
    expect(JSON.parse(JSON.stringify(result.rows))).toEqual(result.rows);
  });

  it('caps rows on a 100,000-row table and says the result is truncated', async () => {
    const result = await provider.execute('SELECT n, label FROM numbers ORDER BY n', {
      maxRows: 1_000,
      timeoutMs: 10_000,
    });
    expect(result).toMatchObject({ success: true, row_count: 1_000, truncated: true });
    expect(result.rows[0]).toEqual([1, 'row 1']);
    expect(result.rows[999]).toEqual([1000, 'row 1000']);
    const whole = await provider.execute('SELECT COUNT(*) FROM numbers', {
      maxRows: 1_000,
      timeoutMs: 10_000,
    });
    expect(whole).toMatchObject({ rows: [[100_000]], truncated: false });
  });

  it('stops reading a result far too large to hold, and kills what is left of it', async () => {
    const marker = `huge_${Date.now()}`;
    const started = performance.now();
    const result = await provider.execute(
      `SELECT '${marker}' AS tag, a.n, b.n FROM numbers a CROSS JOIN numbers b`,
      {
        maxRows: 100,
        timeoutMs: 60_000,
      },
    );
    expect(result).toMatchObject({ success: true, row_count: 100, truncated: true });
    expect(performance.now() - started).toBeLessThan(10_000); // 10^10 rows were never read
    expect(await runningWith(fixture.admin, marker)).toEqual([]);
  });

  it('keeps no row when maxRows is 0, but says more existed', async () => {
    const result = await provider.execute('SELECT n FROM numbers', { maxRows: 0, timeoutMs: 10_000 });
    expect(result).toMatchObject({ success: true, rows: [], row_count: 0, truncated: true });
  });

  it('returns a runtime error as a value', async () => {
    const result = await provider.execute('SELECT (SELECT singer_id FROM singer) AS one', {
      maxRows: 10,
      timeoutMs: 10_000,
    });
    expect(result).toMatchObject({
      success: false,
      rows: [],
      row_count: 0,
      error: 'Subquery returns more than 1 row',
    });
  });

  it('stops a slow query at its time limit with EXECUTION_TIMEOUT, and the server stops running it', async () => {
    const marker = `slow_${Date.now()}`;
    const started = performance.now();
    await expect(provider.execute(slowQuery(marker), { maxRows: 10, timeoutMs: 500 })).rejects.toMatchObject({
      code: 'EXECUTION_TIMEOUT',
    });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(await runningWith(fixture.admin, marker)).toEqual([]);
  });

  it('stops a running query on abort with CANCELLED, and the server stops running it', async () => {
    const marker = `abort_${Date.now()}`;
    const controller = new AbortController();
    const running = provider.execute(slowQuery(marker), {
      maxRows: 10,
      timeoutMs: 60_000,
      signal: controller.signal,
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await runningWith(fixture.admin, marker)).toHaveLength(1);
    const aborted = performance.now();
    controller.abort();
    await expect(running).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(performance.now() - aborted).toBeLessThan(1_000);
    expect(await runningWith(fixture.admin, marker)).toEqual([]);
  });

  it('rejects with CANCELLED at once when the signal has already aborted', async () => {
    await expect(
      provider.execute('SELECT 1', { maxRows: 1, timeoutMs: 1_000, signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('keeps the pool working after time-outs and cancellations, with no connection leaked', async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        provider.execute(`SELECT ${index} AS i, COUNT(*) FROM singer`, { maxRows: 10, timeoutMs: 10_000 }),
      ),
    );
    expect(results.map((result) => result.rows[0])).toEqual(
      Array.from({ length: 12 }, (_, index) => [index, 6]),
    );
    const [connections] = await fixture.admin.query<mysql.RowDataPacket[]>(
      'SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> CONNECTION_ID()',
      [fixture.database],
    );
    expect(Number(connections[0]?.n)).toBeLessThanOrEqual(3); // two pooled, one for KILL
  });

  it('cancels a query waiting for a connection without running it', async () => {
    const single = await MysqlProvider.open({ id: 'single', url: fixture.url, poolSize: 1 });
    try {
      const marker = `blocker_${Date.now()}`;
      const blocker = single.execute(slowQuery(marker), { maxRows: 1, timeoutMs: 1_500 });
      const controller = new AbortController();
      const waiting = single.execute('SELECT 1', {
        maxRows: 1,
        timeoutMs: 30_000,
        signal: controller.signal,
      });
      setTimeout(() => controller.abort(), 200);
      await expect(waiting).rejects.toMatchObject({ code: 'CANCELLED' });
      await expect(single.execute('SELECT 2', { maxRows: 1, timeoutMs: 200 })).rejects.toMatchObject({
        code: 'EXECUTION_TIMEOUT',
      });
      await expect(blocker).rejects.toMatchObject({ code: 'EXECUTION_TIMEOUT' });
      expect((await single.execute('SELECT 3', { maxRows: 1, timeoutMs: 5_000 })).rows).toEqual([[3]]);
    } finally {
      await single.close();
    }
  });

  it('replaces a pooled connection the server closed while it was idle', async () => {
    const fresh = await MysqlProvider.open({ id: 'fresh', url: fixture.url, poolSize: 1 });
    try {
      expect((await fresh.execute('SELECT 1', { maxRows: 1, timeoutMs: 5_000 })).rows).toEqual([[1]]);
      const [idle] = await fixture.admin.query<mysql.RowDataPacket[]>(
        `SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ? AND COMMAND = 'Sleep' AND ID <> CONNECTION_ID()`,
        [fixture.database],
      );
      for (const row of idle) await fixture.admin.query(`KILL CONNECTION ${Number(row.ID)}`);
      expect((await fresh.execute('SELECT 2', { maxRows: 1, timeoutMs: 5_000 })).rows).toEqual([[2]]);
      expect((await provider.execute('SELECT 3', { maxRows: 1, timeoutMs: 5_000 })).rows).toEqual([[3]]);
    } finally {
      await fresh.close();
    }
  });

  it('cuts a result off at the byte limit', async () => {
    const small = await MysqlProvider.open({ id: 'small', url: fixture.url, maxResultBytes: 1_000 });
    try {
      const result = await small.execute('SELECT label FROM numbers ORDER BY n', {
        maxRows: 10_000,
        timeoutMs: 10_000,
      });
      expect(result.truncated).toBe(true);
      expect(result.row_count).toBeGreaterThan(10);
      expect(result.row_count).toBeLessThan(200);
    } finally {
      await small.close();
    }
  });

  it('fails running queries with CANCELLED when the provider closes', async () => {
    const closing = await MysqlProvider.open({ id: 'closing', url: fixture.url });
    const marker = `closing_${Date.now()}`;
    const running = closing.execute(slowQuery(marker), { maxRows: 1, timeoutMs: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await closing.close();
    await expect(running).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(await runningWith(fixture.admin, marker)).toEqual([]);
    await expect(closing.execute('SELECT 1', { maxRows: 1, timeoutMs: 1_000 })).rejects.toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
    });
  });

  it('rejects what validation refuses with QUERY_REJECTED and every issue in the details', async () => {
    await expect(
      provider.execute('DELETE FROM singer', { maxRows: 1, timeoutMs: 1_000 }),
    ).rejects.toMatchObject({
      code: 'QUERY_REJECTED',
      message: 'DELETE is not allowed because it changes data.',
      details: { errors: [expect.objectContaining({ kind: 'policy' })] },
    });
    await expect(
      provider.execute('SELECT nme FROM singer', { maxRows: 1, timeoutMs: 5_000 }),
    ).rejects.toMatchObject({
      code: 'QUERY_REJECTED',
    });
  });

  describe('streaming', () => {
    it('yields a large result in bounded batches as it is read, with the same columns', async () => {
      let rows = 0;
      let batches = 0;
      let largest = 0;
      let last: unknown;
      const stream = provider.stream('SELECT n, label FROM numbers ORDER BY n', {
        maxRows: 200_000,
        timeoutMs: 60_000,
        batchSize: 5_000,
      });
      for (;;) {
        const next = await stream.next();
        if (next.done) {
          expect(next.value).toMatchObject({ rowCount: 100_000, truncated: false });
          expect(next.value.columns).toEqual([
            { name: 'n', type: 'INT' },
            { name: 'label', type: 'VARCHAR' },
          ]);
          break;
        }
        rows += next.value.rows.length;
        batches += 1;
        largest = Math.max(largest, next.value.rows.length);
        last = next.value.rows.at(-1)?.[0];
        expect(next.value.columns.map((column) => column.name)).toEqual(['n', 'label']);
      }
      expect({ rows, last, largestAtMostBatch: largest <= 5_000 }).toEqual({
        rows: 100_000,
        last: 100_000,
        largestAtMostBatch: true,
      });
      expect(batches).toBeGreaterThanOrEqual(20);
    });

    it('kills the rest of the query when the consumer stops early, and the pool keeps working', async () => {
      const marker = `stream_exit_${Date.now()}`;
      let seen = 0;
      for await (const batch of provider.stream(
        `SELECT '${marker}' AS tag, a.n, b.n FROM numbers a CROSS JOIN numbers b`,
        {
          maxRows: 10_000_000_000,
          timeoutMs: 60_000,
          batchSize: 100,
        },
      )) {
        seen += batch.rows.length;
        if (seen >= 300) break;
      }
      expect(seen).toBe(300);
      expect(await runningWith(fixture.admin, marker)).toEqual([]);
      expect(
        (await provider.execute('SELECT COUNT(*) FROM singer', { maxRows: 1, timeoutMs: 5_000 })).rows,
      ).toEqual([[6]]);
    });

    it('holds the server back while the consumer is slow, and still stops at the time limit', async () => {
      const marker = `stream_slow_${Date.now()}`;
      const stream = provider.stream(`SELECT '${marker}' AS tag, n FROM numbers`, {
        maxRows: 1_000_000,
        timeoutMs: 1_000,
        batchSize: 10,
      });
      await stream.next();
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      await expect(
        (async () => {
          for (;;) if ((await stream.next()).done) return;
        })(),
      ).rejects.toMatchObject({ code: 'EXECUTION_TIMEOUT' });
      expect(await runningWith(fixture.admin, marker)).toEqual([]);
    });

    it('throws QUERY_REJECTED for a write and EXECUTION_FAILED for a runtime error', async () => {
      await expect(
        provider.stream('DELETE FROM singer', { maxRows: 1, timeoutMs: 1_000, batchSize: 1 }).next(),
      ).rejects.toMatchObject({ code: 'QUERY_REJECTED' });
      await expect(
        provider
          .stream('SELECT (SELECT singer_id FROM singer)', { maxRows: 1, timeoutMs: 5_000, batchSize: 1 })
          .next(),
      ).rejects.toMatchObject({ code: 'EXECUTION_FAILED', message: 'Subquery returns more than 1 row' });
    });
  });

  describe('each session', () => {
    let pool: MysqlSessionPool;
    beforeAll(async () => {
      pool = await MysqlSessionPool.open(
        mysqlConnectionSettings(MysqlProviderConfig.parse({ id: 'raw', url: fixture.url })),
      );
    });
    afterAll(async () => {
      await pool?.close();
    });

    it('is a read-only transaction with the server-side time limit', async () => {
      const [row] = await pool.withReadOnlySession(
        (session) =>
          session.query<Record<string, unknown>>(
            'SELECT @@SESSION.max_statement_time AS time_limit, @@SESSION.tx_read_only AS read_only, @@in_transaction AS in_transaction',
          ),
        { timeoutMs: 2_500, subject: 'The query' },
      );
      expect(row).toEqual({ time_limit: 2.5, read_only: 1, in_transaction: 1 });
      await expect(
        pool.withReadOnlySession((session) => session.query('DELETE FROM singer'), {
          timeoutMs: 2_000,
          subject: 'x',
        }),
      ).rejects.toMatchObject({ code: 'ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION' });
    });

    it('turns the server’s own time limit into EXECUTION_TIMEOUT', async () => {
      await expect(
        pool.withReadOnlySession(
          (session) =>
            session.query(`SET STATEMENT max_statement_time = 0.2 FOR ${slowQuery('server_limit')}`),
          { timeoutMs: 30_000, subject: 'The query' },
        ),
      ).rejects.toMatchObject({
        code: 'EXECUTION_TIMEOUT',
        message: expect.stringContaining("server's time limit"),
      });
    });

    it('runs EXPLAIN as the dry run and returns server errors as values', async () => {
      const executor = new MysqlExecutor(pool);
      expect(await executor.explain('SELECT name FROM singer')).toBeUndefined();
      expect(await executor.explain('SELECT nope FROM singer')).toMatchObject({ errno: 1054 });
    });
  });
});
