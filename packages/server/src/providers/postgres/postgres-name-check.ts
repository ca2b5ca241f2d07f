import type { SchemaInfo } from '../../core/index.js';
import { suggestNames } from '../name-suggestions.js';
import {
  isPgObject,
  listOf,
  locationOf,
  nodeOf,
  stringOf,
  stringsOf,
  unwrapNode,
  type PgObject,
} from './postgres-ast.js';

/** One table or view as the name check sees it. */
export interface PostgresCatalogTable {
  schema: string;
  /** The table's own name (case as stored: unquoted names are lower case). */
  name: string;
  /** The SchemaInfo name: `orders` in public, `sales.orders` elsewhere. */
  label: string;
  /** Columns in table order, exactly as stored. */
  columns: readonly string[];
  columnSet: ReadonlySet<string>;
}

/**
 * The introspected tables indexed for the name check; built once per schema and reused. PostgreSQL
 * compares names exactly (after folding unquoted ones to lower case, which the parser already did),
 * so look-ups here are exact; case-insensitive matches only feed the "did you mean" hints.
 */
export interface PostgresNameCatalog {
  /** The configured schemas, in search order (the search_path every query runs with). */
  searchPath: readonly string[];
  /** `schema` + NUL + `name` → table. */
  tables: ReadonlyMap<string, PostgresCatalogTable>;
  /** Name candidates for suggestions: unqualified where the search path reaches them, else labels. */
  suggestionNames: readonly string[];
  /** The current database, which a three-part name (`db.schema.table`) may name. */
  database: string | undefined;
}

/** A table or column name the query uses that the schema does not have. */
export interface PostgresNameIssue {
  kind: 'unknown_table' | 'unknown_column';
  /** The name as written, with its qualifier when it had one. */
  name: string;
  /** A sentence such as `no column "nme" in singer; did you mean "name"?`. */
  message: string;
  suggestions: string[];
  /** 1-based character position, when known. */
  position?: number;
}

const key = (schema: string, name: string): string => `${schema}\u0000${name}`;

/**
 * Indexes an introspected schema. Labels `schema.table` whose prefix is a configured schema are
 * split back; any other label is a table in `public`.
 */
export function buildPostgresNameCatalog(
  schema: SchemaInfo,
  searchPath: readonly string[],
  database?: string,
): PostgresNameCatalog {
  const tables = new Map<string, PostgresCatalogTable>();
  for (const table of schema.tables) {
    let schemaName = 'public';
    let name = table.name;
    const dot = table.name.indexOf('.');
    if (dot > 0 && searchPath.includes(table.name.slice(0, dot)) && table.name.slice(0, dot) !== 'public') {
      schemaName = table.name.slice(0, dot);
      name = table.name.slice(dot + 1);
    }
    const columns = table.columns.map((column) => column.name);
    tables.set(key(schemaName, name), {
      schema: schemaName,
      name,
      label: table.name,
      columns,
      columnSet: new Set(columns),
    });
  }
  const suggestionNames: string[] = [];
  const reached = new Set<string>();
  for (const schemaName of searchPath) {
    for (const table of tables.values()) {
      if (table.schema !== schemaName) continue;
      if (reached.has(table.name)) {
        suggestionNames.push(`${table.schema}.${table.name}`);
      } else {
        reached.add(table.name);
        suggestionNames.push(table.name);
      }
    }
  }
  return { searchPath: [...searchPath], tables, suggestionNames, database };
}

interface Shape {
  columns: readonly string[];
  /** More columns may exist than listed (an unknown function's result): unknown names are accepted. */
  open: boolean;
}

interface Source extends Shape {
  /** The name that qualifies its columns: the alias, or the table name when not aliased. */
  qualifier: string | undefined;
  /** For a catalog table without alias: its schema, so `schema.table.column` works. */
  schema?: string;
  /** The table's name when it was aliased (PostgreSQL then refuses the table name as qualifier). */
  hiddenName?: string;
  columnSet: ReadonlySet<string>;
  /** How messages name it. */
  label: string;
}

interface Scope {
  parent: Scope | undefined;
  ctes: Map<string, Shape>;
  sources: Source[];
  /** Result-column names, visible to ORDER BY, GROUP BY and DISTINCT ON. */
  outputs?: ReadonlySet<string>;
}

/** Set-returning functions whose result columns are fixed; `null` = one column named after the alias. */
const TABLE_FUNCTIONS: ReadonlyMap<string, readonly string[] | null> = new Map([
  ['generate_series', null],
  ['generate_subscripts', null],
  ['unnest', null],
  ['regexp_split_to_table', null],
  ['regexp_matches', null],
  ['string_to_table', null],
  ['json_object_keys', null],
  ['jsonb_object_keys', null],
  ['json_array_elements', ['value']],
  ['jsonb_array_elements', ['value']],
  ['json_array_elements_text', ['value']],
  ['jsonb_array_elements_text', ['value']],
  ['json_each', ['key', 'value']],
  ['jsonb_each', ['key', 'value']],
  ['json_each_text', ['key', 'value']],
  ['jsonb_each_text', ['key', 'value']],
]);

/** Names PostgreSQL gives result columns of these expression kinds (FigureColname). */
const EXPRESSION_NAMES: Readonly<Record<string, string>> = {
  CaseExpr: 'case',
  A_ArrayExpr: 'array',
  RowExpr: 'row',
  CoalesceExpr: 'coalesce',
  NullIfExpr: 'nullif',
  GroupingFunc: 'grouping',
  XmlSerialize: 'xmlserialize',
};

/**
 * Checks every table and column a parsed query names against the catalog, following SQL's scopes:
 * CTEs (declared columns or the body's; a recursive CTE sees itself), aliases (with column lists),
 * subqueries in FROM with their output columns, LATERAL, set-returning functions, correlated
 * subqueries that see the outer query, `t.*`, whole-row references, result-column names in ORDER
 * BY / GROUP BY / DISTINCT ON, set operations, `schema.table` and `schema.table.column`. Where a
 * name cannot be known (an unknown function's columns) it is accepted: EXPLAIN has the last word,
 * this check gives the better message.
 */
export function checkPostgresNames(
  parsed: unknown,
  catalog: PostgresNameCatalog,
  position: (byteOffset: number | undefined) => number | undefined = () => undefined,
  maxIssues = 20,
): PostgresNameIssue[] {
  const checker = new NameChecker(catalog, position, maxIssues);
  for (const raw of isPgObject(parsed) ? listOf(parsed.stmts) : []) {
    const select = isPgObject(raw) ? nodeOf(raw.stmt, 'SelectStmt') : undefined;
    if (select) checker.select(select, undefined);
  }
  return checker.issues;
}

class NameChecker {
  readonly issues: PostgresNameIssue[] = [];
  readonly #seen = new Set<string>();

  constructor(
    private readonly catalog: PostgresNameCatalog,
    private readonly position: (byteOffset: number | undefined) => number | undefined,
    private readonly maxIssues: number,
  ) {}

  /** A SELECT (with WITH, set operations, VALUES); returns its result columns. */
  select(node: PgObject, parent: Scope | undefined): Shape {
    const cteScope: Scope = { parent, ctes: new Map(), sources: [] };
    const withClause = isPgObject(node.withClause) ? node.withClause : undefined;
    if (withClause) {
      for (const item of listOf(withClause.ctes)) this.cte(item, cteScope, withClause.recursive === true);
    }

    if (typeof node.op === 'string' && node.op !== 'SETOP_NONE') {
      const left = isPgObject(node.larg) ? this.select(node.larg, cteScope) : openShape();
      if (isPgObject(node.rarg)) this.select(node.rarg, cteScope);
      const scope: Scope = {
        parent: cteScope,
        ctes: new Map(),
        sources: [source(left, undefined, 'the result')],
        outputs: new Set(left.columns),
      };
      this.visit(node.sortClause, scope, true);
      this.visit([node.limitCount, node.limitOffset], scope, false);
      return left;
    }

    const scope: Scope = { parent: cteScope, ctes: new Map(), sources: [] };
    for (const item of listOf(node.fromClause)) this.fromItem(item, scope);

    if (Array.isArray(node.valuesLists)) {
      this.visit(node.valuesLists, scope, false);
      const first = nodeOf(node.valuesLists[0], 'List');
      const width = listOf(first?.items).length;
      return { columns: Array.from({ length: width }, (_, index) => `column${index + 1}`), open: false };
    }

    for (const target of listOf(node.targetList)) {
      const fields = nodeOf(target, 'ResTarget');
      this.visit(fields?.val, scope, false);
    }
    const shape = this.outputColumns(listOf(node.targetList), scope);
    scope.outputs = new Set(shape.columns);
    this.visit(node.whereClause, scope, false);
    this.visit(node.groupClause, scope, true);
    this.visit(node.havingClause, scope, false);
    this.visit(node.windowClause, scope, false);
    this.visit(node.distinctClause, scope, true);
    this.visit(node.sortClause, scope, true);
    this.visit([node.limitCount, node.limitOffset], scope, false);
    return shape;
  }

  private cte(item: unknown, cteScope: Scope, recursive: boolean): void {
    const cte = nodeOf(item, 'CommonTableExpr');
    if (!cte || typeof cte.ctename !== 'string') return;
    const declared = stringsOf(cte.aliascolnames);
    if (recursive) {
      cteScope.ctes.set(cte.ctename, declared.length > 0 ? { columns: declared, open: false } : openShape());
    }
    const body = nodeOf(cte.ctequery, 'SelectStmt');
    const shape = body ? this.select(body, cteScope) : openShape();
    const columns = [...declared, ...shape.columns.slice(declared.length)];
    const search = isPgObject(cte.search_clause) ? cte.search_clause.search_seq_column : undefined;
    const cycle = isPgObject(cte.cycle_clause) ? cte.cycle_clause : undefined;
    for (const extra of [search, cycle?.cycle_mark_column, cycle?.cycle_path_column]) {
      if (typeof extra === 'string') columns.push(extra);
    }
    cteScope.ctes.set(cte.ctename, { columns, open: shape.open });
  }

  private fromItem(item: unknown, scope: Scope): void {
    const node = unwrapNode(item);
    if (!node) return;
    const [type, fields] = node;
    switch (type) {
      case 'RangeVar':
        this.rangeVar(fields, scope);
        return;
      case 'JoinExpr': {
        const before = scope.sources.length;
        this.fromItem(fields.larg, scope);
        this.fromItem(fields.rarg, scope);
        this.visit(fields.quals, scope, false);
        const using = stringsOf(fields.usingClause);
        for (const name of using) this.unqualified(name, scope, false, locationOf(fields));
        const joined = scope.sources.slice(before);
        const usingAlias = isPgObject(fields.join_using_alias)
          ? fields.join_using_alias.aliasname
          : undefined;
        if (typeof usingAlias === 'string')
          scope.sources.push(source({ columns: using, open: false }, usingAlias));
        const alias = isPgObject(fields.alias) ? fields.alias.aliasname : undefined;
        if (typeof alias === 'string') {
          scope.sources.push(
            source(
              { columns: joined.flatMap((entry) => entry.columns), open: joined.some((entry) => entry.open) },
              alias,
            ),
          );
        }
        return;
      }
      case 'RangeSubselect': {
        const body = nodeOf(fields.subquery, 'SelectStmt');
        // A LATERAL subquery sees the FROM items before it; any subquery sees the outer queries.
        const shape = body ? this.select(body, fields.lateral === true ? scope : scope.parent) : openShape();
        const alias = aliasOf(fields.alias);
        scope.sources.push(source(renamed(shape, alias.columns), alias.name, alias.name ?? 'the subquery'));
        return;
      }
      case 'RangeFunction':
        this.rangeFunction(fields, scope);
        return;
      case 'RangeTableSample':
        this.fromItem(fields.relation, scope);
        this.visit([fields.args, fields.repeatable], scope, false);
        return;
      default: {
        // XMLTABLE, JSON_TABLE and anything newer: check what it reads, accept its columns.
        this.visit(fields, scope, false);
        const alias = aliasOf(fields.alias);
        scope.sources.push(source(openShape(), alias.name, alias.name ?? 'a FROM item'));
      }
    }
  }

  private rangeVar(fields: PgObject, scope: Scope): void {
    const relname = typeof fields.relname === 'string' ? fields.relname : undefined;
    if (relname === undefined) return;
    const schemaName = typeof fields.schemaname === 'string' ? fields.schemaname : undefined;
    const databaseName = typeof fields.catalogname === 'string' ? fields.catalogname : undefined;
    const alias = aliasOf(fields.alias);
    if (schemaName === undefined) {
      const cte = findCte(relname, scope);
      if (cte) {
        scope.sources.push(source(renamed(cte, alias.columns), alias.name ?? relname, relname));
        return;
      }
    }
    const table = this.lookupTable(schemaName, relname, databaseName);
    if (table) {
      const entry = source(
        renamed({ columns: table.columns, open: false }, alias.columns),
        alias.name ?? relname,
        table.label,
      );
      if (alias.name === undefined) entry.schema = table.schema;
      else entry.hiddenName = relname;
      scope.sources.push(entry);
      return;
    }
    this.reportUnknownTable(relname, schemaName, databaseName, scope, locationOf(fields));
    scope.sources.push(source(openShape(), alias.name ?? relname, relname));
  }

  private lookupTable(
    schemaName: string | undefined,
    relname: string,
    databaseName: string | undefined,
  ): PostgresCatalogTable | undefined {
    if (databaseName !== undefined && databaseName !== this.catalog.database) return undefined;
    if (schemaName !== undefined) {
      return this.catalog.searchPath.includes(schemaName)
        ? this.catalog.tables.get(key(schemaName, relname))
        : undefined;
    }
    for (const schema of this.catalog.searchPath) {
      const table = this.catalog.tables.get(key(schema, relname));
      if (table) return table;
    }
    return undefined;
  }

  private reportUnknownTable(
    relname: string,
    schemaName: string | undefined,
    databaseName: string | undefined,
    scope: Scope,
    location: number | undefined,
  ): void {
    const written = [databaseName, schemaName, relname].filter((part) => part !== undefined).join('.');
    let reason = '';
    if (schemaName !== undefined && !this.catalog.searchPath.includes(schemaName)) {
      reason = ` (the schema "${schemaName}" is not one of the configured schemas: ${this.catalog.searchPath.join(', ')})`;
    }
    const candidates =
      schemaName !== undefined && this.catalog.searchPath.includes(schemaName)
        ? [...this.catalog.tables.values()]
            .filter((table) => table.schema === schemaName)
            .map((table) => `${table.schema}.${table.name}`)
        : [...this.catalog.suggestionNames, ...visibleCteNames(scope)];
    const wanted =
      schemaName !== undefined && this.catalog.searchPath.includes(schemaName)
        ? `${schemaName}.${relname}`
        : relname;
    const suggestions = suggestNames(wanted, candidates);
    this.report({
      kind: 'unknown_table',
      name: written,
      message: `no table "${written}"${reason}${didYouMean(relname, suggestions)}`,
      suggestions,
      location,
    });
  }

  private rangeFunction(fields: PgObject, scope: Scope): void {
    const functions = listOf(fields.functions).map((item) => listOf(nodeOf(item, 'List')?.items));
    let names: string[] = [];
    let open = false;
    for (const [call, definitions] of functions) {
      const funcCall = nodeOf(call, 'FuncCall');
      this.visit(call, scope, false); // its arguments may use the FROM items before it (implicit LATERAL)
      const defined = listOf(definitions).map((definition) => nodeOf(definition, 'ColumnDef')?.colname);
      if (defined.length > 0) {
        names.push(...defined.filter((name): name is string => typeof name === 'string'));
        continue;
      }
      const functionName = listOf(funcCall?.funcname).map(stringOf).at(-1);
      const known = functionName === undefined ? undefined : TABLE_FUNCTIONS.get(functionName);
      if (known === undefined || (functionName === 'unnest' && listOf(funcCall?.args).length > 1))
        open = true;
      else if (known === null) names.push(functionName ?? '?column?');
      else names.push(...known);
    }
    const alias = aliasOf(fields.alias);
    const columnDefinitions = listOf(fields.coldeflist)
      .map((definition) => nodeOf(definition, 'ColumnDef')?.colname)
      .filter((name): name is string => typeof name === 'string');
    if (columnDefinitions.length > 0) {
      names = columnDefinitions;
      open = false;
    }
    // A single scalar function's column takes the alias's name: FROM generate_series(1, 3) AS g → g.
    if (
      alias.name !== undefined &&
      functions.length === 1 &&
      names.length === 1 &&
      !open &&
      columnDefinitions.length === 0
    ) {
      const functionName = listOf(nodeOf(functions[0]?.[0], 'FuncCall')?.funcname).map(stringOf).at(-1);
      if (functionName !== undefined && TABLE_FUNCTIONS.get(functionName) === null) names = [alias.name];
    }
    if (fields.ordinality === true) names.push('ordinality');
    const shape = renamed({ columns: names, open }, alias.columns);
    const qualifier =
      alias.name ?? listOf(nodeOf(functions[0]?.[0], 'FuncCall')?.funcname).map(stringOf).at(-1);
    scope.sources.push(source(shape, qualifier, qualifier ?? 'a function'));
  }

  private outputColumns(targets: unknown[], scope: Scope): Shape {
    const columns: string[] = [];
    let open = false;
    for (const target of targets) {
      const fields = nodeOf(target, 'ResTarget');
      if (!fields) continue;
      if (typeof fields.name === 'string') {
        columns.push(fields.name);
        continue;
      }
      const columnRef = nodeOf(fields.val, 'ColumnRef');
      const parts = listOf(columnRef?.fields);
      if (columnRef && nodeOf(parts.at(-1), 'A_Star') !== undefined) {
        const qualifier = parts.length > 1 ? stringOf(parts.at(-2)) : undefined;
        const expanded =
          qualifier === undefined ? scope.sources : [this.findSource(qualifier, scope)?.source];
        for (const entry of expanded) {
          if (entry === undefined) open = true;
          else {
            columns.push(...entry.columns);
            if (entry.open) open = true;
          }
        }
        continue;
      }
      const name = expressionName(fields.val);
      if (name === undefined) open = true;
      else columns.push(name);
    }
    return { columns, open };
  }

  private visit(value: unknown, scope: Scope, outputsVisible: boolean): void {
    if (Array.isArray(value)) {
      for (const item of value) this.visit(item, scope, outputsVisible);
      return;
    }
    if (!isPgObject(value)) return;
    const node = unwrapNode(value);
    if (node === undefined) {
      for (const child of Object.values(value)) {
        if (typeof child === 'object' && child !== null) this.visit(child, scope, outputsVisible);
      }
      return;
    }
    const [type, fields] = node;
    switch (type) {
      case 'ColumnRef':
        this.columnRef(fields, scope, outputsVisible);
        return;
      case 'SelectStmt':
        this.select(fields, scope);
        return;
      case 'TypeName':
      case 'String':
      case 'A_Const':
        return;
      case 'A_Indirection':
        this.visit(fields.arg, scope, outputsVisible);
        this.visit(
          listOf(fields.indirection).filter((item) => nodeOf(item, 'String') === undefined),
          scope,
          false,
        );
        return;
      default:
        for (const child of Object.values(fields)) {
          if (typeof child === 'object' && child !== null) this.visit(child, scope, outputsVisible);
        }
    }
  }

  private columnRef(fields: PgObject, scope: Scope, outputsVisible: boolean): void {
    const parts = listOf(fields.fields).map((part) =>
      nodeOf(part, 'A_Star') !== undefined ? '*' : stringOf(part),
    );
    if (parts.some((part) => part === undefined)) return;
    const names = parts as string[];
    const location = locationOf(fields);
    if (names.length === 1) {
      const [name] = names as [string];
      if (name !== '*') this.unqualified(name, scope, outputsVisible, location);
      return;
    }
    if (names.length === 2) {
      const [qualifier, column] = names as [string, string];
      this.qualified(qualifier, column, scope, location);
      return;
    }
    if (names.length === 3) {
      const [first, second, column] = names as [string, string, string];
      // schema.table.column, or table.compositeColumn.field
      const bySchema = findInScopes(scope, (entry) => entry.schema === first && entry.qualifier === second);
      if (bySchema) {
        this.checkColumn(bySchema, column, `${first}.${second}.${column}`, location);
        return;
      }
      if (this.findSource(first, scope)) {
        this.qualified(first, second, scope, location);
        return;
      }
      this.qualified(second, column, scope, location, `${first}.${second}.${column}`);
    }
  }

  private qualified(
    qualifier: string,
    column: string,
    scope: Scope,
    location: number | undefined,
    written = `${qualifier}.${column}`,
  ): void {
    const found = this.findSource(qualifier, scope);
    if (found) {
      if (column !== '*') this.checkColumn(found.source, column, written, location);
      return;
    }
    // `composite_column.field` written without parentheses.
    if (findInScopes(scope, (entry) => entry.open || entry.columnSet.has(qualifier))) return;
    const aliased = findInScopes(scope, (entry) => entry.hiddenName === qualifier);
    if (aliased?.qualifier !== undefined) {
      this.report({
        kind: 'unknown_table',
        name: written,
        message: `"${qualifier}" is renamed to "${aliased.qualifier}" in this query, so write ${aliased.qualifier}.${column} instead of ${written}`,
        suggestions: [aliased.qualifier],
        location,
      });
      return;
    }
    const qualifiers = visibleQualifiers(scope);
    const suggestions = qualifiers.length === 1 ? qualifiers : suggestNames(qualifier, qualifiers);
    this.report({
      kind: 'unknown_table',
      name: written,
      message: `no table or alias "${qualifier}" in this query (used in ${written})${didYouMean(qualifier, suggestions)}`,
      suggestions,
      location,
    });
  }

  private checkColumn(entry: Source, column: string, written: string, location: number | undefined): void {
    if (entry.open || entry.columnSet.has(column)) return;
    const suggestions = suggestNames(column, entry.columns);
    this.report({
      kind: 'unknown_column',
      name: written,
      message: `no column "${column}" in ${entry.label}${didYouMean(column, suggestions)}`,
      suggestions,
      location,
    });
  }

  private unqualified(
    name: string,
    scope: Scope,
    outputsVisible: boolean,
    location: number | undefined,
  ): void {
    for (let level: Scope | undefined = scope; level; level = level.parent) {
      for (const entry of level.sources) {
        if (entry.open || entry.columnSet.has(name)) return;
      }
      if (outputsVisible && level === scope && scope.outputs?.has(name)) return;
      // A bare table name is a whole-row reference: string_agg(t::text, …).
      if (level.sources.some((entry) => entry.qualifier === name)) return;
    }
    const candidates: string[] = [];
    for (let level: Scope | undefined = scope; level; level = level.parent) {
      for (const entry of level.sources) candidates.push(...entry.columns);
    }
    if (outputsVisible && scope.outputs) candidates.push(...scope.outputs);
    const suggestions = suggestNames(name, candidates);
    const only = scope.sources.length === 1 ? scope.sources[0] : undefined;
    const where = only ? ` in ${only.label}` : '';
    this.report({
      kind: 'unknown_column',
      name,
      message: `no column "${name}"${where}${didYouMean(name, suggestions)}`,
      suggestions,
      location,
    });
  }

  private findSource(qualifier: string, scope: Scope): { source: Source } | undefined {
    const found = findInScopes(scope, (entry) => entry.qualifier === qualifier);
    return found === undefined ? undefined : { source: found };
  }

  private report(issue: Omit<PostgresNameIssue, 'position'> & { location: number | undefined }): void {
    if (this.issues.length >= this.maxIssues) return;
    const { location, ...rest } = issue;
    const id = `${rest.kind}:${rest.name}`;
    if (this.#seen.has(id)) return;
    this.#seen.add(id);
    const position = this.position(location);
    this.issues.push(position === undefined ? rest : { ...rest, position });
  }
}

function openShape(): Shape {
  return { columns: [], open: true };
}

function source(shape: Shape, qualifier: string | undefined, label?: string): Source {
  return {
    columns: shape.columns,
    open: shape.open,
    columnSet: new Set(shape.columns),
    qualifier,
    label: label ?? qualifier ?? 'a FROM item',
  };
}

function aliasOf(value: unknown): { name: string | undefined; columns: string[] } {
  if (!isPgObject(value)) return { name: undefined, columns: [] };
  return {
    name: typeof value.aliasname === 'string' ? value.aliasname : undefined,
    columns: stringsOf(value.colnames),
  };
}

/** `FROM t AS x(a, b)` renames the first columns of t. */
function renamed(shape: Shape, names: readonly string[]): Shape {
  if (names.length === 0) return shape;
  return { columns: [...names, ...shape.columns.slice(names.length)], open: shape.open };
}

function findCte(name: string, scope: Scope): Shape | undefined {
  for (let level: Scope | undefined = scope; level; level = level.parent) {
    const cte = level.ctes.get(name);
    if (cte) return cte;
  }
  return undefined;
}

function findInScopes(scope: Scope, test: (entry: Source) => boolean): Source | undefined {
  for (let level: Scope | undefined = scope; level; level = level.parent) {
    for (let index = level.sources.length - 1; index >= 0; index -= 1) {
      const entry = level.sources[index] as Source;
      if (test(entry)) return entry;
    }
  }
  return undefined;
}

function visibleCteNames(scope: Scope): string[] {
  const names: string[] = [];
  for (let level: Scope | undefined = scope; level; level = level.parent) names.push(...level.ctes.keys());
  return names;
}

function visibleQualifiers(scope: Scope): string[] {
  const names: string[] = [];
  for (let level: Scope | undefined = scope; level; level = level.parent) {
    for (const entry of level.sources) if (entry.qualifier !== undefined) names.push(entry.qualifier);
  }
  return [...new Set(names)];
}

/** The name PostgreSQL gives an unnamed result column, or undefined for `?column?`. */
function expressionName(value: unknown): string | undefined {
  const node = unwrapNode(value);
  if (!node) return undefined;
  const [type, fields] = node;
  switch (type) {
    case 'ColumnRef':
      return stringOf(listOf(fields.fields).at(-1));
    case 'FuncCall':
      return stringOf(listOf(fields.funcname).at(-1));
    case 'TypeCast':
      return (
        expressionName(fields.arg) ??
        (isPgObject(fields.typeName) ? stringOf(listOf(fields.typeName.names).at(-1)) : undefined)
      );
    case 'A_Indirection':
      return stringOf(listOf(fields.indirection).at(-1)) ?? expressionName(fields.arg);
    case 'SQLValueFunction':
      return typeof fields.op === 'string'
        ? fields.op
            .replace(/^SVFOP_/, '')
            .replace(/_N$/, '')
            .toLowerCase()
        : undefined;
    case 'MinMaxExpr':
      return fields.op === 'IS_LEAST' ? 'least' : 'greatest';
    case 'SubLink':
      return fields.subLinkType === 'EXISTS_SUBLINK'
        ? 'exists'
        : fields.subLinkType === 'ARRAY_SUBLINK'
          ? 'array'
          : undefined;
    default:
      return EXPRESSION_NAMES[type];
  }
}

/** `; did you mean "x"?`, telling about case folding when only the letter case differs. */
function didYouMean(name: string, suggestions: readonly string[]): string {
  if (suggestions.length === 0) return '';
  const quoted = suggestions.map((suggestion) => `"${suggestion}"`);
  const list =
    quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1) ?? ''}`;
  const first = suggestions[0] ?? '';
  const caseOnly =
    first !== name && first.toLowerCase() === name.toLowerCase()
      ? ` (names without double quotes are folded to lower case: write "${first}" with the quotes)`
      : '';
  return `; did you mean ${list}?${caseOnly}`;
}
