import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckdbProviderConfig } from './duckdb-config.js';
import { DuckdbConnectionPool } from './duckdb-connection-pool.js';
import { DuckdbDatabase } from './duckdb-database.js';
import { DuckdbExecutor } from './duckdb-executor.js';
import { DuckdbProvider } from './duckdb-provider.js';
import {
  createDuckdbFixture,
  createTempDir,
  snapshotDirectory,
  type DuckdbFixture,
} from './test-support/duckdb-fixture.js';

/** Counts for a long time: DuckDB needs many seconds for it on any machine. */
const SLOW = 'SELECT count(*) FROM range(1000000000000) t(i) WHERE i % 7 = 3';

/** Runs `work` while a 10 ms interval timer ticks on the main thread; returns the worst lateness of a tick. */
async function measureTimerDrift<T>(
  work: () => Promise<T>,
): Promise<{ outcome: PromiseSettledResult<T>; worstDriftMs: number }> {
  const interval = 10;
  let last = performance.now();
  let worstDriftMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worstDriftMs = Math.max(worstDriftMs, now - last - interval);
    last = now;
  }, interval);
  const [outcome] = await Promise.allSettled([work()]);
  clearInterval(timer);
  return { outcome: outcome as PromiseSettledResult<T>, worstDriftMs };
}

describe('DuckDB query execution', () => {
  const temp = createTempDir();
  let fixture: DuckdbFixture;
  let provider: DuckdbProvider;

  beforeAll(async () => {
    fixture = await createDuckdbFixture(temp.dir);
    provider = await DuckdbProvider.open({ id: 'shop', database: fixture.database, files: fixture.files });
  });
  afterAll(async () => {
    await provider.close();
    temp.remove();
  });

  it('returns rows as arrays with column names and DuckDB types', async () => {
    const result = await provider.execute(
      "SELECT customer_id, name, signup_date, vip FROM customers WHERE country = 'France' ORDER BY customer_id",
      { maxRows: 100, timeoutMs: 5_000 },
    );
    expect(result).toMatchObject({
      success: true,
      columns: [
        { name: 'customer_id', type: 'INTEGER' },
        { name: 'name', type: 'VARCHAR' },
        { name: 'signup_date', type: 'DATE' },
        { name: 'vip', type: 'BOOLEAN' },
      ],
      rows: [
        [1, 'Ada', '2020-01-02', true],
        [3, 'Cy', '2022-07-08', false],
      ],
      row_count: 2,
      truncated: false,
    });
    expect(result.execution_time_ms).toBeGreaterThanOrEqual(0);
  });

  it('makes every value JSON-safe', async () => {
    const result = await provider.execute('SELECT * FROM oddities ORDER BY big DESC', {
      maxRows: 10,
      timeoutMs: 5_000,
    });
    expect(result.columns.map((column) => column.type)).toEqual([
      'BIGINT',
      'HUGEINT',
      'DECIMAL(38,10)',
      'DOUBLE',
      'VARCHAR[]',
      'STRUCT("x" INTEGER, "y" INTEGER)',
      'MAP(VARCHAR, INTEGER)',
      'BLOB',
      'TIMESTAMP WITH TIME ZONE',
      'INTERVAL',
      'UUID',
      "ENUM('sad', 'ok', 'happy')",
      'DATE',
      'TIME',
    ]);
    expect(result.rows).toEqual([
      [
        '9007199254740993',
        '170141183460469231731687303715884105727',
        '12345678901234567890.1234567891',
        'Infinity',
        ['a', 'b'],
        { x: 1, y: 2 },
        { k: 1 },
        '<blob 3 bytes>',
        '2024-01-02T03:04:05.123456Z',
        '1 month 2 days',
        '00000000-0000-0000-0000-000000000001',
        'happy',
        '2024-02-29',
        '12:34:56',
      ],
      [42, 7, 1.5, 0.25, [], { x: null, y: 0 }, {}, null, null, null, null, null, null, null],
    ]);
    expect(JSON.parse(JSON.stringify(result.rows))).toEqual(result.rows);
  });

  it('returns DECIMAL, BIGINT and timestamps as numbers and ISO text when exact', async () => {
    const result = await provider.execute(
      'SELECT amount, 12::BIGINT AS big, ordered_at, (SELECT sum(amount) FROM orders) AS total FROM orders WHERE order_id = 10',
      { maxRows: 1, timeoutMs: 5_000 },
    );
    expect(result.rows).toEqual([[12.5, 12, '2024-01-02T10:00:00', 159.49]]);
  });

  it('streams a 1,000,000-row view, stopping after the row cap', async () => {
    const capped = await provider.execute('SELECT n, double_n FROM numbers', {
      maxRows: 100,
      timeoutMs: 10_000,
    });
    expect(capped).toMatchObject({ success: true, row_count: 100, truncated: true });
    expect(capped.rows.slice(0, 2)).toEqual([
      [0, 0],
      [1, 2],
    ]);
    const exact = await provider.execute('SELECT n FROM numbers WHERE n < 100', {
      maxRows: 100,
      timeoutMs: 10_000,
    });
    expect(exact).toMatchObject({ row_count: 100, truncated: false });
  });

  it('never materialises a result larger than the cap (10^12 rows come back at once)', async () => {
    const started = performance.now();
    const result = await provider.execute('SELECT a.n, b.n FROM numbers a CROSS JOIN numbers b', {
      maxRows: 10,
      timeoutMs: 10_000,
    });
    expect(result).toMatchObject({ success: true, row_count: 10, truncated: true });
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it('reads file-backed tables and the glob', async () => {
    const result = await provider.execute(
      'SELECT level, count(*) AS n FROM logs GROUP BY level ORDER BY level',
      {
        maxRows: 10,
        timeoutMs: 5_000,
      },
    );
    expect(result.rows).toEqual([
      ['error', 1],
      ['info', 1],
      ['warn', 1],
    ]);
    const people = await provider.execute('SELECT person, tags FROM people ORDER BY age', {
      maxRows: 10,
      timeoutMs: 5_000,
    });
    expect(people.rows).toEqual([
      ['Linus', ['code']],
      ['Ada', ['math', 'code']],
    ]);
  });

  it('returns a runtime error as a value', async () => {
    const result = await provider.execute('SELECT abs(-9223372036854775807 - 1) FROM customers', {
      maxRows: 10,
      timeoutMs: 5_000,
    });
    expect(result).toMatchObject({ success: false, rows: [], row_count: 0, truncated: false });
    expect(result.error).toContain('Overflow');
  });

  it('throws QUERY_REJECTED with every issue for a query that fails validation', async () => {
    await expect(
      provider.execute('SELECT nme FROM customers', { maxRows: 10, timeoutMs: 5_000 }),
    ).rejects.toMatchObject({
      code: 'QUERY_REJECTED',
      message: 'no column "nme" in customers; did you mean "name"?',
      details: { errors: [expect.objectContaining({ kind: 'unknown_column' })] },
    });
  });

  it('stops a slow query at the time limit without blocking the event loop', async () => {
    await provider.execute('SELECT 1', { maxRows: 1, timeoutMs: 5_000 });
    const started = performance.now();
    const { outcome, worstDriftMs } = await measureTimerDrift(() =>
      provider.execute(SLOW, { maxRows: 10, timeoutMs: 400 }),
    );
    const elapsed = performance.now() - started;
    expect(outcome.status).toBe('rejected');
    expect(outcome.status === 'rejected' ? outcome.reason : undefined).toMatchObject({
      code: 'EXECUTION_TIMEOUT',
    });
    expect(elapsed).toBeGreaterThanOrEqual(390);
    expect(elapsed).toBeLessThan(3_000);
    expect(worstDriftMs).toBeLessThan(200);
  });

  it('stops a slow query whatever moment the time limit lands at (an interrupt between DuckDB calls is not lost)', async () => {
    for (const timeoutMs of [1, 2, 3, 5, 8, 13, 21, 34]) {
      const started = performance.now();
      await expect(provider.execute(SLOW, { maxRows: 1, timeoutMs })).rejects.toMatchObject({
        code: 'EXECUTION_TIMEOUT',
      });
      const stream = provider.stream(SLOW, { maxRows: 1, timeoutMs, batchSize: 1 });
      await expect(stream.next()).rejects.toMatchObject({ code: 'EXECUTION_TIMEOUT' });
      expect(performance.now() - started).toBeLessThan(3_000);
    }
    expect((await provider.execute('SELECT 5', { maxRows: 1, timeoutMs: 5_000 })).rows).toEqual([[5]]);
  });

  it('stops a running query when its signal aborts, and the next query still works', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const started = performance.now();
    const { outcome, worstDriftMs } = await measureTimerDrift(() =>
      provider.execute(SLOW, { maxRows: 10, timeoutMs: 30_000, signal: controller.signal }),
    );
    expect(outcome.status === 'rejected' ? outcome.reason : undefined).toMatchObject({ code: 'CANCELLED' });
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(worstDriftMs).toBeLessThan(200);
    const next = await provider.execute('SELECT count(*) FROM customers', { maxRows: 1, timeoutMs: 10_000 });
    expect(next.rows).toEqual([[4]]);
  });

  it('refuses to start a query whose signal already aborted', async () => {
    await expect(
      provider.execute('SELECT 1', { maxRows: 1, timeoutMs: 1_000, signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('runs concurrent queries, and a slow one does not hold up the others', async () => {
    const slow = provider.execute(SLOW, { maxRows: 1, timeoutMs: 1_500 }).catch((error: unknown) => error);
    const started = performance.now();
    const quick = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        provider.execute(`SELECT ${index} AS i, count(*) FROM numbers WHERE n >= ${index}`, {
          maxRows: 1,
          timeoutMs: 5_000,
        }),
      ),
    );
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(quick.map((result) => result.rows[0])).toEqual(
      Array.from({ length: 8 }, (_, index) => [index, 1_000_000 - index]),
    );
    expect(await slow).toMatchObject({ code: 'EXECUTION_TIMEOUT' });
  });

  it('keeps a libuv pool thread free for the rest of Node while slow queries run on several providers', async () => {
    const other = await DuckdbProvider.open({ id: 'other', database: fixture.database });
    try {
      const slow = [provider, provider, other, other].map((target) =>
        target.execute(SLOW, { maxRows: 1, timeoutMs: 2_000 }).catch((error: unknown) => error),
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      const started = performance.now();
      await readFile(fixture.csv);
      expect(performance.now() - started).toBeLessThan(500);
      for (const outcome of await Promise.all(slow))
        expect(outcome).toMatchObject({ code: 'EXECUTION_TIMEOUT' });
    } finally {
      await other.close();
    }
  });

  it('takes a queued query off the queue when its signal aborts', async () => {
    const single = await DuckdbProvider.open({ id: 'single', database: fixture.database, concurrency: 1 });
    try {
      const blocker = single.execute(SLOW, { maxRows: 1, timeoutMs: 2_000 }).catch((error: unknown) => error);
      // Validation is asynchronous: let the blocker reach the only query connection first.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const controller = new AbortController();
      const queued = single.execute('SELECT 1', { maxRows: 1, timeoutMs: 5_000, signal: controller.signal });
      setTimeout(() => controller.abort(), 100);
      await expect(queued).rejects.toMatchObject({ code: 'CANCELLED' });
      expect(await blocker).toMatchObject({ code: 'EXECUTION_TIMEOUT' });
      expect((await single.execute('SELECT 2', { maxRows: 1, timeoutMs: 5_000 })).rows).toEqual([[2]]);
    } finally {
      await single.close();
    }
  });

  it('streams rows in batches of the requested size, stopping at the row cap', async () => {
    const batches: number[] = [];
    const stream = provider.stream('SELECT n FROM numbers', {
      maxRows: 5_000,
      timeoutMs: 10_000,
      batchSize: 2_000,
    });
    let next = await stream.next();
    while (!next.done) {
      batches.push(next.value.rows.length);
      expect(next.value.columns).toEqual([{ name: 'n', type: 'BIGINT' }]);
      next = await stream.next();
    }
    expect(batches).toEqual([2_000, 2_000, 1_000]);
    expect(next.value).toMatchObject({
      columns: [{ name: 'n', type: 'BIGINT' }],
      rowCount: 5_000,
      truncated: true,
    });
  });

  it('gives the connection back when the consumer stops reading a stream early', async () => {
    for (let round = 0; round < 5; round += 1) {
      for await (const batch of provider.stream('SELECT a.n FROM numbers a CROSS JOIN numbers b', {
        maxRows: 1_000_000,
        timeoutMs: 10_000,
        batchSize: 100,
      })) {
        expect(batch.rows).toHaveLength(100);
        break;
      }
    }
    expect((await provider.execute('SELECT 3', { maxRows: 1, timeoutMs: 5_000 })).rows).toEqual([[3]]);
  });

  it('stops a stream at the time limit, and reports a failing query as EXECUTION_FAILED', async () => {
    const slow = provider.stream(SLOW, { maxRows: 10, timeoutMs: 300, batchSize: 10 });
    await expect(slow.next()).rejects.toMatchObject({ code: 'EXECUTION_TIMEOUT' });
    const failing = provider.stream('SELECT abs(-9223372036854775807 - 1) FROM customers', {
      maxRows: 10,
      timeoutMs: 5_000,
      batchSize: 10,
    });
    await expect(failing.next()).rejects.toMatchObject({ code: 'EXECUTION_FAILED' });
    const rejected = provider.stream('DELETE FROM orders', { maxRows: 10, timeoutMs: 5_000, batchSize: 10 });
    await expect(rejected.next()).rejects.toMatchObject({ code: 'QUERY_REJECTED' });
  });

  it('fails a running query with CANCELLED when the provider closes, and refuses queries after', async () => {
    const closing = await DuckdbProvider.open({ id: 'closing', database: fixture.database });
    const running = closing.execute(SLOW, { maxRows: 1, timeoutMs: 30_000 }).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await closing.close();
    expect(await running).toMatchObject({ code: 'CANCELLED' });
    await expect(closing.execute('SELECT 1', { maxRows: 1, timeoutMs: 1_000 })).rejects.toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
    });
  });
});

describe('DuckdbExecutor on its own', () => {
  const temp = createTempDir();
  let fixture: DuckdbFixture;
  let database: DuckdbDatabase;
  let pool: DuckdbConnectionPool;
  let executor: DuckdbExecutor;

  beforeAll(async () => {
    fixture = await createDuckdbFixture(temp.dir);
    database = await DuckdbDatabase.open(
      DuckdbProviderConfig.parse({ id: 'raw', database: fixture.database, files: fixture.files }),
    );
    pool = new DuckdbConnectionPool(() => database.connect(), 1);
    executor = new DuckdbExecutor({ pool });
  });
  afterAll(async () => {
    await executor.close();
    pool.close();
    database.close();
    temp.remove();
  });

  it('refuses statements that are not SELECT even when validation was skipped', async () => {
    const before = snapshotDirectory(temp.dir);
    for (const sql of [
      'DELETE FROM customers',
      'CREATE TEMP TABLE x (a INTEGER)',
      `COPY customers TO '${fixture.dir}/logs/copied.csv'`,
      `COPY (SELECT 1) TO '${fixture.database}.wal' (FORMAT csv, USE_TMP_FILE false)`,
      "ATTACH ':memory:' AS m",
      'SET threads = 1',
      'CHECKPOINT',
      'INSTALL httpfs',
    ]) {
      await expect(executor.run(sql, { maxRows: 1, timeoutMs: 5_000 })).rejects.toMatchObject({
        code: 'QUERY_REJECTED',
      });
    }
    expect(snapshotDirectory(temp.dir)).toEqual(before);
  });

  it('caps results by size as well as by rows', async () => {
    const small = new DuckdbExecutor({ pool, maxResultBytes: 1_000 });
    const result = await small.run("SELECT 'row ' || n AS label FROM numbers", {
      maxRows: 10_000,
      timeoutMs: 5_000,
    });
    expect(result.truncated).toBe(true);
    expect(result.row_count).toBeGreaterThan(50);
    expect(result.row_count).toBeLessThan(200);
  });

  it('stops at the row that crosses the byte cap', async () => {
    // Each row counts 40 bytes (38 characters + 2): 25 rows make 1,000, the 26th crosses the cap.
    const small = new DuckdbExecutor({ pool, maxResultBytes: 1_000 });
    const result = await small.run("SELECT repeat('x', 38) AS label FROM numbers", {
      maxRows: 10_000,
      timeoutMs: 5_000,
    });
    expect(result).toMatchObject({ success: true, truncated: true, row_count: 26 });
  });

  it('stops at the byte cap within the first rows it reads', async () => {
    // Regression: the first 16 rows were converted and kept before their size was checked.
    const small = new DuckdbExecutor({ pool, maxResultBytes: 100 });
    const result = await small.run("SELECT repeat('x', 38) AS label FROM numbers", {
      maxRows: 10_000,
      timeoutMs: 5_000,
    });
    expect(result).toMatchObject({ success: true, truncated: true, row_count: 3 });
  });
});
