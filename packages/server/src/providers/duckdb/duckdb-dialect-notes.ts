/** Notes on writing SQL for DuckDB, given to generators in prompts. */
export const DUCKDB_DIALECT_NOTES: readonly string[] = [
  'Quote table and column names with double quotes ("Home Town"); write text values in single quotes (\'France\'). Double-quoted text is always a name, never a string. Unquoted names are case-insensitive.',
  'Limit rows with LIMIT n (and OFFSET m); there is no TOP.',
  "Dates and times are real DATE, TIMESTAMP and TIMESTAMPTZ values. Use date_trunc('month', col) to group by month, year(col), month(col), extract(year FROM col), strftime(col, '%Y-%m') to format, DATE '2024-01-31' for a date literal, and col >= current_date - INTERVAL 30 DAY or col + INTERVAL 1 MONTH for relative dates (INTERVAL '1 month' works too). date_diff('day', a, b) counts days between dates.",
  "ILIKE matches case-insensitively (name ILIKE '%smith%'); LIKE is case-sensitive. Concatenate text with || or concat().",
  'Cast with :: (amount::DOUBLE, code::VARCHAR) or CAST(x AS type); TRY_CAST(x AS type) gives NULL instead of an error.',
  'Integer division with / gives a fraction (7 / 2 = 3.5); use // for integer division (7 // 2 = 3).',
  "Lists and structs are values: [1, 2, 3], list_contains(tags, 'x'), unnest(tags) to turn a list into rows, {'a': 1} and s.a for a struct field.",
  'Filter on window functions with QUALIFY (… QUALIFY row_number() OVER (PARTITION BY g ORDER BY v DESC) = 1); GROUP BY ALL groups by every non-aggregated column; SELECT * EXCLUDE (col) drops a column; count(*) FILTER (WHERE cond) counts conditionally.',
  'Booleans are TRUE and FALSE. Use COALESCE for defaults; NULLS FIRST and NULLS LAST work in ORDER BY.',
  'Write exactly one read-only SELECT (WITH … SELECT and FROM-first "FROM t SELECT …" allowed); no DESCRIBE, SUMMARIZE, SHOW, PRAGMA, SET, COPY, ATTACH or statements that change data. Read the listed tables by name; file functions such as read_csv only accept the provider\'s own files.',
];

/** The notes for one provider, naming the DuckDB version. */
export function duckdbDialectNotes(version?: string): readonly string[] {
  return version === undefined || version === ''
    ? DUCKDB_DIALECT_NOTES
    : [...DUCKDB_DIALECT_NOTES, `The database is DuckDB ${version}.`];
}
