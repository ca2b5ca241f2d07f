import { loadModule, parseSync } from 'libpg-query';
import type { ValidationIssue, ValidationReport } from '@text2x/protocol';
import { Text2xError, type SchemaInfo } from '../../core/index.js';
import {
  checkTokenPolicy,
  POSTGRES_DENY_LIST,
  type PolicyViolation,
  type SqlToken,
  type SqlTokenization,
  issueFromViolation,
} from '../sql-policy/index.js';
import { bytePositionMapper } from './postgres-ast.js';
import { checkPostgresAstPolicy } from './postgres-ast-policy.js';
import type { PostgresDriver } from './postgres-driver.js';
import { introspectPostgres } from './postgres-introspector.js';
import { tokenizePostgres } from './postgres-lexer.js';
import {
  buildPostgresNameCatalog,
  checkPostgresNames,
  type PostgresNameCatalog,
  type PostgresNameIssue,
} from './postgres-name-check.js';
import {
  errorMessage,
  isConnectionFailure,
  postgresErrorCode,
  postgresErrorPosition,
  withReadOnlyTransaction,
} from './postgres-transaction.js';

export interface PostgresValidatorOptions {
  /** Runs the dry run and loads table names when no schema was given. Without it there is no dry run. */
  driver?: PostgresDriver;
  /** The configured schemas in search order. Default `['public']`. */
  schemas?: readonly string[];
  /** The current database, which `db.schema.table` may name. */
  database?: string;
  /** Longest accepted query, in characters. Default 100,000. */
  maxQueryLength?: number;
  /** Time limit of the EXPLAIN dry run, in ms. Default 5,000. */
  dryRunTimeoutMs?: number;
  /** Set `client_connection_check_interval` in the dry run's transaction (server 14+). Default false. */
  checkClientConnection?: boolean;
  /** A catalog older than this is re-read once when a query names an unknown table or column. Default 1,000 ms. */
  catalogRefreshMs?: number;
}

export interface PostgresValidateOptions {
  /** Run `EXPLAIN (FORMAT JSON)` on the query in a read-only transaction. Default true. */
  dryRun?: boolean;
  signal?: AbortSignal;
}

/** What the checks that need no database found, and the statement text to run when they pass. */
export interface PostgresStaticCheck {
  /** `failed` errors end validation; otherwise `nameIssues` may still be confirmed by the database. */
  errors: ValidationIssue[];
  warnings: ValidationIssue[];
  /** Only unknown-column issues, which EXPLAIN may overrule (the catalog may be stale). */
  columnIssues: PostgresNameIssue[];
  /** The single statement without trailing semicolons and comments, ready to wrap in EXPLAIN or DECLARE. */
  statement: string;
}

let moduleReady: Promise<void> | undefined;

/** Loads libpg-query's WebAssembly module once per process. */
export function loadPostgresParser(): Promise<void> {
  moduleReady ??= loadModule();
  return moduleReady;
}

/**
 * Validates queries for one PostgreSQL data source, in order: length; the token policy over
 * PostgreSQL's own lexical rules (always, as a second belt that does not depend on the parser);
 * PostgreSQL's parser (libpg-query) for syntax with position; the parse-tree policy (one SELECT,
 * no data-modifying CTE, no SELECT INTO, no locking clause, no denied function or table anywhere);
 * table and column names against the cached catalog of the configured schemas; then `EXPLAIN
 * (FORMAT JSON)` in a read-only transaction as the dry run. Everything before the dry run is
 * synchronous and takes well under a millisecond for a typical query.
 */
export class PostgresValidator {
  readonly #driver: PostgresDriver | undefined;
  readonly #schemas: readonly string[];
  readonly #database: string | undefined;
  readonly #maxQueryLength: number;
  readonly #dryRunTimeoutMs: number;
  readonly #checkClientConnection: boolean;
  readonly #catalogRefreshMs: number;
  #catalog: PostgresNameCatalog | undefined;
  #catalogLoadedAt = 0;
  #catalogLoading: Promise<PostgresNameCatalog> | undefined;

  constructor(options: PostgresValidatorOptions = {}) {
    this.#driver = options.driver;
    this.#schemas = [...(options.schemas ?? ['public'])];
    this.#database = options.database;
    this.#maxQueryLength = options.maxQueryLength ?? 100_000;
    this.#dryRunTimeoutMs = options.dryRunTimeoutMs ?? 5_000;
    this.#checkClientConnection = options.checkClientConnection ?? false;
    this.#catalogRefreshMs = options.catalogRefreshMs ?? 1_000;
  }

  /** Uses this schema for name checks (until a query names something it lacks and it is re-read). */
  useSchema(schema: SchemaInfo): void {
    this.#catalog = buildPostgresNameCatalog(schema, this.#schemas, this.#database);
    this.#catalogLoadedAt = Date.now();
  }

  async validate(query: string, options: PostgresValidateOptions = {}): Promise<ValidationReport> {
    return (await this.prepare(query, options)).report;
  }

  /**
   * Validates like `validate` and also returns the statement to run (the query without trailing
   * semicolons and comments); `statement` is empty when validation failed.
   */
  async prepare(
    query: string,
    options: PostgresValidateOptions = {},
  ): Promise<{ report: ValidationReport; statement: string }> {
    return this.#validate(query, options);
  }

  async #validate(
    query: string,
    options: PostgresValidateOptions,
  ): Promise<{ report: ValidationReport; statement: string }> {
    const dryRun = options.dryRun ?? true;
    const checkAbort = (): void => {
      if (options.signal?.aborted) throw new Text2xError('CANCELLED', 'Validation was cancelled.');
    };
    checkAbort();
    await loadPostgresParser();
    let catalog = this.#catalog ?? (await this.#loadCatalog());
    let check = this.check(query, catalog);
    if (check.errors.some(isNameIssue) || check.columnIssues.length > 0) {
      if (this.#driver !== undefined && Date.now() - this.#catalogLoadedAt > this.#catalogRefreshMs) {
        catalog = await this.#loadCatalog();
        check = this.check(query, catalog);
      }
    }
    checkAbort();
    const { errors, warnings } = check;
    if (errors.length > 0) return { report: { status: 'failed', errors, warnings }, statement: '' };

    if (check.columnIssues.length > 0) {
      // Our resolver may misread an unusual query; the planner's verdict on columns wins.
      const planError =
        this.#driver === undefined
          ? check.columnIssues[0]
          : await this.#explain(check.statement, options.signal);
      if (planError !== undefined) {
        return {
          report: { status: 'failed', errors: check.columnIssues.map(issueFromName), warnings },
          statement: '',
        };
      }
      warnings.push({
        kind: 'name_check',
        message: `The name check could not place ${check.columnIssues.map((issue) => `"${issue.name}"`).join(', ')}, but PostgreSQL planned the query.`,
      });
      return { report: { status: 'passed', errors, warnings }, statement: check.statement };
    }

    if (dryRun) {
      const planError = await this.#explain(check.statement, options.signal);
      checkAbort();
      if (planError !== undefined)
        return { report: { status: 'failed', errors: [planError], warnings }, statement: '' };
    }
    return { report: { status: 'passed', errors, warnings }, statement: check.statement };
  }

  /**
   * Everything that needs no database: length, token policy, parse, parse-tree policy and names
   * against `catalog`. Needs `loadPostgresParser()` to have finished.
   */
  check(query: string, catalog: PostgresNameCatalog | undefined): PostgresStaticCheck {
    const result: PostgresStaticCheck = { errors: [], warnings: [], columnIssues: [], statement: '' };
    if (typeof query !== 'string') {
      result.errors.push({ kind: 'syntax', message: 'The query must be a string.' });
      return result;
    }
    if (query.length > this.#maxQueryLength) {
      result.errors.push({
        kind: 'policy',
        message: `The query is ${query.length} characters long, but at most ${this.#maxQueryLength} are allowed.`,
      });
      return result;
    }

    const tokenization = tokenizePostgres(query);
    const tokenViolations = checkTokenPolicy(
      query,
      withoutLeadingParentheses(tokenization),
      POSTGRES_DENY_LIST,
    );
    const position = bytePositionMapper(query);

    let parsed: unknown;
    let syntaxIssue: ValidationIssue | undefined;
    try {
      parsed = parseSync(query);
    } catch (error) {
      syntaxIssue = syntaxIssueFrom(error);
    }

    const astViolations =
      parsed === undefined ? [] : checkPostgresAstPolicy(parsed, POSTGRES_DENY_LIST, position);
    for (const violation of [
      ...astViolations,
      ...tokenViolations.filter((token) => !repeats(token, astViolations)),
    ]) {
      result.errors.push(issueFromViolation(violation));
    }
    if (syntaxIssue !== undefined && !result.errors.some((issue) => issue.kind === 'syntax')) {
      result.errors.push(syntaxIssue);
    }
    if (result.errors.length > 0 || parsed === undefined) return result;

    if (catalog !== undefined) {
      let nameIssues: PostgresNameIssue[];
      try {
        nameIssues = checkPostgresNames(parsed, catalog, position);
      } catch {
        result.errors.push({ kind: 'policy', message: 'The query is nested too deeply to check.' });
        return result;
      }
      if (nameIssues.some((issue) => issue.kind === 'unknown_table')) {
        result.errors.push(...nameIssues.map(issueFromName));
        return result;
      }
      result.columnIssues = nameIssues;
    }
    result.statement = statementText(query, tokenization.tokens);
    return result;
  }

  /** Runs EXPLAIN in a read-only transaction; returns the issue when PostgreSQL cannot plan the query. */
  async #explain(statement: string, signal: AbortSignal | undefined): Promise<ValidationIssue | undefined> {
    const driver = this.#driver;
    if (driver === undefined) return undefined;
    const prefix = 'EXPLAIN (FORMAT JSON) ';
    try {
      await withReadOnlyTransaction(
        driver,
        {
          statementTimeoutMs: this.#dryRunTimeoutMs,
          searchPath: this.#schemas,
          checkClientConnection: this.#checkClientConnection,
        },
        (session) => session.query(prefix + statement),
      );
      return undefined;
    } catch (error) {
      if (signal?.aborted) throw new Text2xError('CANCELLED', 'Validation was cancelled.');
      if (error instanceof Text2xError) throw error;
      if (isConnectionFailure(error)) {
        throw new Text2xError(
          'PROVIDER_UNAVAILABLE',
          `PostgreSQL could not plan the query: ${errorMessage(error)}.`,
          {
            cause: error,
          },
        );
      }
      const code = postgresErrorCode(error);
      const message =
        code === '57014'
          ? `PostgreSQL took longer than ${this.#dryRunTimeoutMs} ms to plan the query.`
          : `PostgreSQL cannot plan the query: ${errorMessage(error)}.`;
      const issue: ValidationIssue = { kind: 'dry_run', message };
      const at = postgresErrorPosition(error);
      if (at !== undefined && at > prefix.length) issue.position = at - prefix.length;
      return issue;
    }
  }

  #loadCatalog(): Promise<PostgresNameCatalog> {
    const driver = this.#driver;
    if (driver === undefined) {
      return Promise.resolve(
        buildPostgresNameCatalog({ dialect: 'postgres', tables: [] }, this.#schemas, this.#database),
      );
    }
    this.#catalogLoading ??= introspectPostgres(driver, {
      schemas: this.#schemas,
      rowCounts: false,
      sampleValues: false,
      checkClientConnection: this.#checkClientConnection,
    })
      .then((schema) => {
        this.useSchema(schema);
        return this.#catalog as PostgresNameCatalog;
      })
      .finally(() => {
        this.#catalogLoading = undefined;
      });
    return this.#catalogLoading;
  }
}

/**
 * A token-policy violation that says again what the parse tree already said: the same subject
 * (`DROP`, `Only one statement`) or a part of it (`UPDATE` of `FOR UPDATE`, `DELETE` of a CTE).
 */
function repeats(token: PolicyViolation, tree: readonly PolicyViolation[]): boolean {
  const subject = (message: string): string => message.split(/ is not allowed| is allowed/)[0] ?? message;
  const wanted = subject(token.message);
  // The first-word rule says less than the tree's statement kind.
  if (token.message.startsWith('Only read-only queries starting with') && tree.length > 0) return true;
  return tree.some((violation) => {
    const have = subject(violation.message);
    return (
      violation.message === token.message ||
      have === wanted ||
      have.endsWith(` ${wanted}`) ||
      have.startsWith(`${wanted} `)
    );
  });
}

function isNameIssue(issue: ValidationIssue): boolean {
  return issue.kind === 'unknown_table' || issue.kind === 'unknown_column';
}

/**
 * `(SELECT …) UNION (SELECT …)` is a SELECT: the first-word rule looks past opening parentheses
 * (no other statement may stand inside them).
 */
function withoutLeadingParentheses(tokenization: SqlTokenization): SqlTokenization {
  let skip = 0;
  while (tokenization.tokens[skip]?.kind === 'punctuation' && tokenization.tokens[skip]?.value === '(')
    skip += 1;
  return skip === 0
    ? tokenization
    : { tokens: tokenization.tokens.slice(skip), comments: tokenization.comments };
}

/** The query up to its last token before a trailing `;` (comments after it dropped). */
function statementText(query: string, tokens: readonly SqlToken[]): string {
  let last = tokens.length - 1;
  while (last >= 0 && tokens[last]?.kind === 'punctuation' && tokens[last]?.value === ';') last -= 1;
  const end = last >= 0 ? (tokens[last] as SqlToken).end : 0;
  return query.slice(0, end);
}

function syntaxIssueFrom(error: unknown): ValidationIssue {
  const details = (error as { sqlDetails?: { message?: unknown; cursorPosition?: unknown } } | undefined)
    ?.sqlDetails;
  const message = typeof details?.message === 'string' ? details.message : errorMessage(error);
  const issue: ValidationIssue = {
    kind: 'syntax',
    message: `PostgreSQL cannot parse the query: ${message}.`,
  };
  if (typeof details?.cursorPosition === 'number' && details.cursorPosition >= 0) {
    issue.position = details.cursorPosition + 1;
  }
  return issue;
}

function issueFromName(issue: PostgresNameIssue): ValidationIssue {
  const result: ValidationIssue = {
    kind: issue.kind,
    message: issue.message,
    suggestions: issue.suggestions,
  };
  if (issue.position !== undefined) result.position = issue.position;
  return result;
}
