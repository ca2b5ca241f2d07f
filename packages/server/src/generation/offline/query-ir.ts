import type { ColumnEntry, ForeignKeyEdge, TableEntry } from './schema-index.js';

/**
 * The engine's intermediate representation of one SELECT: what the question asks for, before
 * tables are joined and SQL is written for a dialect.
 */

/** A column of one occurrence of a table; `instance` tells apart self-joins (0 = the first). */
export interface ColumnRef {
  kind: 'column';
  column: ColumnEntry;
  instance: number;
}

export type AggregateFunction = 'count' | 'sum' | 'avg' | 'min' | 'max';

/** A calendar period a date is truncated to, for "monthly", "each year", "per week". */
export type PeriodUnit = 'year' | 'quarter' | 'month' | 'week' | 'day';

export type ValueExpr =
  | ColumnRef
  | {
      kind: 'aggregate';
      fn: AggregateFunction;
      /** undefined = `*` (count rows). */
      arg?: ValueExpr;
      distinct: boolean;
      /** For `count(*)` over joined rows: the table whose rows are counted (for explanations). */
      counted?: TableEntry;
    }
  | { kind: 'arithmetic'; op: '*' | '+' | '-' | '/'; left: ValueExpr; right: ValueExpr }
  | { kind: 'literal'; value: string | number | boolean | null }
  /** The calendar year of a date column, for "in 2024" on a date. */
  | { kind: 'year-of'; arg: ColumnRef }
  /**
   * The calendar period of a date column as a text label that sorts in time order and reads the
   * same in every dialect: `2025` (year), `2025-Q3`, `2025-03` (month), `2025-W09` (week, Monday
   * first; days before the year's first Monday are week 00), `2025-03-14` (day).
   */
  | { kind: 'period-of'; unit: PeriodUnit; arg: ColumnRef };

export type ComparisonOperator = '=' | '!=' | '>' | '>=' | '<' | '<=';

export type Condition =
  | { kind: 'compare'; left: ValueExpr; op: ComparisonOperator; right: ValueExpr }
  /** left op (SELECT … ) — a scalar subquery such as the average. */
  | { kind: 'compare-subquery'; left: ValueExpr; op: ComparisonOperator; query: QueryIR }
  | { kind: 'in-subquery'; left: ValueExpr; negated: boolean; query: QueryIR }
  | { kind: 'in-list'; left: ValueExpr; negated: boolean; values: (string | number)[] }
  | { kind: 'between'; left: ValueExpr; low: string | number; high: string | number }
  | { kind: 'like'; left: ValueExpr; pattern: string; mode: 'contains' | 'starts' | 'ends'; negated: boolean }
  | { kind: 'is-null'; left: ValueExpr; negated: boolean }
  /** Half-open date range [start, end) on a date column; ISO dates. */
  | { kind: 'date-range'; left: ColumnRef; start?: string; end?: string; label: string }
  | { kind: 'and' | 'or'; items: Condition[] };

export interface SelectItem {
  expr: ValueExpr;
  /** Output name when the expression is not a plain column ("revenue", "order_count"). */
  alias?: string;
}

export interface OrderItem {
  expr: ValueExpr;
  direction: 'asc' | 'desc';
}

/** A table occurrence the query needs; the join planner connects them over foreign keys. */
export interface TableInstance {
  table: TableEntry;
  instance: number;
}

/** A join the query requires between two specific occurrences (self-joins, chosen edges). */
export interface JoinHint {
  edge: ForeignKeyEdge;
  fromInstance: number;
  toInstance: number;
}

export interface QueryIR {
  select: SelectItem[];
  distinct: boolean;
  /** The subject of the question: the table the answer is about. */
  root: TableInstance;
  /** Further tables referenced by the query (the root included or not). */
  tables: TableInstance[];
  joinHints: JoinHint[];
  /** Foreign keys the question pointed at (preferred when two paths tie). */
  preferredEdges: ForeignKeyEdge[];
  where?: Condition;
  groupBy: ValueExpr[];
  having?: Condition;
  orderBy: OrderItem[];
  limit?: number;
  setOperation?: { op: 'union' | 'intersect' | 'except'; query: QueryIR };
}

export function columnRef(column: ColumnEntry, instance = 0): ColumnRef {
  return { kind: 'column', column, instance };
}

export function countAll(): ValueExpr {
  return { kind: 'aggregate', fn: 'count', distinct: false };
}

export function emptyQuery(root: TableEntry): QueryIR {
  return {
    select: [],
    distinct: false,
    root: { table: root, instance: 0 },
    tables: [{ table: root, instance: 0 }],
    joinHints: [],
    preferredEdges: [],
    groupBy: [],
    orderBy: [],
  };
}

/** Every column referenced by an expression. */
export function columnsOf(expr: ValueExpr | undefined): ColumnRef[] {
  if (!expr) return [];
  switch (expr.kind) {
    case 'column':
      return [expr];
    case 'aggregate':
      return columnsOf(expr.arg);
    case 'arithmetic':
      return [...columnsOf(expr.left), ...columnsOf(expr.right)];
    case 'year-of':
    case 'period-of':
      return [expr.arg];
    case 'literal':
      return [];
  }
}

/** Columns referenced by a condition, not descending into subqueries. */
export function conditionColumns(condition: Condition | undefined): ColumnRef[] {
  if (!condition) return [];
  switch (condition.kind) {
    case 'and':
    case 'or':
      return condition.items.flatMap(conditionColumns);
    case 'compare':
      return [...columnsOf(condition.left), ...columnsOf(condition.right)];
    case 'compare-subquery':
    case 'in-subquery':
    case 'in-list':
    case 'between':
    case 'like':
    case 'is-null':
    case 'date-range':
      return columnsOf(condition.left);
  }
}

/** Joins conditions with AND, flattening nested ANDs. */
export function andAll(conditions: (Condition | undefined)[]): Condition | undefined {
  const items: Condition[] = [];
  for (const c of conditions) {
    if (!c) continue;
    if (c.kind === 'and') items.push(...c.items);
    else items.push(c);
  }
  if (items.length === 0) return undefined;
  if (items.length === 1) return items[0];
  return { kind: 'and', items };
}

/** Whether an expression contains an aggregate. */
export function isAggregate(expr: ValueExpr): boolean {
  switch (expr.kind) {
    case 'aggregate':
      return true;
    case 'arithmetic':
      return isAggregate(expr.left) || isAggregate(expr.right);
    case 'column':
    case 'literal':
    case 'year-of':
    case 'period-of':
      return false;
  }
}

/** Table occurrences referenced anywhere in the query's own clauses (not subqueries). */
export function referencedInstances(query: QueryIR): TableInstance[] {
  const refs: ColumnRef[] = [
    ...query.select.flatMap((s) => columnsOf(s.expr)),
    ...conditionColumns(query.where),
    ...query.groupBy.flatMap(columnsOf),
    ...conditionColumns(query.having),
    ...query.orderBy.flatMap((o) => columnsOf(o.expr)),
  ];
  const seen = new Map<string, TableInstance>();
  const add = (instance: TableInstance): void => {
    const key = `${instance.table.index}:${instance.instance}`;
    if (!seen.has(key)) seen.set(key, instance);
  };
  add(query.root);
  for (const t of query.tables) add(t);
  for (const ref of refs) add({ table: ref.column.table, instance: ref.instance });
  return [...seen.values()];
}
