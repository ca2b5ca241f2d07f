import { describe, expect, it } from 'vitest';
import type { ResultSet } from './result-set.js';
import { compareSpiderResults } from './spider-result-comparison.js';
import { rows } from './test-support/scripted-query-executor.js';

const unordered = { orderMatters: false };
const ordered = { orderMatters: true };
const same = (a: ResultSet, b: ResultSet, options = unordered): boolean =>
  compareSpiderResults(a, b, options);

describe('compareSpiderResults', () => {
  it('treats two empty results as equal whatever their columns', () => {
    expect(same({ columns: ['a'], rows: [] }, { columns: ['a', 'b', 'c'], rows: [] })).toBe(true);
  });

  it('rejects an empty prediction for a non-empty gold and the reverse', () => {
    expect(same(rows([1]), { columns: ['a'], rows: [] })).toBe(false);
    expect(same({ columns: ['a'], rows: [] }, rows([1]))).toBe(false);
  });

  it('ignores column names', () => {
    expect(same({ columns: ['count(*)'], rows: [[3]] }, { columns: ['total'], rows: [[3]] })).toBe(true);
  });

  it('requires the same number of columns', () => {
    expect(same(rows([1]), rows([1, 1]))).toBe(false);
    expect(same(rows([1, 2]), rows([1]))).toBe(false);
  });

  it('accepts a permutation of the predicted columns', () => {
    expect(same(rows([1, 'a', 2.5], [2, 'b', 3.5]), rows(['a', 2.5, 1], ['b', 3.5, 2]))).toBe(true);
  });

  it('rejects columns whose values are permuted across rows', () => {
    // Same per-column multisets, different pairing of values in rows.
    expect(same(rows([1, 'a'], [2, 'b']), rows([1, 'b'], [2, 'a']))).toBe(false);
  });

  it('finds the right assignment among columns with equal multisets', () => {
    const gold = rows([1, 2, 'x'], [2, 1, 'y']);
    // Columns 0 and 1 hold the same multiset {1,2}; only the swap matches.
    expect(same(gold, rows([2, 1, 'x'], [1, 2, 'y']))).toBe(true);
    expect(same(gold, rows([2, 1, 'y'], [1, 2, 'x']))).toBe(true);
    expect(same(gold, rows([1, 1, 'x'], [2, 2, 'y']))).toBe(false);
  });

  it('rejects rows that hold the same values when no single column order fits every row', () => {
    expect(same(rows([1, 2], [3, 4]), rows([1, 2], [4, 3]))).toBe(false);
  });

  it('handles identical columns without trying every order', () => {
    const width = 10;
    const gold = rows(...Array.from({ length: 50 }, (_, r) => Array.from({ length: width }, () => r)));
    const predicted = rows(...gold.rows.map((row) => [...row]).reverse());
    const started = performance.now();
    expect(same(gold, predicted)).toBe(true);
    expect(same(gold, rows(...predicted.rows.map((row, r) => (r === 0 ? [...row.slice(1), -1] : row))))).toBe(
      false,
    );
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('handles many columns with the same values in different rows quickly', () => {
    // 8 columns that are rotations of each other: equal multisets, one right assignment.
    const width = 8;
    const gold = rows(
      ...Array.from({ length: width }, (_, r) => Array.from({ length: width }, (_, c) => (r + c) % width)),
    );
    const order = [3, 7, 1, 0, 6, 2, 5, 4];
    const predicted = rows(...gold.rows.map((row) => order.map((c) => row[c]!)));
    const started = performance.now();
    expect(same(gold, predicted)).toBe(true);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('compares rows as a multiset when order does not matter: duplicates count', () => {
    expect(same(rows([1], [1], [2]), rows([2], [1], [1]))).toBe(true);
    expect(same(rows([1], [1], [2]), rows([1], [2], [2]))).toBe(false);
    expect(same(rows([1], [2]), rows([1], [2], [2]))).toBe(false);
  });

  it('requires the same row order when order matters', () => {
    expect(same(rows([1, 'a'], [2, 'b']), rows([1, 'a'], [2, 'b']), ordered)).toBe(true);
    expect(same(rows([1, 'a'], [2, 'b']), rows([2, 'b'], [1, 'a']), ordered)).toBe(false);
    expect(same(rows([1, 'a'], [2, 'b']), rows(['a', 1], ['b', 2]), ordered)).toBe(true);
  });

  it('compares numbers by value: 1 equals 1.0, and integers beyond 2^53 exactly', () => {
    expect(same(rows([1]), rows([1.0]))).toBe(true);
    expect(same(rows([1n << 60n]), rows([2 ** 60]))).toBe(true);
    expect(same(rows([(1n << 60n) + 1n]), rows([2 ** 60]))).toBe(false);
    expect(same(rows([0]), rows([-0]))).toBe(true);
  });

  it('does not treat a number and its text as equal', () => {
    expect(same(rows([1]), rows(['1']))).toBe(false);
    expect(same(rows(['1.0']), rows([1]))).toBe(false);
  });

  it('compares floats exactly', () => {
    expect(same(rows([0.1 + 0.2]), rows([0.3]))).toBe(false);
    expect(same(rows([2.5]), rows([2.5]))).toBe(true);
  });

  it('treats null as a value equal only to null', () => {
    expect(same(rows([null, 1]), rows([1, null]))).toBe(true);
    expect(same(rows([null]), rows([0]))).toBe(false);
    expect(same(rows([null]), rows(['']))).toBe(false);
    expect(same(rows(['null']), rows([null]))).toBe(false);
  });

  it('compares blobs by content', () => {
    expect(same(rows([new Uint8Array([1, 2])]), rows([Buffer.from([1, 2])]))).toBe(true);
    expect(same(rows([new Uint8Array([1, 2])]), rows([new Uint8Array([2, 1])]))).toBe(false);
  });

  it('does not confuse values that look alike once joined', () => {
    expect(same(rows(['a,b', 'c']), rows(['a', 'b,c']))).toBe(false);
    expect(same(rows(['a', 'b']), rows(['b', 'a']))).toBe(true);
  });
});
