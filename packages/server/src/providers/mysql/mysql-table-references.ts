import type { SqlToken } from '../sql-policy/index.js';

type AstNode = Record<string, unknown>;

/** A table a query reads, as written. */
export interface TableReference {
  /** The database qualifier (`other` in `other.t`), when there is one. */
  database: string | undefined;
  table: string;
  /** 1-based position in the query, when known. */
  position?: number;
}

/**
 * Tables of a parsed query qualified with another database than the connected one. The data
 * source is one database: the account may well be able to read others, so the server's verdict
 * cannot decide this.
 */
export function otherDatabaseTables(ast: unknown, database: string): TableReference[] {
  const found: TableReference[] = [];
  const stack: unknown[] = [ast];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
      continue;
    }
    if (!isNode(value)) continue;
    if (value.type === 'select' && Array.isArray(value.from)) {
      for (const item of value.from) {
        if (isNode(item) && typeof item.table === 'string' && typeof item.db === 'string') {
          if (item.db.toLowerCase() !== database.toLowerCase())
            found.push({ database: item.db, table: item.table });
        }
      }
    }
    for (const [key, child] of Object.entries(value)) {
      if (key === 'tableList' || key === 'columnList') continue;
      if (typeof child === 'object' && child !== null) stack.push(child);
    }
  }
  return found;
}

const CLAUSE_ENDS = new Set([
  'WHERE',
  'GROUP',
  'HAVING',
  'ORDER',
  'LIMIT',
  'UNION',
  'INTERSECT',
  'EXCEPT',
  'WINDOW',
  'ON',
  'USING',
  'FOR',
  'LOCK',
  'INTO',
  'PROCEDURE',
]);
const JOINS = new Set(['JOIN', 'STRAIGHT_JOIN']);
const NOT_ALIASES = new Set([
  ...CLAUSE_ENDS,
  ...JOINS,
  'LEFT',
  'RIGHT',
  'INNER',
  'OUTER',
  'CROSS',
  'NATURAL',
  'USE',
  'FORCE',
  'IGNORE',
  'PARTITION',
  'FROM',
  'SELECT',
  'WITH',
]);

/**
 * The tables a query names, read from its tokens: what follows FROM, JOIN and the commas of a FROM
 * list, optionally qualified (`db.t`), and the CTE names it defines. Used only when the parser
 * cannot read the query, so that tables outside the schema are still refused; FROM inside
 * function calls (`EXTRACT(YEAR FROM d)`, `TRIM(x FROM y)`) is skipped.
 */
export function tokenTableReferences(tokens: readonly SqlToken[]): {
  tables: TableReference[];
  ctes: Set<string>;
} {
  const tables: TableReference[] = [];
  const ctes = new Set<string>();
  /** For each open parenthesis: true when it holds a query (a subquery), false for a call or a list. */
  const parens: boolean[] = [];
  /** Paren depth of each FROM list being read. */
  const fromDepths: number[] = [];
  const inQuery = (): boolean => parens.length === 0 || parens.at(-1) === true;
  const isName = (token: SqlToken | undefined): token is SqlToken =>
    token !== undefined && (token.kind === 'word' || token.kind === 'quoted_identifier');
  const upper = (token: SqlToken | undefined): string =>
    token?.kind === 'word' ? token.value.toUpperCase() : '';

  /** Reads `name` or `db.name` at `index`; returns the index after it. */
  const readTable = (index: number): number => {
    const first = tokens[index];
    if (!isName(first) || (first.kind === 'word' && NOT_ALIASES.has(upper(first)))) return index;
    // `JSON_TABLE(…)`, `LATERAL (…)`: a table function or a derived table, not a stored table.
    if (tokens[index + 1]?.value === '(') return index;
    if (tokens[index + 1]?.value === '.' && isName(tokens[index + 2])) {
      const second = tokens[index + 2] as SqlToken;
      tables.push({ database: first.value, table: second.value, position: first.start + 1 });
      return index + 3;
    }
    tables.push({ database: undefined, table: first.value, position: first.start + 1 });
    return index + 1;
  };

  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index] as SqlToken;
    if (token.kind === 'punctuation' && token.value === '(') {
      const next = upper(tokens[index + 1]);
      parens.push(next === 'SELECT' || next === 'WITH' || tokens[index + 1]?.value === '(');
      continue;
    }
    if (token.kind === 'punctuation' && token.value === ')') {
      parens.pop();
      while (fromDepths.length > 0 && (fromDepths.at(-1) as number) > parens.length) fromDepths.pop();
      continue;
    }
    const word = upper(token);
    if (word === 'WITH' || (token.kind === 'punctuation' && token.value === ',' && ctes.size > 0)) {
      // `WITH [RECURSIVE] name [(columns)] AS (` defines a CTE.
      let at = index + 1;
      if (upper(tokens[at]) === 'RECURSIVE') at += 1;
      const name = tokens[at];
      let after = at + 1;
      if (tokens[after]?.value === '(') {
        while (after < tokens.length && tokens[after]?.value !== ')') after += 1;
        after += 1;
      }
      if (isName(name) && upper(tokens[after]) === 'AS' && tokens[after + 1]?.value === '(') {
        ctes.add(name.value.toLowerCase());
      }
    }
    if (!inQuery()) continue;
    if (word === 'FROM' || JOINS.has(word)) {
      if (word === 'FROM') fromDepths.push(parens.length);
      if (tokens[index + 1]?.value !== '(') readTable(index + 1);
      continue;
    }
    if (CLAUSE_ENDS.has(word) && fromDepths.at(-1) === parens.length) {
      fromDepths.pop();
      continue;
    }
    if (
      token.kind === 'punctuation' &&
      token.value === ',' &&
      fromDepths.at(-1) === parens.length &&
      tokens[index + 1]?.value !== '('
    ) {
      readTable(index + 1);
    }
  }
  return { tables, ctes };
}

function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
