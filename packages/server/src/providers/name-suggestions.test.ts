import { describe, expect, it } from 'vitest';
import { suggestNames } from './name-suggestions.js';

describe('suggestNames', () => {
  const columns = ['singer_id', 'name', 'country', 'age', 'birth_date', 'is_active', 'net_worth'];

  it('suggests a close spelling', () => {
    expect(suggestNames('nme', columns)).toEqual(['name']);
    expect(suggestNames('cuntry', columns)).toEqual(['country']);
    expect(suggestNames('agee', columns)).toEqual(['age']);
  });

  it('ignores case, separators and plurals', () => {
    expect(suggestNames('singers', ['Singer', 'concert', 'singer_summary'])).toEqual(['Singer']);
    expect(suggestNames('BirthDate', columns)).toEqual(['birth_date']);
    expect(suggestNames('Home_Town', ['Home Town', 'town_id'])).toEqual(['Home Town']);
  });

  it('suggests a name that contains the unknown one', () => {
    expect(suggestNames('worth', columns)).toEqual(['net_worth']);
  });

  it('suggests nothing when nothing is alike', () => {
    expect(suggestNames('price', columns)).toEqual([]);
    expect(suggestNames('age', ['name'])).toEqual([]);
    expect(suggestNames('', columns)).toEqual([]);
  });

  it('returns at most the limit, best first, each name once', () => {
    expect(suggestNames('name', ['names', 'Name2', 'namex', 'NAMES'], { limit: 2, maxGapToBest: 1 })).toEqual(
      ['names', 'Name2'],
    );
  });
});
