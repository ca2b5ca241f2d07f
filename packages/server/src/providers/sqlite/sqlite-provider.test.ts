import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteProvider, type SqliteProvider } from './sqlite-provider.js';
import { createFixtureDatabase, createTempDir, sha256File } from './test-support/sqlite-fixture.js';

describe('SqliteProvider', () => {
  const temp = createTempDir();
  const path = join(temp.dir, 'fixture.sqlite');
  let provider: SqliteProvider;

  beforeAll(async () => {
    createFixtureDatabase(path);
    provider = await createSqliteProvider({ id: 'fixture', path, description: 'test data' });
  });
  afterAll(async () => {
    await provider.close();
    temp.remove();
  });

  it('describes itself', () => {
    expect(provider).toMatchObject({
      id: 'fixture',
      kind: 'sqlite',
      dialect: 'sqlite',
      path,
      description: 'test data',
    });
    expect(provider.capabilities).toEqual({ dryRun: true, cancellation: true, rowCounts: true });
  });

  it('gives dialect notes for prompts', () => {
    const notes = provider.dialectNotes.join('\n');
    for (const expected of [
      'double quotes',
      'LIMIT n',
      "strftime('%Y', col)",
      'julianday',
      '||',
      'LIKE ignores case',
      '0 and 1',
      'RIGHT and FULL OUTER JOIN',
    ]) {
      expect(notes).toContain(expected);
    }
  });

  it('introspects, and validates against the introspected schema', async () => {
    const schema = await provider.introspect();
    expect(schema.tables.map((table) => table.name)).toContain('Odd Table');
    expect((await provider.validate('SELECT "Home Town" FROM "Odd Table"')).status).toBe('passed');
    expect((await provider.validate('SELECT "Home Twn" FROM "Odd Table"')).errors[0]?.suggestions).toEqual([
      'Home Town',
    ]);
  });

  it('stops early when a signal has already aborted', async () => {
    await expect(provider.introspect(AbortSignal.abort())).rejects.toMatchObject({ code: 'CANCELLED' });
    await expect(provider.validate('SELECT 1', { signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: 'CANCELLED',
    });
  });

  it('never writes to the file it serves', async () => {
    const checksum = sha256File(path);
    await provider.introspect();
    await provider.validate('SELECT name FROM singer');
    await provider.execute('SELECT name FROM singer', { maxRows: 10, timeoutMs: 5_000 });
    expect(sha256File(path)).toBe(checksum);
  });
});

describe('opening a SQLite provider on bad input', () => {
  const temp = createTempDir();
  afterAll(() => temp.remove());

  it('reports a missing file as PROVIDER_UNAVAILABLE naming the file, and creates nothing', async () => {
    const missing = join(temp.dir, 'missing.sqlite');
    await expect(createSqliteProvider({ id: 'missing', path: missing })).rejects.toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
      message: expect.stringContaining(missing) as unknown,
    });
    expect(existsSync(missing)).toBe(false);
    expect(readdirSync(temp.dir)).toEqual([]);
  });

  it('reports a corrupt file as PROVIDER_UNAVAILABLE and leaves it as it was', async () => {
    const corrupt = join(temp.dir, 'corrupt.sqlite');
    writeFileSync(corrupt, randomBytes(8192));
    const checksum = sha256File(corrupt);
    await expect(createSqliteProvider({ id: 'corrupt', path: corrupt })).rejects.toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
      message: expect.stringMatching(
        /corrupt\.sqlite is not a readable SQLite database: file is not a database/,
      ) as unknown,
    });
    expect(sha256File(corrupt)).toBe(checksum);
    expect(readdirSync(temp.dir)).toEqual(['corrupt.sqlite']);
  });

  it('reports a directory as PROVIDER_UNAVAILABLE', async () => {
    const directory = join(temp.dir, 'a-directory');
    mkdirSync(directory);
    await expect(createSqliteProvider({ id: 'dir', path: directory })).rejects.toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
    });
  });

  it('reports an invalid configuration as INVALID_REQUEST', async () => {
    await expect(createSqliteProvider({ id: '', path: '' })).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
    });
  });
});
