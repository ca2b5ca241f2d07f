import type { InterpretationContext } from './interpretation-context.js';
import { consume } from './interpretation-context.js';
import type { PeriodUnit, ValueExpr } from './query-ir.js';
import { columnRef, isAggregate } from './query-ir.js';
import type { ColumnEntry } from './schema-index.js';

/**
 * Calendar periods asked for as groups: "monthly revenue", "enrolled each month", "orders per
 * year", "sales by quarter". Read only where the period word names no column (a `month` column
 * is grouped like any other column). The rows are grouped by the period of the date column, shown
 * first as a text label (`2025-03`, see `period-of` in query-ir.ts) and, unless the question orders
 * them otherwise, in time order.
 */
type Period = PeriodUnit;

const ADVERBS: ReadonlyMap<string, Period> = new Map([
  ['daily', 'day'],
  ['weekly', 'week'],
  ['monthly', 'month'],
  ['quarterly', 'quarter'],
  ['yearly', 'year'],
  ['annual', 'year'],
  ['annually', 'year'],
]);
const UNITS: ReadonlyMap<string, Period> = new Map([
  ['day', 'day'],
  ['week', 'week'],
  ['month', 'month'],
  ['quarter', 'quarter'],
  ['year', 'year'],
]);
/** Words before a unit that make it a group: "each month", "per year", "by quarter". */
const DISTRIBUTIVE = new Set(['each', 'every', 'per', 'by']);

interface PeriodPhrase {
  period: Period;
  /** Items of the phrase, by position. */
  items: number[];
}

function findPeriodPhrase(context: InterpretationContext): PeriodPhrase | undefined {
  const { items, analysis } = context;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (item?.kind !== 'word' && item?.kind !== 'stop') continue;
    const word = item.token.lower;
    const adverb = ADVERBS.get(word);
    if (adverb) return { period: adverb, items: [i] };
    const unit = UNITS.get(item.token.lemma) ?? UNITS.get(word);
    const previous = items[i - 1];
    if (!unit || !previous || previous.to - previous.from !== 1) continue;
    if (previous.kind === 'mention' || previous.kind === 'date') continue;
    const before = analysis.tokens[previous.from]?.lower ?? '';
    if (DISTRIBUTIVE.has(before)) return { period: unit, items: [i - 1, i] };
  }
  return undefined;
}

/** The date column the period groups: a date of the subject, else of a table the question names. */
function periodColumn(context: InterpretationContext): ColumnEntry | undefined {
  const tables = [context.subject, ...context.focus].filter((t) => t !== undefined);
  for (const table of tables) {
    const column = table.columns.find((c) => c.isDate);
    if (column) return column;
  }
  return undefined;
}

/**
 * Reads a period grouping once the subject is known: "each month" groups by the month of the
 * subject's date, shown first under the period's name.
 */
export function readPeriodGrouping(context: InterpretationContext): void {
  const phrase = findPeriodPhrase(context);
  if (!phrase) return;
  const column = periodColumn(context);
  if (!column) return;
  for (const at of phrase.items) consume(context, at);
  const expr: ValueExpr = { kind: 'period-of', unit: phrase.period, arg: columnRef(column) };
  context.groupBy.push(expr);
  context.select.unshift({ expr, alias: phrase.period });
}

/**
 * Completes a period grouping once the rest of the question is read: the period follows the date
 * the question places in time ("monthly shipments last quarter" → the shipping date), and a time
 * series reads in time order unless the question asked for another order.
 */
export function finishPeriodGrouping(context: InterpretationContext): void {
  const period = context.groupBy.find((g) => g.kind === 'period-of');
  if (period?.kind !== 'period-of') return;
  if (!context.select.some((s) => isAggregate(s.expr))) {
    // "Which patients had visits every month?": nothing is counted or totalled per period, so
    // the period is not a grouping (listing the periods alone would drop what was asked for).
    context.groupBy = context.groupBy.filter((g) => g !== period);
    context.select = context.select.filter((s) => s.expr !== period);
    context.assumptions.push(
      `not split by ${period.unit}: nothing is counted or totalled per ${period.unit}`,
    );
    return;
  }
  const ranged = context.conditions
    .map((c) => c.condition)
    .find((c) => c.kind === 'date-range' && c.left.column.table === period.arg.column.table);
  if (ranged?.kind === 'date-range') period.arg = columnRef(ranged.left.column, ranged.left.instance);
  if (context.orderBy.length === 0) context.orderBy.push({ expr: period, direction: 'asc' });
}

const NEWNESS = new Set(['new', 'newly', 'recent']);

/**
 * "new members … this year": "new" before a table whose rows the query already places in time
 * by one of that table's dates says the same as the date condition.
 */
export function consumeNewnessWords(context: InterpretationContext): void {
  const dated = new Set(
    context.conditions
      .map((c) => c.condition)
      .filter((c) => c.kind === 'date-range')
      .map((c) => c.left.column.table),
  );
  context.items.forEach((item, at) => {
    if (item.kind !== 'word' || !NEWNESS.has(item.token.lower) || context.usedItems.has(at)) return;
    const next = context.items[at + 1];
    if (next?.kind !== 'mention') return;
    if (next.mention.candidates.some((c) => c.kind === 'table' && dated.has(c.table))) consume(context, at);
  });
}
