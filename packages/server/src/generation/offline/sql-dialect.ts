import type { Dialect } from '../../core/index.js';

/** What differs between the SQL dialects the engine writes; everything else is shared. */
export interface SqlDialect {
  name: Dialect;
  /** Quotes an identifier that needs it; plain lower-case names stay bare. */
  identifier(name: string): string;
  /** `LIMIT n`. */
  limit(count: number): string;
  /** A string literal with the dialect's escaping. */
  string(value: string): string;
  /** A date literal from an ISO date (YYYY-MM-DD). */
  date(iso: string): string;
  /** The calendar year of a date expression, as a number. */
  yearOf(expression: string): string;
  /** Case-insensitive pattern match (`expr LIKE pattern`). */
  matches(expression: string, pattern: string, negated: boolean): string;
  /** A boolean literal. */
  boolean(value: boolean): string;
}

/** Words that must be quoted when used as identifiers, in any of the dialects. */
const RESERVED = new Set(
  `all alter and any as asc between by case cast check collate column constraint create cross current_date current_time
  current_timestamp default delete desc distinct drop else end except exists false fetch for foreign from full grant group
  having in index inner insert intersect into is join key left like limit natural not null of offset on or order outer
  primary references right rows select set table then to true union unique update user using values when where window with
  year month day date time timestamp interval range rank row position level value values show`.split(/\s+/),
);

const simple = (name: string): boolean =>
  /^[a-z_][a-z0-9_]*$/.test(name) && !RESERVED.has(name.toLowerCase());
const simpleAnyCase = (name: string): boolean =>
  /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !RESERVED.has(name.toLowerCase());
const doubleQuoted = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const standardString = (value: string): string => `'${value.replace(/'/g, "''")}'`;

/** The dialect table: one entry per dialect, differing only where the dialects differ. */
export const SQL_DIALECTS: Readonly<Record<Dialect, SqlDialect>> = {
  sqlite: {
    name: 'sqlite',
    // SQLite folds identifier case, so mixed-case names need no quotes.
    identifier: (name) => (simpleAnyCase(name) ? name : doubleQuoted(name)),
    limit: (count) => `LIMIT ${count}`,
    string: standardString,
    date: (iso) => standardString(iso),
    yearOf: (expression) => `CAST(strftime('%Y', ${expression}) AS INTEGER)`,
    matches: (expression, pattern, negated) =>
      `${expression} ${negated ? 'NOT LIKE' : 'LIKE'} ${standardString(pattern)}`,
    boolean: (value) => (value ? '1' : '0'),
  },
  postgres: {
    name: 'postgres',
    // PostgreSQL folds unquoted names to lower case: anything else must be quoted to keep its case.
    identifier: (name) => (simple(name) ? name : doubleQuoted(name)),
    limit: (count) => `LIMIT ${count}`,
    string: standardString,
    date: (iso) => `DATE ${standardString(iso)}`,
    yearOf: (expression) => `EXTRACT(YEAR FROM ${expression})`,
    matches: (expression, pattern, negated) =>
      `${expression} ${negated ? 'NOT ILIKE' : 'ILIKE'} ${standardString(pattern)}`,
    boolean: (value) => (value ? 'TRUE' : 'FALSE'),
  },
  mysql: {
    name: 'mysql',
    identifier: (name) => (simpleAnyCase(name) ? name : `\`${name.replace(/`/g, '``')}\``),
    limit: (count) => `LIMIT ${count}`,
    string: (value) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`,
    date: (iso) => `DATE ${standardString(iso)}`,
    yearOf: (expression) => `YEAR(${expression})`,
    matches: (expression, pattern, negated) =>
      `${expression} ${negated ? 'NOT LIKE' : 'LIKE'} ${standardString(pattern)}`,
    boolean: (value) => (value ? 'TRUE' : 'FALSE'),
  },
  duckdb: {
    name: 'duckdb',
    identifier: (name) => (simpleAnyCase(name) ? name : doubleQuoted(name)),
    limit: (count) => `LIMIT ${count}`,
    string: standardString,
    date: (iso) => `DATE ${standardString(iso)}`,
    yearOf: (expression) => `year(${expression})`,
    matches: (expression, pattern, negated) =>
      `${expression} ${negated ? 'NOT ILIKE' : 'ILIKE'} ${standardString(pattern)}`,
    boolean: (value) => (value ? 'TRUE' : 'FALSE'),
  },
};
