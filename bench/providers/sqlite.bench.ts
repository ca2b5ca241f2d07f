// SQLite provider against better-sqlite3 used directly: introspection of a 1,000-table schema,
// validation p50, and rows per second streaming 1,000,000 rows (provider.stream vs a bare iterate()).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteProvider } from '../../packages/server/src/providers/sqlite/index.js';
import { summary } from '../stats.js';

export async function benchSqlite(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'text2x-bench-sqlite-'));
  try {
    const wide = join(dir, 'wide.db');
    const db = new Database(wide);
    db.exec('BEGIN');
    for (let i = 0; i < 1000; i += 1) {
      db.exec(
        `CREATE TABLE t${i} (id INTEGER PRIMARY KEY, name TEXT, amount REAL, created_at TEXT${i > 0 ? `, parent_id INTEGER REFERENCES t${i - 1}(id)` : ''})`,
      );
    }
    db.exec('COMMIT');
    db.close();
    const big = join(dir, 'big.db');
    const bigDb = new Database(big);
    bigDb.exec(`CREATE TABLE numbers (n INTEGER PRIMARY KEY, label TEXT, amount REAL);
      WITH RECURSIVE s(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM s WHERE v < 1000000)
      INSERT INTO numbers SELECT v, 'row ' || v, v * 0.5 FROM s;`);
    bigDb.close();

    const wideProvider = await SqliteProvider.open({ id: 'wide', path: wide });
    const introspectStart = performance.now();
    await wideProvider.introspect();
    const introspectionMs = performance.now() - introspectStart;
    const queries = [
      'SELECT name, amount FROM t10 WHERE amount > 5 ORDER BY amount DESC LIMIT 10',
      'SELECT a.name, count(*) FROM t20 AS a JOIN t21 AS b ON b.parent_id = a.id GROUP BY a.name',
      "SELECT count(*) FROM t500 WHERE created_at >= '2024-01-01'",
    ];
    const validation: number[] = [];
    for (let round = 0; round < 300; round += 1) {
      for (const query of queries) {
        const started = performance.now();
        await wideProvider.validate(query, { dryRun: false });
        validation.push(performance.now() - started);
      }
    }
    const validationDry: number[] = [];
    for (let round = 0; round < 100; round += 1) {
      for (const query of queries) {
        const started = performance.now();
        await wideProvider.validate(query);
        validationDry.push(performance.now() - started);
      }
    }
    await wideProvider.close();

    const query = 'SELECT n, label, amount FROM numbers';
    const bare = new Database(big, { readonly: true });
    let started = performance.now();
    let rows = 0;
    for (const _row of bare.prepare(query).raw(true).iterate()) rows += 1;
    const bareMs = performance.now() - started;
    bare.close();

    const provider = await SqliteProvider.open({ id: 'big', path: big });
    await provider.introspect();
    await provider.execute('SELECT 1', { maxRows: 1, timeoutMs: 10_000 }); // start the child process
    started = performance.now();
    let firstRowMs = 0;
    let streamed = 0;
    for await (const batch of provider.stream(query, {
      maxRows: 1_000_000,
      timeoutMs: 120_000,
      batchSize: 5000,
    })) {
      if (streamed === 0) firstRowMs = performance.now() - started;
      streamed += batch.rows.length;
    }
    const providerMs = performance.now() - started;
    await provider.close();
    return {
      introspection_1000_tables_ms: Math.round(introspectionMs),
      validation_ms: summary(validation),
      validation_with_dry_run_ms: summary(validationDry),
      stream_1m_rows: {
        rows: streamed,
        provider_rows_per_s: Math.round(streamed / (providerMs / 1000)),
        provider_first_batch_ms: Math.round(firstRowMs * 10) / 10,
        bare_rows_per_s: Math.round(rows / (bareMs / 1000)),
        ratio: Math.round((bareMs / providerMs) * 100) / 100,
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
