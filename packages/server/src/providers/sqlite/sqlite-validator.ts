import type Database from 'better-sqlite3';
import sqliteParser from 'node-sql-parser/build/sqlite.js';
import type { ValidationIssue, ValidationReport } from '@text2x/protocol';
import type { SchemaInfo } from '../../core/index.js';
import { suggestNames } from '../name-suggestions.js';
import {
  buildNameCatalog,
  checkAstPolicy,
  checkNames,
  checkTokenPolicy,
  SQLITE_DENY_LIST,
  type CatalogTable,
  type NameCatalog,
  type NameIssue,
  type SqlToken,
  type SqlTokenization,
  didYouMean,
  issueFromViolation,
  positionOfName,
  withNamePosition,
  type TokenFilter,
} from '../sql-policy/index.js';
import { ValidationReportCache } from '../validation-report-cache.js';
import { introspectSqlite } from './sqlite-introspector.js';
import { tokenizeSqlite } from './sqlite-lexer.js';

/** node-sql-parser's SQLite grammar only (a fraction of the full bundle's load time). */
const parser = new sqliteParser.Parser();

export interface SqliteValidatorOptions {
  /** Longest accepted query, in characters; longer ones are rejected by the policy. Default 100,000. */
  maxQueryLength?: number;
}

export interface SqliteValidateOptions {
  /** Compile the query and run `EXPLAIN QUERY PLAN` on it. Default true. */
  dryRun?: boolean;
}

const SYSTEM_TABLE_COLUMNS = new Map(
  ['type', 'name', 'tbl_name', 'rootpage', 'sql'].map((name) => [name, name]),
);
/** Read-only system tables a query may name although introspection leaves them out. */
const SYSTEM_TABLES: CatalogTable[] = [
  { name: 'sqlite_schema', kind: 'view', columns: SYSTEM_TABLE_COLUMNS },
  { name: 'sqlite_master', kind: 'view', columns: SYSTEM_TABLE_COLUMNS },
];

const JSON_TABLE_COLUMNS = [
  'key',
  'value',
  'type',
  'atom',
  'id',
  'parent',
  'fullkey',
  'path',
  'json',
  'root',
];
const NAME_CHECK_OPTIONS = {
  implicitColumns: ['rowid', 'oid', '_rowid_'],
  tableFunctions: new Map<string, readonly string[] | null>([
    ['json_each', JSON_TABLE_COLUMNS],
    ['json_tree', JSON_TABLE_COLUMNS],
    ['jsonb_each', JSON_TABLE_COLUMNS],
    ['jsonb_tree', JSON_TABLE_COLUMNS],
    ['generate_series', ['value', 'start', 'stop', 'step']],
  ]),
  doubleQuotedStringsAreNames: true, // better-sqlite3 builds SQLite without double-quoted string literals
  schemaNames: ['main'],
};

/**
 * Validates queries for one SQLite database, in order: length, the token policy (always, so the
 * policy never weakens when the parser fails), parse, the AST policy, table and column names, then
 * SQLite itself: `prepare` (whose `readonly`/`reader` flags are a last read-only check) and
 * `EXPLAIN QUERY PLAN` as the dry run. When node-sql-parser cannot read valid SQLite, SQLite's own
 * compiler gives the syntax and name verdict. Name sets are cached per schema version.
 */
export class SqliteValidator {
  readonly #db: Database.Database;
  readonly #maxQueryLength: number;
  readonly #schemaVersion: Database.Statement;
  #catalog: NameCatalog | undefined;
  #catalogVersion: number | undefined;
  /** Reports of recent queries, valid for `#cacheVersion` of the schema (see `validate`). */
  readonly #reports = new ValidationReportCache();
  #cacheVersion: number | undefined;

  constructor(db: Database.Database, options: SqliteValidatorOptions = {}) {
    this.#db = db;
    this.#maxQueryLength = options.maxQueryLength ?? 100_000;
    this.#schemaVersion = db.prepare('PRAGMA schema_version').pluck();
  }

  /** Uses this schema for name checks (until the database's schema version changes). */
  useSchema(schema: SchemaInfo): void {
    this.#catalog = buildNameCatalog(schema, SYSTEM_TABLES);
    this.#catalogVersion = this.#currentVersion();
    this.#reports.clear();
  }

  /**
   * The report for a query. The verdict depends only on the query's text and the database's
   * schema, so the reports of recent queries are kept and reused while the schema version is
   * unchanged: a query validated by the pipeline is not parsed again when it is executed, and a
   * query asked again is not re-checked. Every query is still judged in full the first time.
   */
  validate(query: string, options: SqliteValidateOptions = {}): ValidationReport {
    const dryRun = options.dryRun ?? true;
    if (typeof query !== 'string') return this.#validate(query, dryRun);
    const version = this.#currentVersion();
    if (version !== this.#cacheVersion) {
      this.#reports.clear();
      this.#cacheVersion = version;
    }
    const cached = this.#reports.get(query, dryRun);
    if (cached !== undefined) return cached;
    const report = this.#validate(query, dryRun);
    this.#reports.set(query, dryRun, report);
    return report;
  }

  #validate(query: string, dryRun: boolean): ValidationReport {
    const errors: ValidationIssue[] = [];
    const warnings: ValidationIssue[] = [];
    const failed = (...issues: ValidationIssue[]): ValidationReport => {
      errors.push(...issues);
      return { status: 'failed', errors, warnings };
    };

    if (typeof query !== 'string') return failed({ kind: 'syntax', message: 'The query must be a string.' });
    if (query.length > this.#maxQueryLength) {
      return failed({
        kind: 'policy',
        message: `The query is ${query.length} characters long, but at most ${this.#maxQueryLength} are allowed.`,
      });
    }
    const tokenization = tokenizeSqlite(query);
    const violations = checkTokenPolicy(query, tokenization, SQLITE_DENY_LIST);
    if (violations.length > 0) return failed(...violations.map(issueFromViolation));

    const catalog = this.#currentCatalog();
    let nameIssues: NameIssue[] = [];
    let parsed = false;
    const ast = parse(query, tokenization);
    if (ast !== undefined) {
      try {
        const astViolations = checkAstPolicy(ast, SQLITE_DENY_LIST);
        if (astViolations.length > 0) return failed(...astViolations.map(issueFromViolation));
        nameIssues = checkNames(ast, catalog, NAME_CHECK_OPTIONS);
        parsed = true;
      } catch {
        parsed = false; // a tree too deep to walk: SQLite judges it below
      }
    }
    if (!parsed) {
      warnings.push({
        kind: 'parser_fallback',
        message: 'The SQL parser could not read this query, so SQLite itself checked its syntax and names.',
      });
    }

    if (!parsed || nameIssues.length > 0 || dryRun) {
      let statement: Database.Statement;
      try {
        statement = this.#db.prepare(query);
      } catch (error) {
        const message = errorMessage(error);
        if (nameIssues.length > 0 && /^no such (?:table|column): /.test(message)) {
          // SQLite confirms a name problem; ours are richer (all of them, with the table they miss from).
          const ours = nameIssues.map((issue) => issueFromName(issue, tokenization));
          const sameName = nameIssues.some((issue) => sameUnknownName(issue, message));
          return failed(...ours, ...(sameName ? [] : [issueFromSqliteError(message, tokenization, catalog)]));
        }
        return failed(issueFromSqliteError(message, tokenization, catalog));
      }
      // SQLite compiled it, so any name our resolver flagged was a misreading of the parser's tree.
      if (!statement.readonly || !statement.reader) {
        return failed({
          kind: 'policy',
          message: 'SQLite reports that this statement does not only read data, so it is not allowed.',
        });
      }
    }

    if (dryRun) {
      try {
        this.#db.prepare(`EXPLAIN QUERY PLAN ${query}`).all();
      } catch (error) {
        return failed({
          kind: 'dry_run',
          message: `SQLite could not plan the query: ${errorMessage(error)}.`,
        });
      }
    }
    return { status: 'passed', errors, warnings };
  }

  #currentVersion(): number {
    return Number(this.#schemaVersion.get());
  }

  #currentCatalog(): NameCatalog {
    const version = this.#currentVersion();
    if (this.#catalog === undefined || version !== this.#catalogVersion) {
      this.#catalog = buildNameCatalog(
        introspectSqlite(this.#db, { rowCounts: false, sampleValues: false }),
        SYSTEM_TABLES,
      );
      this.#catalogVersion = version;
    }
    return this.#catalog;
  }
}

function parse(query: string, tokenization: SqlTokenization): unknown {
  try {
    return parser.astify(parserText(query, tokenization), { database: 'sqlite' });
  } catch {
    return undefined; // a grammar gap or a stack overflow: SQLite decides instead
  }
}

/**
 * The query rewritten, at the same offsets, into a form node-sql-parser reads the way SQLite does:
 * comments blanked, backslashes in strings (the parser treats them as escapes, SQLite does not)
 * replaced, `"x"` and `[x]` names turned into `` `x` `` names, INTERSECT and EXCEPT read as UNION
 * (names and policy do not depend on which set operation it is), NULLS FIRST/LAST dropped, and
 * everything after the (single) statement's semicolon dropped. The policy never looks at this text.
 */
function parserText(query: string, { tokens, comments }: SqlTokenization): string {
  const text = query.split('');
  const blank = (start: number, end: number): void => {
    for (let index = start; index < end; index += 1) text[index] = ' ';
  };
  for (const comment of comments) blank(comment.start, comment.end);
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index] as SqlToken;
    if (token.kind === 'string' && token.text.includes('\\')) {
      for (let at = token.start; at < token.end; at += 1) if (text[at] === '\\') text[at] = '/';
    } else if (
      token.kind === 'quoted_identifier' &&
      !token.value.includes('`') &&
      !token.value.includes('"') &&
      token.text.length === token.value.length + 2
    ) {
      text[token.start] = '`';
      text[token.end - 1] = '`';
    } else if (token.kind === 'word') {
      const upper = token.value.toUpperCase();
      const joinsNext =
        tokens[index + 1]?.kind === 'word' && /^(JOIN|OUTER)$/i.test(tokens[index + 1]?.value ?? '');
      if (upper === 'INTERSECT' || upper === 'EXCEPT') {
        blank(token.start, token.end);
        text.splice(token.start, 5, ...'UNION');
      } else if ((upper === 'NATURAL' || upper === 'CROSS') && tokens[index + 1]?.kind === 'word') {
        blank(token.start, token.end); // the parser lacks these joins; for names they are plain joins
      } else if ((upper === 'RIGHT' || upper === 'FULL') && joinsNext) {
        blank(token.start, token.end);
        text.splice(token.start, 4, ...'LEFT');
      } else if (upper === 'NULLS') {
        const next = tokens[index + 1];
        const order = next?.kind === 'word' ? next.value.toUpperCase() : '';
        if (next && (order === 'FIRST' || order === 'LAST')) blank(token.start, next.end);
      }
    } else if (token.kind === 'punctuation' && token.value === ';') {
      blank(token.start, query.length);
      break;
    }
  }
  return text.join('');
}

function issueFromName(issue: NameIssue, tokenization: SqlTokenization): ValidationIssue {
  const unqualified = issue.name.split('.').at(-1) ?? issue.name;
  let message = issue.message;
  const quoted = tokenization.tokens.find(
    (token) =>
      token.kind === 'quoted_identifier' &&
      token.text.startsWith('"') &&
      token.value.toLowerCase() === unqualified.toLowerCase(),
  );
  if (issue.kind === 'unknown_column' && quoted) {
    message += ` (double quotes name a column in SQLite; write a text value in single quotes: '${quoted.value.replaceAll("'", "''")}')`;
  }
  const result: ValidationIssue = { kind: issue.kind, message, suggestions: issue.suggestions };
  const position = positionOf(issue.name, tokenization.tokens);
  if (position !== undefined) result.position = position;
  return result;
}

/** Turns a SQLite compile error into an issue, with suggestions for unknown names. */
function issueFromSqliteError(
  message: string,
  tokenization: SqlTokenization,
  catalog: NameCatalog,
): ValidationIssue {
  const table = /^no such table: (.+)$/.exec(message);
  if (table?.[1] !== undefined) {
    const name = table[1];
    const bare = name.replace(/^main\./i, '');
    const suggestions = suggestNames(bare, catalog.tableNames);
    return withPosition(
      { kind: 'unknown_table', message: `no table "${name}"${didYouMean(suggestions)}`, suggestions },
      bare,
      tokenization,
    );
  }
  const column = /^no such column: (.+?)(?: - should this be a string literal in single-quotes\?)?$/.exec(
    message,
  );
  if (column?.[1] !== undefined) {
    const name = column[1].replace(/^"(.*)"$/, '$1');
    const parts = name.split('.');
    const bare = parts.at(-1) ?? name;
    const qualifier = parts.length > 1 ? parts.at(-2) : undefined;
    const qualifiedTable = qualifier === undefined ? undefined : catalog.tables.get(qualifier.toLowerCase());
    const candidates = qualifiedTable
      ? [...qualifiedTable.columns.values()]
      : columnsOfTablesIn(tokenization, catalog);
    const suggestions = suggestNames(bare, candidates);
    const mentioned = tablesIn(tokenization, catalog);
    const home = qualifiedTable ?? (mentioned.length === 1 ? mentioned[0] : undefined);
    const where = home ? ` in ${home.name}` : '';
    let text = `no column "${bare}"${where}${didYouMean(suggestions)}`;
    if (message.includes('should this be a string literal')) {
      text += ` (double quotes name a column in SQLite; write a text value in single quotes: '${bare.replaceAll("'", "''")}')`;
    }
    return withPosition({ kind: 'unknown_column', message: text, suggestions }, bare, tokenization);
  }
  if (
    /syntax error|incomplete input|unrecognized token|malformed|parser stack overflow|too many terms|too large|too deep/i.test(
      message,
    )
  ) {
    const near = /near "((?:[^"]|"")*)"/.exec(message)?.[1];
    const issue: ValidationIssue = { kind: 'syntax', message: `SQLite cannot parse the query: ${message}.` };
    return near === undefined ? issue : withPosition(issue, near, tokenization);
  }
  return { kind: 'dry_run', message: `SQLite rejected the query: ${message}.` };
}

function sameUnknownName(issue: NameIssue, sqliteMessage: string): boolean {
  const name = /^no such (?:table|column): (.+?)(?: - |$)/
    .exec(sqliteMessage)?.[1]
    ?.replace(/^"(.*)"$/, '$1');
  return (
    name !== undefined &&
    name.toLowerCase().endsWith((issue.name.split('.').at(-1) ?? issue.name).toLowerCase())
  );
}

/** Catalog tables the query's words name (a good guess at its FROM list when it cannot be parsed). */
function tablesIn(tokenization: SqlTokenization, catalog: NameCatalog): CatalogTable[] {
  const tables = new Set<CatalogTable>();
  for (const token of tokenization.tokens) {
    if (token.kind !== 'word' && token.kind !== 'quoted_identifier' && token.kind !== 'string') continue;
    const table = catalog.tables.get(token.value.toLowerCase());
    if (table) tables.add(table);
  }
  return [...tables];
}

function columnsOfTablesIn(tokenization: SqlTokenization, catalog: NameCatalog): string[] {
  return tablesIn(tokenization, catalog).flatMap((table) => [...table.columns.values()]);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Tokens that may spell a name in this validator's messages. */
const NAME_TOKEN: TokenFilter = (token) => token.kind !== 'number';

function withPosition(issue: ValidationIssue, name: string, tokenization: SqlTokenization): ValidationIssue {
  return withNamePosition(issue, name, tokenization.tokens, NAME_TOKEN);
}

function positionOf(name: string, tokens: readonly SqlToken[]): number | undefined {
  return positionOfName(name, tokens, NAME_TOKEN);
}
