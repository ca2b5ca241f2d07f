import type { Dialect } from '../../core/index.js';
import type { JoinPlan } from './join-planner.js';
import { planJoins } from './join-planner.js';
import type { Condition, QueryIR, TableInstance, ValueExpr } from './query-ir.js';
import type { SchemaIndex, TableEntry } from './schema-index.js';
import type { SqlDialect } from './sql-dialect.js';
import { SQL_DIALECTS } from './sql-dialect.js';
import { splitIdentifier } from './word-forms.js';

/** Raised when a query references tables that no foreign-key path connects. */
export class UnplannableQueryError extends Error {
  constructor() {
    super('the tables of the query are not connected by foreign keys');
  }
}

interface Scope {
  dialect: SqlDialect;
  /** table occurrence → alias; empty when the query reads one table (names stay bare). */
  aliases: Map<string, string>;
}

const instanceKey = (table: TableEntry, instance: number): string => `${table.index}:${instance}`;

function makeAliases(plan: JoinPlan): Map<string, string> {
  const aliases = new Map<string, string>();
  if (plan.instances.length < 2) return aliases;
  const used = new Set<string>();
  for (const instance of plan.instances) {
    const words = splitIdentifier(instance.table.name);
    let base = words.map((w) => w[0] ?? '').join('') || 't';
    if (!/^[a-z]/.test(base)) base = `t${base}`;
    let alias = base;
    let n = 2;
    while (used.has(alias) || RESERVED_ALIASES.has(alias)) alias = `${base}${n++}`;
    used.add(alias);
    aliases.set(instanceKey(instance.table, instance.instance), alias);
  }
  return aliases;
}

/** Short words that are SQL keywords and cannot serve as aliases. */
const RESERVED_ALIASES = new Set([
  'as',
  'at',
  'by',
  'do',
  'if',
  'in',
  'is',
  'of',
  'on',
  'or',
  'to',
  'and',
  'asc',
  'desc',
  'end',
  'for',
  'not',
  'set',
  'all',
  'any',
]);

function literal(value: string | number | boolean | null, scope: Scope): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'NULL';
  if (typeof value === 'boolean') return scope.dialect.boolean(value);
  return scope.dialect.string(value);
}

function expression(expr: ValueExpr, scope: Scope): string {
  switch (expr.kind) {
    case 'column': {
      const alias = scope.aliases.get(instanceKey(expr.column.table, expr.instance));
      const name = scope.dialect.identifier(expr.column.name);
      return alias ? `${alias}.${name}` : name;
    }
    case 'aggregate': {
      const fn = expr.fn.toUpperCase();
      if (!expr.arg) return `${fn}(*)`;
      return `${fn}(${expr.distinct ? 'DISTINCT ' : ''}${expression(expr.arg, scope)})`;
    }
    case 'arithmetic':
      // SQLite and PostgreSQL divide integers to an integer (7 / 2 = 3), MySQL and DuckDB to a
      // fraction: multiplying by 1.0 first gives the fraction everywhere.
      return expr.op === '/'
        ? `${wrap(expr.left, scope)} * 1.0 / ${wrap(expr.right, scope)}`
        : `${wrap(expr.left, scope)} ${expr.op} ${wrap(expr.right, scope)}`;
    case 'literal':
      return literal(expr.value, scope);
    case 'year-of':
      return scope.dialect.yearOf(expression(expr.arg, scope));
    case 'period-of':
      return scope.dialect.periodOf(expression(expr.arg, scope), expr.unit);
  }
}

/**
 * A boolean column compared with 1 or 0 (how the rules spell yes and no) compares with the
 * dialect's TRUE or FALSE instead: PostgreSQL has no `boolean = integer` operator.
 */
function flagOperands(left: ValueExpr, right: ValueExpr): [ValueExpr, ValueExpr] {
  const asBoolean = (column: ValueExpr, value: ValueExpr): ValueExpr => {
    if (column.kind !== 'column' || column.column.category !== 'boolean') return value;
    if (value.kind !== 'literal' || (value.value !== 0 && value.value !== 1)) return value;
    return { kind: 'literal', value: value.value === 1 };
  };
  return [asBoolean(right, left), asBoolean(left, right)];
}

function wrap(expr: ValueExpr, scope: Scope): string {
  const text = expression(expr, scope);
  return expr.kind === 'arithmetic' ? `(${text})` : text;
}

function condition(
  cond: Condition,
  scope: Scope,
  dialectName: Dialect,
  index: SchemaIndex,
  nested: boolean,
): string {
  switch (cond.kind) {
    case 'and':
    case 'or': {
      const parts = cond.items.map((c) => condition(c, scope, dialectName, index, true));
      const joined = parts.join(cond.kind === 'and' ? ' AND ' : ' OR ');
      return nested && cond.items.length > 1 ? `(${joined})` : joined;
    }
    case 'compare': {
      const [left, right] = flagOperands(cond.left, cond.right);
      return `${expression(left, scope)} ${cond.op} ${expression(right, scope)}`;
    }
    case 'compare-subquery':
      return `${expression(cond.left, scope)} ${cond.op} (${emitQuery(cond.query, index, dialectName)})`;
    case 'in-subquery':
      return `${expression(cond.left, scope)} ${cond.negated ? 'NOT IN' : 'IN'} (${emitQuery(cond.query, index, dialectName)})`;
    case 'in-list':
      return `${expression(cond.left, scope)} ${cond.negated ? 'NOT IN' : 'IN'} (${cond.values.map((v) => literal(v, scope)).join(', ')})`;
    case 'between':
      return `${expression(cond.left, scope)} BETWEEN ${literal(cond.low, scope)} AND ${literal(cond.high, scope)}`;
    case 'like':
      return scope.dialect.matches(expression(cond.left, scope), cond.pattern, cond.mode, cond.negated);
    case 'is-null':
      return `${expression(cond.left, scope)} IS ${cond.negated ? 'NOT ' : ''}NULL`;
    case 'date-range': {
      const column = expression(cond.left, scope);
      const parts: string[] = [];
      if (cond.start) parts.push(`${column} >= ${scope.dialect.date(cond.start)}`);
      if (cond.end) parts.push(`${column} < ${scope.dialect.date(cond.end)}`);
      const joined = parts.join(' AND ');
      return nested && parts.length > 1 ? `(${joined})` : joined;
    }
  }
}

function fromClause(plan: JoinPlan, scope: Scope): string {
  const name = (instance: TableInstance): string => {
    const table = scope.dialect.identifier(instance.table.name);
    const alias = scope.aliases.get(instanceKey(instance.table, instance.instance));
    return alias ? `${table} AS ${alias}` : table;
  };
  const parts = [name(plan.root)];
  for (const join of plan.joins) {
    const alias = (instance: TableInstance): string =>
      scope.aliases.get(instanceKey(instance.table, instance.instance)) ?? '';
    const on = join.on
      .map(
        ([mine, theirs]) =>
          `${alias(join.instance)}.${scope.dialect.identifier(mine.name)} = ${alias(join.parent)}.${scope.dialect.identifier(theirs.name)}`,
      )
      .join(' AND ');
    parts.push(`JOIN ${name(join.instance)} ON ${on}`);
  }
  return parts.join(' ');
}

/** Writes the SQL of a query for a dialect, planning its joins. */
export function emitQuery(query: QueryIR, index: SchemaIndex, dialectName: Dialect): string {
  const plan = planJoins(query, index);
  if (!plan) throw new UnplannableQueryError();
  return emitPlanned(query, plan, index, dialectName);
}

function emitPlanned(query: QueryIR, plan: JoinPlan, index: SchemaIndex, dialectName: Dialect): string {
  const dialect = SQL_DIALECTS[dialectName];
  const scope: Scope = { dialect, aliases: makeAliases(plan) };
  const select = query.select
    .map((item) => {
      const text = expression(item.expr, scope);
      return item.alias ? `${text} AS ${dialect.identifier(item.alias)}` : text;
    })
    .join(', ');
  let sql = `SELECT ${query.distinct ? 'DISTINCT ' : ''}${select} FROM ${fromClause(plan, scope)}`;
  if (query.where) sql += ` WHERE ${condition(query.where, scope, dialectName, index, false)}`;
  if (query.groupBy.length > 0)
    sql += ` GROUP BY ${query.groupBy.map((g) => expression(g, scope)).join(', ')}`;
  if (query.having) sql += ` HAVING ${condition(query.having, scope, dialectName, index, false)}`;
  if (query.orderBy.length > 0) {
    sql += ` ORDER BY ${query.orderBy.map((o) => `${expression(o.expr, scope)}${o.direction === 'desc' ? ' DESC' : ' ASC'}`).join(', ')}`;
  }
  if (query.limit !== undefined) sql += ` ${dialect.limit(query.limit)}`;
  if (query.setOperation) {
    sql += ` ${query.setOperation.op.toUpperCase()} ${emitQuery(query.setOperation.query, index, dialectName)}`;
  }
  return sql;
}
