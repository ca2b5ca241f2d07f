import type { Condition, QueryIR, ValueExpr } from './query-ir.js';
import { isAggregate } from './query-ir.js';
import { pluralPhrase, singularPhrase } from './word-forms.js';

const FUNCTION_WORDS: Readonly<Record<string, string>> = {
  sum: 'total',
  avg: 'average',
  min: 'lowest',
  max: 'highest',
  count: 'number of',
};
const OPERATORS: Readonly<Record<string, string>> = {
  '=': 'is',
  '!=': 'is not',
  '>': 'is above',
  '>=': 'is at least',
  '<': 'is below',
  '<=': 'is at most',
};
const COUNT_OPERATORS: Readonly<Record<string, string>> = {
  '=': 'exactly',
  '!=': 'other than',
  '>': 'more than',
  '>=': 'at least',
  '<': 'fewer than',
  '<=': 'at most',
};

function quote(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : String(value);
}

function sameExpr(a: ValueExpr, b: ValueExpr): boolean {
  return JSON.stringify(a, (key, value: unknown) =>
    key === 'table' || key === 'counted' ? undefined : value,
  ) === JSON.stringify(b, (key, value: unknown) => (key === 'table' || key === 'counted' ? undefined : value))
    ? a.kind !== 'column' || b.kind !== 'column' || a.column === b.column
    : false;
}

function phrase(expr: ValueExpr, query: QueryIR): string {
  const alias = query.select.find((s) => s.alias && s.expr === expr)?.alias;
  if (alias) return alias;
  switch (expr.kind) {
    case 'column':
      return expr.column.table === query.root.table
        ? expr.column.phrase
        : `${singularPhrase(expr.column.table.phrase)} ${expr.column.phrase}`;
    case 'aggregate':
      if (!expr.arg) return `number of ${pluralPhrase((expr.counted ?? query.root.table).phrase)}`;
      if (expr.fn === 'count')
        return `number of ${expr.distinct ? 'different ' : ''}${phrase(expr.arg, query)}s`;
      return `${FUNCTION_WORDS[expr.fn] ?? expr.fn} ${phrase(expr.arg, query)}`;
    case 'arithmetic':
      return `${phrase(expr.left, query)} ${expr.op === '*' ? 'times' : expr.op} ${phrase(expr.right, query)}`;
    case 'literal':
      return quote(expr.value);
    case 'year-of':
      return `year of ${phrase(expr.arg, query)}`;
    case 'period-of':
      return `${expr.unit} of ${phrase(expr.arg, query)}`;
  }
}

/** An expression as it appears in ORDER BY: the select alias when there is one ("revenue"). */
function orderPhrase(expr: ValueExpr, query: QueryIR): string {
  const selected = query.select.find((s) => s.alias && sameExpr(s.expr, expr));
  return selected?.alias ?? phrase(expr, query);
}

function describeCondition(condition: Condition, query: QueryIR): string {
  switch (condition.kind) {
    case 'and':
      return condition.items.map((c) => describeCondition(c, query)).join(' and ');
    case 'or':
      return `(${condition.items.map((c) => describeCondition(c, query)).join(' or ')})`;
    case 'compare':
      if (condition.left.kind === 'aggregate' && !condition.left.arg) {
        const counted = condition.left.counted ? pluralPhrase(condition.left.counted.phrase) : 'rows';
        return `${COUNT_OPERATORS[condition.op] ?? condition.op} ${phrase(condition.right, query)} ${counted}`;
      }
      return `${phrase(condition.left, query)} ${OPERATORS[condition.op] ?? condition.op} ${phrase(condition.right, query)}`;
    case 'compare-subquery': {
      const inner = condition.query.select[0]?.expr;
      return `${phrase(condition.left, query)} ${OPERATORS[condition.op] ?? condition.op} the ${inner ? phrase(inner, condition.query) : 'value'} of all ${pluralPhrase(condition.query.root.table.phrase)}`;
    }
    case 'in-subquery': {
      const related =
        condition.query.tables[condition.query.tables.length - 1]?.table ?? condition.query.root.table;
      const where = condition.query.where
        ? ` where ${describeCondition(condition.query.where, condition.query)}`
        : '';
      return `${condition.negated ? 'they have no' : 'they have'} ${pluralPhrase(related.phrase)}${where}`;
    }
    case 'in-list':
      return `${phrase(condition.left, query)} ${condition.negated ? 'is not one of' : 'is one of'} ${condition.values.map(quote).join(', ')}`;
    case 'between':
      return `${phrase(condition.left, query)} is between ${condition.low} and ${condition.high}`;
    case 'like': {
      const how =
        condition.mode === 'contains' ? 'contain' : condition.mode === 'starts' ? 'start with' : 'end with';
      return `${phrase(condition.left, query)} ${condition.negated ? `does not ${how}` : `${how.replace(/^(\w+)/, '$1s')}`} "${condition.pattern}"`;
    }
    case 'is-null':
      return `${phrase(condition.left, query)} is ${condition.negated ? 'known' : 'missing'}`;
    case 'date-range':
      return `${phrase(condition.left, query)} is ${condition.label}`;
  }
}

/** What the rows are grouped by, as "customer" (a key) or "country" (columns); undefined when ungrouped. */
function groupTarget(query: QueryIR): string | undefined {
  if (query.groupBy.length === 0) return undefined;
  const keyed = query.groupBy.find((g) => g.kind === 'column' && g.column.isPrimary);
  if (keyed?.kind === 'column') return singularPhrase(keyed.column.table.phrase);
  return query.groupBy.map((g) => phrase(g, query)).join(' and ');
}

/** Plain-words account of what a query does ("Counted orders with order date between …"). */
export function explainQuery(query: QueryIR): string {
  const subject = pluralPhrase(query.root.table.phrase);
  const aggregates = query.select.filter((s) => isAggregate(s.expr));
  const plain = query.select.filter((s) => !isAggregate(s.expr));
  const first = aggregates[0]?.expr;
  const onlyCount =
    aggregates.length === 1 && first?.kind === 'aggregate' && first.fn === 'count' && !first.arg;
  const counted = first?.kind === 'aggregate' && first.counted ? pluralPhrase(first.counted.phrase) : subject;
  const group = groupTarget(query);
  const perGroup = group !== undefined && aggregates.length > 0;
  let text: string;
  if (onlyCount) text = `Counted ${counted}`;
  else if (aggregates.length > 0 && (plain.length === 0 || perGroup)) {
    const owner = perGroup && group === singularPhrase(query.root.table.phrase) ? '' : ` of ${subject}`;
    text = `Computed the ${aggregates.map((a) => a.alias ?? phrase(a.expr, query)).join(', ')}${owner}`;
  } else {
    const shown = query.select.map((s) => s.alias ?? phrase(s.expr, query));
    text = `Listed the ${query.distinct ? 'different ' : ''}${shown.join(', ')} of ${subject}`;
  }
  if (perGroup) text += ` per ${group}`;
  if (query.where) text += ` where ${describeCondition(query.where, query)}`;
  if (group && !perGroup) text += `, grouped by ${group}`;
  if (query.having) {
    const counts =
      query.having.kind === 'compare' && query.having.left.kind === 'aggregate' && !query.having.left.arg;
    text += `, keeping those ${counts ? 'with' : 'whose'} ${describeCondition(query.having, query)}`;
  }
  if (query.setOperation) {
    const other = query.setOperation.query.where
      ? describeCondition(query.setOperation.query.where, query.setOperation.query)
      : 'the other conditions';
    const word =
      query.setOperation.op === 'intersect'
        ? 'and also where'
        : query.setOperation.op === 'union'
          ? 'or where'
          : 'except where';
    text += `, ${word} ${other}`;
  }
  if (query.orderBy.length > 0) {
    text += `, sorted by ${query.orderBy
      .map(
        (o) =>
          `${orderPhrase(o.expr, query)} ${
            o.expr.kind === 'period-of'
              ? o.direction === 'desc'
                ? 'from latest to earliest'
                : 'from earliest to latest'
              : o.direction === 'desc'
                ? 'from highest to lowest'
                : 'from lowest to highest'
          }`,
      )
      .join(', then ')}`;
  }
  if (query.limit !== undefined)
    text += query.limit === 1 ? ', keeping the first row' : `, keeping the first ${query.limit} rows`;
  return `${text}.`;
}
