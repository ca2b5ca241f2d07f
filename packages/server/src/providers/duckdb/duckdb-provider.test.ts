import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProvider } from '../provider-registry.js';
import { DuckdbProviderConfig } from './duckdb-config.js';
import { DuckdbDatabase } from './duckdb-database.js';
import { DUCKDB_DIALECT_NOTES } from './duckdb-dialect-notes.js';
import { createDuckdbProvider, DuckdbProvider } from './duckdb-provider.js';
import {
  createDuckdbFixture,
  createTempDir,
  snapshotDirectory,
  type DuckdbFixture,
} from './test-support/duckdb-fixture.js';

describe('DuckdbProvider', () => {
  const temp = createTempDir();
  let fixture: DuckdbFixture;
  let provider: DuckdbProvider;

  beforeAll(async () => {
    fixture = await createDuckdbFixture(temp.dir);
    provider = await createDuckdbProvider({
      id: 'shop',
      database: fixture.database,
      files: fixture.files,
      description: 'test shop',
    });
  });
  afterAll(async () => {
    await provider.close();
    temp.remove();
  });

  it('describes itself', () => {
    expect(provider).toMatchObject({
      id: 'shop',
      kind: 'duckdb',
      dialect: 'duckdb',
      description: 'test shop',
      database: fixture.database,
      files: fixture.files,
      capabilities: { dryRun: true, cancellation: true, rowCounts: true },
    });
    expect(provider.dialectNotes.slice(0, DUCKDB_DIALECT_NOTES.length)).toEqual(DUCKDB_DIALECT_NOTES);
    expect(provider.dialectNotes.at(-1)).toMatch(/^The database is DuckDB v\d+\.\d+/);
    const notes = provider.dialectNotes.join('\n');
    for (const needle of [
      'double quotes',
      'LIMIT n',
      'date_trunc',
      'strftime',
      'INTERVAL 1 MONTH',
      'ILIKE',
      '::',
      'QUALIFY',
      '//',
      'struct',
    ]) {
      expect(notes).toContain(needle);
    }
  });

  it('is opened by the provider registry for kind duckdb', async () => {
    const opened = await createProvider({ id: 'registry', kind: 'duckdb', files: [fixture.csv] });
    try {
      expect(opened.kind).toBe('duckdb');
      expect(
        (await opened.execute('SELECT count(*) FROM sales_2024', { maxRows: 1, timeoutMs: 5_000 })).rows,
      ).toEqual([[4]]);
    } finally {
      await opened.close();
    }
  });

  it('works with only a database file, and with only data files', async () => {
    const databaseOnly = await DuckdbProvider.open({ id: 'db', database: fixture.database });
    const filesOnly = await DuckdbProvider.open({ id: 'files', files: [fixture.parquet, fixture.json] });
    try {
      expect((await databaseOnly.introspect()).tables.map((table) => table.name)).toContain('customers');
      expect((await filesOnly.introspect()).tables.map((table) => table.name)).toEqual(['events', 'people']);
      expect(
        (await filesOnly.execute('SELECT max(event_id) FROM events', { maxRows: 1, timeoutMs: 5_000 })).rows,
      ).toEqual([[99]]);
    } finally {
      await databaseOnly.close();
      await filesOnly.close();
    }
  });

  it('resolves relative paths and requires a database or files', () => {
    const parsed = DuckdbProviderConfig.parse({ id: 'x', database: 'data/shop.duckdb', files: ['./a.csv'] });
    expect(parsed.database).toBe(resolve('data/shop.duckdb'));
    expect(parsed.files).toEqual([resolve('a.csv')]);
    expect(DuckdbProviderConfig.safeParse({ id: 'x' }).success).toBe(false);
    expect(DuckdbProviderConfig.safeParse({ id: 'x', files: [] }).success).toBe(false);
    expect(DuckdbProviderConfig.safeParse({ id: 'x', files: ['a.csv'], memoryLimit: 'lots' }).success).toBe(
      false,
    );
  });

  it('rejects a bad configuration and an unknown file format as INVALID_REQUEST', async () => {
    await expect(DuckdbProvider.open({ id: 'bad' })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    const book = join(temp.dir, 'book.xlsx');
    writeFileSync(book, 'x');
    await expect(DuckdbProvider.open({ id: 'bad', files: [book] })).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
      message: expect.stringContaining('Cannot tell the format'),
    });
  });

  it('reports files that cannot be opened as PROVIDER_UNAVAILABLE', async () => {
    await expect(
      DuckdbProvider.open({ id: 'x', database: join(temp.dir, 'missing.duckdb') }),
    ).rejects.toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
      message: expect.stringContaining('does not exist'),
    });
    await expect(DuckdbProvider.open({ id: 'x', database: fixture.csv })).rejects.toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
      message: expect.stringContaining('is not a readable DuckDB database'),
    });
    await expect(DuckdbProvider.open({ id: 'x', database: temp.dir })).rejects.toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
    });
    await expect(
      DuckdbProvider.open({ id: 'x', files: [join(temp.dir, 'none', '*.csv')] }),
    ).rejects.toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
    });
  });

  it('refuses every call after close, and closes twice safely', async () => {
    const closing = await DuckdbProvider.open({ id: 'closing', files: [fixture.csv] });
    await closing.close();
    await closing.close();
    await expect(closing.introspect()).rejects.toMatchObject({ code: 'PROVIDER_UNAVAILABLE' });
    await expect(closing.validate('SELECT 1')).rejects.toMatchObject({ code: 'PROVIDER_UNAVAILABLE' });
  });

  it('honours an abort signal before introspection and validation', async () => {
    await expect(provider.introspect(AbortSignal.abort())).rejects.toMatchObject({ code: 'CANCELLED' });
    await expect(provider.validate('SELECT 1', { signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: 'CANCELLED',
    });
  });
});

describe('the locked-down DuckDB instance, without the policy in front of it', () => {
  const temp = createTempDir();
  let fixture: DuckdbFixture;
  let database: DuckdbDatabase;
  let connection: DuckDBConnection;
  let before: Record<string, string>;

  const failure = async (sql: string): Promise<string> => {
    try {
      await connection.runAndReadAll(sql);
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
    throw new Error(`DuckDB ran: ${sql}`);
  };

  beforeAll(async () => {
    fixture = await createDuckdbFixture(temp.dir);
    before = snapshotDirectory(temp.dir);
    database = await DuckdbDatabase.open(
      DuckdbProviderConfig.parse({ id: 'raw', database: fixture.database, files: fixture.files }),
    );
    connection = await database.connect();
  });
  afterAll(() => {
    connection.closeSync();
    database.close();
    temp.remove();
  });

  it('keeps the file views readable with external access disabled (through allowed_paths)', async () => {
    const reader = await connection.runAndReadAll(
      'SELECT (SELECT count(*) FROM sales_2024), (SELECT count(*) FROM logs), (SELECT count(*) FROM events), (SELECT count(*) FROM people)',
    );
    expect(reader.getRowsJson()).toEqual([['4', '3', '100', '2']]);
    const settings = await connection.runAndReadAll(
      "SELECT current_setting('enable_external_access'), current_setting('lock_configuration'), current_setting('temp_directory')",
    );
    expect(settings.getRows()).toEqual([[false, true, '']]);
  });

  it('shows why the allow-list is needed: views over files stop working once external access is off', async () => {
    const bare = await DuckDBInstance.create(':memory:');
    const bareConnection = await bare.connect();
    try {
      await bareConnection.run(
        `CREATE VIEW v AS SELECT * FROM read_csv('${fixture.csv.replaceAll("'", "''")}')`,
      );
      await bareConnection.run('SET enable_external_access = false');
      await expect(bareConnection.runAndReadAll('SELECT * FROM v')).rejects.toThrow(
        /disabled by configuration/,
      );
    } finally {
      bareConnection.closeSync();
      bare.closeSync();
    }
  });

  it('refuses other files and URLs', async () => {
    expect(await failure("SELECT * FROM read_csv('/etc/passwd')")).toMatch(/Permission Error/);
    expect(await failure("SELECT * FROM read_text('/etc/hostname')")).toMatch(/Permission Error/);
    expect(await failure(`SELECT * FROM read_text('${fixture.dir}/customers.csv.bak')`)).toMatch(
      /Permission Error/,
    );
    expect(await failure(`SELECT * FROM glob('${fixture.dir}/*')`)).toMatch(/Permission Error/);
    expect(await failure("SELECT * FROM read_csv('https://example.com/x.csv')")).toMatch(/Error/);
  });

  it('documents a DuckDB behaviour the policy must cover: the attached file and its WAL stay reachable', async () => {
    // DuckDB adds an attached database's path (and its .wal) to the allowed paths by itself, even
    // with external access disabled, so only the layers in front (the policy, DuckDB's parser and
    // the statement-type check) keep `read_blob(db)` and `COPY … TO 'db.wal'` away from it.
    const reader = await connection.runAndReadAll(`SELECT size FROM read_blob('${fixture.database}')`);
    expect(Number(reader.getRows()[0]?.[0])).toBeGreaterThan(0);
  });

  it('refuses to change the lock-down settings', async () => {
    for (const sql of [
      'SET enable_external_access = true',
      "SET allowed_paths = ['/']",
      "SET allowed_directories = ['/']",
      'SET lock_configuration = false',
      'SET autoinstall_known_extensions = true',
      "SET temp_directory = '/tmp'",
    ]) {
      expect(await failure(sql)).toMatch(/locked/);
    }
  });

  it('refuses writes to the database file, new databases and extensions', async () => {
    expect(await failure("INSERT INTO customers (customer_id, name) VALUES (99, 'x')")).toMatch(/read-only/);
    expect(await failure('DROP TABLE orders')).toMatch(/read-only/);
    expect(await failure(`ATTACH '${fixture.dir}/new.duckdb' AS n`)).toMatch(/Permission Error/);
    expect(await failure('INSTALL httpfs')).toMatch(/Error/);
    expect(await failure('LOAD httpfs')).toMatch(/Error/);
    expect(snapshotDirectory(temp.dir)).toEqual(before);
  });
});
