/** Notes on writing SQL for SQLite, given to generators in prompts. */
export const SQLITE_DIALECT_NOTES: readonly string[] = [
  'Quote table and column names with double quotes ("Home Town"); write text values in single quotes (\'France\'). Double-quoted text is always a name, never a string.',
  'Limit rows with LIMIT n (and OFFSET m); there is no TOP or FETCH FIRST.',
  "Dates are stored as TEXT ('YYYY-MM-DD' or 'YYYY-MM-DD HH:MM:SS'), REAL Julian days or INTEGER Unix seconds. Use date(), datetime(), strftime('%Y', col) for the year and strftime('%m', col) for the month, strftime('%Y-%m', col) to group by month, julianday(a) - julianday(b) for a difference in days, and date('now', '-7 days') for relative dates. ISO text compares in date order, so a range is col >= '2024-01-01' AND col < '2025-01-01' (a timestamp on 2024-12-31 is still in it). There is no YEAR(), MONTH(), EXTRACT, DATE_TRUNC, DATEDIFF or INTERVAL.",
  "Concatenate text with ||, e.g. first_name || ' ' || last_name.",
  "LIKE ignores case for ASCII letters only; GLOB is case-sensitive; compare lower(col) = lower('x') for case-insensitive equality. There is no ILIKE.",
  'Booleans are integers 0 and 1 (TRUE and FALSE mean 1 and 0).',
  'Integer division truncates: write CAST(a AS REAL) / b for a fraction. Cast with CAST(x AS INTEGER | REAL | TEXT); there are no :: casts.',
  'Use IFNULL or COALESCE, IIF(condition, a, b) or CASE. NULLS FIRST and NULLS LAST work in ORDER BY.',
  'Write exactly one read-only SELECT (WITH … SELECT allowed); no PRAGMA, ATTACH or statements that change data.',
];

/** The notes for one database, with the join note matching its SQLite version (RIGHT/FULL JOIN arrived in 3.39). */
export function sqliteDialectNotes(version?: string): readonly string[] {
  const [major = 0, minor = 0] = (version ?? '').split('.').map((part) => Number.parseInt(part, 10) || 0);
  const joins =
    major > 3 || (major === 3 && minor >= 39)
      ? `RIGHT and FULL OUTER JOIN work (SQLite ${version ?? ''}), but LEFT JOIN with the tables in the other order is the most portable form.`
      : 'There is no RIGHT JOIN or FULL OUTER JOIN (SQLite before 3.39): use LEFT JOIN with the tables in the other order.';
  return [...SQLITE_DIALECT_NOTES, joins];
}
