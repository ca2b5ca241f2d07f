import { describe, expect, it } from 'vitest';
import {
  countComponent1,
  countComponent2,
  countOthers,
  evalSpiderHardness,
  type SpiderSql,
} from './spider-hardness.js';
import { spiderSqlFromQuery } from './spider-sql-from-query.js';

const hardness = (query: string): string | null => {
  const sql = spiderSqlFromQuery(query);
  return sql ? evalSpiderHardness(sql) : null;
};

describe('evalSpiderHardness on queries', () => {
  // Labels taken from Spider's dev.json.
  it.each([
    ['SELECT count(*) FROM singer', 'easy'],
    ['SELECT name ,  country ,  age FROM singer ORDER BY age DESC', 'medium'],
    ['SELECT avg(age) ,  min(age) ,  max(age) FROM singer WHERE country  =  "France"', 'medium'],
    [
      'SELECT T2.name ,  count(*) FROM concert AS T1 JOIN stadium AS T2 ON T1.stadium_id  =  T2.stadium_id GROUP BY T1.stadium_id',
      'medium',
    ],
    ['SELECT name FROM stadium WHERE stadium_id NOT IN (SELECT stadium_id FROM concert)', 'hard'],
    [
      'SELECT country FROM singer WHERE age  >  40 INTERSECT SELECT country FROM singer WHERE age  <  30',
      'hard',
    ],
    [
      'SELECT T2.name ,  T2.capacity FROM concert AS T1 JOIN stadium AS T2 ON T1.stadium_id  =  T2.stadium_id WHERE T1.year  >=  2014 GROUP BY T2.stadium_id ORDER BY count(*) DESC LIMIT 1',
      'extra',
    ],
    ['SELECT song_name FROM singer WHERE age  >  (SELECT avg(age) FROM singer)', 'hard'],
  ])('labels %s as %s', (query, expected) => {
    expect(hardness(query)).toBe(expected);
  });

  it('joins spaced operators before parsing', () => {
    expect(hardness('SELECT count(*) FROM t WHERE a > = 3')).toBe('easy');
  });

  it('returns null for text no grammar parses', () => {
    expect(spiderSqlFromQuery('this is not sql')).toBeNull();
  });

  it('parses a table named like a keyword', () => {
    expect(hardness('SELECT avg(Attendance) FROM SHOW')).toBe('easy');
  });
});

const base = (): SpiderSql => ({
  select: [false, [[0, [0, [0, 0, false], null]]]],
  from: { table_units: [['table_unit', 0]], conds: [] },
  where: [],
  groupBy: [],
  having: [],
  orderBy: [],
  limit: null,
  intersect: null,
  union: null,
  except: null,
});
const cond = (notOp: boolean, opId: number, value: unknown = 'v'): SpiderSql['where'][number] => [
  notOp,
  opId,
  [0, [0, 0, false], null],
  value,
  null,
];

describe('the eval_hardness port on parsed structures', () => {
  it('counts joins, OR and LIKE in component 1', () => {
    const sql = base();
    sql.from.table_units.push(['table_unit', 1], ['table_unit', 2]);
    sql.where = [cond(false, 9), 'or', cond(false, 2)];
    // where (1) + two extra tables (2) + one OR (1) + one LIKE (1)
    expect(countComponent1(sql)).toBe(5);
  });

  it('counts nested queries in conditions and set operations in component 2, not FROM subqueries', () => {
    const sql = base();
    sql.where = [cond(false, 8, base())];
    sql.union = base();
    sql.from.table_units.push(['sql', base()]);
    expect(countComponent2(sql)).toBe(2);
  });

  it('keeps the original quirks: NOT conditions and HAVING connectors count as aggregates', () => {
    const sql = base();
    sql.where = [cond(true, 8, 'v')];
    expect(countOthers(sql)).toBe(0); // one "aggregate" is not more than one
    sql.having = [cond(false, 3), 'and', cond(false, 3)];
    // NOT IN (1) + the 'and' connector (1) = 2 > 1
    expect(countOthers(sql)).toBe(1);
  });

  it('counts aggregates in ORDER BY value units', () => {
    const sql = base();
    sql.select = [false, [[3, [0, [0, 0, false], null]]]];
    sql.orderBy = ['desc', [[1, [4, 0, false], [4, 1, false]]]];
    expect(countOthers(sql)).toBe(1);
  });

  it('maps the counts to the four levels', () => {
    expect(evalSpiderHardness(base())).toBe('easy');
    const medium = base();
    medium.select[1].push([0, [0, [0, 1, false], null]]);
    medium.where = [cond(false, 2)];
    expect(evalSpiderHardness(medium)).toBe('medium');
    const hard = base();
    hard.where = [cond(false, 8, base())];
    expect(evalSpiderHardness(hard)).toBe('hard');
    const extra = base();
    extra.where = [cond(false, 8, base())];
    extra.orderBy = ['asc', [[0, [0, 0, false], null]]];
    extra.limit = 1;
    expect(evalSpiderHardness(extra)).toBe('extra');
  });
});
