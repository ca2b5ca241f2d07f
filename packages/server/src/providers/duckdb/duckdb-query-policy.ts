import {
  deniedFunctionReason,
  deniedTableReason,
  DUCKDB_DENIED_STATEMENTS,
  type DenyList,
  type PolicyViolation,
  type SqlToken,
  type SqlTokenization,
} from '../sql-policy/index.js';
import type { DuckdbFileAllowlist } from './duckdb-file-tables.js';

/** Table functions that read files: allowed only with a literal path the provider allows. */
export const FILE_READER_FUNCTIONS: ReadonlySet<string> = new Set([
  'read_csv',
  'read_csv_auto',
  'read_parquet',
  'parquet_scan',
  'read_json',
  'read_json_auto',
  'read_json_objects',
  'read_json_objects_auto',
  'read_ndjson',
  'read_ndjson_auto',
  'read_ndjson_objects',
  'read_text',
  'read_blob',
  'glob',
  'sniff_csv',
  'parquet_metadata',
  'parquet_schema',
  'parquet_file_metadata',
  'parquet_kv_metadata',
  'parquet_full_metadata',
  'parquet_bloom_probe',
]);

/** The other table functions a query may use in FROM; every other one is refused. */
export const ALLOWED_TABLE_FUNCTIONS: ReadonlySet<string> = new Set([
  'range',
  'generate_series',
  'unnest',
  'json_each',
  'json_tree',
  'pg_timezone_names',
  'icu_calendar_names',
]);

/** Reader options that write (rejected rows go into temporary tables). */
const DENIED_READER_OPTIONS: ReadonlySet<string> = new Set([
  'store_rejects',
  'rejects_table',
  'rejects_scan',
]);

/** How the generic first-word message of the shared token policy starts (replaced by a specific reason). */
const GENERIC_START_MESSAGE = 'Only read-only queries starting with';

/**
 * DuckDB-specific checks on the tokens, run with the shared token policy on every query (before
 * and independently of any parser): a specific reason for a denied first word (`LOAD`, `SET`,
 * `DESCRIBE`, …), and the file rule — a file-reading function must be called with a literal path
 * (or a list of literal paths) the provider allows, and a string after FROM or JOIN (DuckDB reads
 * `FROM 'x.csv'` as a file) must be such a path. Returns the shared policy's violations merged
 * with these.
 */
export function checkDuckdbTokens(
  tokenization: SqlTokenization,
  sharedViolations: readonly PolicyViolation[],
  allowlist: DuckdbFileAllowlist,
): PolicyViolation[] {
  const { tokens } = tokenization;
  const violations: PolicyViolation[] = [];
  const first = tokens[0];
  const firstWord = first?.kind === 'word' ? first.value.toUpperCase() : undefined;
  const statementReason = firstWord === undefined ? undefined : DUCKDB_DENIED_STATEMENTS.get(firstWord);
  for (const violation of sharedViolations) {
    if (statementReason !== undefined && violation.message.startsWith(GENERIC_START_MESSAGE)) continue;
    violations.push(violation);
  }
  if (statementReason !== undefined && first !== undefined) {
    violations.push({
      kind: 'policy',
      message: `${firstWord ?? ''} is not allowed because it ${statementReason}.`,
      position: first.start + 1,
    });
  }

  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index] as SqlToken;
    const next = tokens[index + 1];
    if (
      (token.kind === 'word' || token.kind === 'quoted_identifier') &&
      FILE_READER_FUNCTIONS.has(token.value.toLowerCase()) &&
      next?.kind === 'punctuation' &&
      next.value === '('
    ) {
      const name = token.value.toLowerCase();
      const problem = literalPathProblem(tokens, index + 2, allowlist);
      if (problem !== undefined) {
        violations.push({
          kind: 'policy',
          message: `The function ${name}() is not allowed here because ${problem}.`,
          position: token.start + 1,
        });
      }
    } else if (token.kind === 'word' && /^(?:FROM|JOIN)$/i.test(token.value) && next?.kind === 'string') {
      const reason = allowlist.rejection(next.value);
      if (reason !== undefined) {
        violations.push({
          kind: 'policy',
          message: `Reading the file '${next.value}' is not allowed because ${reason}.`,
          position: next.start + 1,
        });
      }
    }
  }
  return violations.sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
}

/** Why the argument list starting at `index` does not begin with allowed literal paths, or undefined. */
function literalPathProblem(
  tokens: readonly SqlToken[],
  index: number,
  allowlist: DuckdbFileAllowlist,
): string | undefined {
  const paths: SqlToken[] = [];
  let at = index;
  if (tokens[at]?.kind === 'string') {
    paths.push(tokens[at] as SqlToken);
    at += 1;
  } else if (tokens[at]?.value === '[') {
    at += 1;
    for (;;) {
      const item = tokens[at];
      if (item?.kind !== 'string') return 'its first argument must be literal paths in quotes';
      paths.push(item);
      at += 1;
      if (tokens[at]?.value === ',') at += 1;
      else if (tokens[at]?.value === ']') {
        at += 1;
        break;
      } else return 'its first argument must be literal paths in quotes';
    }
  } else {
    return 'it may only read a literal path in quotes, not a path built by an expression';
  }
  const after = tokens[at];
  if (after === undefined || (after.value !== ',' && after.value !== ')')) {
    return 'it may only read a literal path in quotes, not a path built by an expression';
  }
  for (const path of paths) {
    const reason = allowlist.rejection(path.value);
    if (reason !== undefined) return reason;
  }
  return undefined;
}

/** What the checks below need to know about the provider. */
export interface DuckdbParseTreeContext {
  denyList: DenyList;
  allowlist: DuckdbFileAllowlist;
  /** True when the (optionally qualified) table exists; names compare case-insensitively. */
  hasTable: (catalog: string, schema: string, name: string) => boolean;
  /** Lower-case catalog names a query may name (the database's alias and `memory`). */
  catalogs: ReadonlySet<string>;
}

/** A table the query names that the provider does not have. */
export interface UnknownTable {
  /** As written, with its qualifiers (`s.orders`). */
  name: string;
  /** The bare table name. */
  table: string;
  /** 1-based position in the query, when DuckDB reported one. */
  position?: number;
}

export interface DuckdbParseTreeFindings {
  violations: PolicyViolation[];
  unknownTables: UnknownTable[];
}

type JsonNode = Record<string, unknown>;

/** DuckDB's "no location" (2^64 - 1), as JSON.parse reads it. */
const NO_LOCATION = 2 ** 64 - 1;

/**
 * The read-only policy over DuckDB's own parse tree (`json_serialize_sql`), which reads the query
 * exactly as DuckDB will run it: exactly one statement; no DESCRIBE/SHOW/SUMMARIZE; no denied
 * function anywhere; table functions only from the allowed list; every file reader called with
 * literal paths the provider allows and no option that writes; every table reference either a
 * CTE, a known table in the provider's catalogs, or an allowed file path (DuckDB reads
 * `FROM 'x.csv'` and `FROM "x.csv"` as files). Tables it does not know are returned separately,
 * as name errors rather than policy violations.
 */
export function checkDuckdbParseTree(
  tree: unknown,
  context: DuckdbParseTreeContext,
): DuckdbParseTreeFindings {
  const violations: PolicyViolation[] = [];
  const unknownTables: UnknownTable[] = [];
  const seen = new Set<string>();
  const add = (message: string, location?: unknown): void => {
    if (seen.has(message)) return;
    seen.add(message);
    const position = positionOf(location);
    violations.push(
      position === undefined ? { kind: 'policy', message } : { kind: 'policy', message, position },
    );
  };

  const statements = isNode(tree) && Array.isArray(tree.statements) ? tree.statements : [];
  if (statements.length !== 1) add(`Only one statement is allowed, but DuckDB reads ${statements.length}.`);
  const cteNames = new Set<string>();
  walk(statements, (node) => {
    if (isNode(node.cte_map) && Array.isArray(node.cte_map.map)) {
      for (const entry of node.cte_map.map) {
        if (isNode(entry) && typeof entry.key === 'string') cteNames.add(entry.key.toLowerCase());
      }
    }
  });

  walk(statements, (node) => {
    if ((node.class === 'FUNCTION' || node.class === 'WINDOW') && typeof node.function_name === 'string') {
      const name = node.function_name.toLowerCase();
      const reason = deniedFunctionReason(name, context.denyList);
      if (reason !== undefined)
        add(`The function ${name}() is not allowed because it ${reason}.`, node.query_location);
      if (FILE_READER_FUNCTIONS.has(name)) {
        const problem = readerArgumentProblem(node.children, context.allowlist);
        if (problem !== undefined) {
          add(`The function ${name}() is not allowed here because ${problem}.`, node.query_location);
        }
      }
      return;
    }
    switch (node.type) {
      case 'TABLE_FUNCTION': {
        const call = isNode(node.function) ? node.function : undefined;
        const name = typeof call?.function_name === 'string' ? call.function_name.toLowerCase() : '';
        if (
          !FILE_READER_FUNCTIONS.has(name) &&
          !ALLOWED_TABLE_FUNCTIONS.has(name) &&
          deniedFunctionReason(name, context.denyList) === undefined
        ) {
          add(
            `The table function ${name || '(unknown)'}() is not allowed because queries may only use ${[...ALLOWED_TABLE_FUNCTIONS].slice(0, 5).join(', ')} and the provider's file readers.`,
            node.query_location,
          );
        }
        return;
      }
      case 'SHOW_REF':
        add(
          'DESCRIBE, SHOW and SUMMARIZE are not allowed because the schema and statistics come from introspection.',
          node.query_location,
        );
        return;
      case 'BASE_TABLE':
        checkTableReference(node, context, cteNames, add, unknownTables);
        return;
      default:
    }
  });
  return { violations, unknownTables };
}

function checkTableReference(
  node: JsonNode,
  context: DuckdbParseTreeContext,
  cteNames: ReadonlySet<string>,
  add: (message: string, location?: unknown) => void,
  unknownTables: UnknownTable[],
): void {
  const catalog = typeof node.catalog_name === 'string' ? node.catalog_name : '';
  const schema = typeof node.schema_name === 'string' ? node.schema_name : '';
  const table = typeof node.table_name === 'string' ? node.table_name : '';
  const written = [catalog, schema, table].filter((part) => part !== '').join('.');
  for (const part of [catalog, schema, table]) {
    if (part === '') continue;
    const reason = deniedTableReason(part, context.denyList);
    if (reason !== undefined) {
      add(
        `The table ${written} is not allowed because ${part.toLowerCase()} ${reason}.`,
        node.query_location,
      );
      return;
    }
  }
  if (catalog !== '' && !context.catalogs.has(catalog.toLowerCase())) {
    add(
      `The catalog ${catalog} is not allowed because only the provider's own database and files can be read.`,
      node.query_location,
    );
    return;
  }
  if (context.hasTable(catalog, schema, table)) return;
  const qualified = catalog !== '' || schema !== '';
  if (!qualified && looksLikePath(table)) {
    const reason = context.allowlist.rejection(table);
    if (reason !== undefined)
      add(`Reading the file '${table}' is not allowed because ${reason}.`, node.query_location);
    return;
  }
  if (!qualified && cteNames.has(table.toLowerCase())) return;
  const position = positionOf(node.query_location);
  unknownTables.push(position === undefined ? { name: written, table } : { name: written, table, position });
}

/** Why a file reader's arguments are not allowed: the first must be allowed literal paths, the rest named options. */
function readerArgumentProblem(children: unknown, allowlist: DuckdbFileAllowlist): string | undefined {
  const args: unknown[] = Array.isArray(children) ? (children as unknown[]) : [];
  const [first, ...rest] = args;
  const paths = literalStrings(first);
  if (paths === undefined)
    return 'it may only read a literal path in quotes, not a path built by an expression';
  for (const path of paths) {
    const reason = allowlist.rejection(path);
    if (reason !== undefined) return reason;
  }
  for (const option of rest) {
    const name = optionName(option);
    if (name === undefined) return 'it takes one path argument; other arguments must be named options';
    if (DENIED_READER_OPTIONS.has(name.toLowerCase()))
      return `its option ${name} writes rejected rows into tables`;
  }
  return undefined;
}

/** The strings of a literal string or a list of literal strings, else undefined. */
function literalStrings(node: unknown): string[] | undefined {
  if (!isNode(node)) return undefined;
  if (node.class === 'CONSTANT') {
    const value = isNode(node.value) ? node.value : undefined;
    const type = isNode(value?.type) ? value.type.id : undefined;
    return type === 'VARCHAR' && typeof value?.value === 'string' ? [value.value] : undefined;
  }
  if (node.class === 'FUNCTION' && node.function_name === 'list_value' && Array.isArray(node.children)) {
    const strings: string[] = [];
    for (const child of node.children) {
      const items = literalStrings(child);
      if (items?.length !== 1) return undefined;
      strings.push(...items);
    }
    return strings.length > 0 ? strings : undefined;
  }
  return undefined;
}

/** The name of a named option (`header = true` or `header := true`), else undefined. */
function optionName(node: unknown): string | undefined {
  if (!isNode(node)) return undefined;
  if (typeof node.alias === 'string' && node.alias !== '') return node.alias;
  if (node.class === 'COMPARISON' && isNode(node.left) && node.left.class === 'COLUMN_REF') {
    const names = node.left.column_names;
    if (Array.isArray(names) && names.length === 1 && typeof names[0] === 'string') return names[0];
  }
  return undefined;
}

/** Names DuckDB may read as a file path rather than a table (`'data.csv'`, `"/tmp/x"`, `s3://…`). */
function looksLikePath(name: string): boolean {
  return /[./\\:~]/.test(name);
}

function positionOf(location: unknown): number | undefined {
  return typeof location === 'number' && location >= 0 && location < NO_LOCATION ? location + 1 : undefined;
}

function isNode(value: unknown): value is JsonNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Visits every object in the tree, iteratively (a hostile query can nest deeply). */
function walk(root: unknown, visit: (node: JsonNode) => void): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
    } else if (isNode(value)) {
      visit(value);
      for (const child of Object.values(value))
        if (typeof child === 'object' && child !== null) stack.push(child);
    }
  }
}
