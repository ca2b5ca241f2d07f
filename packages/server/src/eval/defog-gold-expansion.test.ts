import { describe, expect, it } from 'vitest';
import { expandDefogGold } from './defog-gold-expansion.js';

describe('expandDefogGold', () => {
  it('splits alternatives on semicolons and drops empty ones', () => {
    expect(expandDefogGold('SELECT a FROM t;SELECT b FROM t; ;')).toEqual([
      'SELECT a FROM t',
      'SELECT b FROM t',
    ]);
  });

  it('does not split on a semicolon inside a string literal', () => {
    expect(expandDefogGold("SELECT 'a;b' AS x;SELECT 'it''s' AS y;")).toEqual([
      "SELECT 'a;b' AS x",
      "SELECT 'it''s' AS y",
    ]);
  });

  it('expands braces to every non-empty subset in itertools order', () => {
    expect(expandDefogGold('SELECT {u.id, u.name} FROM u')).toEqual([
      'SELECT u.id FROM u',
      'SELECT u.name FROM u',
      'SELECT u.id, u.name FROM u',
    ]);
  });

  it('fills GROUP BY {} with the same columns', () => {
    expect(expandDefogGold('SELECT {a.x,a.y}, count(*) FROM a GROUP BY {} ORDER BY 2')).toEqual([
      'SELECT a.x, count(*) FROM a GROUP BY a.x ORDER BY 2',
      'SELECT a.y, count(*) FROM a GROUP BY a.y ORDER BY 2',
      'SELECT a.x, a.y, count(*) FROM a GROUP BY a.x, a.y ORDER BY 2',
    ]);
  });

  it('expands three options to seven queries and each alternative separately', () => {
    const expanded = expandDefogGold('SELECT {a, b, c} FROM t;SELECT {d, e} FROM u');
    expect(expanded).toHaveLength(7 + 3);
    expect(expanded).toContain('SELECT a, b, c FROM t');
    expect(expanded).toContain('SELECT d, e FROM u');
  });

  it('drops duplicate expansions', () => {
    expect(expandDefogGold('SELECT a FROM t;SELECT a FROM t')).toEqual(['SELECT a FROM t']);
  });
});
