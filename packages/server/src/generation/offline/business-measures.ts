import { addCondition, dateCondition } from './condition-rules.js';
import type { InterpretationContext } from './interpretation-context.js';
import { consume } from './interpretation-context.js';
import { cueOf, isSentenceEnd, nextMeaningful } from './item-navigation.js';
import { REVENUE_WORDS } from './lexicon.js';
import type { ValueExpr } from './query-ir.js';
import { columnRef, columnsOf } from './query-ir.js';
import type { Analysis } from './question-analysis.js';
import type { ColumnEntry, SchemaIndex, TableEntry } from './schema-index.js';

/**
 * Money words of commerce ("revenue", "sales", "spent") name a measure no column is called: the
 * sum of a money column. These rules find that measure from the shapes of column names alone.
 */

/** Column words that name a money total of the row ("total", "amount"), strongest first. */
const TOTAL_WORDS = ['revenue', 'sale', 'total', 'amount', 'paid', 'payment'];
/** Column words of a per-unit price, multiplied by a quantity on the same row. */
const PRICE_WORDS = ['price', 'cost', 'rate', 'fee'];
const QUANTITY_WORDS = ['quantity', 'qty', 'units', 'unit', 'count'];

/** Declared types that hold money: REAL, DECIMAL, NUMERIC, MONEY, FLOAT, DOUBLE. */
function isMoneyType(column: ColumnEntry): boolean {
  return /real|dec|num|money|float|double/i.test(column.schema.type);
}

/** A numeric column that holds the money total of its row ("invoice_total", "amount"). */
export function totalMoneyColumn(table: TableEntry): ColumnEntry | undefined {
  for (const word of TOTAL_WORDS) {
    const found = table.columns.find(
      (c) =>
        c.isNumeric &&
        !c.isKeyLike &&
        c.words.includes(word) &&
        !c.words.some((w) => PRICE_WORDS.includes(w)) &&
        (isMoneyType(c) || word !== 'total'),
    );
    if (found) return found;
  }
  return undefined;
}

/** A quantity and a unit price on the same row ("quantity" and "unit_price"): line amounts. */
export function lineAmountColumns(
  table: TableEntry,
): { quantity: ColumnEntry; price: ColumnEntry } | undefined {
  const quantity = table.columns.find(
    (c) =>
      c.isNumeric &&
      !c.isKeyLike &&
      c.words.some((w) => QUANTITY_WORDS.includes(w)) &&
      !c.words.some((w) => PRICE_WORDS.includes(w)),
  );
  const price = table.columns.find(
    (c) => c.isNumeric && !c.isKeyLike && c.words.some((w) => PRICE_WORDS.includes(w)),
  );
  return quantity && price ? { quantity, price } : undefined;
}

/** Whether the question says a money word ("revenue", "sales", "spend"). */
export function saysMoney(analysis: Analysis): boolean {
  return analysis.items.some((it) => it.kind === 'word' && REVENUE_WORDS.has(it.token.lower));
}

/**
 * The table whose rows carry the money measure when the question names no table ("the total
 * revenue this year"): a table with a money total, better with a date to place it in time and
 * more so when other tables point at it (a header row, not a detail); else a table of lines with a
 * quantity and a unit price.
 */
export function moneyMeasureTable(index: SchemaIndex): TableEntry | undefined {
  let best: { table: TableEntry; score: number } | undefined;
  for (const table of index.tables) {
    const total = totalMoneyColumn(table);
    if (!total) continue;
    const strength = TOTAL_WORDS.length - TOTAL_WORDS.findIndex((w) => total.words.includes(w));
    const dated = table.columns.some((c) => c.isDate) ? 2 : 0;
    const referenced = (index.adjacency.get(table.index) ?? []).filter((e) => e.to === table).length;
    const score = strength + dated + 0.1 * referenced + (isMoneyType(total) ? 1 : 0);
    if (!best || score > best.score) best = { table, score };
  }
  if (best) return best.table;
  return index.tables.find((t) => lineAmountColumns(t) !== undefined);
}

/**
 * What follows a money word: "Which 3 patients spent the most?" (a superlative that measures
 * nothing else sorts by that money, highest first, one row unless a number was given) and "spent
 * … last year" (the date places the money, not the subject: it goes on the date of the rows that
 * carry the money). Returns the item after what was read, or undefined when nothing was.
 */
export function readSpendSuperlative(
  context: InterpretationContext,
  at: number,
  expr: ValueExpr,
): number | undefined {
  let next = nextMeaningful(context.items, at);
  let read: number | undefined;
  const superlative = cueOf(context.items[next], 'superlative');
  if (superlative && !superlative.dimension) {
    const after = context.items[nextMeaningful(context.items, next)];
    if (after === undefined || isSentenceEnd(after) || after.kind === 'date') {
      context.orderBy = context.orderBy.filter((o) => o.expr !== expr);
      context.orderBy.unshift({ expr, direction: superlative.direction });
      context.limit ??= 1;
      consume(context, next);
      read = next + 1;
      next = nextMeaningful(context.items, next);
    }
  }
  const date = context.items[next];
  if (date?.kind === 'date') {
    const column = moneyDateColumn(context, expr);
    const condition = column ? dateCondition(column, date.range, false) : undefined;
    if (column && condition) {
      addCondition(context, condition, date.from);
      if (column.table !== context.subject) {
        context.extraTables.add(column.table);
        context.focus.add(column.table);
      }
      consume(context, next);
      read = next + 1;
    }
  }
  return read;
}

/** The date of the rows that carry a money expression, or of the row they belong to. */
function moneyDateColumn(context: InterpretationContext, expr: ValueExpr): ColumnEntry | undefined {
  const tables = [...new Set(columnsOf(expr).map((ref) => ref.column.table))];
  for (const table of tables) {
    const own = table.columns.find((c) => c.isDate);
    if (own) return own;
  }
  const subject = context.subject;
  const neighbours = tables.flatMap((table) =>
    (context.index.adjacency.get(table.index) ?? [])
      .filter((e) => e.from === table && e.to !== subject)
      .map((e) => e.to),
  );
  // The row a line belongs to (an order line's order) before anything else it points at.
  const onPath = (t: TableEntry): boolean =>
    subject !== undefined &&
    (context.index.adjacency.get(t.index) ?? []).some((e) => e.from === subject || e.to === subject);
  for (const table of [...neighbours.filter(onPath), ...neighbours]) {
    const date = table.columns.find((c) => c.isDate);
    if (date) return date;
  }
  return undefined;
}

/** A column counting units on a row ("quantity", "qty", "units"), not a price per unit. */
export function quantityColumn(table: TableEntry): ColumnEntry | undefined {
  return table.columns.find(
    (c) =>
      c.isNumeric &&
      !c.isKeyLike &&
      c.words.some((w) => QUANTITY_WORDS.includes(w) && w !== 'count') &&
      !c.words.some((w) => PRICE_WORDS.includes(w)),
  );
}

/** Units sold for the subject: the quantity of its own rows, else of a table within two joins. */
function soldQuantity(context: InterpretationContext): ColumnEntry | undefined {
  const subject = context.subject;
  if (!subject) return undefined;
  let frontier = [subject];
  const seen = new Set(frontier);
  for (let depth = 0; depth <= 2; depth++) {
    for (const table of frontier) {
      const found = quantityColumn(table);
      if (found) return found;
    }
    const next: TableEntry[] = [];
    for (const table of frontier) {
      for (const edge of context.index.adjacency.get(table.index) ?? []) {
        const other = edge.from === table ? edge.to : edge.from;
        if (!seen.has(other)) {
          seen.add(other);
          next.push(other);
        }
      }
    }
    frontier = next;
  }
  return undefined;
}

const SELLING = new Set(['selling', 'seller', 'sellers', 'sold']);

function isSellingWord(item: InterpretationContext['items'][number] | undefined): boolean {
  return (item?.kind === 'word' || item?.kind === 'stop') && SELLING.has(item.token.lower);
}

function orderBySold(
  context: InterpretationContext,
  column: ColumnEntry,
  direction: 'asc' | 'desc',
): ValueExpr {
  const expr: ValueExpr = { kind: 'aggregate', fn: 'sum', arg: columnRef(column), distinct: false };
  if (column.table !== context.subject) {
    context.extraTables.add(column.table);
    context.focus.add(column.table);
  }
  if (context.groupBy.length === 0) context.groupBySubject = true;
  context.orderBy.push({ expr, direction });
  return expr;
}

/**
 * "the 3 best-selling titles", "the worst selling models": a superlative of selling ranks
 * by the units sold, the sum of a quantity column. Returns the item after "selling".
 */
export function trySellingSuperlative(
  context: InterpretationContext,
  at: number,
  limit = 1,
): number | undefined {
  const superlative = cueOf(context.items[at], 'superlative');
  if (!superlative) return undefined;
  let next = at + 1;
  if (
    context.items[next]?.kind === 'punct' &&
    context.analysis.tokens[context.items[next]?.from ?? 0]?.text === '-'
  )
    next++;
  if (!isSellingWord(context.items[next])) return undefined;
  const column = soldQuantity(context);
  if (!column) return undefined;
  orderBySold(context, column, superlative.direction);
  context.limit ??= limit;
  for (let k = at; k <= next; k++) consume(context, k);
  return next + 1;
}

/**
 * "… by units sold", "ranked by quantity sold": order by the units sold, or only restate the
 * order a selling superlative already set. `at` is the "by" cue.
 */
export function tryUnitsSold(context: InterpretationContext, at: number): number | undefined {
  if (!cueOf(context.items[at], 'group') && !cueOf(context.items[at], 'order')) return undefined;
  const target = context.items[at + 1];
  if (target?.kind !== 'mention' || !isSellingWord(context.items[at + 2])) return undefined;
  const said = new Set(target.mention.candidates.flatMap((c) => (c.kind === 'column' ? [c.column] : [])));
  const column = soldQuantity(context);
  if (!column || !said.has(column)) return undefined;
  const already = context.orderBy.find(
    (o) => o.expr.kind === 'aggregate' && o.expr.arg?.kind === 'column' && o.expr.arg.column === column,
  );
  const expr = already?.expr ?? orderBySold(context, column, 'desc');
  if (!context.select.some((s) => s.alias === 'units_sold'))
    context.select.push({ expr, alias: 'units_sold' });
  for (let k = at; k <= at + 2; k++) consume(context, k);
  return at + 3;
}
