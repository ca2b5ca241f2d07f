import type { MysqlFlavor } from './mysql-session-pool.js';

/** Notes on writing SQL for MySQL and MariaDB, given to generators in prompts. */
export const MYSQL_DIALECT_NOTES: readonly string[] = [
  "Quote table and column names with backticks (`order details`); write text values in single quotes ('France'). Double quotes also make a text value, never a name. Names that are reserved words need backticks too (`condition`, `rank`, `key`, `order`, `read`, `range`), and table names are case-sensitive on most servers: write them exactly as listed.",
  'Limit rows with LIMIT n (LIMIT n OFFSET m); there is no TOP or FETCH FIRST.',
  "Dates: YEAR(col) and MONTH(col) for parts, DATE_FORMAT(col, '%Y-%m') for a year-month label, CURDATE() and NOW() for today and now, DATE_SUB(CURDATE(), INTERVAL 1 MONTH) or CURDATE() - INTERVAL 7 DAY for relative dates, DATE '2024-01-31' or '2024-01-31' for a date literal, DATEDIFF(a, b) for a difference in days and TIMESTAMPDIFF(MONTH, a, b) for other units. There is no DATE_TRUNC or EXTRACT(EPOCH …).",
  "Concatenate text with CONCAT(first_name, ' ', last_name) or CONCAT_WS(' ', a, b); || means OR, not concatenation. GROUP_CONCAT(x ORDER BY x SEPARATOR ', ') joins the values of a group.",
  "Text comparisons with =, LIKE and IN ignore case under the default collations ('france' = 'France' is true); write BINARY col = 'x' or col COLLATE utf8mb4_bin = 'x' for an exact-case match. There is no ILIKE.",
  'TRUE and FALSE are 1 and 0; BOOLEAN columns are TINYINT(1).',
  'There is no FULL OUTER JOIN: combine a LEFT JOIN and a RIGHT JOIN with UNION.',
  '/ always divides exactly (7 / 2 = 3.5000); DIV is integer division (7 DIV 2 = 3) and MOD or % the remainder. Cast with CAST(x AS SIGNED | UNSIGNED | DECIMAL(10,2) | CHAR | DATE); there are no :: casts.',
  'Use IFNULL or COALESCE, IF(condition, a, b) or CASE. NULLs sort first in ascending order; there is no NULLS FIRST/LAST (ORDER BY col IS NULL, col puts them last).',
  'Write exactly one read-only SELECT (WITH … SELECT allowed); no INTO, FOR UPDATE, user variables (@x), SET or statements that change data.',
];

/** The notes for one server, with what its version supports (window functions, CTEs, INTERSECT/EXCEPT). */
export function mysqlDialectNotes(server?: {
  flavor: MysqlFlavor;
  versionNumbers: readonly [number, number, number];
}): readonly string[] {
  if (server === undefined) return MYSQL_DIALECT_NOTES;
  const [major, minor, patch] = server.versionNumbers;
  const atLeast = (a: number, b: number, c = 0): boolean =>
    major > a || (major === a && (minor > b || (minor === b && patch >= c)));
  const name = server.flavor === 'mariadb' ? 'MariaDB' : 'MySQL';
  const version = `${name} ${major}.${minor}`;
  const modern = server.flavor === 'mariadb' ? atLeast(10, 2) : atLeast(8, 0);
  const setOperations = server.flavor === 'mariadb' ? atLeast(10, 3) : atLeast(8, 0, 31);
  const extra = [
    modern
      ? `WITH (also WITH RECURSIVE) and window functions (ROW_NUMBER() OVER (PARTITION BY … ORDER BY …), RANK(), LAG()) work in ${version}.`
      : `${version} has no WITH clause and no window functions: use subqueries in FROM.`,
    setOperations
      ? `UNION, INTERSECT and EXCEPT work in ${version}.`
      : `Only UNION combines queries in ${version}; write INTERSECT and EXCEPT as IN and NOT IN subqueries.`,
  ];
  if (server.flavor === 'mysql' && atLeast(5, 7)) {
    extra.push("JSON values: col->>'$.field' reads a field as text, JSON_EXTRACT(col, '$.field') as JSON.");
  } else if (server.flavor === 'mariadb') {
    extra.push("JSON values are text: JSON_VALUE(col, '$.field') reads a field; there is no ->> operator.");
  }
  return [...MYSQL_DIALECT_NOTES, ...extra];
}
