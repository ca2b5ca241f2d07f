import { describe, expect, it } from 'vitest';
import {
  normalizeSpacedOperators,
  prepareSpiderQuery,
  removeDistinct,
  replaceCurrentYear,
  spiderOrderMatters,
} from './spider-query-normalization.js';

describe('normalizeSpacedOperators', () => {
  it('joins spaced comparison operators as the official postprocess does', () => {
    expect(normalizeSpacedOperators('a > = 1 AND b < = 2 AND c ! = 3')).toBe('a >= 1 AND b <= 2 AND c != 3');
  });

  it('leaves joined operators and other spacing alone', () => {
    expect(normalizeSpacedOperators('a >= 1 AND b  =  2 AND c > 3')).toBe('a >= 1 AND b  =  2 AND c > 3');
  });
});

describe('removeDistinct', () => {
  it('removes the DISTINCT keyword in any case and position', () => {
    expect(removeDistinct('SELECT DISTINCT a FROM t')).toBe('SELECT  a FROM t');
    expect(removeDistinct('select count(distinct a) from t')).toBe('select count( a) from t');
    expect(removeDistinct('SELECT Distinct(a) FROM t')).toBe('SELECT (a) FROM t');
  });

  it('keeps the word inside literals, quoted names and longer words', () => {
    const sql = `SELECT "distinct", distinct_count FROM t WHERE x = 'distinct' -- distinct`;
    expect(removeDistinct(sql)).toBe(sql);
  });
});

describe('spiderOrderMatters', () => {
  it('is true when the gold contains "order by" in any case', () => {
    expect(spiderOrderMatters('SELECT a FROM t ORDER BY a')).toBe(true);
    expect(spiderOrderMatters('select a from (select a from t order by a limit 3)')).toBe(true);
    expect(spiderOrderMatters('SELECT a FROM t')).toBe(false);
  });
});

describe('replaceCurrentYear', () => {
  it('replaces YEAR(CURDATE()) with 2020 as the official executor does', () => {
    expect(replaceCurrentYear('SELECT YEAR(CURDATE()) - age FROM t')).toBe('SELECT 2020- age FROM t');
  });
});

describe('prepareSpiderQuery', () => {
  it('removes DISTINCT by default and keeps it on request', () => {
    expect(prepareSpiderQuery('SELECT DISTINCT a FROM t WHERE b > = 1', { keepDistinct: false })).toBe(
      'SELECT  a FROM t WHERE b >= 1',
    );
    expect(prepareSpiderQuery('SELECT DISTINCT a FROM t WHERE b > = 1', { keepDistinct: true })).toBe(
      'SELECT DISTINCT a FROM t WHERE b >= 1',
    );
  });
});
