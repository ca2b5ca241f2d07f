import { createRequire } from 'node:module';
import type { Parser } from 'node-sql-parser';
import type { ValidationIssue, ValidationReport } from '@text2x/protocol';
import { Text2xError, type SchemaInfo } from '../../core/index.js';
import { suggestNames } from '../name-suggestions.js';
import {
  buildNameCatalog,
  checkAstPolicy,
  checkNames,
  MYSQL_DENY_LIST,
  type CatalogTable,
  type DenyList,
  type NameCatalog,
  type NameCheckOptions,
  type NameIssue,
  type SqlToken,
  didYouMean,
  issueFromViolation,
  withNamePosition,
} from '../sql-policy/index.js';
import { tokenizeMysql, type MysqlTokenization } from './mysql-lexer.js';
import { checkNameCase } from './mysql-name-case.js';
import { otherDatabaseTables, tokenTableReferences, type TableReference } from './mysql-table-references.js';
import type { MysqlDriverError, MysqlFlavor } from './mysql-session-pool.js';
import { checkMysqlTokenPolicy } from './mysql-token-policy.js';

/** Runs `EXPLAIN` on the server; the validator's only way to the database. */
export interface MysqlDryRun {
  /**
   * Resolves undefined when the server accepts `EXPLAIN <statement>`, or with the server's error.
   * Throws Text2xError for faults (unreachable server, time-out, abort).
   */
  explain(statement: string, signal?: AbortSignal): Promise<MysqlDriverError | undefined>;
}

export interface MysqlValidatorOptions {
  /** Which grammar parses queries and how messages name the server. */
  flavor: MysqlFlavor;
  /** The connected database: the only schema qualifier accepted (`shop.orders`). */
  database: string;
  /** `@@lower_case_table_names`; 0 makes table names and aliases case-sensitive. Default 0. */
  lowerCaseTableNames?: number;
  dryRun: MysqlDryRun;
  /** Reads table and column names (no counts, no samples) when no schema was given or it went stale. */
  loadSchema: (signal?: AbortSignal) => Promise<SchemaInfo>;
  /** More function names to deny anywhere, e.g. the loadable functions installed on the server. */
  deniedFunctions?: readonly string[];
  /** Longest accepted query, in characters. Default 100,000. */
  maxQueryLength?: number;
  /** Least time between two schema reloads caused by an unknown name, in ms. Default 2,000. */
  schemaRefreshMs?: number;
}

export interface MysqlValidateOptions {
  /** Run `EXPLAIN` on the server. Default true. It runs anyway when the parser cannot read the query or a name looks unknown. */
  dryRun?: boolean;
  signal?: AbortSignal | undefined;
}

/** A validation report and, when it passed, the exact text to send: the query without its final `;`. */
export interface MysqlCheckedQuery {
  report: ValidationReport;
  statement: string;
}

const require = createRequire(import.meta.url);
const parsers = new Map<MysqlFlavor, Parser>();

/** node-sql-parser's grammar for one flavour only (a fraction of the full bundle's load time), loaded on first use. */
function parserFor(flavor: MysqlFlavor): Parser {
  let parser = parsers.get(flavor);
  if (parser === undefined) {
    const module = require(
      flavor === 'mariadb' ? 'node-sql-parser/build/mariadb.js' : 'node-sql-parser/build/mysql.js',
    ) as { Parser: new () => Parser };
    parser = new module.Parser();
    parsers.set(flavor, parser);
  }
  return parser;
}

const ER_PARSE_ERROR = 1064;
const ER_SYNTAX_ERROR = 1149;
const ER_NO_SUCH_TABLE = 1146;
const ER_BAD_FIELD_ERROR = 1054;
const ER_BAD_DB_ERROR = 1049;
const NAME_ERRORS = new Set([ER_NO_SUCH_TABLE, ER_BAD_FIELD_ERROR, ER_BAD_DB_ERROR]);

const JOIN_KEYWORDS = new Set(['JOIN', 'LEFT', 'RIGHT', 'INNER', 'CROSS', 'STRAIGHT_JOIN']);

/**
 * Validates queries for one MySQL or MariaDB database, in order: length; the token policy (always,
 * so the policy never weakens when the parser fails); parse with node-sql-parser's MySQL or
 * MariaDB grammar; the AST policy; table and column names, with MySQL's case rules; then the
 * server's `EXPLAIN` as the dry run (never ANALYZE). When the parser cannot read the query, or a
 * name looks unknown, the server's verdict decides (a `parser_fallback` warning says so), and
 * syntax errors get their position from the server's "near '…'" text.
 */
export class MysqlValidator {
  readonly #options: MysqlValidatorOptions;
  readonly #denyList: DenyList;
  readonly #maxQueryLength: number;
  readonly #nameOptions: NameCheckOptions;
  readonly #serverName: string;
  #catalog: NameCatalog | undefined;
  #catalogLoaded = 0;
  #loading: Promise<NameCatalog> | undefined;

  constructor(options: MysqlValidatorOptions) {
    this.#options = options;
    this.#maxQueryLength = options.maxQueryLength ?? 100_000;
    this.#serverName = options.flavor === 'mariadb' ? 'MariaDB' : 'MySQL';
    const extra = (options.deniedFunctions ?? []).map(
      (name) =>
        [
          name.toLowerCase(),
          'is a loadable function (UDF) installed on the server, which runs native code',
        ] as const,
    );
    this.#denyList =
      extra.length === 0
        ? MYSQL_DENY_LIST
        : { ...MYSQL_DENY_LIST, functions: new Map([...extra, ...MYSQL_DENY_LIST.functions]) };
    this.#nameOptions = {
      implicitColumns: [],
      tableFunctions: new Map([['json_table', null]]),
      doubleQuotedStringsAreNames: false,
      schemaNames: [options.database.toLowerCase()],
    };
  }

  /** Uses this schema for name checks (until an unknown name makes it reload). */
  useSchema(schema: SchemaInfo): void {
    this.#catalog = buildNameCatalog(schema, DUAL);
    this.#catalogLoaded = performance.now();
  }

  async validate(query: string, options: MysqlValidateOptions = {}): Promise<ValidationReport> {
    return (await this.check(query, options)).report;
  }

  /** Validates and returns the statement text to run. */
  async check(query: string, options: MysqlValidateOptions = {}): Promise<MysqlCheckedQuery> {
    const dryRun = options.dryRun ?? true;
    const errors: ValidationIssue[] = [];
    const warnings: ValidationIssue[] = [];
    let statement = '';
    const failed = (...issues: ValidationIssue[]): MysqlCheckedQuery => {
      errors.push(...issues);
      return { report: { status: 'failed', errors, warnings }, statement };
    };

    if (typeof query !== 'string') return failed({ kind: 'syntax', message: 'The query must be a string.' });
    if (query.length > this.#maxQueryLength) {
      return failed({
        kind: 'policy',
        message: `The query is ${query.length} characters long, but at most ${this.#maxQueryLength} are allowed.`,
      });
    }
    const tokenization = tokenizeMysql(query);
    const violations = checkMysqlTokenPolicy(query, tokenization, this.#denyList);
    if (violations.length > 0) return failed(...violations.map(issueFromViolation));
    statement = statementText(query, tokenization);

    let nameIssues: NameIssue[] = [];
    let parsed = false;
    const ast = this.#parse(statement, tokenization);
    if (ast !== undefined) {
      try {
        const astViolations = checkAstPolicy(ast, this.#denyList);
        if (astViolations.length > 0) return failed(...astViolations.map(issueFromViolation));
        const outside = otherDatabaseTables(ast, this.#options.database);
        if (outside.length > 0)
          return failed(...outside.map((table) => this.#outsideIssue(table, tokenization)));
        nameIssues = await this.#namesWithReload(options.signal, (catalog) => this.#checkNames(ast, catalog));
        parsed = true;
      } catch (error) {
        if (error instanceof Text2xError) throw error;
        parsed = false; // a tree too deep to walk: the server judges it below
      }
    }
    if (!parsed) {
      warnings.push({
        kind: 'parser_fallback',
        message: `The SQL parser could not read this query, so ${this.#serverName} itself checked its syntax and names.`,
      });
      // The tables still have to be ones of this database: read them from the tokens.
      const references = tokenTableReferences(tokenization.tokens);
      const database = this.#options.database.toLowerCase();
      const outside = references.tables.filter(
        (table) => table.database !== undefined && table.database.toLowerCase() !== database,
      );
      if (outside.length > 0)
        return failed(...outside.map((table) => this.#outsideIssue(table, tokenization)));
      nameIssues = await this.#namesWithReload(options.signal, (catalog) =>
        this.#referenceIssues(references.tables, references.ctes, catalog),
      );
    }

    if (dryRun || !parsed || nameIssues.length > 0) {
      let serverError: MysqlDriverError | undefined;
      try {
        serverError = await this.#options.dryRun.explain(statement, options.signal);
      } catch (error) {
        if (error instanceof Text2xError && error.code === 'EXECUTION_TIMEOUT') {
          return failed({
            kind: 'dry_run',
            message: `${error.message} Simplify the query or add selective filters.`,
          });
        }
        throw error;
      }
      if (serverError !== undefined) {
        const catalog = await this.#currentCatalog(options.signal);
        const ours = nameIssues.map((issue) => issueFromName(issue, tokenization));
        const theirs = this.#issueFromServer(serverError, statement, tokenization, catalog);
        // A syntax error comes alone: names read from text that does not parse are guesses.
        if (theirs.kind === 'syntax') return failed(theirs);
        // The server confirms a name problem; ours are richer (all of them, with the table they miss from).
        if (ours.length > 0 && NAME_ERRORS.has(serverError.errno ?? 0)) return failed(...ours);
        return failed(...ours, theirs);
      }
      // The server accepted it. A column our resolver flagged was a misreading of the parser's tree,
      // but a table outside the introspected schema (a Sequence-engine table, a table the account
      // can see elsewhere) is outside the data source whatever the server says.
      const tables = nameIssues.filter((issue) => issue.kind === 'unknown_table');
      if (tables.length > 0) return failed(...tables.map((issue) => issueFromName(issue, tokenization)));
    }
    return { report: { status: 'passed', errors, warnings }, statement };
  }

  #parse(statement: string, tokenization: MysqlTokenization): unknown {
    try {
      return parserFor(this.#options.flavor).astify(parserText(statement, tokenization), {
        database: this.#options.flavor === 'mariadb' ? 'MariaDB' : 'MySQL',
      });
    } catch {
      return undefined; // a grammar gap or a stack overflow: the server decides instead
    }
  }

  #checkNames(ast: unknown, catalog: NameCatalog): NameIssue[] {
    const issues = checkNames(ast, catalog, this.#nameOptions);
    if ((this.#options.lowerCaseTableNames ?? 0) !== 0) return issues;
    const caseIssues = checkNameCase(ast, catalog, this.#options.database);
    const known = new Set(issues.map((issue) => issue.name.toLowerCase()));
    return [...issues, ...caseIssues.filter((issue) => !known.has(issue.name.toLowerCase()))];
  }

  /** Name issues from `check`, checked once more against a reloaded schema when there are any. */
  async #namesWithReload(
    signal: AbortSignal | undefined,
    check: (catalog: NameCatalog) => NameIssue[],
  ): Promise<NameIssue[]> {
    const issues = check(await this.#currentCatalog(signal));
    if (issues.length === 0 || !this.#mayReload()) return issues;
    return check(await this.#currentCatalog(signal, true));
  }

  /** Issues for tables read from the tokens: unknown ones, and wrong case where case matters. */
  #referenceIssues(
    tables: readonly TableReference[],
    ctes: ReadonlySet<string>,
    catalog: NameCatalog,
  ): NameIssue[] {
    const issues: NameIssue[] = [];
    const caseSensitive = (this.#options.lowerCaseTableNames ?? 0) === 0;
    for (const { table } of tables) {
      if (ctes.has(table.toLowerCase())) continue;
      const known = catalog.tables.get(table.toLowerCase());
      if (known !== undefined && (!caseSensitive || known.name === table || known.name === 'dual')) continue;
      const suggestions = known ? [known.name] : suggestNames(table, catalog.tableNames);
      const why = known ? ' (table names are case-sensitive on this server)' : '';
      issues.push({
        kind: 'unknown_table',
        name: table,
        message: `no table "${table}"${why}${didYouMean(suggestions)}`,
        suggestions,
      });
    }
    return issues;
  }

  #outsideIssue(table: TableReference, tokenization: MysqlTokenization): ValidationIssue {
    const name = `${table.database ?? ''}.${table.table}`;
    return withPosition(
      {
        kind: 'policy',
        message: `The table ${name} is not allowed because it is in another database (this data source is the database ${this.#options.database}).`,
      },
      name,
      tokenization,
    );
  }

  #mayReload(): boolean {
    return performance.now() - this.#catalogLoaded >= (this.#options.schemaRefreshMs ?? 2_000);
  }

  async #currentCatalog(signal: AbortSignal | undefined, reload = false): Promise<NameCatalog> {
    if (this.#catalog !== undefined && !reload) return this.#catalog;
    this.#loading ??= this.#options
      .loadSchema(signal)
      .then((schema) => {
        this.useSchema(schema);
        return this.#catalog as NameCatalog;
      })
      .finally(() => {
        this.#loading = undefined;
      });
    return this.#loading;
  }

  /** Turns a server error from EXPLAIN into an issue, with suggestions for unknown names. */
  #issueFromServer(
    error: MysqlDriverError,
    statement: string,
    tokenization: MysqlTokenization,
    catalog: NameCatalog,
  ): ValidationIssue {
    const server = this.#serverName;
    if (error.errno === ER_PARSE_ERROR || error.errno === ER_SYNTAX_ERROR) {
      const near = /near '([\s\S]*)' at line (\d+)\s*$/.exec(error.message);
      const issue: ValidationIssue = {
        kind: 'syntax',
        message:
          near === null
            ? `${server} cannot parse the query: ${trimPeriod(error.message)}.`
            : near[1] === ''
              ? `${server} cannot parse the query: it ends too early.`
              : `${server} cannot parse the query near '${near[1] ?? ''}' (line ${near[2] ?? '1'}).`,
      };
      const position = near ? nearPosition(statement, near[1] ?? '', Number(near[2] ?? 1)) : undefined;
      return position === undefined ? issue : { ...issue, position };
    }
    if (error.errno === ER_NO_SUCH_TABLE || error.errno === ER_BAD_DB_ERROR) {
      const full = /'([^']+)'/.exec(error.message)?.[1] ?? '';
      const bare = full.split('.').at(-1) ?? full;
      const suggestions = suggestNames(bare, catalog.tableNames);
      const written = full.toLowerCase().startsWith(`${this.#options.database.toLowerCase()}.`) ? bare : full;
      return withPosition(
        { kind: 'unknown_table', message: `no table "${written}"${didYouMean(suggestions)}`, suggestions },
        bare,
        tokenization,
      );
    }
    if (error.errno === ER_BAD_FIELD_ERROR) {
      const name = /Unknown column '([^']+)'/.exec(error.message)?.[1] ?? '';
      const parts = name.split('.');
      const bare = parts.at(-1) ?? name;
      const qualifier = parts.length > 1 ? parts.at(-2) : undefined;
      const qualified = qualifier === undefined ? undefined : catalog.tables.get(qualifier.toLowerCase());
      const mentioned = tablesIn(tokenization, catalog);
      const home = qualified ?? (mentioned.length === 1 ? mentioned[0] : undefined);
      const candidates = home
        ? [...home.columns.values()]
        : mentioned.flatMap((table) => [...table.columns.values()]);
      if (
        qualifier !== undefined &&
        !qualified &&
        mentioned.some((table) => table.columns.has(bare.toLowerCase()))
      ) {
        // The column exists; the qualifier does not name a table or alias (they are case-sensitive here).
        return withPosition(
          {
            kind: 'unknown_table',
            message: `"${qualifier}" in ${name} is not a table or alias of the query (table names and aliases are case-sensitive on this server)`,
            suggestions: [],
          },
          name,
          tokenization,
        );
      }
      const suggestions = suggestNames(bare, candidates);
      const where = home ? ` in ${home.name}` : qualifier !== undefined ? ` in ${qualifier}` : '';
      return withPosition(
        {
          kind: 'unknown_column',
          message: `no column "${bare}"${where}${didYouMean(suggestions)}`,
          suggestions,
        },
        name,
        tokenization,
      );
    }
    return { kind: 'dry_run', message: `${server} rejected the query: ${trimPeriod(error.message)}.` };
  }
}

/** `dual` is always there. */
const DUAL: CatalogTable[] = [{ name: 'dual', kind: 'view', columns: new Map() }];

/** The query up to its (only) statement's `;`: what is sent to the server. */
export function statementText(query: string, tokenization: MysqlTokenization): string {
  const end = tokenization.tokens.find((token) => token.kind === 'punctuation' && token.value === ';');
  return (end === undefined ? query : query.slice(0, end.start)).trimEnd();
}

/**
 * The statement rewritten, at the same offsets, into a form node-sql-parser reads the way MySQL
 * does: comments blanked; `--1` (two minus signs to MySQL, a comment to the parser) split;
 * `NATURAL` joins, `STRAIGHT_JOIN`, index hints (`USE INDEX (i)`) and the `BINARY` operator, which
 * the grammar lacks and which do not change names, dropped. The policy never looks at this text.
 */
function parserText(statement: string, { tokens, comments }: MysqlTokenization): string {
  const text = statement.split('');
  const length = statement.length;
  const blank = (start: number, end: number): void => {
    for (let index = start; index < Math.min(end, length); index += 1) text[index] = ' ';
  };
  for (const comment of comments) blank(comment.start, comment.end);
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index] as SqlToken;
    if (token.start >= length) break;
    const previous = tokens[index - 1];
    const next = tokens[index + 1];
    if (
      token.kind === 'operator' &&
      token.value === '-' &&
      previous?.value === '-' &&
      previous.end === token.start
    ) {
      blank(token.start, token.end);
      continue;
    }
    if (token.kind !== 'word') continue;
    const upper = token.value.toUpperCase();
    const nextUpper = next?.kind === 'word' ? next.value.toUpperCase() : '';
    if (upper === 'NATURAL' && JOIN_KEYWORDS.has(nextUpper)) {
      blank(token.start, token.end);
    } else if (upper === 'STRAIGHT_JOIN') {
      blank(token.start, token.end);
      const selectOption =
        previous?.kind === 'word' && (previous.value.toUpperCase() === 'SELECT' || isSelectOption(previous));
      if (!selectOption) text.splice(token.start, 4, ...'JOIN');
    } else if (
      (upper === 'USE' || upper === 'FORCE' || upper === 'IGNORE') &&
      (nextUpper === 'INDEX' || nextUpper === 'KEY')
    ) {
      const open = tokens.findIndex((candidate, at) => at > index && candidate.value === '(');
      const close = tokens.findIndex((candidate, at) => at > open && candidate.value === ')');
      if (open > index && close > open) {
        blank(token.start, (tokens[close] as SqlToken).end);
        index = close;
      }
    } else if (
      upper === 'BINARY' &&
      next !== undefined &&
      next.value !== '(' &&
      (next.kind === 'word' || next.kind === 'quoted_identifier' || next.kind === 'string') &&
      !(previous?.kind === 'word' && /^(?:AS|SET|CHARSET)$/i.test(previous.value))
    ) {
      blank(token.start, token.end);
    }
  }
  return text.join('');
}

const SELECT_OPTIONS = new Set([
  'ALL',
  'DISTINCT',
  'DISTINCTROW',
  'HIGH_PRIORITY',
  'SQL_SMALL_RESULT',
  'SQL_BIG_RESULT',
  'SQL_BUFFER_RESULT',
  'SQL_NO_CACHE',
  'SQL_CACHE',
  'SQL_CALC_FOUND_ROWS',
]);

function isSelectOption(token: SqlToken): boolean {
  return SELECT_OPTIONS.has(token.value.toUpperCase());
}

function issueFromName(issue: NameIssue, tokenization: MysqlTokenization): ValidationIssue {
  return withPosition(
    { kind: issue.kind, message: issue.message, suggestions: issue.suggestions },
    issue.name,
    tokenization,
  );
}

/**
 * 1-based position of the server's "near '…'" text on its line. The text is the rest of the
 * statement from the error on (cut at 80 characters); empty means the statement ended too early.
 */
function nearPosition(statement: string, near: string, line: number): number | undefined {
  if (near === '') return statement.length + 1;
  let lineStart = 0;
  for (let current = 1; current < line; current += 1) {
    const newline = statement.indexOf('\n', lineStart);
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  const fromLine = statement.indexOf(near, lineStart);
  const found = fromLine === -1 ? statement.indexOf(near) : fromLine;
  return found === -1 ? undefined : found + 1;
}

/** Catalog tables the query's words name (a good guess at its FROM list when it cannot be parsed). */
function tablesIn(tokenization: MysqlTokenization, catalog: NameCatalog): CatalogTable[] {
  const tables = new Set<CatalogTable>();
  for (const token of tokenization.tokens) {
    if (token.kind !== 'word' && token.kind !== 'quoted_identifier') continue;
    const table = catalog.tables.get(token.value.toLowerCase());
    if (table && table.name !== 'dual') tables.add(table);
  }
  return [...tables];
}

function trimPeriod(message: string): string {
  return message.trim().replace(/\.$/, '');
}

function withPosition(
  issue: ValidationIssue,
  name: string,
  tokenization: MysqlTokenization,
): ValidationIssue {
  return withNamePosition(issue, name, tokenization.tokens);
}
