/** A result value in a form every engine agrees on. */
export type NormalValue = string | number | null;

const NUMBER = /^-?\d+(?:\.\d+)?$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}:\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Numbers to 4 decimals: 1.1 + 2.2 in floating point then equals the exact DECIMAL sum, and
 * MySQL's quotients (4 more decimals than the dividend: 65 * 1.0 / 18 = 3.61111) equal the others'.
 */
const round = (value: number): number => Math.round(value * 1e4) / 1e4 + 0;

function dateText(day: string, time: string | undefined): string {
  return time === undefined || time === '00:00:00' ? day : `${day}T${time}`;
}

/**
 * One value as every engine would give it: numbers whatever their type (2, '2', 2n, 2.0 → 2),
 * booleans as 1 and 0, dates and timestamps as ISO text (a midnight timestamp as its date).
 */
export function normalizeValue(value: unknown): NormalValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return round(value);
  if (value instanceof Date) {
    const iso = value.toISOString();
    return dateText(iso.slice(0, 10), iso.slice(11, 19));
  }
  if (typeof value === 'string') {
    if (NUMBER.test(value)) return round(Number(value));
    const date = DATE_TIME.exec(value);
    if (date) return dateText(date[1] ?? '', date[2]);
    return value;
  }
  return JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'bigint' ? Number(inner) : inner));
}

/** Normalised rows; sorted unless the query's order is part of the answer. */
export function normalizeRows(rows: readonly (readonly unknown[])[], ordered: boolean): NormalValue[][] {
  const normal = rows.map((row) => row.map(normalizeValue));
  if (ordered) return normal;
  const keyed = normal.map((row) => ({ row, key: JSON.stringify(row) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map(({ row }) => row);
}

/** Whether the outer query orders its rows (an ORDER BY outside any parenthesis). */
export function isOrdered(sql: string): boolean {
  let depth = 0;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (c === "'") {
      const end = sql.indexOf("'", i + 1);
      i = end < 0 ? sql.length : end;
    } else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0 && sql.startsWith(' ORDER BY ', i)) return true;
  }
  return false;
}
