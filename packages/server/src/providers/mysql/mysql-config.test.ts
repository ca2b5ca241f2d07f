import { describe, expect, it } from 'vitest';
import { MysqlProviderConfig, mysqlConnectionSettings } from './mysql-config.js';

const parse = (config: Record<string, unknown>) => MysqlProviderConfig.safeParse({ id: 'm', ...config });

describe('MysqlProviderConfig', () => {
  it('accepts mysql:// and mariadb:// URLs with a user, a host and a database', () => {
    expect(parse({ url: 'mysql://app@db.example.com:3306/shop' }).success).toBe(true);
    expect(parse({ url: 'mariadb://app@127.0.0.1/shop', kind: 'mysql' }).success).toBe(true);
  });

  it.each([
    ['postgres://app@host/db', 'mysql:// or mariadb://'],
    ['mysql://app@host', 'one database'],
    ['mysql://app@host/a/b', 'one database'],
    ['mysql://host/db', 'user'],
    ['mysql://app@host/db?ssl=true', 'query parameters'],
    ['not a url', 'URL'],
  ])('rejects %s', (url, problem) => {
    const result = parse({ url });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain(problem);
  });

  it('checks the pool size, the password variable name and the TLS setting', () => {
    expect(parse({ url: 'mysql://a@h/d', poolSize: 0 }).success).toBe(false);
    expect(parse({ url: 'mysql://a@h/d', passwordEnv: 'NOT A NAME' }).success).toBe(false);
    expect(
      parse({ url: 'mysql://a@h/d', tls: { caFile: '/ca.pem', rejectUnauthorized: false } }).success,
    ).toBe(true);
    expect(parse({ url: 'mysql://a@h/d', tls: { unknown: 1 } }).success).toBe(false);
  });
});

describe('mysqlConnectionSettings', () => {
  const settings = (config: Record<string, unknown>, env: NodeJS.ProcessEnv = {}) =>
    mysqlConnectionSettings(MysqlProviderConfig.parse({ id: 'm', ...config }), {
      env,
      readFile: (path) => `PEM from ${path}`,
    });

  it('reads host, port, user and database from the URL, with defaults', () => {
    expect(settings({ url: 'mysql://app%40x@db.example.com/my%20shop' })).toEqual({
      host: 'db.example.com',
      port: 3306,
      user: 'app@x',
      password: undefined,
      database: 'my shop',
      ssl: undefined,
      poolSize: 5,
      connectTimeoutMs: 10_000,
    });
  });

  it('reads the password from the named environment variable, preferring it to the URL', () => {
    expect(
      settings({ url: 'mysql://app:inurl@h:3307/d', passwordEnv: 'DB_PASS' }, { DB_PASS: 's3cret' }),
    ).toMatchObject({ password: 's3cret', port: 3307 });
    expect(settings({ url: 'mysql://app:in%2Furl@h/d' }).password).toBe('in/url');
  });

  it('names a missing password variable without any secret', () => {
    expect(() => settings({ url: 'mysql://app:inurl@h/d', passwordEnv: 'DB_PASS' })).toThrow(
      /^The environment variable DB_PASS that should hold the password is not set$/,
    );
  });

  it('turns TLS settings into options for tls.connect', () => {
    expect(settings({ url: 'mysql://a@h/d', tls: true }).ssl).toEqual({ rejectUnauthorized: true });
    expect(settings({ url: 'mysql://a@h/d', tls: { caFile: '/ca.pem' } }).ssl).toEqual({
      rejectUnauthorized: true,
      ca: 'PEM from /ca.pem',
    });
    expect(settings({ url: 'mysql://a@h/d', tls: false }).ssl).toBeUndefined();
  });

  it('reads an IPv6 host without brackets', () => {
    expect(settings({ url: 'mysql://a@[::1]:3306/d' }).host).toBe('::1');
  });
});
