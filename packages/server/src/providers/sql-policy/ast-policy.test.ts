import sqliteParser from 'node-sql-parser/build/sqlite.js';
import { describe, expect, it } from 'vitest';
import { checkAstPolicy } from './ast-policy.js';
import { SQLITE_DENY_LIST } from './sqlite-deny-list.js';

const parser = new sqliteParser.Parser();
const check = (sql: string) =>
  checkAstPolicy(parser.astify(sql, { database: 'sqlite' }), SQLITE_DENY_LIST).map(
    (violation) => violation.message,
  );

describe('checkAstPolicy', () => {
  it('accepts selects with joins, subqueries, CTEs and set operations', () => {
    expect(
      check(
        'WITH x AS (SELECT a FROM t) SELECT x.a FROM x JOIN u ON u.a = x.a WHERE x.a IN (SELECT b FROM v) UNION SELECT 1',
      ),
    ).toEqual([]);
  });

  it('rejects more than one statement', () => {
    expect(check('SELECT 1; SELECT 2')).toContain('Only one statement is allowed, but the query has 2.');
  });

  it('rejects a root statement that is not a select', () => {
    expect(check('DROP TABLE t')).toEqual([
      'Only SELECT queries are allowed, but this is a DROP statement.',
      'DROP is not allowed because it changes the schema.',
    ]);
    expect(check("ATTACH DATABASE 'x' AS y")[0]).toBe(
      'Only SELECT queries are allowed, but this is an ATTACH statement.',
    );
  });

  it('rejects a write nested anywhere in the tree', () => {
    expect(check('SELECT 1; DELETE FROM t')).toContain('DELETE is not allowed because it changes data.');
  });

  it('rejects denied functions in any position', () => {
    expect(check("SELECT a FROM t WHERE b = (SELECT max(readfile('/etc/passwd')) FROM u)")).toEqual([
      'The function readfile() is not allowed because it reads files on the server.',
    ]);
    expect(check("SELECT * FROM pragma_table_info('t')")).toEqual([
      'The function pragma_table_info() is not allowed because it reads database settings through a pragma.',
    ]);
  });

  it('rejects denied tables in FROM and JOIN', () => {
    expect(check('SELECT * FROM t JOIN dbstat ON 1')).toEqual([
      'The table dbstat is not allowed because it exposes raw page statistics of the database file.',
    ]);
  });

  it('rejects SELECT … INTO when the parser reads it', () => {
    const ast = {
      type: 'select',
      columns: [],
      into: { type: 'into', expr: { type: 'default', value: 'copy' }, position: 'column' },
    };
    expect(checkAstPolicy(ast, SQLITE_DENY_LIST).map((violation) => violation.message)).toEqual([
      'SELECT … INTO is not allowed because it writes rows into a table or a file.',
    ]);
  });
});
