import { existsSync, readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckdbProvider } from './duckdb-provider.js';
import {
  createDuckdbFixture,
  createTempDir,
  snapshotDirectory,
  type DuckdbFixture,
} from './test-support/duckdb-fixture.js';
import { duckdbHostileCorpus, EVIL, type HostileStatement } from './test-support/duckdb-hostile-corpus.js';

describe('the DuckDB provider against hostile statements', () => {
  const temp = createTempDir();
  // The corpus needs the fixture's paths; they are fixed once the temporary folder exists.
  const corpus: HostileStatement[] = duckdbHostileCorpus({
    dir: temp.dir,
    database: `${temp.dir}/shop.duckdb`,
    csv: `${temp.dir}/sales 2024.csv`,
    parquet: `${temp.dir}/events.parquet`,
    json: `${temp.dir}/people.json`,
    glob: `${temp.dir}/logs/*.csv`,
    clashing: `${temp.dir}/customers.csv`,
    files: [],
  });
  let fixture: DuckdbFixture;
  let provider: DuckdbProvider;
  let before: Record<string, string>;
  const evilBefore = () => readdirSync(dirname(EVIL)).filter((name) => name.startsWith('text2x-duckdb-evil'));
  let evilFiles: string[];

  beforeAll(async () => {
    fixture = await createDuckdbFixture(temp.dir);
    before = snapshotDirectory(temp.dir);
    evilFiles = evilBefore();
    provider = await DuckdbProvider.open({ id: 'hostile', database: fixture.database, files: fixture.files });
    await provider.introspect();
  });
  afterAll(async () => {
    await provider.close();
    temp.remove();
  });

  it('has at least 150 statements, all different', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(150);
    expect(new Set(corpus.map((entry) => entry.sql)).size).toBe(corpus.length);
  });

  it.each(corpus.map((entry) => [entry.why, entry.sql] as const))('rejects %s', async (_why, sql) => {
    const report = await provider.validate(sql);
    expect(report.status).toBe('failed');
    expect(report.errors.length).toBeGreaterThan(0);
    expect(report.errors[0]?.message).toMatch(/\S/);
    await expect(provider.execute(sql, { maxRows: 10, timeoutMs: 5_000 })).rejects.toMatchObject({
      code: 'QUERY_REJECTED',
    });
  });

  it('gives a policy reason as a sentence for statements that write or reach outside', async () => {
    for (const sql of [
      'DELETE FROM orders',
      `COPY customers TO '${EVIL}.csv'`,
      'INSTALL httpfs',
      'LOAD httpfs',
      "ATTACH ':memory:' AS m",
      'SET enable_external_access = true',
      "SELECT * FROM read_csv('/etc/passwd')",
      "SELECT * FROM glob('/*')",
      "SELECT getenv('HOME')",
      'PRAGMA version',
      'DESCRIBE customers',
    ]) {
      const [issue] = (await provider.validate(sql)).errors;
      expect(issue?.kind, sql).toBe('policy');
      expect(issue?.message, sql).toMatch(/^[A-Z'].* because .*\.$/);
    }
  });

  it('leaves every file unchanged, adds none, and keeps working', async () => {
    const after = await provider.execute('SELECT count(*) FROM customers', { maxRows: 1, timeoutMs: 5_000 });
    expect(after.rows).toEqual([[4]]);
    const files = await provider.execute('SELECT count(*) FROM sales_2024', { maxRows: 1, timeoutMs: 5_000 });
    expect(files.rows).toEqual([[4]]);
    expect(snapshotDirectory(temp.dir)).toEqual(before);
    expect(evilBefore()).toEqual(evilFiles);
    expect(existsSync(`${EVIL}.csv`)).toBe(false);
  });
});
