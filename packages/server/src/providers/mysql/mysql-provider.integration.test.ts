import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceAvailable } from '../../test-support/services.js';
import { createProvider } from '../provider-registry.js';
import { createMysqlProvider, type MysqlProvider } from './mysql-provider.js';
import {
  createFixtureTables,
  createScratchDatabase,
  type MysqlFixture,
} from './test-support/mysql-fixture.js';

const available = await serviceAvailable('mariadb');

describe.skipIf(!available)('MysqlProvider on MariaDB', () => {
  let fixture: MysqlFixture;
  let provider: MysqlProvider;

  beforeAll(async () => {
    fixture = await createScratchDatabase('t2x_mysql_provider');
    await createFixtureTables(fixture, 10);
    provider = await createMysqlProvider({ id: 'maria', url: fixture.url, description: 'test data' });
  });
  afterAll(async () => {
    await provider?.close();
    await fixture?.drop();
  });

  it('describes itself, with the flavour and version it detected', () => {
    expect(provider).toMatchObject({
      id: 'maria',
      kind: 'mysql',
      dialect: 'mysql',
      description: 'test data',
      flavor: 'mariadb',
      serverVersion: expect.stringMatching(/^\d+\.\d+\.\d+.*MariaDB/),
    });
    expect(provider.capabilities).toEqual({ dryRun: true, cancellation: true, rowCounts: true });
  });

  it('gives dialect notes for prompts', () => {
    const notes = provider.dialectNotes.join('\n');
    for (const expected of [
      'backticks',
      'LIMIT n',
      'DATE_FORMAT',
      'YEAR(col)',
      'DATE_SUB(CURDATE(), INTERVAL 1 MONTH)',
      'CONCAT(',
      'ignore case',
      'TRUE and FALSE are 1 and 0',
      'no FULL OUTER JOIN',
      'DIV is integer division',
      'window functions',
      'INTERSECT and EXCEPT work in MariaDB',
    ]) {
      expect(notes).toContain(expected);
    }
  });

  it('opens through the provider registry', async () => {
    const opened = await createProvider({ id: 'registry', kind: 'mysql', url: fixture.url });
    try {
      expect(opened.kind).toBe('mysql');
      expect(
        (await opened.execute('SELECT COUNT(*) FROM singer', { maxRows: 1, timeoutMs: 5_000 })).rows,
      ).toEqual([[6]]);
    } finally {
      await opened.close();
    }
  });

  it('reads the password from the named environment variable when it opens', async () => {
    process.env.TEXT2X_TEST_MYSQL_PASSWORD = decodeURIComponent(new URL(fixture.url).password);
    const withEnv = await createMysqlProvider({
      id: 'env',
      url: fixture.url.replace(/:[^:@/]*@/, '@'),
      passwordEnv: 'TEXT2X_TEST_MYSQL_PASSWORD',
    });
    await withEnv.close();
    delete process.env.TEXT2X_TEST_MYSQL_PASSWORD;
  });

  it('reports a wrong password as PROVIDER_UNAVAILABLE without the password in the message', async () => {
    process.env.TEXT2X_TEST_WRONG_PASSWORD = 'Very-Secret-Value-42';
    try {
      const error = await createMysqlProvider({
        id: 'wrong',
        url: fixture.url,
        passwordEnv: 'TEXT2X_TEST_WRONG_PASSWORD',
        connectTimeoutMs: 3_000,
      }).catch((caught: unknown) => caught);
      expect(error).toMatchObject({
        code: 'PROVIDER_UNAVAILABLE',
        message: expect.stringMatching(/Access denied/),
      });
      expect(
        JSON.stringify({
          message: (error as Error).message,
          details: (error as { details?: unknown }).details,
        }),
      ).not.toContain('Very-Secret-Value-42');
    } finally {
      delete process.env.TEXT2X_TEST_WRONG_PASSWORD;
    }
  });

  it('names a missing password variable', async () => {
    await expect(
      createMysqlProvider({ id: 'noenv', url: fixture.url, passwordEnv: 'TEXT2X_TEST_NOT_SET_ANYWHERE' }),
    ).rejects.toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
      message: expect.stringContaining('TEXT2X_TEST_NOT_SET_ANYWHERE'),
    });
  });

  it('reports an unknown database and an unreachable server as PROVIDER_UNAVAILABLE', async () => {
    const missing = new URL(fixture.url);
    missing.pathname = '/text2x_no_such_database';
    await expect(createMysqlProvider({ id: 'nodb', url: missing.toString() })).rejects.toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
      message: expect.stringContaining('text2x_no_such_database'),
    });
    await expect(
      createMysqlProvider({
        id: 'nohost',
        url: 'mysql://root:secret-pw@127.0.0.1:1/x',
        connectTimeoutMs: 2_000,
      }),
    ).rejects.toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
      message: expect.not.stringContaining('secret-pw'),
    });
  });

  it('reports an invalid configuration as INVALID_REQUEST', async () => {
    await expect(createMysqlProvider({ id: 'bad', url: 'postgres://x@y/z' })).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
    });
  });

  it('hides a password in the URL from its target', () => {
    const url = new URL(fixture.url);
    expect(provider.target).not.toMatch(/:[^/@]+@/);
    expect(provider.target).toContain(url.host);
  });

  it('stops early when a signal has already aborted', async () => {
    await expect(provider.introspect(AbortSignal.abort())).rejects.toMatchObject({ code: 'CANCELLED' });
    await expect(provider.validate('SELECT 1', { signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: 'CANCELLED',
    });
  });
});
