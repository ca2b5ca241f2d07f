import { tablesInScope } from './condition-rules.js';
import { dimensionReading } from './head-rules.js';
import type { InterpretationContext } from './interpretation-context.js';
import {
  columnCandidates,
  consume,
  displayColumns,
  groupByProjection,
  keyColumns,
  resolveColumn,
  tableCandidates,
} from './interpretation-context.js';
import { cueOf, isWord, nextMeaningful, previousMeaningful } from './item-navigation.js';
import type { ValueExpr } from './query-ir.js';
import { columnRef, isAggregate } from './query-ir.js';
import type { ColumnEntry, TableEntry } from './schema-index.js';
import { REVENUE_WORDS } from './lexicon.js';
import { totalMoneyColumn } from './business-measures.js';
import { qualifiedColumnAfter } from './noun-compounds.js';
import { consumeFrequencyParticiple, consumeVerbBeforeSuperlative } from './frequency-phrases.js';

/** Words after "most" that mean "most often": "the most common genre". */
const FREQUENCY_WORDS = new Set([
  'common',
  'popular',
  'frequent',
  'frequently',
  'often',
  'usual',
  'prevalent',
  'widely',
  'commonly',
]);
const RARITY_WORDS = new Set(['rare', 'rarest', 'uncommon', 'infrequent']);

function hasAggregate(context: InterpretationContext): boolean {
  return context.select.some((s) => isAggregate(s.expr));
}

function questionHasAggregateCue(context: InterpretationContext): boolean {
  return context.items.some(
    (it) => it.kind === 'cue' && (it.cue.type === 'count' || it.cue.type === 'aggregate'),
  );
}

/**
 * A projected column that already identifies rows of `table`: its key, or a foreign key of another
 * table pointing at that key ("the workshop ids and the number of mechanics in each workshop").
 */
function projectedIdentifier(context: InterpretationContext, table: TableEntry): ColumnEntry | undefined {
  const keys = keyColumns(table);
  for (const item of context.select) {
    if (item.expr.kind !== 'column') continue;
    const column = item.expr.column;
    if (keys.length === 1 && keys[0] === column) return column;
    const pointsAtKey = (context.index.adjacency.get(column.table.index) ?? []).some(
      (edge) =>
        edge.from === column.table &&
        edge.to === table &&
        edge.fromColumns.length === 1 &&
        edge.fromColumns[0] === column &&
        edge.toColumns.every((c) => keys.includes(c)),
    );
    if (pointsAtKey) return column;
  }
  return undefined;
}

/** Groups by a table: its key, showing its display columns. */
export function groupByTable(context: InterpretationContext, table: TableEntry): void {
  context.focus.add(table);
  // The question already shows the column that identifies each group: group by it alone.
  const identifier = projectedIdentifier(context, table);
  if (identifier) {
    if (!context.groupBy.some((g) => g.kind === 'column' && g.column === identifier))
      context.groupBy.push(columnRef(identifier));
    return;
  }
  context.extraTables.add(table);
  for (const key of keyColumns(table)) context.groupBy.push(columnRef(key));
  for (const column of displayColumns(table)) {
    if (!context.select.some((s) => s.expr.kind === 'column' && s.expr.column === column)) {
      context.select.unshift({ expr: columnRef(column) });
    }
    if (!context.groupBy.some((g) => g.kind === 'column' && g.column === column))
      context.groupBy.push(columnRef(column));
  }
}

/** Reads "for each X", "per X", "by X". */
export function tryGroup(context: InterpretationContext, at: number): number | undefined {
  const group = cueOf(context.items[at], 'group');
  if (!group) return undefined;
  const targetIndex = nextMeaningful(
    context.items,
    at,
    new Set(['different', 'distinct', 'individual', 'single', 'respective']),
  );
  const target = context.items[targetIndex];
  if (target?.kind === 'cue' && target.cue.type === 'distinct') {
    return tryGroupAt(context, at, nextMeaningful(context.items, targetIndex), group.weak);
  }
  return tryGroupAt(context, at, targetIndex, group.weak);
}

function tryGroupAt(
  context: InterpretationContext,
  at: number,
  targetIndex: number,
  weak: boolean,
): number | undefined {
  const target = context.items[targetIndex];
  if (target?.kind !== 'mention') {
    if (weak) consume(context, at);
    return undefined;
  }
  // "written by the author 'X'": the thing after "by" is named, so it is a condition, not a grouping.
  const afterTarget = context.items[nextMeaningful(context.items, targetIndex, new Set(['named', 'called']))];
  if (
    weak &&
    (afterTarget?.kind === 'literal' || (afterTarget?.kind === 'cue' && afterTarget.cue.type === 'named'))
  ) {
    return undefined;
  }
  if (weak && afterTarget?.kind === 'mention' && afterTarget.mention.candidates[0]?.kind === 'value')
    return undefined;
  const aggregateContext =
    hasAggregate(context) ||
    questionHasAggregateCue(context) ||
    context.items.some(
      (it, i) => (it.kind === 'cue' && it.cue.type === 'superlative') || isRevenueWord(context, i),
    );
  // Grouping only means something when something is counted or aggregated.
  if (!aggregateContext) return undefined;
  const qualified = qualifiedColumnAfter(context, targetIndex);
  if (qualified) {
    // "by patient insurance plan": the plan column of patients.
    context.groupBy.push(columnRef(qualified.column));
    if (!context.select.some((s) => s.expr.kind === 'column' && s.expr.column === qualified.column))
      context.select.unshift({ expr: columnRef(qualified.column) });
    context.focus.add(qualified.column.table);
    consume(context, at);
    consume(context, targetIndex);
    consume(context, qualified.at);
    return qualified.at + 1;
  }
  const tables = tableCandidates(target.mention);
  const columns = columnCandidates(target.mention);
  const bestTable = tables[0];
  const bestColumn = columns[0];
  const subject = context.subject;
  // A key of the subject pointing at the named table stands for that table ("students per department").
  const pointsAtTable = (c: (typeof columns)[number]): boolean =>
    bestTable !== undefined &&
    (context.index.adjacency.get(c.column.table.index) ?? []).some(
      (e) => e.from === c.column.table && e.to === bestTable.table && e.fromColumns.includes(c.column),
    );
  const subjectHasColumn = subject
    ? columns.some((c) => c.column.table === subject && c.score >= 0.8 && !pointsAtTable(c))
    : false;
  if (bestTable && bestTable.table === subject && (!bestColumn || bestTable.score >= bestColumn.score)) {
    // "for all cars" over the subject itself groups nothing.
    consume(context, at);
    consume(context, targetIndex);
    return targetIndex + 1;
  }
  if (
    bestTable &&
    bestTable.table !== subject &&
    !subjectHasColumn &&
    (!bestColumn || bestTable.score >= bestColumn.score - 0.05)
  ) {
    groupByTable(context, bestTable.table);
  } else if (bestColumn) {
    const column = resolveColumn(context, target.mention);
    if (!column) return undefined;
    context.groupBy.push(columnRef(column));
    if (!context.select.some((s) => s.expr.kind === 'column' && s.expr.column === column))
      context.select.unshift({ expr: columnRef(column) });
    context.focus.add(column.table);
  } else if (bestTable && bestTable.table === subject) {
    groupByTable(context, bestTable.table);
  } else {
    return undefined;
  }
  consume(context, at);
  consume(context, targetIndex);
  return targetIndex + 1;
}

/** Words between a count and what it counts that change nothing: "the corresponding number of". */
const COUNT_FILLER = new Set([
  'corresponding',
  'respective',
  'total',
  'their',
  'its',
  'related',
  'associated',
]);

/**
 * Reads a count listed after the head ("the name of each workshop and the number of mechanics",
 * "… along with the corresponding number of X"): related rows counted per subject row, or the
 * subject's rows counted per projected value.
 */
export function tryCountPhrase(context: InterpretationContext, at: number): number | undefined {
  if (!cueOf(context.items[at], 'count') || !context.subject) return undefined;
  // Only in a list of things to return: after "and", "with" or a comma.
  const before = context.items[previousMeaningful(context.items, at, COUNT_FILLER)];
  const listed =
    cueOf(before, 'and') !== undefined ||
    isWord(before, 'with', 'plus') ||
    (before?.kind === 'punct' && before.token.text === ',');
  if (!listed) return undefined;
  if (context.select.some((s) => s.expr.kind === 'aggregate' && s.expr.fn === 'count')) return undefined;
  const targetIndex = nextMeaningful(context.items, at, COUNT_FILLER);
  const target = context.items[targetIndex];
  if (target?.kind !== 'mention') return undefined;
  const subject = context.subject;
  const table = tableCandidates(target.mention)[0];
  const column = columnCandidates(target.mention)[0];
  let counted: TableEntry | undefined;
  if (table && (!column || table.score >= column.score - 0.05)) counted = table.table;
  else if (column && column.column.table !== subject && !column.column.isNumeric)
    counted = column.column.table;
  if (!counted) return undefined;
  if (counted === subject) {
    // "the types and the number of rooms": the subject's rows per projected value.
    if (!groupByProjection(context)) return undefined;
  } else {
    context.focus.add(counted);
    context.extraTables.add(counted);
    if (context.groupBy.length === 0) context.groupBySubject = true;
  }
  context.select.push({ expr: { kind: 'aggregate', fn: 'count', distinct: false, counted } });
  consume(context, at);
  consume(context, targetIndex);
  return targetIndex + 1;
}

/** Whether the item is a word such as "revenue" that names the subject's money measure. */
export function isRevenueWord(context: InterpretationContext, at: number): boolean {
  const item = context.items[at];
  return item?.kind === 'word' && REVENUE_WORDS.has(item.token.lower);
}

/** "revenue" of the subject: quantity × unit price of its order lines, or its amount column. */
export function revenueTarget(context: InterpretationContext, at: number): ValueExpr | undefined {
  const subject = context.subject;
  if (!subject || !isRevenueWord(context, at)) return undefined;
  // Tables within two joins of the subject, nearest first: order lines usually sit one or two away.
  const near: TableEntry[] = [];
  let frontier = [subject];
  for (let depth = 0; depth < 2; depth++) {
    const next: TableEntry[] = [];
    for (const table of frontier) {
      for (const edge of context.index.adjacency.get(table.index) ?? []) {
        const other = edge.from === table ? edge.to : edge.from;
        if (other !== subject && !near.includes(other)) {
          near.push(other);
          next.push(other);
        }
      }
    }
    frontier = next;
  }
  const expr = revenueExpression(subject, [...[...context.focus].filter((t) => t !== subject), ...near]);
  if (!expr) return undefined;
  for (const table of tablesOf(expr)) {
    if (table !== subject) {
      context.extraTables.add(table);
      context.focus.add(table);
    }
  }
  consume(context, at);
  return expr;
}

function tablesOf(expr: ValueExpr): TableEntry[] {
  switch (expr.kind) {
    case 'column':
      return [expr.column.table];
    case 'aggregate':
      return expr.arg ? tablesOf(expr.arg) : [];
    case 'arithmetic':
      return [...tablesOf(expr.left), ...tablesOf(expr.right)];
    case 'year-of':
    case 'period-of':
      return [expr.arg.column.table];
    case 'literal':
      return [];
  }
}

/** The expression an order phrase sorts by: a column, a count of a related table, an aggregate. */
function orderTarget(
  context: InterpretationContext,
  at: number,
): { expr: ValueExpr; end: number; measure?: boolean } | undefined {
  let index = nextMeaningful(context.items, at, new Set(['their', 'its', 'his', 'her', 'the']));
  const revenue = revenueTarget(context, index);
  if (revenue) {
    if (context.groupBy.length === 0) context.groupBySubject = true;
    return { expr: revenue, end: index, measure: true };
  }
  let item = context.items[index];
  // "ascending by frequency": how often each value occurs.
  if (
    (item?.kind === 'word' || item?.kind === 'stop') &&
    /^(?:frequency|popularity|occurrences?)$/.test(item.token.lower)
  ) {
    consume(context, index);
    if (!groupByProjection(context)) context.groupBySubject = true;
    return { expr: { kind: 'aggregate', fn: 'count', distinct: false }, end: index };
  }
  const aggregate = cueOf(item, 'aggregate');
  const count = cueOf(item, 'count');
  if (aggregate || count) {
    index = nextMeaningful(context.items, index);
    item = context.items[index];
    if (item?.kind !== 'mention') {
      if (count) {
        context.groupBySubject = true;
        return { expr: { kind: 'aggregate', fn: 'count', distinct: false }, end: index - 1 };
      }
      return undefined;
    }
    const tables = tableCandidates(item.mention);
    const columns = columnCandidates(item.mention);
    if (count || (tables[0] && (!columns[0] || tables[0].score > columns[0].score))) {
      const table = tables[0]?.table;
      if (table && table !== context.subject) {
        context.extraTables.add(table);
        context.focus.add(table);
      }
      if (!context.groupBy.length) context.groupBySubject = true;
      consume(context, index);
      return { expr: { kind: 'aggregate', fn: 'count', distinct: false, counted: table }, end: index };
    }
    const column = resolveColumn(context, item.mention, { numeric: true });
    if (!column || !aggregate) return undefined;
    if (!context.groupBy.length) context.groupBySubject = true;
    consume(context, index);
    return {
      expr: { kind: 'aggregate', fn: aggregate.fn, arg: columnRef(column), distinct: false },
      end: index,
    };
  }
  if (item?.kind !== 'mention') return undefined;
  const column = resolveColumn(context, item.mention);
  if (!column) {
    const table = tableCandidates(item.mention)[0]?.table;
    const display = table ? displayColumns(table)[0] : undefined;
    if (!display) return undefined;
    consume(context, index);
    return { expr: columnRef(display), end: index };
  }
  consume(context, index);
  context.focus.add(column.table);
  return { expr: columnRef(column), end: index };
}

function directionAfter(
  context: InterpretationContext,
  from: number,
): { direction?: 'asc' | 'desc'; index: number } {
  for (let k = from + 1; k < context.items.length && k <= from + 3; k++) {
    const direction = cueOf(context.items[k], 'direction');
    if (direction) return { direction: direction.direction, index: k };
    const alphabetical = cueOf(context.items[k], 'alphabetical');
    if (alphabetical) return { direction: 'asc', index: k };
  }
  return { index: -1 };
}

/** Reads "ordered by X", "in descending order of X", "sorted by the number of Y". */
export function tryOrder(context: InterpretationContext, at: number): number | undefined {
  const order = cueOf(context.items[at], 'order');
  const direction = cueOf(context.items[at], 'direction');
  const alphabetical = cueOf(context.items[at], 'alphabetical');
  if (!order && !direction && !alphabetical) return undefined;
  if (order) {
    let start = at;
    let dir = order.direction;
    const immediate = cueOf(context.items[nextMeaningful(context.items, at)], 'direction');
    if (immediate) {
      dir = immediate.direction;
      start = nextMeaningful(context.items, at);
      consume(context, start);
      if (isWord(context.items[nextMeaningful(context.items, start)], 'by', 'of'))
        start = nextMeaningful(context.items, start);
    }
    const byIndex = nextMeaningful(context.items, start);
    if (
      cueOf(context.items[byIndex], 'group') &&
      context.analysis.tokens[context.items[byIndex]?.from ?? 0]?.lower === 'by'
    )
      start = byIndex;
    const target = orderTarget(context, start);
    consume(context, at);
    if (!target) {
      const first = context.select[0];
      if (first) context.orderBy.push({ expr: first.expr, direction: dir ?? 'asc' });
      return at + 1;
    }
    const after = directionAfter(context, target.end);
    if (after.index >= 0) {
      consume(context, after.index);
      dir = after.direction ?? dir;
    }
    // Money is sorted highest first unless the question says otherwise.
    context.orderBy.push({ expr: target.expr, direction: dir ?? (target.measure ? 'desc' : 'asc') });
    return Math.max(target.end, after.index) + 1;
  }
  if (alphabetical) {
    consume(context, at);
    if (context.orderBy.length > 0) return at + 1;
    const text = context.select.find((s) => s.expr.kind === 'column' && s.expr.column.category === 'text');
    const fallback = context.subject ? displayColumns(context.subject)[0] : undefined;
    const expr = text?.expr ?? (fallback ? columnRef(fallback) : undefined);
    if (expr) context.orderBy.push({ expr, direction: 'asc' });
    return at + 1;
  }
  if (direction) {
    consume(context, at);
    const last = context.orderBy[context.orderBy.length - 1];
    if (last) {
      last.direction = direction.direction;
      return at + 1;
    }
    // "in descending order of X" was read as a direction; a mention may follow.
    const target = isWord(context.items[nextMeaningful(context.items, at)], 'of', 'by')
      ? orderTarget(context, nextMeaningful(context.items, at))
      : orderTarget(context, at);
    if (target) {
      context.orderBy.push({ expr: target.expr, direction: direction.direction });
      return target.end + 1;
    }
    const first = context.select.find((s) => !isAggregate(s.expr)) ?? context.select[0];
    if (first) context.orderBy.push({ expr: first.expr, direction: direction.direction });
    return at + 1;
  }
  return undefined;
}

/** Reads "top 5 X by Y" after the head (the head reads a leading "top 5"). */
export function tryTop(context: InterpretationContext, at: number): number | undefined {
  const top = cueOf(context.items[at], 'top');
  if (!top) return undefined;
  const n = context.analysis.tokens[top.to - 1]?.number;
  if (n !== undefined) context.limit = n;
  consume(context, at);
  // "the repairs with the top 3 costs": the measure named after the count is what ranks them.
  const measureAt = nextMeaningful(context.items, at);
  const measure = context.items[measureAt];
  if (measure?.kind === 'mention' && context.orderBy.length === 0) {
    const numeric = columnCandidates(measure.mention).some((c) => c.column.isNumeric && c.score >= 0.8);
    const column = numeric ? resolveColumn(context, measure.mention, { numeric: true }) : undefined;
    if (column?.isNumeric) {
      context.orderBy.push({ expr: columnRef(column), direction: 'desc' });
      context.focus.add(column.table);
      consume(context, measureAt);
      return measureAt + 1;
    }
  }
  return at + 1;
}

/**
 * Reads superlatives: "with the highest Y" (order by Y, first row), "the most X" (count of related
 * rows), "the most common Y" (most frequent value), "the oldest" (an adjective's dimension).
 */
export function trySuperlative(context: InterpretationContext, at: number, limit = 1): number | undefined {
  // After the head, "with the maximum distance" picks a row just like "with the highest distance".
  const extreme = cueOf(context.items[at], 'aggregate');
  const superlative =
    cueOf(context.items[at], 'superlative') ??
    (extreme && (extreme.fn === 'max' || extreme.fn === 'min') && !hasAggregate(context)
      ? {
          type: 'superlative' as const,
          direction: extreme.fn === 'max' ? ('desc' as const) : ('asc' as const),
          dimension: undefined,
          from: extreme.from,
          to: extreme.to,
        }
      : undefined);
  if (!superlative) return undefined;
  // "with the 3 lowest prices": a count right before the superlative is how many rows to keep.
  const before = context.items[previousMeaningful(context.items, at)];
  if (
    before?.kind === 'number' &&
    Number.isInteger(before.value) &&
    before.value > 0 &&
    !context.usedItems.has(context.items.indexOf(before))
  ) {
    context.limit = before.value;
    consume(context, context.items.indexOf(before));
  }
  const n = context.limit ?? limit;
  let direction = superlative.direction;
  let index = nextMeaningful(context.items, at, new Set(['number', 'amount', 'total', 'count']));
  let item = context.items[index];
  // "the most common X" / "the least common X"
  if (
    (item?.kind === 'word' || item?.kind === 'stop') &&
    (FREQUENCY_WORDS.has(item.token.lower) || RARITY_WORDS.has(item.token.lower))
  ) {
    if (RARITY_WORDS.has(item.token.lower)) direction = 'asc';
    consume(context, index);
    consumeFrequencyParticiple(context, at, index);
    const targetIndex = nextMeaningful(context.items, index);
    const target = context.items[targetIndex];
    let column = target?.kind === 'mention' ? resolveColumn(context, target.mention) : undefined;
    if (!column) {
      const firstPlain = context.select.find((s) => s.expr.kind === 'column');
      if (firstPlain?.expr.kind === 'column') column = firstPlain.expr.column;
      // "Which ticket type is most common?": the thing asked about, shown by its name.
      else if (context.subject) column = displayColumns(context.subject)[0];
    } else consume(context, targetIndex);
    if (!column) return undefined;
    if (!context.groupBy.some((g) => g.kind === 'column' && g.column === column))
      context.groupBy.push(columnRef(column));
    if (context.select.length === 0) context.select.push({ expr: columnRef(column) });
    context.orderBy.push({ expr: { kind: 'aggregate', fn: 'count', distinct: false }, direction });
    context.limit = n;
    consume(context, at);
    return (target?.kind === 'mention' ? targetIndex : index) + 1;
  }
  if (
    superlative.dimension &&
    (!item ||
      item.kind !== 'mention' ||
      !columnCandidates(item.mention).some((c) => c.column.isNumeric && c.score >= 0.9))
  ) {
    const reading = dimensionReading(context, superlative.dimension, tablesInScope(context), true);
    if (reading) {
      const { column, inverted } = reading;
      const flip = (d: 'asc' | 'desc'): 'asc' | 'desc' => (d === 'asc' ? 'desc' : 'asc');
      // A date measures time passed backwards: the oldest thing has the earliest date.
      const dateColumn = column.isDate || (column.isYear && inverted);
      let dir: 'asc' | 'desc' =
        dateColumn && superlative.dimension.dateDirection ? superlative.dimension.dateDirection : direction;
      if (inverted && !dateColumn) dir = flip(dir);
      context.orderBy.push({ expr: columnRef(column), direction: dir });
      context.limit = n;
      context.focus.add(column.table);
      consume(context, at);
      return at + 1;
    }
  }
  // "the most qualified mechanics": a qualifying word between the superlative and a table.
  if (item?.kind === 'word') {
    const afterIndex = nextMeaningful(context.items, index);
    const after = context.items[afterIndex];
    const table = after?.kind === 'mention' ? tableCandidates(after.mention)[0] : undefined;
    if (table && table.score >= 0.9 && table.table !== context.subject) {
      consume(context, index);
      index = afterIndex;
      item = after;
    }
  }
  const aggregate = cueOf(item, 'aggregate');
  const count = cueOf(item, 'count');
  if (aggregate || count) {
    index = nextMeaningful(context.items, index);
    item = context.items[index];
  }
  const revenue = revenueTarget(context, index);
  if (revenue) {
    if (context.groupBy.length === 0) context.groupBySubject = true;
    context.orderBy.push({ expr: revenue, direction });
    context.limit = n;
    consume(context, at);
    return index + 1;
  }
  if (item?.kind !== 'mention') {
    if (count && context.subject) {
      context.groupBySubject = true;
      context.orderBy.push({ expr: { kind: 'aggregate', fn: 'count', distinct: false }, direction });
      context.limit = n;
      consume(context, at);
      return at + 1;
    }
    return undefined;
  }
  const tables = tableCandidates(item.mention);
  const columns = columnCandidates(item.mention);
  const bestTable = tables[0];
  const bestColumn = columns[0];
  const numericColumn = columns.find((c) => c.column.isNumeric);
  if (
    bestTable &&
    bestTable.table !== context.subject &&
    (!numericColumn || bestTable.score >= numericColumn.score) &&
    !aggregate
  ) {
    // "which X has the most Y": count the related rows per X.
    const table = bestTable.table;
    context.focus.add(table);
    context.extraTables.add(table);
    if (context.groupBy.length === 0) context.groupBySubject = true;
    context.orderBy.push({
      expr: { kind: 'aggregate', fn: 'count', distinct: false, counted: table },
      direction,
    });
    context.limit = n;
    consume(context, at);
    consume(context, index);
    consumeVerbBeforeSuperlative(context, at);
    return index + 1;
  }
  if (
    bestTable &&
    bestTable.table === context.subject &&
    !aggregate &&
    (!numericColumn || bestTable.score >= numericColumn.score) &&
    groupByProjection(context)
  ) {
    // "which country has the most channels": the subject's rows counted per projected value.
    context.orderBy.push({ expr: { kind: 'aggregate', fn: 'count', distinct: false }, direction });
    context.limit = n;
    consume(context, at);
    consume(context, index);
    return index + 1;
  }
  if (!bestColumn) return undefined;
  const column = resolveColumn(context, item.mention, { numeric: true });
  if (!column) return undefined;
  consume(context, at);
  consume(context, index);
  context.focus.add(column.table);
  if (aggregate) {
    if (context.groupBy.length === 0) context.groupBySubject = true;
    context.orderBy.push({
      expr: { kind: 'aggregate', fn: aggregate.fn, arg: columnRef(column), distinct: false },
      direction,
    });
  } else if (count) {
    if (context.groupBy.length === 0) context.groupBySubject = true;
    context.orderBy.push({ expr: { kind: 'aggregate', fn: 'count', distinct: false }, direction });
  } else if (hasAggregate(context) && context.groupBy.length > 0) {
    context.orderBy.push({
      expr: {
        kind: 'aggregate',
        fn: direction === 'desc' ? 'max' : 'min',
        arg: columnRef(column),
        distinct: false,
      },
      direction,
    });
  } else if (
    /^(?:most|fewest|least)$/.test(context.analysis.tokens[superlative.to - 1]?.lower ?? '') &&
    manySide(context, column)
  ) {
    // "the workshop with the most repair costs": a quantity of related rows, summed per row.
    if (context.groupBy.length === 0) context.groupBySubject = true;
    context.extraTables.add(column.table);
    context.orderBy.push({
      expr: { kind: 'aggregate', fn: 'sum', arg: columnRef(column), distinct: false },
      direction,
    });
  } else {
    context.orderBy.push({ expr: columnRef(column), direction });
  }
  context.limit = n;
  return index + 1;
}

/** Whether a measure lives on rows that point at the subject (many of them per subject row). */
function manySide(context: InterpretationContext, column: ColumnEntry): boolean {
  const subject = context.subject;
  if (!subject || column.table === subject || !column.isNumeric || column.isKeyLike || column.isYear)
    return false;
  if (context.select.some((s) => s.expr.kind === 'column' && s.expr.column.table === column.table))
    return false;
  return (context.index.adjacency.get(column.table.index) ?? []).some(
    (edge) => edge.from === column.table && edge.to === subject && !edge.implicit,
  );
}

/** The subject's measure for "top 5 products by revenue" style questions. */
export function revenueExpression(table: TableEntry, tables: readonly TableEntry[]): ValueExpr | undefined {
  // A row that carries its own money total ("total_amount" of an order) is measured by it.
  const own = totalMoneyColumn(table);
  if (own) return { kind: 'aggregate', fn: 'sum', arg: columnRef(own), distinct: false };
  const candidates = [table, ...tables.filter((t) => t !== table)];
  for (const candidate of candidates) {
    const quantity = candidate.columns.find(
      (c) =>
        c.isNumeric && (c.words.includes('quantity') || c.words.includes('qty') || c.words.includes('units')),
    );
    const price = candidate.columns.find((c) => c.isNumeric && c.words.includes('price'));
    if (quantity && price)
      return {
        kind: 'aggregate',
        fn: 'sum',
        arg: { kind: 'arithmetic', op: '*', left: columnRef(quantity), right: columnRef(price) },
        distinct: false,
      };
  }
  for (const candidate of candidates) {
    const money = moneyColumn(candidate);
    if (money) return { kind: 'aggregate', fn: 'sum', arg: columnRef(money), distinct: false };
  }
  return undefined;
}

/** Column words that name money, best first. */
const MONEY_WORDS = [
  'revenue',
  'sale',
  'amount',
  'total',
  'payment',
  'paid',
  'price',
  'cost',
  'fee',
  'charge',
  'income',
];

/** A numeric column of a table that holds money ("amount", "total_price"). */
export function moneyColumn(table: TableEntry): ColumnEntry | undefined {
  for (const word of MONEY_WORDS) {
    const found = table.columns.find((c) => c.isNumeric && !c.isKeyLike && c.words.includes(word));
    if (found) return found;
  }
  return undefined;
}
