import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteExecutor } from './sqlite-executor.js';
import { SqliteProvider } from './sqlite-provider.js';
import { createFixtureDatabase, createTempDir, sha256File } from './test-support/sqlite-fixture.js';

const ENDLESS = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c';

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

describe('SQLite query execution', () => {
  const temp = createTempDir();
  const path = join(temp.dir, 'fixture.sqlite');
  let provider: SqliteProvider;

  beforeAll(async () => {
    createFixtureDatabase(path);
    provider = await SqliteProvider.open({ id: 'fixture', path });
  });
  afterAll(async () => {
    await provider.close();
    temp.remove();
  });

  it('returns rows as arrays with column names and types', async () => {
    const result = await provider.execute(
      "SELECT singer_id, name, net_worth FROM singer WHERE country = 'France' ORDER BY singer_id",
      {
        maxRows: 100,
        timeoutMs: 5_000,
      },
    );
    expect(result).toMatchObject({
      success: true,
      columns: [
        { name: 'singer_id', type: 'INTEGER' },
        { name: 'name', type: 'TEXT' },
        { name: 'net_worth', type: 'REAL' },
      ],
      rows: [
        [3, 'Justin Brown', 1.25],
        [4, 'Rose White', 8],
        [5, 'John Nizinik', 3.5],
        [6, 'Tribal King', 0.5],
      ],
      row_count: 4,
      truncated: false,
    });
    expect(result.execution_time_ms).toBeGreaterThanOrEqual(0);
  });

  it('infers the type of expression columns from their values', async () => {
    const result = await provider.execute(
      "SELECT 1 + 1 AS two, 'x' AS letter, 1.5 AS half, NULL AS empty, x'00' AS byte",
      { maxRows: 1, timeoutMs: 5_000 },
    );
    expect(result.columns).toEqual([
      { name: 'two', type: 'INTEGER' },
      { name: 'letter', type: 'TEXT' },
      { name: 'half', type: 'REAL' },
      { name: 'empty', type: 'NULL' },
      { name: 'byte', type: 'BLOB' },
    ]);
  });

  it('makes every value JSON-safe: big integers as strings, blobs as a size, infinity as text', async () => {
    const result = await provider.execute('SELECT big, ratio, data, note FROM oddities ORDER BY rowid', {
      maxRows: 10,
      timeoutMs: 5_000,
    });
    expect(result.rows).toEqual([
      ['9007199254740993', 0.5, '<blob 4 bytes>', 'first'],
      [42, 'Infinity', null, null],
    ]);
    expect(JSON.parse(JSON.stringify(result.rows))).toEqual(result.rows);
  });

  it('caps rows and says when more existed', async () => {
    const capped = await provider.execute('SELECT n FROM numbers ORDER BY n', {
      maxRows: 100,
      timeoutMs: 5_000,
    });
    expect(capped.row_count).toBe(100);
    expect(capped.rows.at(-1)).toEqual([100]);
    expect(capped.truncated).toBe(true);
    const exact = await provider.execute('SELECT n FROM numbers WHERE n <= 100', {
      maxRows: 100,
      timeoutMs: 5_000,
    });
    expect(exact).toMatchObject({ row_count: 100, truncated: false });
  });

  it('returns a runtime error as a value', async () => {
    const result = await provider.execute('SELECT abs(-9223372036854775807 - 1) FROM singer', {
      maxRows: 10,
      timeoutMs: 5_000,
    });
    expect(result).toMatchObject({ success: false, rows: [], row_count: 0, truncated: false });
    expect(result.error).toContain('integer overflow');
  });

  it('throws QUERY_REJECTED with every issue for a query that fails validation', async () => {
    await expect(
      provider.execute('SELECT nme FROM singer', { maxRows: 10, timeoutMs: 5_000 }),
    ).rejects.toMatchObject({
      code: 'QUERY_REJECTED',
      message: 'no column "nme" in singer; did you mean "name"?',
      details: { errors: [expect.objectContaining({ kind: 'unknown_column' })] },
    });
  });

  it('stops a runaway query at the time limit without blocking the event loop', async () => {
    await provider.execute('SELECT 1', { maxRows: 1, timeoutMs: 5_000 }); // the child process is warm
    const started = performance.now();
    const { outcome, worstDriftMs } = await measureTimerDrift(() =>
      provider.execute(ENDLESS, { maxRows: 10, timeoutMs: 400 }),
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

  it('stops a running query when its signal aborts, and the next query still works', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const started = performance.now();
    const { outcome, worstDriftMs } = await measureTimerDrift(() =>
      provider.execute(ENDLESS, { maxRows: 10, timeoutMs: 30_000, signal: controller.signal }),
    );
    expect(outcome.status === 'rejected' ? outcome.reason : undefined).toMatchObject({ code: 'CANCELLED' });
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(worstDriftMs).toBeLessThan(200);
    const next = await provider.execute('SELECT count(*) FROM singer', { maxRows: 1, timeoutMs: 10_000 });
    expect(next.rows).toEqual([[6]]);
  });

  it('refuses to start a query whose signal already aborted', async () => {
    await expect(
      provider.execute('SELECT 1', { maxRows: 1, timeoutMs: 1_000, signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('runs concurrent queries safely, and a slow one does not hold up the others', async () => {
    const slow = provider.execute(ENDLESS, { maxRows: 1, timeoutMs: 2_000 }).catch((error: unknown) => error);
    const started = performance.now();
    const quick = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        provider.execute(`SELECT ${index} AS i, count(*) FROM numbers WHERE n > ${index}`, {
          maxRows: 1,
          timeoutMs: 5_000,
        }),
      ),
    );
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(quick.map((result) => result.rows[0])).toEqual(
      Array.from({ length: 8 }, (_, index) => [index, 5000 - index]),
    );
    expect(await slow).toMatchObject({ code: 'EXECUTION_TIMEOUT' });
  });

  it('takes a queued query off the queue when its signal aborts', async () => {
    const single = await SqliteProvider.open({ id: 'single', path, concurrency: 1 });
    try {
      const blocker = single
        .execute(ENDLESS, { maxRows: 1, timeoutMs: 1_500 })
        .catch((error: unknown) => error);
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

  it('fails a running query with CANCELLED when the provider closes, and refuses queries after', async () => {
    const closing = await SqliteProvider.open({ id: 'closing', path });
    await closing.execute('SELECT 1', { maxRows: 1, timeoutMs: 5_000 });
    const running = closing
      .execute(ENDLESS, { maxRows: 1, timeoutMs: 30_000 })
      .catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await closing.close();
    expect(await running).toMatchObject({ code: 'CANCELLED' });
    await expect(closing.execute('SELECT 1', { maxRows: 1, timeoutMs: 1_000 })).rejects.toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
    });
  });
});

describe('SqliteExecutor on its own', () => {
  const temp = createTempDir();
  const path = join(temp.dir, 'fixture.sqlite');
  let executor: SqliteExecutor;

  beforeAll(() => {
    createFixtureDatabase(path);
    executor = new SqliteExecutor({ path, concurrency: 1 });
  });
  afterAll(async () => {
    await executor.close();
    temp.remove();
  });

  it('refuses statements SQLite does not mark read-only even when validation was skipped', async () => {
    const checksum = sha256File(path);
    for (const sql of [
      'DELETE FROM singer',
      'CREATE TEMP TABLE x (a)',
      "ATTACH ':memory:' AS m",
      'PRAGMA writable_schema = 1',
      'BEGIN',
      'VACUUM',
    ]) {
      await expect(executor.run(sql, { maxRows: 1, timeoutMs: 5_000 })).rejects.toMatchObject({
        code: 'QUERY_REJECTED',
      });
    }
    expect(sha256File(path)).toBe(checksum);
  });

  it('reports a database that cannot be opened as PROVIDER_UNAVAILABLE', async () => {
    const missing = new SqliteExecutor({ path: join(temp.dir, 'missing.sqlite') });
    await expect(missing.run('SELECT 1', { maxRows: 1, timeoutMs: 5_000 })).rejects.toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
    });
    await missing.close();
  });

  it('caps results by size as well as by rows', async () => {
    const small = new SqliteExecutor({ path, maxResultBytes: 1_000 });
    const result = await small.run('SELECT label FROM numbers', { maxRows: 10_000, timeoutMs: 5_000 });
    expect(result.truncated).toBe(true);
    expect(result.row_count).toBeGreaterThan(50);
    expect(result.row_count).toBeLessThan(200);
    await small.close();
  });

  describe('pipelining (queries sent ahead to a busy process)', () => {
    const opts = { maxRows: 5, timeoutMs: 10_000 };

    it('answers every pipelined query with its own rows, in any number', async () => {
      const one = new SqliteExecutor({ path, concurrency: 1, pipelineDepth: 8 });
      try {
        const results = await Promise.all(
          Array.from({ length: 50 }, (_, index) =>
            one.run(`SELECT ${index} AS i, count(*) FROM numbers WHERE n > ${index}`, opts),
          ),
        );
        expect(results.map((result) => result.rows[0])).toEqual(
          Array.from({ length: 50 }, (_, index) => [index, 5000 - index]),
        );
      } finally {
        await one.close();
      }
    });

    it('cancels a query waiting in a busy process without stopping the process or the others', async () => {
      const one = new SqliteExecutor({ path, concurrency: 1, pipelineDepth: 4, retractAfterMs: 10_000 });
      try {
        await one.run('SELECT 1', opts); // a started process, so the next ones are pipelined
        const heavy =
          'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < 300000) SELECT count(*) FROM c';
        const first = one.run(heavy, opts);
        const controller = new AbortController();
        const doomed = one.run('SELECT 2', { ...opts, signal: controller.signal });
        const after = one.run('SELECT 3', opts);
        controller.abort();
        await expect(doomed).rejects.toMatchObject({ code: 'CANCELLED' });
        expect((await first).rows).toEqual([[300000]]);
        expect((await after).rows).toEqual([[3]]);
        expect((await one.run('SELECT 4', opts)).rows).toEqual([[4]]);
      } finally {
        await one.close();
      }
    });

    it('starts the time limit of a waiting query when it starts, not when it was sent', async () => {
      const one = new SqliteExecutor({ path, concurrency: 1, pipelineDepth: 4 });
      try {
        await one.run('SELECT 1', opts);
        const slow =
          'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < 2000000) SELECT count(*) FROM c';
        const first = one.run(slow, opts);
        // Waits behind the slow query longer than its own limit, then runs well within it.
        const quick = one.run('SELECT 5', { maxRows: 1, timeoutMs: 150 });
        expect((await first).rows).toEqual([[2000000]]);
        expect((await quick).rows).toEqual([[5]]);
      } finally {
        await one.close();
      }
    });

    it('a query stopped at its time limit sends the ones waiting behind it back to run again', async () => {
      const one = new SqliteExecutor({ path, concurrency: 1, pipelineDepth: 4, retractAfterMs: 10_000 });
      try {
        await one.run('SELECT 1', opts);
        const endless = one.run(ENDLESS, { maxRows: 1, timeoutMs: 300 });
        const waiting = Array.from({ length: 3 }, (_, index) => one.run(`SELECT ${index + 10}`, opts));
        await expect(endless).rejects.toMatchObject({ code: 'EXECUTION_TIMEOUT' });
        expect((await Promise.all(waiting)).map((result) => result.rows[0])).toEqual([[10], [11], [12]]);
      } finally {
        await one.close();
      }
    });
  });
});
