import { describe, expect, it } from 'vitest';
import { compareDefogResults } from './defog-result-comparison.js';
import type { ResultSet } from './result-set.js';
import { rows } from './test-support/scripted-query-executor.js';

const same = (gold: ResultSet, predicted: ResultSet, orderMatters = false): boolean =>
  compareDefogResults(gold, predicted, { orderMatters });

describe('compareDefogResults', () => {
  it('accepts identical results', () => {
    expect(same(rows([1, 'a'], [2, 'b']), rows([1, 'a'], [2, 'b']))).toBe(true);
  });

  it('drops duplicate rows before comparing', () => {
    expect(same(rows(['a'], ['b']), rows(['a'], ['a'], ['b']))).toBe(true);
    expect(same(rows(['a'], ['a'], ['b']), rows(['b'], ['a']))).toBe(true);
  });

  it('allows extra predicted columns', () => {
    expect(same(rows(['ann'], ['bob']), rows([1, 'ann', 9.5], [2, 'bob', 3]))).toBe(true);
  });

  it('accepts extra columns that split a gold row into several', () => {
    // After projecting onto the gold column and dropping duplicates, the sets agree.
    expect(same(rows(['ann'], ['bob']), rows(['ann', 1], ['ann', 2], ['bob', 3]))).toBe(true);
  });

  it('requires every gold column among the predicted columns', () => {
    expect(same(rows(['ann', 1]), rows(['ann']))).toBe(false);
    expect(same(rows(['ann', 1]), rows(['ann', 2]))).toBe(false);
  });

  it('needs one predicted column per gold column, even for equal gold columns', () => {
    expect(same(rows([1, 1], [2, 2]), rows([1], [2]))).toBe(false);
    expect(same(rows([1, 1], [2, 2]), rows([1, 1], [2, 2]))).toBe(true);
  });

  it('keeps values paired by row when matching columns', () => {
    expect(same(rows(['ann', 1], ['bob', 2]), rows(['ann', 2, 1], ['bob', 1, 2]))).toBe(true);
    expect(same(rows(['ann', 1], ['bob', 2]), rows(['ann', 2], ['bob', 1]))).toBe(false);
  });

  it('rejects a prediction with fewer or extra distinct rows', () => {
    expect(same(rows(['a'], ['b']), rows(['a']))).toBe(false);
    expect(same(rows(['a'], ['b']), rows(['a'], ['b'], ['c']))).toBe(false);
  });

  it('ignores order unless asked, then compares first occurrences in order', () => {
    expect(same(rows(['a'], ['b']), rows(['b'], ['a']))).toBe(true);
    expect(same(rows(['a'], ['b']), rows(['b'], ['a']), true)).toBe(false);
    expect(same(rows(['a'], ['b']), rows(['a'], ['a'], ['b']), true)).toBe(true);
    expect(same(rows(['a'], ['b']), rows(['a', 1], ['b', 2], ['a', 3]), true)).toBe(true);
  });

  it('treats two empty results as equal and empty against rows as different', () => {
    expect(same({ columns: ['a'], rows: [] }, { columns: ['x', 'y'], rows: [] })).toBe(true);
    expect(same({ columns: ['a'], rows: [] }, rows([1]))).toBe(false);
    expect(same(rows([1]), { columns: ['a'], rows: [] })).toBe(false);
  });

  it('compares values as Spider does: 1 equals 1.0, text differs from numbers, null only null', () => {
    expect(same(rows([1]), rows([1.0]))).toBe(true);
    expect(same(rows([1]), rows(['1']))).toBe(false);
    expect(same(rows([null]), rows([null, 'x']))).toBe(true);
    expect(same(rows([null]), rows([0]))).toBe(false);
    expect(same(rows([0.5]), rows([0.5000001]))).toBe(false);
  });
});
