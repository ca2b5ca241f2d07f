import { suggestNames } from '../name-suggestions.js';
import type { NameCatalog } from './name-catalog.js';
import { functionName, isNode, isSelect, listOf, nameOf, subquerySelect, type AstNode } from './sql-ast.js';

/** A table or column name the query uses that the schema does not have. */
export interface NameIssue {
  kind: 'unknown_table' | 'unknown_column';
  /** The name as written, with its qualifier when it had one (`s.nme`). */
  name: string;
  /** A sentence such as `no column "nme" in singer; did you mean "name"?`. */
  message: string;
  /** Likely intended names, best first. */
  suggestions: string[];
}

export interface NameCheckOptions {
  /** Columns every table (not view) has without declaring them, e.g. SQLite's `rowid`. Default none. */
  implicitColumns?: readonly string[];
  /**
   * Table-valued functions allowed in FROM (lower-case name) with the columns they return, or
   * null when unknown (any column is then accepted). Default none.
   */
  tableFunctions?: ReadonlyMap<string, readonly string[] | null>;
  /** Read `"x"` in an expression as a column name (SQLite without DQS, PostgreSQL). Default true. */
  doubleQuotedStringsAreNames?: boolean;
  /** Lower-case schema qualifiers that mean the catalog (`main` for SQLite). Default `['main']`. */
  schemaNames?: readonly string[];
  /** Most issues reported. Default 20. */
  maxIssues?: number;
}

/**
 * Checks every table and column a parsed query names against the catalog, following SQL's scopes:
 * CTEs (declared columns or their select list; a recursive CTE sees itself), table aliases,
 * subqueries in FROM with their output columns, correlated subqueries that see the outer query,
 * `table.*`, result-column aliases in WHERE/GROUP BY/HAVING/ORDER BY, and set operations. Where
 * a name cannot be known (a table function, an unnamed expression column) it is accepted: the
 * database's own dry run is the final word, this check gives the better message.
 */
export function checkNames(ast: unknown, catalog: NameCatalog, options: NameCheckOptions = {}): NameIssue[] {
  const checker = new NameChecker(catalog, options);
  for (const statement of Array.isArray(ast) ? ast : [ast]) {
    if (isSelect(statement)) checker.selectChain(statement, undefined);
  }
  return checker.issues;
}

interface Columns {
  /** Lower-case name → own spelling. */
  columns: Map<string, string> | ReadonlyMap<string, string>;
  /** True when more columns may exist than listed: unknown names are then accepted. */
  open: boolean;
}

interface Source extends Columns {
  /** The name that qualifies its columns (alias, or table name when not aliased), as written. */
  qualifier: string | undefined;
  /** How messages name it. */
  label: string;
  /** Has the implicit columns (`rowid`). */
  implicit: boolean;
}

interface Scope {
  parent: Scope | undefined;
  ctes: Map<string, Columns>;
  sources: Source[];
  /** Result-column names visible to WHERE, GROUP BY, HAVING and ORDER BY. */
  aliases: Set<string>;
  aliasesVisible: boolean;
}

/** Words the parser sometimes mistakes for a table alias (`t NATURAL JOIN u`). */
const JOIN_WORDS = new Set(['NATURAL', 'CROSS', 'LEFT', 'RIGHT', 'FULL', 'INNER', 'OUTER', 'JOIN']);

class NameChecker {
  readonly issues: NameIssue[] = [];
  private readonly seen = new Set<string>();
  private readonly implicit: ReadonlySet<string>;
  private readonly tableFunctions: ReadonlyMap<string, readonly string[] | null>;
  private readonly quotedAreNames: boolean;
  private readonly schemaNames: ReadonlySet<string>;
  private readonly maxIssues: number;

  constructor(
    private readonly catalog: NameCatalog,
    options: NameCheckOptions,
  ) {
    this.implicit = new Set((options.implicitColumns ?? []).map((name) => name.toLowerCase()));
    this.tableFunctions = options.tableFunctions ?? new Map();
    this.quotedAreNames = options.doubleQuotedStringsAreNames ?? true;
    this.schemaNames = new Set(options.schemaNames ?? ['main']);
    this.maxIssues = options.maxIssues ?? 20;
  }

  /** A select with its set operations (`_next`); returns the first select's result columns. */
  selectChain(node: AstNode, parent: Scope | undefined): Columns {
    const cteScope: Scope = {
      parent,
      ctes: new Map(),
      sources: [],
      aliases: new Set(),
      aliasesVisible: false,
    };
    if (Array.isArray(node.with)) {
      for (const item of node.with) this.cte(item, cteScope);
    }
    let first: Columns | undefined;
    let current: unknown = node;
    while (isSelect(current)) {
      const shape = this.selectCore(current, cteScope, first);
      first ??= shape;
      current = current._next;
    }
    return first ?? { columns: new Map(), open: true };
  }

  private cte(item: unknown, cteScope: Scope): void {
    if (!isNode(item)) return;
    const name = nameOf(item.name);
    if (name === undefined) return;
    const declared = Array.isArray(item.columns)
      ? columnMap(item.columns.map((column) => columnNameOf(column)))
      : undefined;
    // Visible inside its own body, for WITH RECURSIVE.
    cteScope.ctes.set(
      name.toLowerCase(),
      declared ? { columns: declared, open: false } : { columns: new Map(), open: true },
    );
    const body = subquerySelect(item.stmt) ?? (isSelect(item.stmt) ? item.stmt : undefined);
    const shape = body
      ? this.selectChain(body, cteScope)
      : { columns: new Map<string, string>(), open: true };
    cteScope.ctes.set(name.toLowerCase(), declared ? { columns: declared, open: false } : shape);
  }

  private selectCore(node: AstNode, cteScope: Scope, first: Columns | undefined): Columns {
    const scope: Scope = {
      parent: cteScope,
      ctes: new Map(),
      sources: [],
      aliases: new Set(),
      aliasesVisible: false,
    };
    if (Array.isArray(node.from)) {
      for (const item of node.from) this.fromItem(item, scope);
    }
    const columns = listOf(node.columns);
    for (const column of columns) {
      if (isNode(column)) this.visit(column.expr, scope);
    }
    const shape = this.resultColumns(columns, scope);
    for (const key of shape.columns.keys()) scope.aliases.add(key);
    if (first) for (const key of first.columns.keys()) scope.aliases.add(key);
    scope.aliasesVisible = true;
    this.visit(node.where, scope);
    this.visit(listOf(node.groupby), scope);
    this.visit(node.having, scope);
    this.visit(node.orderby, scope);
    this.visit(node.limit, scope);
    this.visit(node.window, scope);
    this.visit(node.qualify, scope);
    return shape;
  }

  private fromItem(item: unknown, scope: Scope): void {
    if (!isNode(item)) return;
    const alias = cleanAlias(nameOf(item.as));
    if (typeof item.table === 'string') {
      this.tableSource(item.table, typeof item.db === 'string' ? item.db : undefined, alias, scope);
    } else if (subquerySelect(item.expr) ?? isSelect(item.expr)) {
      const body = (subquerySelect(item.expr) ?? item.expr) as AstNode;
      // A subquery in FROM sees the CTEs and the outer queries, not its sibling FROM items.
      const shape = this.selectChain(body, scope.parent);
      scope.sources.push({ ...shape, qualifier: alias, label: alias ?? 'the subquery', implicit: false });
    } else if (isNode(item.expr) && item.expr.type === 'function') {
      this.visit(item.expr.args, scope);
      const name = (functionName(item.expr) ?? '').toLowerCase();
      const known = this.tableFunctions.get(name);
      scope.sources.push({
        columns: columnMap(known ?? []),
        open: known == null,
        qualifier: alias ?? name,
        label: name,
        implicit: false,
      });
    } else if (item.type !== 'dual') {
      scope.sources.push({
        columns: new Map(),
        open: true,
        qualifier: alias,
        label: alias ?? 'a FROM item',
        implicit: false,
      });
    }
    this.visit(item.on, scope);
    if (Array.isArray(item.using)) {
      for (const name of item.using) {
        const column = nameOf(name);
        if (column !== undefined) this.unqualified(column, scope);
      }
    }
  }

  private tableSource(
    name: string,
    schema: string | undefined,
    alias: string | undefined,
    scope: Scope,
  ): void {
    const cte = schema === undefined ? findCte(name, scope) : undefined;
    if (cte) {
      scope.sources.push({ ...cte, qualifier: alias ?? name, label: name, implicit: false });
      return;
    }
    const table =
      schema === undefined || this.schemaNames.has(schema.toLowerCase())
        ? this.catalog.tables.get(name.toLowerCase())
        : undefined;
    if (table) {
      scope.sources.push({
        columns: table.columns,
        open: false,
        qualifier: alias ?? table.name,
        label: table.name,
        implicit: table.kind === 'table',
      });
      return;
    }
    const written = schema === undefined ? name : `${schema}.${name}`;
    const suggestions = suggestNames(name, [...this.catalog.tableNames, ...visibleCteNames(scope)]);
    this.report({
      kind: 'unknown_table',
      name: written,
      message: `no table "${written}"${didYouMean(suggestions)}`,
      suggestions,
    });
    scope.sources.push({
      columns: new Map(),
      open: true,
      qualifier: alias ?? name,
      label: name,
      implicit: false,
    });
  }

  private resultColumns(columns: unknown[], scope: Scope): Columns {
    const result = new Map<string, string>();
    let open = false;
    const addAll = (source: Columns): void => {
      if (source.open) open = true;
      for (const [key, value] of source.columns) if (!result.has(key)) result.set(key, value);
    };
    for (const column of columns) {
      if (column === '*') {
        scope.sources.forEach(addAll);
        continue;
      }
      if (!isNode(column)) continue;
      const expr = column.expr;
      const alias = nameOf(column.as);
      if (isNode(expr) && expr.type === 'column_ref' && nameOf(expr.column) === '*') {
        const qualifier = nameOf(expr.table);
        if (qualifier === undefined) scope.sources.forEach(addAll);
        else {
          const source = findSource(qualifier, scope);
          if (source) addAll(source);
          else open = true;
        }
      } else if (alias !== undefined) {
        result.set(alias.toLowerCase(), alias);
      } else if (isNode(expr) && expr.type === 'column_ref') {
        const name = nameOf(expr.column);
        if (name !== undefined) result.set(name.toLowerCase(), name);
      } else if (
        isNode(expr) &&
        expr.type === 'double_quote_string' &&
        this.quotedAreNames &&
        typeof expr.value === 'string'
      ) {
        result.set(expr.value.toLowerCase(), expr.value);
      } else {
        open = true; // an unnamed expression: the database names it after its text
      }
    }
    return { columns: result, open };
  }

  private visit(value: unknown, scope: Scope): void {
    if (Array.isArray(value)) {
      for (const item of value) this.visit(item, scope);
      return;
    }
    if (!isNode(value)) return;
    const subquery = subquerySelect(value);
    if (subquery) {
      this.selectChain(subquery, scope);
      return;
    }
    if (isSelect(value)) {
      this.selectChain(value, scope);
      return;
    }
    switch (value.type) {
      case 'column_ref':
        this.columnRef(value, scope);
        return;
      case 'double_quote_string':
        if (this.quotedAreNames && typeof value.value === 'string') this.unqualified(value.value, scope);
        return;
      case 'function':
      case 'aggr_func':
        this.visit(value.args, scope);
        this.visit(value.over, scope);
        this.visit(value.filter, scope);
        return;
      default:
        for (const [key, child] of Object.entries(value)) {
          if (key === 'tableList' || key === 'columnList') continue;
          if (typeof child === 'object' && child !== null) this.visit(child, scope);
        }
    }
  }

  private columnRef(node: AstNode, scope: Scope): void {
    const column = nameOf(node.column);
    if (column === undefined) return;
    const qualifier = nameOf(node.table);
    if (qualifier === undefined) {
      if (column !== '*') this.unqualified(column, scope);
      return;
    }
    const source = findSource(qualifier, scope);
    if (!source) {
      const written = column === '*' ? `${qualifier}.*` : `${qualifier}.${column}`;
      const aliased = findSourceByTable(qualifier, scope);
      if (aliased?.qualifier !== undefined) {
        this.report({
          kind: 'unknown_table',
          name: written,
          message: `"${qualifier}" is renamed to "${aliased.qualifier}" in this query, so write ${aliased.qualifier}.${column} instead of ${written}`,
          suggestions: [aliased.qualifier],
        });
        return;
      }
      const qualifiers = visibleQualifiers(scope);
      const suggestions = qualifiers.length === 1 ? qualifiers : suggestNames(qualifier, qualifiers);
      this.report({
        kind: 'unknown_table',
        name: written,
        message: `no table or alias "${qualifier}" in this query (used in ${written})${didYouMean(suggestions)}`,
        suggestions,
      });
      return;
    }
    if (column === '*' || this.hasColumn(source, column)) return;
    const suggestions = suggestNames(column, source.columns.values());
    this.report({
      kind: 'unknown_column',
      name: `${qualifier}.${column}`,
      message: `no column "${column}" in ${source.label}${didYouMean(suggestions)}`,
      suggestions,
    });
  }

  private unqualified(column: string, scope: Scope): void {
    const key = column.toLowerCase();
    for (let level: Scope | undefined = scope; level; level = level.parent) {
      if (level.sources.some((source) => this.hasColumn(source, column))) return;
      if (level.aliasesVisible && level.aliases.has(key)) return;
    }
    const sources = scope.sources;
    const candidates: string[] = [];
    for (const source of sources) candidates.push(...source.columns.values());
    if (scope.aliasesVisible) candidates.push(...scope.aliases);
    const suggestions = suggestNames(column, candidates);
    const labels = [...new Set(sources.map((source) => source.label))];
    const where = labels.length === 0 ? ' (the query reads no table)' : ` in ${joinOr(labels)}`;
    this.report({
      kind: 'unknown_column',
      name: column,
      message: `no column "${column}"${where}${didYouMean(suggestions)}`,
      suggestions,
    });
  }

  private hasColumn(source: Source, column: string): boolean {
    const key = column.toLowerCase();
    return source.open || source.columns.has(key) || (source.implicit && this.implicit.has(key));
  }

  private report(issue: NameIssue): void {
    const key = `${issue.kind}:${issue.name.toLowerCase()}`;
    if (this.seen.has(key) || this.issues.length >= this.maxIssues) return;
    this.seen.add(key);
    this.issues.push(issue);
  }
}

function findCte(name: string, scope: Scope): Columns | undefined {
  const key = name.toLowerCase();
  for (let level: Scope | undefined = scope; level; level = level.parent) {
    const cte = level.ctes.get(key);
    if (cte) return cte;
  }
  return undefined;
}

function visibleCteNames(scope: Scope): string[] {
  const names: string[] = [];
  for (let level: Scope | undefined = scope; level; level = level.parent) names.push(...level.ctes.keys());
  return names;
}

function findSource(qualifier: string, scope: Scope): Source | undefined {
  const key = qualifier.toLowerCase();
  for (let level: Scope | undefined = scope; level; level = level.parent) {
    const source = level.sources.find((candidate) => candidate.qualifier?.toLowerCase() === key);
    if (source) return source;
  }
  return undefined;
}

/** A source that is a table named `table` but is known under an alias. */
function findSourceByTable(table: string, scope: Scope): Source | undefined {
  const key = table.toLowerCase();
  for (let level: Scope | undefined = scope; level; level = level.parent) {
    const source = level.sources.find((candidate) => candidate.label.toLowerCase() === key);
    if (source) return source;
  }
  return undefined;
}

function visibleQualifiers(scope: Scope): string[] {
  const names: string[] = [];
  for (let level: Scope | undefined = scope; level; level = level.parent) {
    for (const source of level.sources) if (source.qualifier !== undefined) names.push(source.qualifier);
  }
  return names;
}

function cleanAlias(alias: string | undefined): string | undefined {
  return alias === undefined || JOIN_WORDS.has(alias.toUpperCase()) ? undefined : alias;
}

function columnNameOf(value: unknown): string | undefined {
  if (isNode(value) && value.type === 'column_ref') return nameOf(value.column);
  return nameOf(value);
}

function columnMap(names: ReadonlyArray<string | undefined>): Map<string, string> {
  const map = new Map<string, string>();
  for (const name of names) if (name !== undefined) map.set(name.toLowerCase(), name);
  return map;
}

function joinOr(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items.at(-1) ?? ''}`;
}

/** `; did you mean "a", "b" or "c"?`, or nothing without suggestions. */
export function didYouMean(suggestions: readonly string[]): string {
  return suggestions.length === 0 ? '' : `; did you mean ${joinOr(suggestions.map((name) => `"${name}"`))}?`;
}
