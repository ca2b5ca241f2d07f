import type { ValidationReport } from '@text2x/protocol';
import { describe, expect, it } from 'vitest';
import { ValidationReportCache } from './validation-report-cache.js';

const passed: ValidationReport = { status: 'passed', errors: [], warnings: [] };
const failed: ValidationReport = {
  status: 'failed',
  errors: [{ kind: 'policy', message: 'no writes' }],
  warnings: [],
};

describe('ValidationReportCache', () => {
  it('returns the report stored for the same query and dry-run flag', () => {
    const cache = new ValidationReportCache();
    cache.set('SELECT 1', true, passed);
    expect(cache.get('SELECT 1', true)).toEqual(passed);
    expect(cache.get('SELECT 2', true)).toBeUndefined();
    expect(cache.get('select 1', true)).toBeUndefined(); // the text, exactly
  });

  it('answers a request without dry run from a passed report with one, but not the reverse', () => {
    const cache = new ValidationReportCache();
    cache.set('SELECT 1', true, passed);
    expect(cache.get('SELECT 1', false)).toEqual(passed);
    cache.set('SELECT 2', false, passed);
    expect(cache.get('SELECT 2', true)).toBeUndefined();
  });

  it('never answers a request without dry run from a failed dry-run report', () => {
    const cache = new ValidationReportCache();
    cache.set('SELECT x', true, {
      status: 'failed',
      errors: [{ kind: 'dry_run', message: 'no plan' }],
      warnings: [],
    });
    expect(cache.get('SELECT x', false)).toBeUndefined();
  });

  it('hands out copies: changing a returned report leaves the cached one alone', () => {
    const cache = new ValidationReportCache();
    cache.set('DELETE FROM t', false, failed);
    const first = cache.get('DELETE FROM t', false);
    first?.errors.push({ kind: 'syntax', message: 'added' });
    if (first?.errors[0]) first.errors[0].message = 'changed';
    expect(cache.get('DELETE FROM t', false)).toEqual(failed);
  });

  it('drops the least recently used entry beyond its capacity', () => {
    const cache = new ValidationReportCache(2);
    cache.set('a', false, passed);
    cache.set('b', false, passed);
    cache.get('a', false);
    cache.set('c', false, passed);
    expect(cache.size).toBe(2);
    expect(cache.get('b', false)).toBeUndefined();
    expect(cache.get('a', false)).toEqual(passed);
    expect(cache.get('c', false)).toEqual(passed);
  });

  it('does not keep very long queries, and clear() empties it', () => {
    const cache = new ValidationReportCache();
    cache.set(`SELECT ${'1+'.repeat(5000)}1`, false, passed);
    expect(cache.size).toBe(0);
    cache.set('SELECT 1', false, passed);
    cache.clear();
    expect(cache.size).toBe(0);
  });
});
