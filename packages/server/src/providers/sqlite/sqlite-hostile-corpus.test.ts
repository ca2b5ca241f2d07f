import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteProvider } from './sqlite-provider.js';
import { createFixtureDatabase, createTempDir, sha256File } from './test-support/sqlite-fixture.js';
import { SQLITE_HOSTILE_CORPUS } from './test-support/sqlite-hostile-corpus.js';

describe('the SQLite provider against hostile statements', () => {
  const temp = createTempDir();
  const path = join(temp.dir, 'fixture.sqlite');
  let provider: SqliteProvider;
  let checksum: string;
  let files: string[];

  beforeAll(async () => {
    createFixtureDatabase(path);
    checksum = sha256File(path);
    files = readdirSync(temp.dir).sort();
    provider = await SqliteProvider.open({ id: 'hostile', path });
    await provider.introspect();
  });
  afterAll(async () => {
    await provider.close();
    temp.remove();
  });

  it('has at least 100 statements', () => {
    expect(SQLITE_HOSTILE_CORPUS.length).toBeGreaterThanOrEqual(100);
  });

  it.each(SQLITE_HOSTILE_CORPUS.map((entry) => [entry.why, entry.sql] as const))(
    'rejects %s',
    async (_why, sql) => {
      const report = await provider.validate(sql);
      expect(report.status).toBe('failed');
      expect(report.errors.length).toBeGreaterThan(0);
      expect(report.errors[0]?.message).toMatch(/\S.*\.|\S/);
      await expect(provider.execute(sql, { maxRows: 10, timeoutMs: 5_000 })).rejects.toMatchObject({
        code: 'QUERY_REJECTED',
      });
    },
  );

  it('gives a policy reason as a sentence for the statements that write', async () => {
    for (const sql of [
      'DELETE FROM singer',
      'PRAGMA writable_schema = 1',
      "ATTACH ':memory:' AS m",
      "SELECT load_extension('x')",
    ]) {
      const [issue] = (await provider.validate(sql)).errors;
      expect(issue?.kind).toBe('policy');
      expect(issue?.message).toMatch(/^[A-Z].* because .*\.$/);
    }
  });

  it('leaves the database file and its directory unchanged', async () => {
    const after = await provider.execute('SELECT count(*) FROM singer', { maxRows: 1, timeoutMs: 5_000 });
    expect(after.rows).toEqual([[6]]);
    expect(sha256File(path)).toBe(checksum);
    expect(readdirSync(temp.dir).sort()).toEqual(files);
  });
});
