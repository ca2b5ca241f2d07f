import nsp from 'node-sql-parser';
import {
  SPIDER_AGG_OPS,
  SPIDER_WHERE_OPS,
  type SpiderColUnit,
  type SpiderCondition,
  type SpiderCondUnit,
  type SpiderSql,
  type SpiderValUnit,
} from './spider-hardness.js';
import { normalizeSpacedOperators } from './spider-query-normalization.js';

const { Parser } = nsp;
const parser = new Parser();

/**
 * Builds the `process_sql.py` structure of a query from node-sql-parser's AST, with only what
 * `eval_hardness` reads filled in faithfully: clause lengths, aggregates, the not-flag and operator
 * of conditions, nested queries and set operations. Column ids are 0 and values are placeholders.
 * Returns null when no grammar parses the query.
 *
 * Where the original tokenizer-based parser would behave oddly (parenthesised condition groups,
 * comma joins, EXISTS), the structure follows the query's meaning: conditions are flattened into
 * `cond, and/or, cond, …`, each comma-joined table is a table unit, EXISTS is a nested query.
 */
export function spiderSqlFromQuery(query: string): SpiderSql | null {
  const ast = parseSelect(
    normalizeSpacedOperators(query)
      .trim()
      .replace(/;+\s*$/, ''),
  );
  return ast ? convertSelect(ast) : null;
}

type Node = Record<string, unknown>;

const isNode = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** PostgreSQL's grammar parses Spider's SQL best (INTERSECT/EXCEPT, `"…"` as identifiers). */
const GRAMMARS = ['postgresql', 'sqlite', 'mysql'] as const;

function parseSelect(sql: string): Node | null {
  const attempts = [sql, sql.replace(/\b(FROM|JOIN)\s+([A-Za-z_][A-Za-z0-9_]*)/gi, '$1 "$2"')];
  for (const text of attempts) {
    for (const database of GRAMMARS) {
      try {
        const ast: unknown = parser.astify(text, { database });
        const first: unknown = Array.isArray(ast) ? ast[0] : ast;
        if (isNode(first) && first.type === 'select') return first;
      } catch {
        // try the next grammar
      }
    }
  }
  return null;
}

const AGG_IDS = new Map<string, number>(SPIDER_AGG_OPS.map((name, index) => [name, index]));

function aggId(expr: unknown): number {
  if (!isNode(expr)) return 0;
  if (expr.type === 'aggr_func' && typeof expr.name === 'string') {
    return AGG_IDS.get(expr.name.toLowerCase()) ?? 0;
  }
  return 0;
}

/** The original reads an aggregate only where the expression starts with one (`max(a) + 1`). */
function leadingAggId(expr: unknown): number {
  if (!isNode(expr)) return 0;
  if (expr.type === 'binary_expr') return leadingAggId(expr.left);
  return aggId(expr);
}

const colUnit = (expr: unknown): SpiderColUnit => [aggId(expr), 0, false];

function valUnit(expr: unknown): SpiderValUnit {
  if (isNode(expr) && expr.type === 'binary_expr' && ['+', '-', '*', '/'].includes(String(expr.operator))) {
    return [1, colUnit(expr.left), colUnit(expr.right)];
  }
  return [0, colUnit(expr), null];
}

function subquery(value: unknown): Node | null {
  if (!isNode(value)) return null;
  if (value.type === 'select') return value;
  if (isNode(value.ast) && value.ast.type === 'select') return value.ast;
  if (value.type === 'expr_list' && Array.isArray(value.value) && value.value.length === 1) {
    return subquery(value.value[0]);
  }
  return null;
}

const valueOf = (value: unknown): unknown => {
  const nested = subquery(value);
  return nested ? convertSelect(nested) : 'value';
};

const OPERATOR_IDS: Record<string, { op: (typeof SPIDER_WHERE_OPS)[number]; not: boolean }> = {
  '=': { op: '=', not: false },
  '==': { op: '=', not: false },
  '>': { op: '>', not: false },
  '<': { op: '<', not: false },
  '>=': { op: '>=', not: false },
  '<=': { op: '<=', not: false },
  '!=': { op: '!=', not: false },
  '<>': { op: '!=', not: false },
  IN: { op: 'in', not: false },
  'NOT IN': { op: 'in', not: true },
  LIKE: { op: 'like', not: false },
  'NOT LIKE': { op: 'like', not: true },
  BETWEEN: { op: 'between', not: false },
  'NOT BETWEEN': { op: 'between', not: true },
  IS: { op: 'is', not: false },
  'IS NOT': { op: 'is', not: false },
};

function condUnit(expr: unknown, negated = false): SpiderCondUnit {
  const opIndex = (op: (typeof SPIDER_WHERE_OPS)[number]): number => SPIDER_WHERE_OPS.indexOf(op);
  if (isNode(expr)) {
    if (expr.type === 'unary_expr') {
      const operator = String(expr.operator).toUpperCase();
      if (operator === 'NOT EXISTS' || operator === 'EXISTS') {
        return [
          operator === 'NOT EXISTS' || negated,
          opIndex('exists'),
          valUnit(null),
          valueOf(expr.expr),
          null,
        ];
      }
      if (operator === 'NOT') return condUnit(expr.expr, !negated);
    }
    if (expr.type === 'function' && functionName(expr) === 'EXISTS') {
      const args = isNode(expr.args) && Array.isArray(expr.args.value) ? expr.args.value : [];
      return [negated, opIndex('exists'), valUnit(null), valueOf(args[0]), null];
    }
    if (expr.type === 'binary_expr') {
      const operator = String(expr.operator).toUpperCase();
      const known = OPERATOR_IDS[operator];
      if (known) {
        if (known.op === 'between' && isNode(expr.right) && Array.isArray(expr.right.value)) {
          const [low, high] = expr.right.value as unknown[];
          return [known.not || negated, opIndex('between'), valUnit(expr.left), valueOf(low), valueOf(high)];
        }
        return [known.not || negated, opIndex(known.op), valUnit(expr.left), valueOf(expr.right), null];
      }
    }
  }
  return [negated, opIndex('='), valUnit(expr), 'value', null];
}

function functionName(expr: Node): string {
  const name = expr.name;
  if (typeof name === 'string') return name.toUpperCase();
  if (isNode(name) && Array.isArray(name.name)) {
    const first: unknown = name.name[0];
    if (isNode(first)) return String(first.value).toUpperCase();
  }
  return '';
}

function flattenCondition(expr: unknown, out: SpiderCondition = []): SpiderCondition {
  if (expr === null || expr === undefined) return out;
  if (isNode(expr) && expr.type === 'binary_expr') {
    const operator = String(expr.operator).toUpperCase();
    if (operator === 'AND' || operator === 'OR') {
      flattenCondition(expr.left, out);
      out.push(operator === 'AND' ? 'and' : 'or');
      flattenCondition(expr.right, out);
      return out;
    }
  }
  if (isNode(expr) && expr.type === 'expr_list' && Array.isArray(expr.value)) {
    return flattenCondition(expr.value[0], out);
  }
  out.push(condUnit(expr));
  return out;
}

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

function convertSelect(ast: Node): SpiderSql {
  const columns = asArray(ast.columns);
  const select: SpiderSql['select'] = [
    isNode(ast.distinct) ? ast.distinct.type === 'DISTINCT' : ast.distinct === 'DISTINCT',
    columns.map((column) => {
      const expr = isNode(column) ? column.expr : column;
      return [leadingAggId(expr), valUnit(expr)];
    }),
  ];

  const tableUnits: SpiderSql['from']['table_units'] = [];
  let fromConds: SpiderCondition = [];
  for (const source of asArray(ast.from)) {
    if (!isNode(source)) continue;
    const nested = subquery(source.expr);
    tableUnits.push(nested ? ['sql', convertSelect(nested)] : ['table_unit', 0]);
    if (source.on) {
      const conds = flattenCondition(source.on);
      fromConds = fromConds.length > 0 ? [...fromConds, 'and', ...conds] : conds;
    }
  }

  const groupBy = isNode(ast.groupby) ? asArray(ast.groupby.columns) : asArray(ast.groupby);
  const orderItems = asArray(ast.orderby);
  const limitValues = isNode(ast.limit) ? asArray(ast.limit.value) : [];

  const sql: SpiderSql = {
    select,
    from: { table_units: tableUnits, conds: fromConds },
    where: flattenCondition(ast.where),
    groupBy: groupBy.map(colUnit),
    having: flattenCondition(ast.having),
    orderBy:
      orderItems.length > 0
        ? ['asc', orderItems.map((item) => valUnit(isNode(item) ? item.expr : item))]
        : [],
    limit: limitValues.length > 0 ? 1 : null,
    intersect: null,
    union: null,
    except: null,
  };

  if (isNode(ast._next)) {
    const next = convertSelect(ast._next);
    const op = typeof ast.set_op === 'string' ? ast.set_op.toLowerCase() : '';
    if (op.startsWith('intersect')) sql.intersect = next;
    else if (op.startsWith('except') || op.startsWith('minus')) sql.except = next;
    else sql.union = next;
  }
  return sql;
}
