import { loadModule, parseSync } from 'libpg-query';
import { beforeAll, describe, expect, it } from 'vitest';
import { POSTGRES_DENY_LIST } from '../sql-policy/index.js';
import { bytePositionMapper } from './postgres-ast.js';
import { checkPostgresAstPolicy, describePostgresStatement } from './postgres-ast-policy.js';

const check = (sql: string) =>
  checkPostgresAstPolicy(parseSync(sql), POSTGRES_DENY_LIST, bytePositionMapper(sql));

beforeAll(async () => {
  await loadModule();
});

describe('checkPostgresAstPolicy', () => {
  it('accepts SELECT, WITH … SELECT, set operations, VALUES and TABLE', () => {
    for (const sql of [
      'SELECT 1',
      'WITH x AS (SELECT 1) SELECT * FROM x',
      'SELECT 1 UNION ALL SELECT 2 EXCEPT SELECT 3',
      'VALUES (1), (2)',
      'TABLE customers',
    ]) {
      expect(check(sql), sql).toEqual([]);
    }
  });

  it('finds a data-modifying statement deep inside a subquery', () => {
    expect(
      check('SELECT * FROM (SELECT * FROM (WITH d AS (UPDATE t SET a = 1 RETURNING *) SELECT * FROM d) x) y'),
    ).toEqual([
      {
        kind: 'policy',
        message:
          'A WITH query "d" holding UPDATE is not allowed because it changes data even inside a SELECT.',
        position: 36,
      },
    ]);
  });

  it('finds denied functions in any clause, with the position of the call', () => {
    expect(check('SELECT 1 FROM t GROUP BY a HAVING max(pg_advisory_lock(1)) > 0')).toEqual([
      {
        kind: 'policy',
        message:
          'The function pg_advisory_lock() is not allowed because it takes or releases advisory locks that outlive the query.',
        position: 39,
      },
    ]);
  });

  it('names statements it has no entry for from their node type', () => {
    expect(describePostgresStatement('CreateSchemaStmt', {})).toEqual({
      keyword: 'CREATE SCHEMA',
      reason: 'changes the schema, permissions or stored objects',
    });
    expect(check('ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO PUBLIC')[0]?.message).toMatch(
      /^ALTER DEFAULT PRIVILEGES is not allowed because it/,
    );
  });

  it('rejects an empty parse as an empty query', () => {
    expect(check('-- nothing')).toEqual([{ kind: 'syntax', message: 'The query is empty.' }]);
  });
});
