// MySQL/MariaDB provider benchmarks (needs a server: TEXT2X_TEST_MYSQL_URL or
// mysql://root@127.0.0.1:3306/test). Creates and drops its own scratch databases.
// - introspection of a 1,000-table schema: names only (what validation loads), and full (exact
//   row counts and sample values);
// - validation p50/p90 of typical queries, without and with the EXPLAIN dry run;
// - rows/s reading 1,000,000 rows through the provider (maxRows 1e6) against mysql2 directly
//   (the same query, rows as arrays: collected with a callback, and only counted from row events).
import mysql from 'mysql2';
import {
  introspectMysql,
  mysqlConnectionSettings,
  MysqlProvider,
  MysqlProviderConfig,
  MysqlSessionPool,
} from '../../packages/server/src/providers/mysql/index.js';
import {
  createFixtureTables,
  createScratchDatabase,
  fillNumbers,
  type MysqlFixture,
} from '../../packages/server/src/providers/mysql/test-support/mysql-fixture.js';
import { serviceAvailable, serviceUrl } from '../../packages/server/src/test-support/services.js';
import { round, summary } from '../stats.js';

const TABLES = 1_000;
const ROWS = 1_000_000;

async function withScratch<T>(prefix: string, work: (fixture: MysqlFixture) => Promise<T>): Promise<T> {
  const fixture = await createScratchDatabase(prefix);
  try {
    return await work(fixture);
  } finally {
    await fixture.drop();
  }
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: round(performance.now() - started, 1), value };
}

async function benchIntrospection(): Promise<Record<string, unknown>> {
  return withScratch('t2x_bench_my_schema', async (fixture) => {
    // 1,000 InnoDB tables of 6 columns with a comment and 5 rows each; every tenth table has a
    // foreign key to the one before. Creating them takes about 45 s on the CI machine.
    const setup = await timed(async () => {
      for (let batch = 0; batch < TABLES; batch += 100) {
        let sql = '';
        for (let i = batch + 1; i <= batch + 100; i += 1) {
          const key = i % 10 === 0 ? `, FOREIGN KEY (parent_id) REFERENCES t${i - 1} (id)` : '';
          sql +=
            `CREATE TABLE t${i} (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL, category VARCHAR(10), ` +
            `amount DECIMAL(10, 2), created_at DATETIME, parent_id INT${key}) COMMENT 'table number ${i}';` +
            `INSERT INTO t${i} VALUES (1, 'one', 'a', 1.5, NOW(), NULL), (2, 'two', 'b', 3, NOW(), NULL), ` +
            `(3, 'three', 'c', 4.5, NOW(), NULL), (4, 'four', 'a', 6, NOW(), NULL), (5, 'five', 'b', 7.5, NOW(), NULL);`;
        }
        await fixture.admin.query(sql);
      }
    });
    await fixture.admin.query('ANALYZE TABLE t1');
    const settings = mysqlConnectionSettings(MysqlProviderConfig.parse({ id: 'bench', url: fixture.url }));
    const pool = await MysqlSessionPool.open(settings);
    const provider = await MysqlProvider.open({ id: 'bench', url: fixture.url });
    try {
      const namesOnly = async (): Promise<number> =>
        (
          await pool.withReadOnlySession(
            (session) =>
              introspectMysql(session, { database: fixture.database, rowCounts: false, sampleValues: false }),
            { timeoutMs: 120_000, subject: 'Introspection' },
          )
        ).tables.length;
      const namesCold = await timed(namesOnly);
      const namesWarm = await timed(namesOnly);
      const full = await timed(() => provider.introspect());
      const fullWarm = await timed(() => provider.introspect());
      const columns = full.value.tables.reduce((sum, table) => sum + table.columns.length, 0);
      return {
        tables: namesCold.value,
        columns,
        setup_ms: setup.ms,
        names_only_ms: { first: namesCold.ms, second: namesWarm.ms },
        full_ms: { first: full.ms, second: fullWarm.ms },
        full_includes:
          'exact COUNT(*) for every table (batched 100 per query) and sample values of 2,000 text columns',
      };
    } finally {
      await provider.close();
      await pool.close();
    }
  });
}

const VALIDATION_QUERIES = [
  'SELECT name FROM singer WHERE age > 30 ORDER BY name LIMIT 10',
  'SELECT country, COUNT(*) AS n FROM singer GROUP BY country ORDER BY n DESC',
  'SELECT s.name, c.concert_name FROM singer s JOIN singer_in_concert sc ON sc.singer_id = s.singer_id JOIN concert c ON c.concert_id = sc.concert_id WHERE c.year = 2014',
  "WITH french AS (SELECT * FROM singer WHERE country = 'France') SELECT name, age FROM french WHERE age > 30",
  'SELECT name FROM singer WHERE singer_id NOT IN (SELECT singer_id FROM singer_in_concert)',
  'SELECT YEAR(created_at) AS y, COUNT(*) FROM concert WHERE created_at > DATE_SUB(CURDATE(), INTERVAL 20 YEAR) GROUP BY y',
  'SELECT name FROM singer UNION SELECT concert_name FROM concert',
  'SELECT AVG(age), MAX(age), MIN(age) FROM singer WHERE is_active = 1',
  "SELECT name FROM singer WHERE name LIKE 'J%' AND country IN ('France', 'Netherlands')",
  'SELECT c.concert_name, COUNT(sc.singer_id) AS singers FROM concert c LEFT JOIN singer_in_concert sc ON sc.concert_id = c.concert_id GROUP BY c.concert_id, c.concert_name HAVING singers > 1',
];

async function benchValidation(): Promise<Record<string, unknown>> {
  return withScratch('t2x_bench_my_valid', async (fixture) => {
    await createFixtureTables(fixture, 100);
    const provider = await MysqlProvider.open({ id: 'bench', url: fixture.url });
    try {
      await provider.introspect();
      const measure = async (dryRun: boolean, rounds: number): Promise<number[]> => {
        const samples: number[] = [];
        for (let round = 0; round < rounds; round += 1) {
          for (const query of VALIDATION_QUERIES) {
            const started = performance.now();
            const report = await provider.validate(query, { dryRun });
            samples.push(performance.now() - started);
            if (report.status !== 'passed') throw new Error(`${query}: ${JSON.stringify(report.errors)}`);
          }
        }
        return samples;
      };
      await measure(false, 20);
      await measure(true, 5); // warm-up: parser, catalog and pool connections
      const withoutExplain = summary(await measure(false, 200));
      const withExplain = summary(await measure(true, 100));
      return {
        queries: VALIDATION_QUERIES.length,
        without_explain_ms: withoutExplain,
        with_explain_ms: withExplain,
        explain_round_trip_p50_ms: round(withExplain.p50 - withoutExplain.p50),
        goal_p50_without_explain_ms: 1,
      };
    } finally {
      await provider.close();
    }
  });
}

async function benchStreaming(): Promise<Record<string, unknown>> {
  return withScratch('t2x_bench_my_rows', async (fixture) => {
    await fixture.admin.query(`CREATE TABLE digits (d INT PRIMARY KEY);
      INSERT INTO digits VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9);
      CREATE TABLE numbers (n INT PRIMARY KEY, label VARCHAR(20), parity VARCHAR(4))`);
    const fill = await timed(() => fillNumbers(fixture.admin, 'numbers', ROWS));
    await fixture.admin.query(
      'ALTER TABLE numbers ADD COLUMN amount DECIMAL(12, 2) NOT NULL DEFAULT 0, ADD COLUMN created_at DATETIME NOT NULL DEFAULT NOW()',
    );
    await fixture.admin.query('UPDATE numbers SET amount = n / 7');
    const sql = 'SELECT n, label, parity, amount, created_at FROM numbers';

    const provider = await MysqlProvider.open({ id: 'bench', url: fixture.url, maxResultBytes: 2 ** 31 - 1 });
    const base = new URL(fixture.url);
    const direct = mysql.createConnection({
      host: base.hostname,
      port: Number(base.port || 3306),
      user: decodeURIComponent(base.username),
      password: decodeURIComponent(base.password),
      database: fixture.database,
      supportBigNumbers: true,
      dateStrings: true,
    });
    const collect = (query = sql): Promise<number> =>
      new Promise((resolve, reject) =>
        direct.query({ sql: query, rowsAsArray: true }, (error, rows) =>
          error ? reject(error) : resolve((rows as unknown[]).length),
        ),
      );
    const count = (): Promise<number> =>
      new Promise((resolve, reject) => {
        let rows = 0;
        direct
          .query({ sql, rowsAsArray: true })
          .on('result', () => {
            rows += 1;
          })
          .on('error', reject)
          .on('end', () => resolve(rows));
      });
    const throughProvider = async (query = sql): Promise<number> => {
      const result = await provider.execute(query, { maxRows: ROWS, timeoutMs: 300_000 });
      if (!result.success || result.truncated) throw new Error('the provider did not read every row');
      return result.row_count;
    };
    const plainSql = 'SELECT n, label, parity FROM numbers';
    const rate = (rows: number, ms: number): number => Math.round(rows / (ms / 1000));
    try {
      await throughProvider(); // warm-up (buffer pool)
      // Interleaved rounds, median of three: single runs vary by 2× on a shared two-core machine.
      const variants = [
        ['provider', () => throughProvider()],
        ['mysql2_collect', () => collect()],
        ['mysql2_count_only', count],
        ['provider_int_varchar_only', () => throughProvider(plainSql)],
        ['mysql2_collect_int_varchar_only', () => collect(plainSql)],
      ] as const;
      const samples = new Map<string, number[]>();
      for (let round = 0; round < 3; round += 1) {
        for (const [name, run] of variants) {
          const { ms, value } = await timed(run);
          samples.set(name, [...(samples.get(name) ?? []), rate(value, ms)]);
        }
      }
      const median = (name: string): number => {
        const sorted = [...(samples.get(name) ?? [])].sort((a, b) => a - b);
        return sorted[Math.floor(sorted.length / 2)] ?? 0;
      };
      const rowsPerSecond = Object.fromEntries(variants.map(([name]) => [name, median(name)]));
      return {
        rows: ROWS,
        columns: 'INT, VARCHAR, VARCHAR, DECIMAL(12,2), DATETIME',
        fill_ms: fill.ms,
        median_rows_per_s: rowsPerSecond,
        all_rows_per_s: Object.fromEntries(samples),
        provider_vs_mysql2_collect: round(median('provider') / median('mysql2_collect'), 2),
        provider_vs_mysql2_collect_int_varchar_only: round(
          median('provider_int_varchar_only') / median('mysql2_collect_int_varchar_only'),
          2,
        ),
        note: 'the provider turns every DECIMAL into a JSON number and every DATETIME into ISO 8601 (…T…)',
      };
    } finally {
      direct.end();
      await provider.close();
    }
  });
}

export async function benchMysql(): Promise<Record<string, unknown>> {
  if (!(await serviceAvailable('mariadb'))) {
    return { skipped: `no MySQL or MariaDB server at ${new URL(serviceUrl('mariadb')).host}` };
  }
  // TEXT2X_BENCH_MYSQL_PARTS=validation,streaming,introspection (the default) picks what runs.
  const parts = new Set(
    (process.env.TEXT2X_BENCH_MYSQL_PARTS ?? 'validation,streaming,introspection').split(','),
  );
  const report: Record<string, unknown> = {};
  if (parts.has('validation')) report.validation = await benchValidation();
  if (parts.has('streaming')) report.streaming = await benchStreaming();
  if (parts.has('introspection')) report.introspection = await benchIntrospection();
  return report;
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  console.log(JSON.stringify(await benchMysql(), null, 2));
}
