import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Text2xError } from '../../core/index.js';
import { SqliteProvider } from './sqlite-provider.js';
import { createTempDir } from './test-support/sqlite-fixture.js';

const temp = createTempDir('text2x-sqlite-stream-');
const path = join(temp.dir, 'big.db');
let provider: SqliteProvider;

beforeAll(async () => {
  const db = new Database(path);
  db.exec(`CREATE TABLE numbers (n INTEGER PRIMARY KEY, label TEXT);
    WITH RECURSIVE s(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM s WHERE value < 100000)
    INSERT INTO numbers SELECT value, 'row ' || value FROM s;`);
  db.close();
  provider = await SqliteProvider.open({ id: 'big', path });
  await provider.introspect();
});

afterAll(async () => {
  await provider.close();
  temp.remove();
});

describe('SqliteProvider.stream', () => {
  it('yields 100,000 rows in batches of the requested size and returns the summary', async () => {
    const stream = provider.stream('SELECT n, label FROM numbers ORDER BY n', {
      maxRows: 100_000,
      timeoutMs: 30_000,
      batchSize: 500,
    });
    let batches = 0;
    let rows = 0;
    let largest = 0;
    let last = 0;
    let next = await stream.next();
    while (!next.done) {
      batches += 1;
      rows += next.value.rows.length;
      largest = Math.max(largest, next.value.rows.length);
      last = next.value.rows.at(-1)?.[0] as number;
      expect(next.value.columns.map((column) => column.name)).toEqual(['n', 'label']);
      next = await stream.next();
    }
    expect(rows).toBe(100_000);
    expect(batches).toBe(200);
    expect(largest).toBe(500);
    expect(last).toBe(100_000);
    expect(next.value).toMatchObject({ rowCount: 100_000, truncated: false });
    expect(next.value.columns.map((column) => column.type)).toEqual(['INTEGER', 'TEXT']);
  });

  it('stops at max_rows and sets truncated', async () => {
    const stream = provider.stream('SELECT n FROM numbers', {
      maxRows: 1234,
      timeoutMs: 30_000,
      batchSize: 500,
    });
    let rows = 0;
    let next = await stream.next();
    while (!next.done) {
      rows += next.value.rows.length;
      next = await stream.next();
    }
    expect(rows).toBe(1234);
    expect(next.value).toMatchObject({ rowCount: 1234, truncated: true });
  });

  it('stops the query when the consumer leaves early, and the provider keeps working', async () => {
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
    const after = await provider.execute('SELECT count(*) FROM numbers', { maxRows: 10, timeoutMs: 10_000 });
    expect(after.rows).toEqual([[100_000]]);
  });

  it('is cancelled by its signal and rejects writes like execute', async () => {
    const controller = new AbortController();
    const stream = provider.stream('SELECT n FROM numbers', {
      maxRows: 100_000,
      timeoutMs: 30_000,
      batchSize: 100,
      signal: controller.signal,
    });
    await stream.next();
    // Let the batches read ahead arrive: none of them may come out after the abort.
    await new Promise((resolve) => setTimeout(resolve, 100));
    controller.abort();
    await expect(stream.next()).rejects.toMatchObject({ code: 'CANCELLED' });
    const write = provider.stream('DELETE FROM numbers', { maxRows: 10, timeoutMs: 1000, batchSize: 10 });
    await expect(write.next()).rejects.toBeInstanceOf(Text2xError);
  });

  it('stops a slow streamed query at the time limit', async () => {
    const slow = provider.stream(
      'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c',
      { maxRows: 10, timeoutMs: 300, batchSize: 10 },
    );
    await expect(slow.next()).rejects.toMatchObject({ code: 'EXECUTION_TIMEOUT' });
  });
});
