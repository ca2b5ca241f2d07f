import { inspect } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Text2xError } from '../../core/index.js';
import { serviceAvailable } from '../../test-support/services.js';
import { PostgresExecutor } from './postgres-executor.js';
import { createPostgresPoolDriver } from './postgres-pool-driver.js';
import { PostgresProvider } from './postgres-provider.js';
import { PostgresTypeRegistry } from './postgres-values.js';
import {
  createScratchDatabase,
  POSTGRES_FIXTURE_SQL,
  type ScratchDatabase,
} from './test-support/postgres-fixture.js';
import { recordingDriver, type DriverRecording } from './test-support/recording-driver.js';

const available = await serviceAvailable('postgres');
const SLOW = 'SELECT count(*) FROM numbers a CROSS JOIN numbers b';

describe.skipIf(!available)('PostgreSQL execution (needs a PostgreSQL server)', () => {
  let database: ScratchDatabase;
  let provider: PostgresProvider;
  let recording: DriverRecording;

  /**
   * Statements of other sessions on the scratch database still running after up to 500 ms: the
   * client sees a cancelled statement's error a moment before the backend reports itself idle.
   * (A backend whose client merely vanished would notice only after client_connection_check_interval,
   * one second.)
   */
  const activeQueries = async (): Promise<string[]> => {
    const deadline = Date.now() + 500;
    for (;;) {
      const result = await database.client.query<{ query: string }>(
        `SELECT query FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active'`,
      );
      const queries = result.rows.map((row) => row.query);
      if (queries.length === 0 || Date.now() > deadline) return queries;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  beforeAll(async () => {
    database = await createScratchDatabase('t2x_pg_execute', POSTGRES_FIXTURE_SQL);
    const recorded = recordingDriver(createPostgresPoolDriver({ url: database.url, poolSize: 3 }));
    recording = recorded.recording;
    provider = await PostgresProvider.open(
      { id: 'shop', url: database.url, schemas: ['public', 'sales'], fetchSize: 500 },
      { driver: recorded.driver },
    );
    await provider.introspect();
  });
  afterAll(async () => {
    await provider?.close();
    await database?.drop();
  });

  it('returns at most max_rows rows of a 100,000-row table and sets truncated, reading only max_rows + 1', async () => {
    const before = recording.rowsReceived;
    const result = await provider.execute('SELECT n, label FROM numbers ORDER BY n', {
      maxRows: 1000,
      timeoutMs: 10_000,
    });
    expect(result).toMatchObject({ success: true, row_count: 1000, truncated: true });
    expect(result.rows[0]).toEqual([1, 'row 1']);
    expect(result.rows.at(-1)).toEqual([1000, 'row 1000']);
    expect(recording.rowsReceived - before).toBeLessThanOrEqual(1001);
    const cursor = recording.statements.filter((sql) => sql.startsWith('DECLARE') || sql.startsWith('FETCH'));
    expect(cursor.at(-1)).toBe('FETCH FORWARD 1 FROM text2x_cursor');
  });

  it('does not set truncated when every row fits', async () => {
    const result = await provider.execute('SELECT n FROM numbers WHERE n <= 1000', {
      maxRows: 1000,
      timeoutMs: 10_000,
    });
    expect(result).toMatchObject({ row_count: 1000, truncated: false });
  });

  it('names column types and returns JSON-safe values', async () => {
    const result = await provider.execute(
      `SELECT o.id, o.total, o.ordered_on, o.payload, o.tags, o.receipt, c.mood, c.created_at, c.is_vip, 7::int8 AS small
         FROM orders o JOIN customers c ON c.id = o.customer_id ORDER BY o.id`,
      { maxRows: 10, timeoutMs: 10_000 },
    );
    expect(result.columns).toEqual([
      { name: 'id', type: 'bigint' },
      { name: 'total', type: 'numeric' },
      { name: 'ordered_on', type: 'date' },
      { name: 'payload', type: 'jsonb' },
      { name: 'tags', type: 'text[]' },
      { name: 'receipt', type: 'bytea' },
      { name: 'mood', type: 'mood' },
      { name: 'created_at', type: 'timestamp with time zone' },
      { name: 'is_vip', type: 'boolean' },
      { name: 'small', type: 'bigint' },
    ]);
    expect(result.rows[0]).toEqual([
      1,
      120.5,
      '2024-01-05',
      { gift: true, items: 2 },
      ['a', 'b'],
      '<bytea 2 bytes>',
      'happy',
      expect.stringMatching(/^2024-01-02T03:04:05(Z|[+-]\d\d:\d\d)$/),
      true,
      7,
    ]);
    expect(result.rows[2]?.[4]).toEqual(['x y', null]);
    expect(result.rows.at(-1)?.slice(0, 2)).toEqual(['9007199254740993', 99999999.99]);
    expect(JSON.parse(JSON.stringify(result.rows))).toEqual(result.rows);
  });

  it('returns a runtime SQL error as a value', async () => {
    const result = await provider.execute('SELECT 1 / (id - id) FROM customers', {
      maxRows: 10,
      timeoutMs: 10_000,
    });
    expect(result).toMatchObject({ success: false, row_count: 0, error: 'division by zero' });
  });

  it('rejects pg_sleep by policy before anything runs', async () => {
    const before = recording.statements.length;
    await expect(
      provider.execute('SELECT pg_sleep(60)', { maxRows: 1, timeoutMs: 1_000 }),
    ).rejects.toMatchObject({
      code: 'QUERY_REJECTED',
    });
    expect(recording.statements.length).toBe(before);
  });

  it('stops a slow query at the time limit and really cancels it on the server', async () => {
    const started = performance.now();
    await expect(provider.execute(SLOW, { maxRows: 1, timeoutMs: 400 })).rejects.toMatchObject({
      code: 'EXECUTION_TIMEOUT',
    });
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(await activeQueries()).toEqual([]);
  });

  it('sends a cancel request and closes the connection when its own timer fires first', async () => {
    // The executor alone, with a server-side statement_timeout far away: only our timer can stop it.
    const driver = recordingDriver(createPostgresPoolDriver({ url: database.url, poolSize: 1 }));
    const executor = new PostgresExecutor({
      driver: driver.driver,
      searchPath: ['public'],
      types: new PostgresTypeRegistry(),
      statementTimeoutGraceMs: 30_000,
    });
    try {
      const stopped = executor.run(SLOW, { maxRows: 1, timeoutMs: 300 });
      await expect(stopped).rejects.toMatchObject({ code: 'EXECUTION_TIMEOUT' });
      expect(driver.recording.cancels).toBe(1);
      expect(driver.recording.destroyed).toBe(1);
      expect(await activeQueries()).toEqual([]);
      expect((await executor.run('SELECT 1', { maxRows: 1, timeoutMs: 5_000 })).rows).toEqual([[1]]);
    } finally {
      await driver.driver.close();
    }
  });

  it('is cancelled by an abort signal, which cancels the statement on the server', async () => {
    const cancels = recording.cancels;
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 250);
    const started = performance.now();
    await expect(
      provider.execute(SLOW, { maxRows: 1, timeoutMs: 30_000, signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(recording.cancels).toBeGreaterThan(cancels);
    expect(await activeQueries()).toEqual([]);
    const aborted = new AbortController();
    aborted.abort();
    await expect(
      provider.execute('SELECT 1', { maxRows: 1, timeoutMs: 1_000, signal: aborted.signal }),
    ).rejects.toBeInstanceOf(Text2xError);
  });

  it('keeps working after time-outs and cancels, with more queries than connections', async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        provider.execute(`SELECT count(*) FROM numbers WHERE n > ${index}`, {
          maxRows: 1,
          timeoutMs: 10_000,
        }),
      ),
    );
    expect(results.map((result) => result.rows[0]?.[0])).toEqual(
      Array.from({ length: 12 }, (_, index) => 100_000 - index),
    );
  });

  it('streams rows in batches and stops the cursor when the consumer leaves', async () => {
    let rows = 0;
    let batches = 0;
    const stream = provider.stream('SELECT n FROM numbers ORDER BY n', {
      maxRows: 100_000,
      timeoutMs: 30_000,
      batchSize: 2_000,
    });
    let next = await stream.next();
    while (!next.done) {
      batches += 1;
      rows += next.value.rows.length;
      next = await stream.next();
    }
    expect({ rows, batches }).toEqual({ rows: 100_000, batches: 50 });
    expect(next.value).toMatchObject({
      rowCount: 100_000,
      truncated: false,
      columns: [{ name: 'n', type: 'integer' }],
    });

    let seen = 0;
    for await (const batch of provider.stream('SELECT n FROM numbers', {
      maxRows: 100_000,
      timeoutMs: 30_000,
      batchSize: 100,
    })) {
      seen += batch.rows.length;
      if (seen >= 300) break;
    }
    expect(seen).toBe(300);
    await expect(
      provider
        .stream('SELECT 1 / (n - n) FROM numbers', { maxRows: 10, timeoutMs: 5_000, batchSize: 10 })
        .next(),
    ).rejects.toMatchObject({ code: 'EXECUTION_FAILED' });
    expect(
      (await provider.execute('SELECT count(*) FROM customers', { maxRows: 1, timeoutMs: 5_000 })).rows,
    ).toEqual([[6]]);
  });

  it('runs every query in a read-only transaction, so writes fail even without validation', async () => {
    const executor = new PostgresExecutor({
      driver: createPostgresPoolDriver({ url: database.url, poolSize: 1 }),
      searchPath: ['public'],
      types: new PostgresTypeRegistry(),
    });
    const run = (sql: string) => executor.run(sql, { maxRows: 10, timeoutMs: 5_000 });
    expect((await run("SELECT nextval('counter')")).error).toMatch(/read-only transaction/);
    expect((await run('WITH d AS (DELETE FROM orders RETURNING *) SELECT * FROM d')).success).toBe(false);
    expect((await run('DELETE FROM orders')).success).toBe(false);
    expect((await run('SELECT 1; DELETE FROM orders')).error).toMatch(/multiple commands|syntax/);
    const orders = await database.client.query('SELECT count(*)::int AS n FROM orders');
    expect(orders.rows[0]).toEqual({ n: 5 });
  });
});

describe.skipIf(!available)('PostgreSQL connection settings (needs a PostgreSQL server)', () => {
  let database: ScratchDatabase;
  beforeAll(async () => {
    database = await createScratchDatabase('t2x_pg_settings');
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('reads the password from passwordEnv and never shows it', async () => {
    const variable = 'TEXT2X_TEST_PG_PASSWORD';
    delete process.env[variable];
    await expect(
      PostgresProvider.open({ id: 'pw', url: database.url, passwordEnv: variable }),
    ).rejects.toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
      message: expect.stringContaining(variable) as unknown,
    });
    process.env[variable] = 'env-s3cret-value';
    try {
      const provider = await PostgresProvider.open({ id: 'pw', url: database.url, passwordEnv: variable });
      try {
        expect(JSON.stringify(provider.describe())).not.toContain('env-s3cret-value');
        expect((await provider.execute('SELECT 1', { maxRows: 1, timeoutMs: 5_000 })).rows).toEqual([[1]]);
      } finally {
        await provider.close();
      }
    } finally {
      delete process.env[variable];
    }
  });

  it('removes a password in the URL from describe() and from connection errors', async () => {
    const withPassword = new URL(database.url);
    withPassword.password = 'url-s3cret';
    const provider = await PostgresProvider.open({ id: 'pw', url: withPassword.toString(), poolSize: 1 });
    try {
      expect(provider.describe().target).toContain(':***@');
      expect(JSON.stringify(provider.describe())).not.toContain('url-s3cret');
      expect(inspect(provider, { depth: 10, showHidden: true })).not.toContain('url-s3cret');
    } finally {
      await provider.close();
    }
    withPassword.port = '1';
    const failure = await PostgresProvider.open({
      id: 'down',
      url: withPassword.toString(),
      connectTimeoutMs: 2_000,
    }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'PROVIDER_UNAVAILABLE' });
    expect(String((failure as Error).message)).not.toContain('url-s3cret');
  });

  it('asks for TLS when configured (this test server has none, so the open fails cleanly)', async () => {
    const server = new pg.Client({ connectionString: database.url });
    await server.connect();
    const ssl = await server.query<{ ssl: string }>(`SELECT current_setting('ssl') AS ssl`);
    await server.end();
    const opening = PostgresProvider.open({
      id: 'tls',
      url: database.url,
      tls: { rejectUnauthorized: false },
    });
    if (ssl.rows[0]?.ssl === 'on') {
      await (await opening).close();
    } else {
      await expect(opening).rejects.toMatchObject({ code: 'PROVIDER_UNAVAILABLE' });
    }
  });

  it('rejects a configuration that is not PostgreSQL with INVALID_REQUEST', async () => {
    await expect(PostgresProvider.open({ id: 'bad', url: 'mysql://root@localhost/x' })).rejects.toMatchObject(
      {
        code: 'INVALID_REQUEST',
      },
    );
  });
});
