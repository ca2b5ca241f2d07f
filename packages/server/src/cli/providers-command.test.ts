import { describe, expect, it } from 'vitest';
import { providerConfigFromOptions } from './providers-command.js';

describe('providerConfigFromOptions', () => {
  it('builds a postgres config with a password reference and schemas', () => {
    expect(
      providerConfigFromOptions('pg', {
        postgres: 'postgres://reader@db.local:5432/shop',
        passwordEnv: 'SHOP_DB_PASSWORD',
        schemas: 'public, sales',
      }),
    ).toEqual({
      id: 'pg',
      kind: 'postgres',
      url: 'postgres://reader@db.local:5432/shop',
      passwordEnv: 'SHOP_DB_PASSWORD',
      schemas: ['public', 'sales'],
    });
  });

  it('builds a mysql config', () => {
    expect(providerConfigFromOptions('my', { mysql: 'mysql://root@127.0.0.1:3306/test' })).toMatchObject({
      kind: 'mysql',
      url: 'mysql://root@127.0.0.1:3306/test',
    });
  });

  it('splits duckdb paths into a database file and data files', () => {
    const config = providerConfigFromOptions('sales', { duckdb: ['/data/warehouse.duckdb', '/data/*.csv'] });
    expect(config).toEqual({
      id: 'sales',
      kind: 'duckdb',
      database: '/data/warehouse.duckdb',
      files: ['/data/*.csv'],
    });
  });

  it('refuses no kind, two kinds and a bad id with INVALID_REQUEST', () => {
    expect(() => providerConfigFromOptions('x', {})).toThrow(/exactly one/);
    expect(() => providerConfigFromOptions('x', { mysql: 'mysql://a', postgres: 'postgres://b' })).toThrow(
      /exactly one/,
    );
    expect(() => providerConfigFromOptions('bad id!', { mysql: 'mysql://a' })).toThrow(/provider id/);
  });
});
