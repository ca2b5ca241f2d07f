import { describe, expect, it } from 'vitest';
import { findDateRanges, isoDate } from './date-ranges.js';

const now = new Date('2025-11-12T10:00:00Z');
const range = (
  text: string,
): { start?: string; end?: string; relation: string; label: string } | undefined => {
  const found = findDateRanges(text, now)[0];
  if (!found) return undefined;
  return {
    start: found.start && isoDate(found.start),
    end: found.end && isoDate(found.end),
    relation: found.relation,
    label: found.label,
  };
};

describe('findDateRanges', () => {
  it('turns "last month" into the previous calendar month, half-open', () => {
    expect(range('How many orders were placed last month?')).toMatchObject({
      start: '2025-10-01',
      end: '2025-11-01',
      label: 'between 1 and 31 October 2025',
    });
  });

  it('reads bare years after a preposition', () => {
    expect(range('payments in 2024')).toMatchObject({
      start: '2024-01-01',
      end: '2025-01-01',
      label: 'in 2024',
    });
    expect(range('customers since 2023')).toMatchObject({
      start: '2023-01-01',
      end: undefined,
      relation: 'since',
    });
  });

  it('reads "before" and "after" a year as open ranges', () => {
    expect(range('books published before 1980')).toMatchObject({
      start: undefined,
      end: '1980-01-01',
      relation: 'before',
    });
    expect(range('books published after 1980')).toMatchObject({
      start: '1981-01-01',
      end: undefined,
      relation: 'after',
    });
  });

  it('reads rolling windows ending today', () => {
    expect(range('orders in the last 30 days')).toMatchObject({ start: '2025-10-13', end: '2025-11-13' });
  });

  it('reads quarters with and without a year', () => {
    expect(range('sales in Q3 2024')).toMatchObject({ start: '2024-07-01', end: '2024-10-01' });
    expect(range('sales in the first quarter of 2024')).toMatchObject({
      start: '2024-01-01',
      end: '2024-04-01',
    });
  });

  it('joins "between A and B" into one range and takes the year from B', () => {
    expect(range('orders between January and March 2024')).toMatchObject({
      start: '2024-01-01',
      end: '2024-04-01',
      relation: 'between',
    });
    expect(range('between 1985 and 1990')).toMatchObject({
      start: '1985-01-01',
      end: '1991-01-01',
      label: 'between 1985 and 1990',
    });
  });

  it('reads decades and single days', () => {
    expect(range('films from the 1990s')).toMatchObject({ start: '1990-01-01', end: '2000-01-01' });
    expect(range('orders on 2024-03-05')).toMatchObject({ start: '2024-03-05', end: '2024-03-06' });
  });

  it('does not read quantities or titles as years', () => {
    expect(range('customers with more than 2000 points')).toBeUndefined();
    expect(range('Who wrote 1984?')).toBeUndefined();
  });

  it('counts "last quarter" and "this quarter" from the current calendar quarter', () => {
    expect(range('visits cancelled last quarter')).toMatchObject({
      start: '2025-07-01',
      end: '2025-10-01',
      label: 'in Q3 2025',
    });
    expect(range('loans in the previous quarter')).toMatchObject({ start: '2025-07-01', end: '2025-10-01' });
    expect(range('loans this quarter')).toMatchObject({ start: '2025-10-01', end: '2026-01-01' });
    expect(findDateRanges('fines last quarter', new Date('2026-02-10T00:00:00Z'))[0]?.label).toBe(
      'in Q4 2025',
    );
    expect(range('the last quarter of 2023')).toMatchObject({ start: '2023-10-01', end: '2024-01-01' });
  });

  it('ignores "now" at the start of a follow-up', () => {
    expect(range('now only for 2024')).toMatchObject({ start: '2024-01-01', end: '2025-01-01' });
  });
});
