/** Notes on writing SQL for PostgreSQL, given to generators in prompts. */
export const POSTGRES_DIALECT_NOTES: readonly string[] = [
  'Names without double quotes are folded to lower case: Users, USERS and users all mean users. A table or column whose name has capitals, spaces or symbols must be written in double quotes exactly as stored ("OrderDate", "Home Town"). Text values go in single quotes (\'France\'); double quotes never make a string.',
  'Reserved words used as names (user, order, group, limit, offset, only, analyze) must be double-quoted too: SELECT "user", "order" FROM events.',
  'Tables outside the public schema are named schema.table (sales.orders); write them that way, quoting each part separately when needed ("Sales"."Orders").',
  'Limit rows with LIMIT n (and OFFSET m); there is no TOP. FETCH FIRST n ROWS ONLY also works.',
  "Dates and times: date_trunc('month', created_at) truncates; EXTRACT(YEAR FROM created_at) (or MONTH, DOW, EPOCH …) takes a part; now(), current_date and current_timestamp give the present; intervals are written INTERVAL '1 month' or INTERVAL '7 days' (current_date - INTERVAL '30 days'); subtracting two dates gives days as an integer; age(a, b) gives an interval; to_char(ts, 'YYYY-MM') formats; DATE '2024-01-31' is a date literal.",
  "ILIKE matches case-insensitively (name ILIKE '%smith%'); LIKE is case-sensitive; ~ and ~* match regular expressions.",
  'Cast with ::type (price::numeric, created_at::date, id::text) or CAST(x AS type).',
  'Booleans are TRUE and FALSE (WHERE is_active, WHERE NOT is_active); do not compare them with 1 and 0.',
  'Dividing two integers truncates (7 / 2 = 3): cast one side, e.g. count(*)::numeric / total or 100.0 * a / b, and round(x, 2) works on numeric (round(avg(price)::numeric, 2)).',
  'ORDER BY … DESC puts NULLs first: write DESC NULLS LAST to put them at the end (NULLS FIRST is the opposite).',
  "Concatenate text with || or concat(); use COALESCE, NULLIF and CASE; string_agg(name, ', ') and array_agg(x) aggregate; DISTINCT ON (key) keeps one row per key; FILTER (WHERE …) restricts an aggregate.",
  'Every column in SELECT that is not aggregated must appear in GROUP BY (or be functionally dependent on a grouped primary key).',
  'Write exactly one read-only SELECT (WITH … SELECT allowed); no statements that change data or settings, no SELECT … INTO, no FOR UPDATE.',
];

/** The notes for one server, mentioning its version when known. */
export function postgresDialectNotes(serverVersion?: string): readonly string[] {
  if (serverVersion === undefined || serverVersion === '') return POSTGRES_DIALECT_NOTES;
  return [...POSTGRES_DIALECT_NOTES, `The server is PostgreSQL ${serverVersion}.`];
}
