import { describe, expect, it } from 'vitest';
import { PostgresProviderConfig } from './postgres-config.js';

describe('PostgresProviderConfig', () => {
  it('accepts the postgres variant of ProviderConfig with every option', () => {
    const config = {
      id: 'postgres-main',
      kind: 'postgres',
      url: 'postgresql://reader@db.internal:5432/sales',
      passwordEnv: 'SALES_DB_PASSWORD',
      schemas: ['public', 'sales'],
      tls: { rejectUnauthorized: true, caFile: '/etc/ssl/ca.pem' },
      poolSize: 8,
    };
    expect(PostgresProviderConfig.parse(config)).toEqual(config);
    expect(PostgresProviderConfig.safeParse({ id: 'x', url: 'postgres://u@h/db', tls: true }).success).toBe(
      true,
    );
  });

  it('rejects a URL that is not postgres:// or postgresql://', () => {
    const result = PostgresProviderConfig.safeParse({ id: 'x', url: 'mysql://u@h/db' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('postgres://');
  });

  it('rejects a passwordEnv that is not an environment variable name, and a pool of zero', () => {
    expect(
      PostgresProviderConfig.safeParse({ id: 'x', url: 'postgres://h/db', passwordEnv: 'not a name' })
        .success,
    ).toBe(false);
    expect(PostgresProviderConfig.safeParse({ id: 'x', url: 'postgres://h/db', poolSize: 0 }).success).toBe(
      false,
    );
    expect(PostgresProviderConfig.safeParse({ id: 'x', url: 'postgres://h/db', schemas: [] }).success).toBe(
      false,
    );
  });
});
