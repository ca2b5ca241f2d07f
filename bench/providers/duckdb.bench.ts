// DuckDB provider benchmarks (in process, no server; files in a temporary folder):
// - open + introspection of a 1,000-table database: names only (what validation loads), and full
//   (row counts and sample values);
// - validation p50/p90 of typical queries, without and with the EXPLAIN dry run, and of a query
//   only DuckDB's own parser reads (FROM-first);
// - rows/s reading 1,000,000 rows (BIGINT, DOUBLE, VARCHAR) through the provider (execute with
//   maxRows 1e6, and stream in 10,000-row batches) against @duckdb/node-api directly (the same
//   query streamed chunk by chunk: raw values, and node-api's own JSON conversion).
// Run alone with `npx tsx bench/providers/duckdb.bench.ts`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DuckDBInstance, JsonDuckDBValueConverter } from '@duckdb/node-api';
import {
  DuckdbDatabase,
  DuckdbProvider,
  DuckdbProviderConfig,
  introspectDuckdb,
} from '../../packages/server/src/providers/duckdb/index.js';
import { round, summary } from '../stats.js';

const TABLES = 1_000;
const ROWS = 1_000_000;
const ROWS_QUERY = `SELECT range AS id, range * 0.5 AS half, 'row ' || range AS label FROM range(${ROWS})`;

/** A database of `TABLES` tables (8 columns, 20 rows each, a primary key and a foreign key to the previous table). */
async function writeWideDatabase(path: string): Promise<void> {
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  try {
    await connection.run('BEGIN');
    for (let index = 0; index < TABLES; index += 1) {
      const parent = index > 0 ? `, parent_id INTEGER REFERENCES t${index - 1} (id)` : '';
      await connection.run(
        `CREATE TABLE t${index} (id INTEGER PRIMARY KEY, name VARCHAR, status VARCHAR, amount DECIMAL(10, 2),
         created_at TIMESTAMP, flag BOOLEAN, note VARCHAR${parent})`,
      );
      await connection.run(
        `INSERT INTO t${index} SELECT range, 'name ' || range, ['new', 'paid', 'void'][range % 3 + 1], range * 1.5,
         TIMESTAMP '2024-01-01' + to_days(range::INTEGER), range % 2 = 0, NULL${index > 0 ? ', NULL' : ''} FROM range(20)`,
      );
    }
    await connection.run('COMMIT');
    await connection.run('CHECKPOINT');
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function benchIntrospection(dir: string): Promise<Record<string, unknown>> {
  const path = join(dir, 'wide.duckdb');
  const writeStart = performance.now();
  await writeWideDatabase(path);
  const writeMs = performance.now() - writeStart;

  const openStart = performance.now();
  const provider = await DuckdbProvider.open({ id: 'wide', database: path });
  const openMs = performance.now() - openStart;
  try {
    const database = await DuckdbDatabase.open(DuckdbProviderConfig.parse({ id: 'names', database: path }));
    const connection = await database.connect();
    const namesStart = performance.now();
    const names = await introspectDuckdb(connection, database, { rowCounts: false, sampleValues: false });
    const namesMs = performance.now() - namesStart;
    connection.closeSync();
    database.close();

    const fullStart = performance.now();
    const full = await provider.introspect();
    const fullMs = performance.now() - fullStart;
    return {
      tables: TABLES,
      fixture_write_ms: round(writeMs, 1),
      open_ms: round(openMs, 1),
      names_only_ms: round(namesMs, 1),
      full_ms: round(fullMs, 1),
      columns: full.tables.reduce((sum, table) => sum + table.columns.length, 0),
      foreign_keys: full.tables.reduce((sum, table) => sum + table.foreignKeys.length, 0),
      tables_seen: names.tables.length,
    };
  } finally {
    await provider.close();
  }
}

const VALIDATION_QUERIES = [
  "SELECT c.name, count(*) AS orders FROM customers c JOIN orders o ON o.customer_id = c.id WHERE c.country = 'France' GROUP BY c.name ORDER BY orders DESC LIMIT 10",
  "SELECT date_trunc('month', created_at) AS month, sum(amount) FROM orders WHERE created_at >= DATE '2024-01-01' GROUP BY 1 ORDER BY 1",
  'WITH big AS (SELECT customer_id, sum(amount) AS total FROM orders GROUP BY 1) SELECT name, total FROM big JOIN customers ON customers.id = big.customer_id',
  "SELECT status, avg(amount) FROM orders WHERE status ILIKE 'p%' GROUP BY status",
];

async function benchValidation(dir: string): Promise<Record<string, unknown>> {
  const path = join(dir, 'shop.duckdb');
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  await connection.run(`
    CREATE TABLE customers (id INTEGER PRIMARY KEY, name VARCHAR, country VARCHAR);
    CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers (id), amount DECIMAL(10, 2),
      status VARCHAR, created_at TIMESTAMP);
    INSERT INTO customers SELECT range, 'c' || range, ['France', 'Spain'][range % 2 + 1] FROM range(1000);
    INSERT INTO orders SELECT range, range % 1000, range / 7, ['paid', 'pending'][range % 2 + 1], TIMESTAMP '2024-01-01' + to_minutes(range) FROM range(100000);
  `);
  connection.closeSync();
  instance.closeSync();

  const provider = await DuckdbProvider.open({ id: 'shop', database: path });
  try {
    await provider.introspect();
    const measure = async (queries: readonly string[], dryRun: boolean, rounds: number) => {
      for (const query of queries) await provider.validate(query, { dryRun }); // warm up
      const samples: number[] = [];
      for (let round = 0; round < rounds; round += 1) {
        for (const query of queries) {
          const started = performance.now();
          const report = await provider.validate(query, { dryRun });
          samples.push(performance.now() - started);
          if (report.status !== 'passed') throw new Error(`bench query failed validation: ${query}`);
        }
      }
      return summary(samples);
    };
    return {
      queries: VALIDATION_QUERIES.length,
      without_dry_run_ms: await measure(VALIDATION_QUERIES, false, 100),
      with_explain_ms: await measure(VALIDATION_QUERIES, true, 100),
      duckdb_only_syntax_ms: await measure(['FROM orders SELECT status, count(*) GROUP BY ALL'], true, 200),
    };
  } finally {
    await provider.close();
  }
}

async function benchRows(dir: string): Promise<Record<string, unknown>> {
  const path = join(dir, 'rows.duckdb');
  const setup = await DuckDBInstance.create(path);
  const setupConnection = await setup.connect();
  await setupConnection.run(`CREATE VIEW numbers AS ${ROWS_QUERY}`);
  setupConnection.closeSync();
  setup.closeSync();

  const rate = (rows: number, ms: number): number => Math.round(rows / (ms / 1000));
  const best = async (work: () => Promise<number>): Promise<{ rows: number; ms: number }> => {
    let fastest = Number.POSITIVE_INFINITY;
    let rows = 0;
    for (let round = 0; round < 3; round += 1) {
      const started = performance.now();
      rows = await work();
      fastest = Math.min(fastest, performance.now() - started);
    }
    return { rows, ms: fastest };
  };

  const direct = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  const connection = await direct.connect();
  const raw = await best(async () => {
    const result = await connection.stream('SELECT * FROM numbers');
    let count = 0;
    for (
      let chunk = await result.fetchChunk();
      chunk && chunk.rowCount > 0;
      chunk = await result.fetchChunk()
    ) {
      count += chunk.getRows().length;
    }
    return count;
  });
  const json = await best(async () => {
    const result = await connection.stream('SELECT * FROM numbers');
    let count = 0;
    for (
      let chunk = await result.fetchChunk();
      chunk && chunk.rowCount > 0;
      chunk = await result.fetchChunk()
    ) {
      count += chunk.convertRows(JsonDuckDBValueConverter).length;
    }
    return count;
  });
  connection.closeSync();
  direct.closeSync();

  const provider = await DuckdbProvider.open({ id: 'rows', database: path });
  try {
    const executed = await best(async () => {
      const result = await provider.execute('SELECT * FROM numbers', { maxRows: ROWS, timeoutMs: 120_000 });
      if (result.row_count !== ROWS || result.truncated) throw new Error('bench: wrong row count');
      return result.row_count;
    });
    const streamed = await best(async () => {
      let count = 0;
      for await (const batch of provider.stream('SELECT * FROM numbers', {
        maxRows: ROWS,
        timeoutMs: 120_000,
        batchSize: 10_000,
      })) {
        count += batch.rows.length;
      }
      return count;
    });
    return {
      rows: ROWS,
      columns: 'BIGINT, DECIMAL, VARCHAR',
      node_api_raw_values: { ms: round(raw.ms, 1), rows_per_s: rate(raw.rows, raw.ms) },
      node_api_json_converter: { ms: round(json.ms, 1), rows_per_s: rate(json.rows, json.ms) },
      provider_execute: { ms: round(executed.ms, 1), rows_per_s: rate(executed.rows, executed.ms) },
      provider_stream_10k_batches: {
        ms: round(streamed.ms, 1),
        rows_per_s: rate(streamed.rows, streamed.ms),
      },
      provider_vs_node_api_json: round(executed.ms / json.ms, 2),
    };
  } finally {
    await provider.close();
  }
}

export async function benchDuckdb(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'text2x-bench-duckdb-'));
  try {
    return {
      introspection: await benchIntrospection(dir),
      validation: await benchValidation(dir),
      rows: await benchRows(dir),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await benchDuckdb(), null, 2));
}
