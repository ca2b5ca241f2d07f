import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app/index.js';
import { scratchDatabaseName, serviceAvailable, serviceUrl } from '../test-support/services.js';
import { dropMysqlDatabase, ensureDefogMysqlDatabase } from './ensure-defog-mysql-database.js';
import { dropPostgresDatabase, ensureDefogPostgresDatabase } from './ensure-defog-postgres-database.js';
import type { EvalItem } from './eval-item.js';
import { loadDefogItems } from './load-defog-items.js';
import { MysqlQueryExecutor } from './mysql-query-executor.js';
import { PostgresQueryExecutor } from './postgres-query-executor.js';
import type { QueryExecutor } from './query-executor.js';
import { runEval } from './run-eval.js';
import { openOfflineApp, pipelinePredict } from './test-support/offline-pipeline.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const defogDir = [process.env.TEXT2X_EVAL_DIR, join(repoRoot, '..', 'shared', 'eval')]
  .filter((dir): dir is string => !!dir)
  .map((dir) => resolve(dir, 'defog-public'))
  .find((dir) => existsSync(join(dir, 'db', 'geography', 'geography.sql')));
if (!defogDir) process.stderr.write('defog-server-eval.integration.test.ts skipped: no defog-public data\n');

const postgresUp = !!defogDir && (await serviceAvailable('postgres'));
const mariadbUp = !!defogDir && postgresUp && (await serviceAvailable('mariadb'));
const DATABASE = 'geography';

/** Eight answerable questions and two unanswerable ones on the geography database. */
function pick(items: EvalItem[]): EvalItem[] {
  const own = items.filter((item) => item.dbId === DATABASE);
  return [
    ...own.filter((item) => !item.unanswerable).slice(0, 8),
    ...own.filter((item) => item.unanswerable).slice(0, 2),
  ];
}

/** Runs the gold as the prediction (must score 100%), then the offline engine through the pipeline. */
async function evaluate(items: EvalItem[], executor: QueryExecutor, app: App) {
  const gold = await runEval({
    items,
    executor,
    predict: (item) =>
      Promise.resolve(item.unanswerable ? { query: null, declined: true } : { query: item.gold[0]! }),
  });
  const offline = await runEval({ items, executor, predict: pipelinePredict(app) });
  return { gold, offline };
}

describe.skipIf(!postgresUp)('defog evaluation on PostgreSQL', () => {
  const adminUrl = serviceUrl('postgres');
  const database = scratchDatabaseName('text2x_defog_test');
  const home = mkdtempSync(join(tmpdir(), 'text2x-defog-pg-'));
  const executor = new PostgresQueryExecutor();
  let app: App;
  let url: string;

  beforeAll(async () => {
    const ensured = await ensureDefogPostgresDatabase({
      serverUrl: adminUrl,
      dumpPath: join(defogDir!, 'db', DATABASE, `${DATABASE}.sql`),
      database,
    });
    url = ensured.url;
    app = await openOfflineApp(home);
    await app.store.addProvider({ id: DATABASE, kind: 'postgres', url });
  });

  afterAll(async () => {
    await app?.close();
    await executor.close();
    await dropPostgresDatabase(adminUrl, database);
    rmSync(home, { recursive: true, force: true });
  });

  it('keeps a loaded copy whose marker matches the dump', async () => {
    const again = await ensureDefogPostgresDatabase({
      serverUrl: adminUrl,
      dumpPath: join(defogDir!, 'db', DATABASE, `${DATABASE}.sql`),
      database,
    });
    expect(again).toMatchObject({ url, loaded: false });
  });

  it('scores gold at 100% and the offline engine with counts for every question', async () => {
    const items = pick(
      loadDefogItems({
        dir: defogDir!,
        dialect: 'postgres',
        databases: new Map([[DATABASE, url]]),
        skipMissingDatabases: true,
      }),
    );
    expect(items).toHaveLength(10);
    expect(items.every((item) => item.dialect === 'postgres' && item.dbPath === url)).toBe(true);
    const { gold, offline } = await evaluate(items, executor, app);
    expect(gold).toMatchObject({ total: 10, correct: 10, errors: 0 });
    expect(offline.total).toBe(10);
    expect(offline.reasons.gold_error).toBe(0);
    expect(offline.errors).toBe(0);
    expect(offline.correct + offline.declined).toBeGreaterThanOrEqual(offline.unanswerable!.declined);
    expect(Object.values(offline.by_hardness).reduce((sum, group) => sum + group.total, 0)).toBe(10);
  });
});

describe.skipIf(!mariadbUp)('defog evaluation on MariaDB', () => {
  const postgresUrl = serviceUrl('postgres');
  const mysqlUrl = serviceUrl('mariadb');
  const database = scratchDatabaseName('text2x_defog_test');
  const home = mkdtempSync(join(tmpdir(), 'text2x-defog-my-'));
  const executor = new MysqlQueryExecutor();
  let app: App;
  let url: string;

  beforeAll(async () => {
    const source = await ensureDefogPostgresDatabase({
      serverUrl: postgresUrl,
      dumpPath: join(defogDir!, 'db', DATABASE, `${DATABASE}.sql`),
      database,
    });
    const ensured = await ensureDefogMysqlDatabase({
      serverUrl: mysqlUrl,
      sourceUrl: source.url,
      database,
      marker: source.marker,
    });
    url = ensured.url;
    app = await openOfflineApp(home);
    await app.store.addProvider({ id: DATABASE, kind: 'mysql', url });
  });

  afterAll(async () => {
    await app?.close();
    await executor.close();
    await dropMysqlDatabase(mysqlUrl, database);
    await dropPostgresDatabase(postgresUrl, database);
    rmSync(home, { recursive: true, force: true });
  });

  it('copies every table and row of the PostgreSQL copy', async () => {
    const tables = await executor.run(
      url,
      'SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()',
      { timeoutMs: 10_000 },
    );
    expect(tables).toMatchObject({ kind: 'rows', rows: [[7]] });
    const cities = await executor.run(url, 'SELECT COUNT(*), SUM(population) FROM city', {
      timeoutMs: 10_000,
    });
    expect(cities).toMatchObject({ kind: 'rows', rows: [[10, 16700000]] });
  });

  it('scores gold at 100% and the offline engine with counts for every question', async () => {
    const items = pick(
      loadDefogItems({
        dir: defogDir!,
        dialect: 'mysql',
        databases: new Map([[DATABASE, url]]),
        skipMissingDatabases: true,
      }),
    );
    expect(items).toHaveLength(10);
    const { gold, offline } = await evaluate(items, executor, app);
    expect(gold).toMatchObject({ total: 10, correct: 10, errors: 0 });
    expect(offline.total).toBe(10);
    expect(offline.reasons.gold_error).toBe(0);
    expect(Object.values(offline.by_hardness).reduce((sum, group) => sum + group.total, 0)).toBe(10);
  });
});
