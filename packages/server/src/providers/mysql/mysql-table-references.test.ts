import { describe, expect, it } from 'vitest';
import { tokenizeMysql } from './mysql-lexer.js';
import { tokenTableReferences } from './mysql-table-references.js';

const references = (sql: string) => {
  const { tables, ctes } = tokenTableReferences(tokenizeMysql(sql).tokens);
  return {
    tables: tables.map((table) => (table.database ? `${table.database}.${table.table}` : table.table)),
    ctes: [...ctes],
  };
};

describe('tokenTableReferences', () => {
  it('reads tables after FROM, JOIN and the commas of a FROM list, with their database', () => {
    expect(
      references(
        'SELECT a, b FROM t1 AS x, `db`.`t2` y JOIN t3 ON t3.id = x.id LEFT JOIN other.t4 USING (id) WHERE a IN (1, 2)',
      ),
    ).toEqual({ tables: ['t1', 'db.t2', 't3', 'other.t4'], ctes: [] });
  });

  it('follows subqueries and CTEs, and skips FROM inside function calls', () => {
    expect(
      references(
        'WITH a AS (SELECT * FROM t1), b (x) AS (SELECT y FROM t2) SELECT EXTRACT(YEAR FROM d), TRIM(LEADING 0 FROM s) FROM a, (SELECT * FROM t3) d WHERE x IN (SELECT z FROM t4)',
      ),
    ).toEqual({ tables: ['t1', 't2', 'a', 't3', 't4'], ctes: ['a', 'b'] });
  });

  it('skips table functions such as JSON_TABLE', () => {
    expect(
      references("SELECT * FROM JSON_TABLE('[1]', '$[*]' COLUMNS (v INT PATH '$')) AS jt, t1").tables,
    ).toEqual(['t1']);
  });

  it('does not read keywords of a broken query as tables', () => {
    expect(references('SELECT name FROM FROM customers').tables).toEqual(['customers']);
    expect(references('SELECT name FROM WHERE x').tables).toEqual([]);
  });
});
