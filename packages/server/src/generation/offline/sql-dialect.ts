import type { Dialect } from '../../core/index.js';
import type { PeriodUnit } from './query-ir.js';

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
  /**
   * The calendar period of a date expression as a text label, identical in every dialect for the
   * same date: `2025` (year), `2025-Q3` (quarter), `2025-03` (month), `2025-W09` (week: Monday
   * first, the days before the year's first Monday in week 00, like C's `%W`), `2025-03-14` (day).
   */
  periodOf(expression: string, unit: PeriodUnit): string;
  /**
   * Case-insensitive match of literal text (`expr LIKE '%text%'`): `%`, `_`, `!` and backslashes
   * in the text match themselves (escaped with `ESCAPE '!'`: the default escape differs by dialect).
   */
  matches(expression: string, text: string, mode: MatchMode, negated: boolean): string;
  /** A boolean literal. */
  boolean(value: boolean): string;
}

/** Where the text must appear in a `matches` comparison. */
export type MatchMode = 'contains' | 'starts' | 'ends';

/**
 * Words that must be quoted when used as identifiers, in any of the dialects: the SQL standard's
 * and those reserved by one engine only (MySQL/MariaDB `condition`, `read`, `div`; PostgreSQL
 * `user`, `only`, `analyze`; DuckDB `qualify`, `pivot`). Quoting a name that needs none is harmless.
 */
const RESERVED = new Set(
  `all alter and any as asc between by case cast check collate column constraint create cross current_date current_time
  current_timestamp default delete desc distinct drop else end except exists false fetch for foreign from full grant group
  having in index inner insert intersect into is join key left like limit natural not null of offset on or order outer
  primary references right rows select set table then to true union unique update user using values when where window with
  year month day date time timestamp interval range rank row position level value values show
  accessible add analyse analyze array asymmetric authorization binary both call change condition current_role current_user
  cursor database databases declare delayed describe deterministic distinctrow div do dual each elseif enclosed escaped exit
  explain float force fulltext generated ignore ilike infile inout initially int integer isnull iterate keys kill lateral
  leading leave lines load localtime localtimestamp lock long loop match maxvalue mod modifies notnull numeric only option
  optionally out outfile overlaps over partition pivot placing precision procedure purge qualify read reads real regexp
  release rename repeat replace require resignal restrict return returning revoke rlike schema schemas separator
  session_user similar signal some spatial sql sqlstate ssl starting stored symmetric tablesample terminated trailing
  trigger undo unlock unpivot unsigned usage utc_date utc_time utc_timestamp variadic verbose virtual while write xor
  zerofill`.split(/\s+/),
);

/** The escape character of `matches` patterns: one that means nothing special in any dialect's strings. */
const LIKE_ESCAPE = '!';

/** The LIKE pattern for literal text, and whether it needs an ESCAPE clause. */
function likePattern(text: string, mode: MatchMode): { pattern: string; escaped: boolean } {
  // A backslash is the default LIKE escape in PostgreSQL and MySQL but not in SQLite and DuckDB:
  // with an explicit ESCAPE it is a plain character everywhere.
  const escaped = /[%_!\\]/.test(text);
  const body = escaped ? text.replace(/[%_!]/g, (c) => `${LIKE_ESCAPE}${c}`) : text;
  const pattern = mode === 'contains' ? `%${body}%` : mode === 'starts' ? `${body}%` : `%${body}`;
  return { pattern, escaped };
}

/** `expr [NOT] LIKE 'pattern' [ESCAPE '!']` with the dialect's operator and string literal. */
function likeMatch(operator: 'LIKE' | 'ILIKE', string: (value: string) => string): SqlDialect['matches'] {
  return (expression, text, mode, negated) => {
    const { pattern, escaped } = likePattern(text, mode);
    const escape = escaped ? ` ESCAPE ${string(LIKE_ESCAPE)}` : '';
    return `${expression} ${negated ? 'NOT ' : ''}${operator} ${string(pattern)}${escape}`;
  };
}

const simple = (name: string): boolean =>
  /^[a-z_][a-z0-9_]*$/.test(name) && !RESERVED.has(name.toLowerCase());
const simpleAnyCase = (name: string): boolean =>
  /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !RESERVED.has(name.toLowerCase());
const doubleQuoted = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const standardString = (value: string): string => `'${value.replace(/'/g, "''")}'`;
/** MySQL strings treat a backslash as an escape (unless NO_BACKSLASH_ESCAPES): double it. */
const mysqlString = (value: string): string => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/** SQLite: dates are ISO text (or DATE/DATETIME affinity holding it), read by strftime. */
function sqlitePeriod(expression: string, unit: PeriodUnit): string {
  switch (unit) {
    case 'year':
      return `strftime('%Y', ${expression})`;
    case 'quarter':
      return `strftime('%Y', ${expression}) || '-Q' || ((CAST(strftime('%m', ${expression}) AS INTEGER) + 2) / 3)`;
    case 'month':
      return `strftime('%Y-%m', ${expression})`;
    case 'week':
      return `strftime('%Y-W%W', ${expression})`;
    case 'day':
      return `strftime('%Y-%m-%d', ${expression})`;
  }
}

function postgresPeriod(expression: string, unit: PeriodUnit): string {
  switch (unit) {
    case 'year':
      return `to_char(${expression}, 'YYYY')`;
    case 'quarter':
      return `to_char(${expression}, 'YYYY-"Q"Q')`;
    case 'month':
      return `to_char(${expression}, 'YYYY-MM')`;
    case 'week': {
      // to_char has ISO weeks (IW) and weeks from 1 January (WW) but not C's %W: the number of
      // Mondays up to the date within its year, (day of year + 7 - ISO weekday) / 7.
      const week = `(CAST(EXTRACT(DOY FROM ${expression}) AS INTEGER) + 7 - CAST(EXTRACT(ISODOW FROM ${expression}) AS INTEGER)) / 7`;
      return `to_char(${expression}, 'YYYY') || '-W' || lpad(CAST(${week} AS TEXT), 2, '0')`;
    }
    case 'day':
      return `to_char(${expression}, 'YYYY-MM-DD')`;
  }
}

function mysqlPeriod(expression: string, unit: PeriodUnit): string {
  switch (unit) {
    case 'year':
      return `DATE_FORMAT(${expression}, '%Y')`;
    case 'quarter':
      return `CONCAT(DATE_FORMAT(${expression}, '%Y'), '-Q', QUARTER(${expression}))`;
    case 'month':
      return `DATE_FORMAT(${expression}, '%Y-%m')`;
    case 'week':
      // WEEK mode 5: Monday first, week 0 until the year's first Monday (C's %W); no DATE_FORMAT
      // specifier has that mode.
      return `CONCAT(DATE_FORMAT(${expression}, '%Y'), '-W', LPAD(WEEK(${expression}, 5), 2, '0'))`;
    case 'day':
      return `DATE_FORMAT(${expression}, '%Y-%m-%d')`;
  }
}

function duckdbPeriod(expression: string, unit: PeriodUnit): string {
  switch (unit) {
    case 'year':
      return `strftime(${expression}, '%Y')`;
    case 'quarter':
      return `concat(strftime(${expression}, '%Y'), '-Q', quarter(${expression}))`;
    case 'month':
      return `strftime(${expression}, '%Y-%m')`;
    case 'week':
      return `strftime(${expression}, '%Y-W%W')`;
    case 'day':
      return `strftime(${expression}, '%Y-%m-%d')`;
  }
}

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
    periodOf: sqlitePeriod,
    // LIKE ignores case for ASCII letters.
    matches: likeMatch('LIKE', standardString),
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
    periodOf: postgresPeriod,
    matches: likeMatch('ILIKE', standardString),
    boolean: (value) => (value ? 'TRUE' : 'FALSE'),
  },
  mysql: {
    name: 'mysql',
    identifier: (name) => (simpleAnyCase(name) ? name : `\`${name.replace(/`/g, '``')}\``),
    limit: (count) => `LIMIT ${count}`,
    string: mysqlString,
    date: (iso) => `DATE ${standardString(iso)}`,
    yearOf: (expression) => `YEAR(${expression})`,
    periodOf: mysqlPeriod,
    // LIKE ignores case under the default (_ci) collations. The pattern is a MySQL string too:
    // its backslashes must be doubled like any other literal's.
    matches: likeMatch('LIKE', mysqlString),
    boolean: (value) => (value ? 'TRUE' : 'FALSE'),
  },
  duckdb: {
    name: 'duckdb',
    identifier: (name) => (simpleAnyCase(name) ? name : doubleQuoted(name)),
    limit: (count) => `LIMIT ${count}`,
    string: standardString,
    date: (iso) => `DATE ${standardString(iso)}`,
    yearOf: (expression) => `year(${expression})`,
    periodOf: duckdbPeriod,
    matches: likeMatch('ILIKE', standardString),
    boolean: (value) => (value ? 'TRUE' : 'FALSE'),
  },
};
