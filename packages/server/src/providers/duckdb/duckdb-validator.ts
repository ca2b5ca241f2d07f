import { StatementType, type DuckDBConnection } from '@duckdb/node-api';
import postgresParser from 'node-sql-parser/build/postgresql.js';
import type { ValidationIssue, ValidationReport } from '@text2x/protocol';
import { Text2xError, type SchemaInfo } from '../../core/index.js';
import { suggestNames } from '../name-suggestions.js';
import {
  buildNameCatalog,
  checkNames,
  checkTokenPolicy,
  DUCKDB_DENY_LIST,
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
import type { DuckdbConnectionPool } from './duckdb-connection-pool.js';
import { duckdbMessage, type DuckdbDatabase } from './duckdb-database.js';
import { introspectDuckdb } from './duckdb-introspector.js';
import { tokenizeDuckdb } from './duckdb-lexer.js';
import {
  ALLOWED_TABLE_FUNCTIONS,
  checkDuckdbParseTree,
  checkDuckdbTokens,
  FILE_READER_FUNCTIONS,
  type UnknownTable,
} from './duckdb-query-policy.js';

/** node-sql-parser's PostgreSQL grammar (closest to DuckDB's), used only for name messages. */
const parser = new postgresParser.Parser();

export interface DuckdbValidatorOptions {
  /** Longest accepted query, in characters; longer ones are rejected by the policy. Default 100,000. */
  maxQueryLength?: number;
}

export interface DuckdbValidateOptions {
  /** Run `EXPLAIN` on the query. Default true. */
  dryRun?: boolean;
  signal?: AbortSignal;
}

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
const NAME_CHECK_TABLE_FUNCTIONS = new Map<string, readonly string[] | null>([
  ['range', ['range']],
  ['generate_series', ['generate_series']],
  ['json_each', JSON_TABLE_COLUMNS],
  ['json_tree', JSON_TABLE_COLUMNS],
  ...[...ALLOWED_TABLE_FUNCTIONS, ...FILE_READER_FUNCTIONS]
    .filter((name) => !['range', 'generate_series', 'json_each', 'json_tree'].includes(name))
    .map((name): [string, null] => [name, null]),
]);

const NOT_SELECT_MESSAGE = 'Only SELECT statements can be serialized';

/**
 * Validates queries for one DuckDB provider, in order, failing at the first layer that objects:
 *
 * 1. length, then the shared token policy and the DuckDB token checks — always, on DuckDB's own
 *    token rules, so nothing depends on a parser;
 * 2. DuckDB's own parser (`json_serialize_sql`): a syntax error is reported as such, anything that
 *    is not a SELECT is refused, and the parse tree — exactly what DuckDB would run — goes through
 *    the tree policy (functions, table functions, file paths, known tables);
 * 3. DuckDB's binder (`prepare`), the final word on names and types, whose statement type must
 *    be SELECT; and `EXPLAIN` as the dry run.
 *
 * node-sql-parser (PostgreSQL grammar, after a same-length rewrite of DuckDB-only syntax) is used
 * only when the binder reports an unknown name, to list every unknown table and column with "did
 * you mean" suggestions; the shared AST policy is not run on its tree, because DuckDB's own parse
 * tree (layer 2) is the same policy on the tree DuckDB really runs, and parsing with a second
 * grammar costs 3–7 ms a query. When that parser cannot read DuckDB syntax, DuckDB's message is
 * reported, mapped to the same issue kinds.
 */
export class DuckdbValidator {
  readonly #database: DuckdbDatabase;
  readonly #pool: DuckdbConnectionPool;
  readonly #maxQueryLength: number;
  readonly #catalogs: ReadonlySet<string>;
  readonly #bareNames: ReadonlySet<string>;
  #catalog: NameCatalog | undefined;
  #catalogLoading: Promise<NameCatalog> | undefined;
  #closing = false;

  constructor(database: DuckdbDatabase, pool: DuckdbConnectionPool, options: DuckdbValidatorOptions = {}) {
    this.#database = database;
    this.#pool = pool;
    this.#maxQueryLength = options.maxQueryLength ?? 100_000;
    this.#catalogs = new Set(
      ['memory', database.databaseAlias].filter((name): name is string => name !== undefined).map(lower),
    );
    this.#bareNames = new Set(database.objects.map((object) => lower(object.name)));
  }

  /** Uses this schema's columns for name messages (the tables themselves come from the database). */
  useSchema(schema: SchemaInfo): void {
    this.#catalog = buildNameCatalog(schema);
  }

  async validate(query: string, options: DuckdbValidateOptions = {}): Promise<ValidationReport> {
    const dryRun = options.dryRun ?? true;
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
    const tokenization = tokenizeDuckdb(query);
    const shared = checkTokenPolicy(query, tokenization, DUCKDB_DENY_LIST);
    const violations = checkDuckdbTokens(tokenization, shared, this.#database.allowlist);
    if (violations.length > 0) return failed(...violations.map(issueFromViolation));

    if (options.signal?.aborted) throw new Text2xError('CANCELLED', 'Validation was cancelled.');
    try {
      return await this.#checkWithDuckdb(query, tokenization, dryRun, errors, warnings, options.signal);
    } catch (error) {
      if (this.#closing) {
        throw new Text2xError('CANCELLED', 'The data source was closed while the query was validated.', {
          cause: error,
        });
      }
      if (error instanceof Text2xError) throw error;
      throw new Text2xError(
        'PROVIDER_UNAVAILABLE',
        `DuckDB failed while validating: ${duckdbMessage(error)}.`,
        {
          cause: error,
        },
      );
    }
  }

  /** Stops validations in progress (they fail with CANCELLED); used when the provider closes. */
  cancelAll(): void {
    this.#closing = true;
    this.#pool.interruptAll();
  }

  async #checkWithDuckdb(
    query: string,
    tokenization: SqlTokenization,
    dryRun: boolean,
    errors: ValidationIssue[],
    warnings: ValidationIssue[],
    signal: AbortSignal | undefined,
  ): Promise<ValidationReport> {
    const failed = (...issues: ValidationIssue[]): ValidationReport => {
      errors.push(...issues);
      return { status: 'failed', errors, warnings };
    };
    const catalog = await this.#nameCatalog();
    return this.#pool.use(async (connection) => {
      const tree = await serialize(connection, query);
      if (tree.error) {
        const message = tree.message ?? 'unknown error';
        if (message.startsWith(NOT_SELECT_MESSAGE)) {
          return failed({
            kind: 'policy',
            message:
              'Only read-only SELECT queries are allowed, but DuckDB reads this as another kind of statement.',
          });
        }
        const issue: ValidationIssue = {
          kind: 'syntax',
          message: `DuckDB cannot parse the query: ${message}.`,
        };
        if (tree.position !== undefined) issue.position = tree.position + 1;
        return failed(issue);
      }
      const findings = checkDuckdbParseTree(tree.tree, {
        denyList: DUCKDB_DENY_LIST,
        allowlist: this.#database.allowlist,
        catalogs: this.#catalogs,
        hasTable: (catalogName, schema, name) => this.#hasTable(catalogName, schema, name),
      });
      if (findings.violations.length > 0) return failed(...findings.violations.map(issueFromViolation));
      if (findings.unknownTables.length > 0) {
        return failed(
          ...findings.unknownTables.map((table) => unknownTableIssue(table, catalog, tokenization)),
        );
      }

      try {
        const prepared = await connection.prepare(query);
        const type = prepared.statementType;
        prepared.destroySync();
        if (type !== StatementType.SELECT) {
          return failed({
            kind: 'policy',
            message: 'DuckDB reports that this statement is not a read-only SELECT, so it is not allowed.',
          });
        }
      } catch (error) {
        const message = duckdbMessage(error);
        const duckdbIssue = issueFromDuckdbError(message, tokenization, catalog);
        if (isNameError(message)) {
          // DuckDB names the first unknown name; the resolver finds all of them, with suggestions.
          const ours = this.#nameIssues(query, tokenization, catalog);
          if (ours.length > 0) {
            const issues = ours.map((issue) => issueFromName(issue, tokenization));
            const same = issues.some(
              (issue) => issue.kind === duckdbIssue.kind && sameName(issue, duckdbIssue),
            );
            return failed(...issues, ...(same ? [] : [duckdbIssue]));
          }
        }
        return failed(duckdbIssue);
      }

      if (dryRun) {
        try {
          await connection.run(`EXPLAIN ${query}`);
        } catch (error) {
          return failed({
            kind: 'dry_run',
            message: `DuckDB could not plan the query: ${duckdbMessage(error)}.`,
          });
        }
      }
      return { status: 'passed', errors, warnings };
    }, signal);
  }

  /** Every unknown table and column node-sql-parser's tree names, or none when it cannot read the query. */
  #nameIssues(query: string, tokenization: SqlTokenization, catalog: NameCatalog): NameIssue[] {
    const ast = parse(query, tokenization);
    if (ast === undefined) return [];
    try {
      return checkNames(ast, catalog, {
        implicitColumns: ['rowid'],
        tableFunctions: NAME_CHECK_TABLE_FUNCTIONS,
        doubleQuotedStringsAreNames: true,
        schemaNames: ['main', 'memory', ...this.#database.schemas, ...this.#catalogs].map(lower),
      });
    } catch {
      return []; // a tree too deep to walk: DuckDB's message stands
    }
  }

  #hasTable(catalog: string, schema: string, name: string): boolean {
    const [c, s, n] = [lower(catalog), lower(schema), lower(name)];
    if (c === '' && s === '') return this.#bareNames.has(n);
    return this.#database.objects.some((object) => {
      if (lower(object.name) !== n) return false;
      const objectCatalog = lower(object.catalog);
      const objectSchema = lower(object.schema);
      if (c !== '') return objectCatalog === c && objectSchema === s;
      return objectSchema === s || (objectCatalog === s && objectSchema === 'main');
    });
  }

  /** Names and columns for messages: the given schema, else a quick introspection without counts or samples. */
  async #nameCatalog(): Promise<NameCatalog> {
    if (this.#catalog !== undefined) return this.#catalog;
    this.#catalogLoading ??= this.#pool
      .use((connection) =>
        introspectDuckdb(connection, this.#database, { rowCounts: false, sampleValues: false }),
      )
      .then((schema) => buildNameCatalog(schema, []))
      .finally(() => {
        this.#catalogLoading = undefined;
      });
    const loaded = await this.#catalogLoading;
    this.#catalog ??= loaded;
    return this.#catalog;
  }
}

type Serialized =
  | { error: false; tree: unknown }
  | { error: true; message: string | undefined; position: number | undefined };

/** DuckDB's parse of the query as JSON (only parses: nothing is bound or run). */
async function serialize(connection: DuckDBConnection, query: string): Promise<Serialized> {
  let text: unknown;
  try {
    const reader = await connection.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR)', [query]);
    text = reader.getRows()[0]?.[0];
  } catch (error) {
    return { error: true, message: duckdbMessage(error), position: undefined };
  }
  let tree: unknown;
  try {
    tree = JSON.parse(String(text));
  } catch {
    return { error: true, message: 'DuckDB returned an unreadable parse tree', position: undefined };
  }
  if (typeof tree !== 'object' || tree === null) {
    return { error: true, message: 'DuckDB returned an unreadable parse tree', position: undefined };
  }
  const record = tree as Record<string, unknown>;
  if (record.error === true) {
    const position = Number(record.position);
    return {
      error: true,
      message: typeof record.error_message === 'string' ? record.error_message : undefined,
      position: Number.isInteger(position) && position >= 0 ? position : undefined,
    };
  }
  return { error: false, tree };
}

function parse(query: string, tokenization: SqlTokenization): unknown {
  try {
    return parser.astify(parserText(query, tokenization), { database: 'postgresql' });
  } catch {
    return undefined; // DuckDB syntax the grammar lacks, or a stack overflow: DuckDB decides instead
  }
}

/**
 * The query rewritten, at the same offsets, into a form node-sql-parser's PostgreSQL grammar reads
 * for names: comments and string contents blanked (E'', $$ and continued strings become plain
 * quotes), `//` and `**` turned into `/` and `*`, QUALIFY read as HAVING, `GROUP BY ALL` and
 * `ORDER BY ALL` dropped, and everything after the statement's semicolon dropped. The policy
 * never looks at this text.
 */
function parserText(query: string, { tokens, comments }: SqlTokenization): string {
  const text = query.split('');
  const blank = (start: number, end: number): void => {
    for (let index = start; index < end; index += 1) text[index] = ' ';
  };
  for (const comment of comments) blank(comment.start, comment.end);
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index] as SqlToken;
    if (token.kind === 'string' || token.kind === 'blob') {
      blank(token.start, token.end);
      text[token.start] = "'";
      text[token.end - 1] = "'";
      if (token.end - token.start < 2) text[token.start] = ' ';
    } else if (token.kind === 'operator' && (token.value === '//' || token.value === '**')) {
      text[token.start + 1] = ' ';
    } else if (token.kind === 'word') {
      const upper = token.value.toUpperCase();
      const next = tokens[index + 1];
      const after = tokens[index + 2];
      if (upper === 'QUALIFY') {
        text.splice(token.start, 7, ...'HAVING ');
      } else if (
        (upper === 'GROUP' || upper === 'ORDER') &&
        next?.value.toUpperCase() === 'BY' &&
        after?.kind === 'word' &&
        after.value.toUpperCase() === 'ALL'
      ) {
        blank(token.start, after.end);
      }
    } else if (token.kind === 'punctuation' && token.value === ';') {
      blank(token.start, query.length);
      break;
    }
  }
  return text.join('');
}

/** True when two issues are about the same unqualified name. */
function sameName(a: ValidationIssue, b: ValidationIssue): boolean {
  const name = (issue: ValidationIssue): string | undefined =>
    /"([^"]+)"/.exec(issue.message)?.[1]?.split('.').at(-1)?.toLowerCase();
  return name(a) !== undefined && name(a) === name(b);
}

function isNameError(message: string): boolean {
  return /^(?:Catalog Error: Table with name|Binder Error: (?:Referenced (?:column|table)|Table "[^"]*" does not have a column|Values list))/.test(
    message,
  );
}

function unknownTableIssue(
  table: UnknownTable,
  catalog: NameCatalog,
  tokenization: SqlTokenization,
): ValidationIssue {
  const suggestions = suggestNames(table.table, catalog.tableNames);
  const issue: ValidationIssue = {
    kind: 'unknown_table',
    message: `no table "${table.name}"${didYouMean(suggestions)}`,
    suggestions,
  };
  const position = table.position ?? positionOf(table.name, tokenization.tokens);
  if (position !== undefined) issue.position = position;
  return issue;
}

function issueFromName(issue: NameIssue, tokenization: SqlTokenization): ValidationIssue {
  const unqualified = issue.name.split('.').at(-1) ?? issue.name;
  let message = issue.message;
  if (issue.kind === 'unknown_column') message += quotedValueHint(unqualified, tokenization);
  const result: ValidationIssue = { kind: issue.kind, message, suggestions: issue.suggestions };
  const position = positionOf(issue.name, tokenization.tokens);
  if (position !== undefined) result.position = position;
  return result;
}

/** A hint when a double-quoted word that names no column was probably meant as text. */
function quotedValueHint(name: string, tokenization: SqlTokenization): string {
  const quoted = tokenization.tokens.some(
    (token) => token.kind === 'quoted_identifier' && token.value.toLowerCase() === name.toLowerCase(),
  );
  return quoted
    ? ` (double quotes name a column in DuckDB; write a text value in single quotes: '${name.replaceAll("'", "''")}')`
    : '';
}

/** Turns a DuckDB binder, catalog or parser error into an issue, with suggestions for unknown names. */
function issueFromDuckdbError(
  message: string,
  tokenization: SqlTokenization,
  catalog: NameCatalog,
): ValidationIssue {
  const missingTable =
    /^Catalog Error: Table with name "?(.+?)"? does not exist/.exec(message)?.[1] ??
    /^Binder Error: Referenced table "(.+?)" not found/.exec(message)?.[1];
  if (missingTable !== undefined) {
    const bare = missingTable.split('.').at(-1) ?? missingTable;
    const candidates = [...candidatesIn(message, 'Candidate tables'), ...catalog.tableNames];
    const suggestions = suggestNames(bare, candidates);
    const issue: ValidationIssue = {
      kind: 'unknown_table',
      message: `no table or alias "${missingTable}"${didYouMean(suggestions)}`,
      suggestions,
    };
    return withPosition(issue, bare, tokenization);
  }
  const inTable = /^Binder Error: (?:Table|Values list) "(.+?)" does not have a column named "(.+?)"/.exec(
    message,
  );
  const referenced = /^Binder Error: Referenced column "(.+?)" not found/.exec(message);
  if (inTable !== null || referenced !== null) {
    const column = (inTable?.[2] ?? referenced?.[1]) as string;
    const qualifier = inTable?.[1];
    const qualifiedTable = qualifier === undefined ? undefined : catalog.tables.get(qualifier.toLowerCase());
    const mentioned = tablesIn(tokenization, catalog);
    const home = qualifiedTable ?? (mentioned.length === 1 ? mentioned[0] : undefined);
    const candidates = [
      ...candidatesIn(message, 'Candidate bindings').map((name) => name.split('.').at(-1) ?? name),
      ...(qualifiedTable
        ? [...qualifiedTable.columns.values()]
        : mentioned.flatMap((table) => [...table.columns.values()])),
    ];
    const suggestions = suggestNames(column, candidates);
    const where = home ? ` in ${home.name}` : qualifier !== undefined ? ` in ${qualifier}` : '';
    const issue: ValidationIssue = {
      kind: 'unknown_column',
      message: `no column "${column}"${where}${didYouMean(suggestions)}${quotedValueHint(column, tokenization)}`,
      suggestions,
    };
    return withPosition(issue, column, tokenization);
  }
  const missingFunction =
    /^Catalog Error: (?:Scalar |Table |Aggregate |Pragma )?(?:Function|Macro Function) with name "?(.+?)"? does not exist/.exec(
      message,
    );
  if (missingFunction?.[1] !== undefined) {
    const suggestions = candidatesIn(message, 'Did you mean');
    const issue: ValidationIssue = {
      kind: 'unknown_function',
      message: `no function ${missingFunction[1]}()${didYouMean(suggestions)}`,
      suggestions,
    };
    return withPosition(issue, missingFunction[1], tokenization);
  }
  if (/^Parser Error:/.test(message)) {
    return {
      kind: 'syntax',
      message: `DuckDB cannot parse the query: ${message.replace(/^Parser Error: /, '')}.`,
    };
  }
  return { kind: 'dry_run', message: `DuckDB rejected the query: ${message}.` };
}

/** The quoted names after `label:` in a DuckDB message (`Candidate bindings: "name", "p.id"`). */
function candidatesIn(message: string, label: string): string[] {
  const at = message.indexOf(label);
  if (at < 0) return [];
  const names: string[] = [];
  for (const match of message.slice(at + label.length).matchAll(/"((?:[^"]|"")*)"/g)) {
    if (match[1] !== undefined) names.push(match[1]);
  }
  return names;
}

/** Catalog tables the query's words name (a good guess at its FROM list when it cannot be parsed). */
function tablesIn(tokenization: SqlTokenization, catalog: NameCatalog): CatalogTable[] {
  const tables = new Set<CatalogTable>();
  for (const token of tokenization.tokens) {
    if (token.kind !== 'word' && token.kind !== 'quoted_identifier') continue;
    const table = catalog.tables.get(token.value.toLowerCase());
    if (table) tables.add(table);
  }
  return [...tables];
}

function lower(value: string): string {
  return value.toLowerCase();
}

/** Tokens that may spell a name in this validator's messages. */
const NAME_TOKEN: TokenFilter = (token) => token.kind !== 'number' && token.kind !== 'string';

function withPosition(issue: ValidationIssue, name: string, tokenization: SqlTokenization): ValidationIssue {
  return withNamePosition(issue, name, tokenization.tokens, NAME_TOKEN);
}

function positionOf(name: string, tokens: readonly SqlToken[]): number | undefined {
  return positionOfName(name, tokens, NAME_TOKEN);
}
