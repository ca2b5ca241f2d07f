import type { Cue } from './cue-phrases.js';
import type { DateRange } from './date-ranges.js';
import { isoDate } from './date-ranges.js';
import { dimensionColumn } from './head-rules.js';
import type { InterpretationContext } from './interpretation-context.js';
import {
  adjacent,
  choose,
  columnCandidates,
  columnContextScore,
  columnLabel,
  consume,
  createContext,
  groupByProjection,
  resolveColumn,
  tableCandidates,
  valueCandidates,
} from './interpretation-context.js';
import {
  cueOf,
  isFiller,
  isSentenceEnd,
  isStop,
  isWord,
  nextMeaningful,
  previousMeaningful,
} from './item-navigation.js';
import { LOCATION_WORDS } from './lexicon.js';
import type { ComparisonOperator, Condition, QueryIR, ValueExpr } from './query-ir.js';
import { andAll, columnRef, emptyQuery } from './query-ir.js';
import type { ColumnEntry, TableEntry } from './schema-index.js';
import type { Mention } from './schema-linker.js';

/** A value the question compares with. */
export type Operand =
  | { kind: 'number'; value: number; item: number }
  | { kind: 'text'; value: string; item: number; column?: ColumnEntry }
  | { kind: 'date'; range: DateRange; item: number }
  | { kind: 'aggregate'; fn: 'avg' | 'max' | 'min' | 'sum'; item: number; column?: ColumnEntry; end: number }
  /** "than some X …" / "than all X …": the smallest or largest value among rows meeting `where`. */
  | {
      kind: 'quantified';
      quantifier: 'some' | 'all';
      item: number;
      end: number;
      where?: Condition;
      tables: TableEntry[];
    };

const NEGATE: Record<ComparisonOperator, ComparisonOperator> = {
  '=': '!=',
  '!=': '=',
  '>': '<=',
  '>=': '<',
  '<': '>=',
  '<=': '>',
};

/** Words between "contains" and the text it looks for ("contains the word 'X'"). */
const CONTAINS_FILLER = new Set([
  'substring',
  'word',
  'words',
  'string',
  'phrase',
  'letter',
  'letters',
  'character',
  'characters',
  'text',
]);

/** Comparative words that wrap a column: "more X than", "fewer X than". */
const COMPARATIVES: ReadonlyMap<string, ComparisonOperator> = new Map([
  ['more', '>'],
  ['greater', '>'],
  ['higher', '>'],
  ['larger', '>'],
  ['bigger', '>'],
  ['longer', '>'],
  ['older', '>'],
  ['heavier', '>'],
  ['fewer', '<'],
  ['less', '<'],
  ['lower', '<'],
  ['smaller', '<'],
  ['shorter', '<'],
  ['younger', '<'],
  ['lighter', '<'],
]);

/** Adds a condition, noting whether "or" joins it to the previous one. */
export function addCondition(
  context: InterpretationContext,
  condition: Condition,
  at: number,
  having = false,
): void {
  // `at` is the token where the condition starts; look back for "or" over words that only link.
  const itemIndex = context.items.findIndex((it) => it.from <= at && at < it.to);
  let joinedByOr = false;
  for (let k = itemIndex - 1; k >= 0; k--) {
    const before = context.items[k];
    if (!before) break;
    if (before.kind === 'cue' && before.cue.type === 'or') {
      joinedByOr = true;
      consume(context, k);
      break;
    }
    if (
      before.kind === 'cue' &&
      (before.cue.type === 'relative' || before.cue.type === 'possess' || before.cue.type === 'either')
    )
      continue;
    if (before.kind === 'stop' || before.kind === 'word') continue;
    if (before.kind === 'punct' && before.token.text === ',') continue;
    break;
  }
  const last = context.conditions[context.conditions.length - 1];
  // "both … and …", "and also": conditions on one column the answer must meet separately.
  const bothCue = context.items.slice(0, at).some((it) => it.kind === 'cue' && it.cue.type === 'both');
  const separately =
    !joinedByOr &&
    bothCue &&
    last !== undefined &&
    sameColumn(last.condition, condition) &&
    condition.kind === 'compare' &&
    condition.op === '=';
  context.conditions.push({ condition, at, having, joinedByOr, separately });
}

function sameColumn(a: Condition, b: Condition): boolean {
  const left = (c: Condition): ValueExpr | undefined => ('left' in c ? c.left : undefined);
  const la = left(a);
  const lb = left(b);
  return la?.kind === 'column' && lb?.kind === 'column' && la.column === lb.column;
}

function literalValue(column: ColumnEntry, text: string): string | number {
  // Match the stored spelling when the column lists its values.
  const stored = column.values.find((v) => v.value.toLowerCase() === text.toLowerCase());
  if (stored) return stored.value;
  if (column.category === 'number' && /^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  return text;
}

/** Quantifier words right before a comparison's object: "than some", "than all the", "than any". */
const QUANTIFIERS: ReadonlyMap<string, 'some' | 'all'> = new Map([
  ['some', 'some'],
  ['one', 'some'],
  ['any', 'all'],
  ['all', 'all'],
  ['every', 'all'],
]);

/** Whether the item is a count of occurrences: "twice", "once", "12 times". */
function isFrequency(context: InterpretationContext, at: number): boolean {
  const item = context.items[at];
  if (item?.kind !== 'number') return false;
  const word = context.analysis.tokens[item.from]?.lower ?? '';
  const unit = context.analysis.tokens[item.to]?.lower ?? '';
  return /^(?:once|twice|thrice)$/.test(word) || /^times?$/.test(unit);
}

/** The end of the clause that starts at `from` (exclusive): a sentence end, an ordering, a new clause. */
function clauseEndFrom(context: InterpretationContext, from: number): number {
  for (let i = from; i < context.items.length; i++) {
    const item = context.items[i];
    if (isSentenceEnd(item)) return i;
    if (cueOf(item, 'order') || cueOf(item, 'direction') || cueOf(item, 'alphabetical')) return i;
    if (cueOf(item, 'and') || cueOf(item, 'or')) {
      const next = context.items[nextMeaningful(context.items, i)];
      if (cueOf(next, 'relative') || cueOf(next, 'negation') || cueOf(next, 'possess')) return i;
    }
  }
  return context.items.length;
}

/**
 * "greater than some instructors in Biology", "older than all engineers": the object of a
 * comparison preceded by a quantifier is a set of rows; the rest of the clause says which.
 */
function quantifiedOperand(context: InterpretationContext, at: number): Operand | undefined {
  const item = context.items[at];
  const reader = context.bodyReader;
  if (!item || item.kind !== 'mention' || !reader || !context.subject) return undefined;
  const compareAt = previousMeaningful(context.items, at, new Set(QUANTIFIERS.keys()));
  const previous = context.items[compareAt];
  if (!previous) return undefined;
  const between = context.analysis.tokens.slice(previous.to, item.from).map((t) => t.lower);
  // After a comparison cue, or after "higher X than".
  if (!cueOf(previous, 'compare') && !between.includes('than')) return undefined;
  let quantifier: 'some' | 'all' | undefined;
  for (const word of between) quantifier = QUANTIFIERS.get(word) ?? quantifier;
  if (!quantifier) return undefined;
  const end = clauseEndFrom(context, at);
  const inner = createContext(context.analysis, context.index, context.forced);
  inner.subject = context.subject;
  inner.focus.add(context.subject);
  inner.bodyReader = reader;
  reader(inner, at, end);
  for (const token of inner.consumed) context.consumed.add(token);
  for (let k = at; k < end; k++) if (inner.usedItems.has(k)) context.usedItems.add(k);
  context.choicePoints.push(...inner.choicePoints);
  const where = andAll(inner.conditions.filter((c) => !c.having).map((c) => c.condition));
  const tables = [...inner.focus, ...inner.extraTables].filter((t) => t !== context.subject);
  return { kind: 'quantified', quantifier, item: at, end: Math.max(at, end - 1), where, tables };
}

function operandAt(context: InterpretationContext, at: number): Operand | undefined {
  const item = context.items[at];
  if (!item) return undefined;
  const quantified = quantifiedOperand(context, at);
  if (quantified) return quantified;
  switch (item.kind) {
    case 'number':
      return Number.isFinite(item.value) ? { kind: 'number', value: item.value, item: at } : undefined;
    case 'literal':
      return { kind: 'text', value: item.text, item: at };
    case 'date':
      return { kind: 'date', range: item.range, item: at };
    case 'mention': {
      const value = valueCandidates(item.mention)[0];
      if (value && value.score >= (item.mention.candidates[0]?.score ?? 0) - 0.01)
        return { kind: 'text', value: value.value, item: at, column: value.column };
      return undefined;
    }
    case 'cue': {
      if (item.cue.type === 'aggregate' && item.cue.fn !== 'sum') {
        const next = nextMeaningful(context.items, at);
        const nextItem = context.items[next];
        const column =
          nextItem?.kind === 'mention'
            ? resolveColumn(context, nextItem.mention, { numeric: true })
            : undefined;
        if (column) consume(context, next);
        return { kind: 'aggregate', fn: item.cue.fn, item: at, column, end: column ? next : at };
      }
      return undefined;
    }
    case 'word':
    case 'stop':
    case 'punct':
      return undefined;
  }
}

/** A bound of "between 500 and 1500": a number, also when it was read as a bare year. */
function boundAt(context: InterpretationContext, at: number): Operand | undefined {
  const operand = operandAt(context, at);
  const item = context.items[at];
  if (operand?.kind === 'date' && item && item.to - item.from === 1) {
    const value = context.analysis.tokens[item.from]?.number;
    if (value !== undefined) return { kind: 'number', value, item: at };
  }
  return operand;
}

function operandEnd(operand: Operand): number {
  return operand.kind === 'aggregate' || operand.kind === 'quantified' ? operand.end : operand.item;
}

/** Compares a column with an operand; returns the condition, or undefined when they do not fit. */
export function compareColumn(
  context: InterpretationContext,
  column: ColumnEntry,
  op: ComparisonOperator,
  operand: Operand,
  negated: boolean,
): Condition | undefined {
  const finalOp = negated ? NEGATE[op] : op;
  const left = columnRef(column);
  switch (operand.kind) {
    case 'number':
      return {
        kind: 'compare',
        left,
        op: finalOp,
        right: {
          kind: 'literal',
          value:
            column.category === 'text' && !/^\d/.test(String(column.values[0]?.value ?? '0'))
              ? String(operand.value)
              : operand.value,
        },
      };
    case 'text':
      return {
        kind: 'compare',
        left,
        op: finalOp,
        right: { kind: 'literal', value: literalValue(column, operand.value) },
      };
    case 'date':
      return dateCondition(column, operand.range, negated, op);
    case 'aggregate': {
      const measured = operand.column ?? column;
      const subquery: QueryIR = emptyQuery(measured.table);
      subquery.select.push({
        expr: { kind: 'aggregate', fn: operand.fn, arg: columnRef(measured), distinct: false },
      });
      return { kind: 'compare-subquery', left, op: finalOp, query: subquery };
    }
    case 'quantified': {
      // Above some of them = above the smallest; above all of them = above the largest.
      const above = finalOp === '>' || finalOp === '>=';
      const largest = (operand.quantifier === 'all') === above;
      const subquery: QueryIR = emptyQuery(column.table);
      subquery.select.push({
        expr: { kind: 'aggregate', fn: largest ? 'max' : 'min', arg: columnRef(column), distinct: false },
      });
      subquery.where = operand.where;
      for (const table of operand.tables)
        if (table !== column.table) subquery.tables.push({ table, instance: 0 });
      return { kind: 'compare-subquery', left, op: finalOp, query: subquery };
    }
  }
}

/** A date range on a column: numbers for year columns, half-open ranges for dates. */
export function dateCondition(
  column: ColumnEntry,
  range: DateRange,
  negated: boolean,
  op?: ComparisonOperator,
): Condition | undefined {
  const years = range.years;
  const yearColumn = column.isYear || (!column.isDate && column.category === 'number');
  if (yearColumn) {
    if (!years) return undefined;
    const left = columnRef(column);
    const literal = (value: number): ValueExpr => ({ kind: 'literal', value });
    let condition: Condition;
    if (op && range.relation === 'in' && years.first === years.last && op !== '=') {
      condition = { kind: 'compare', left, op, right: literal(years.first) };
    } else
      switch (range.relation) {
        case 'in':
        case 'between':
          condition =
            years.first === years.last
              ? { kind: 'compare', left, op: '=', right: literal(years.first) }
              : { kind: 'between', left, low: years.first, high: years.last };
          break;
        case 'before':
          condition = { kind: 'compare', left, op: '<', right: literal(years.last + 1) };
          break;
        case 'until':
          condition = { kind: 'compare', left, op: '<=', right: literal(years.last) };
          break;
        case 'after':
          condition = { kind: 'compare', left, op: '>', right: literal(years.first - 1) };
          break;
        case 'since':
          condition = { kind: 'compare', left, op: '>=', right: literal(years.first) };
          break;
      }
    if (negated && condition.kind === 'compare') return { ...condition, op: NEGATE[condition.op] };
    return condition;
  }
  let start = range.start ? isoDate(range.start) : undefined;
  let end = range.end ? isoDate(range.end) : undefined;
  if (op && range.relation === 'in') {
    if (op === '>' || op === '>=') {
      start = op === '>' ? end : start;
      end = undefined;
    } else if (op === '<' || op === '<=') {
      end = op === '<' ? start : end;
      start = undefined;
    }
  }
  if (negated) {
    if (start && !end)
      return { kind: 'compare', left: columnRef(column), op: '<', right: { kind: 'literal', value: start } };
    if (end && !start)
      return { kind: 'compare', left: columnRef(column), op: '>=', right: { kind: 'literal', value: end } };
  }
  return { kind: 'date-range', left: columnRef(column), start, end, label: range.label };
}

/** Tables the question is about, nearest first: subject, named tables, their neighbours. */
export function tablesInScope(context: InterpretationContext): TableEntry[] {
  const ordered: TableEntry[] = [];
  const add = (t: TableEntry | undefined): void => {
    if (t && !ordered.includes(t)) ordered.push(t);
  };
  add(context.subject);
  for (const t of context.focus) add(t);
  for (const t of [...ordered]) {
    for (const edge of context.index.adjacency.get(t.index) ?? []) {
      add(edge.from);
      add(edge.to);
    }
  }
  return ordered;
}

function distanceRank(context: InterpretationContext, table: TableEntry): number {
  if (table === context.subject) return 0;
  if (context.focus.has(table)) return 0.5;
  if (context.subject && adjacent(context.index, table, context.subject)) return 1;
  for (const focus of context.focus) if (adjacent(context.index, table, focus)) return 1.2;
  return 3;
}

/** The column a date expression constrains: a date or year column near the subject. */
export function dateColumnFor(
  context: InterpretationContext,
  range: DateRange,
  near?: ColumnEntry,
): ColumnEntry | undefined {
  if (near && (near.isDate || near.isYear)) return near;
  const questionStems = new Set(context.analysis.tokens.map((t) => t.stem));
  const options: { value: ColumnEntry; label: string; score: number }[] = [];
  for (const table of tablesInScope(context)) {
    for (const column of table.columns) {
      if (!column.isDate && !column.isYear) continue;
      if (column.isYear && !range.years) continue;
      let score = 2 - distanceRank(context, table);
      if (column.words.some((w) => questionStems.has(w) || questionStems.has(w.slice(0, 5)))) score += 0.5;
      if (column.isDate && column.category === 'date') score += 0.1;
      if (column.words.includes('birth') && !questionStems.has('born') && !questionStems.has('birth'))
        score -= 0.6;
      options.push({ value: column, label: columnLabel(column), score });
    }
  }
  return choose(context, `date@${range.startOffset}`, options);
}

/** Whether a literal looks like a code ("AKO", "UAL", "B12"). */
function looksLikeCode(text: string): boolean {
  return /^[A-Z0-9]{2,5}$/.test(text) && /[A-Z]/.test(text);
}

/** Picks the column a literal value belongs to when the question does not name it. */
export function literalColumn(
  context: InterpretationContext,
  at: number,
  text: string,
  hint?: { table?: TableEntry; location?: boolean; person?: boolean },
): ColumnEntry | undefined {
  const lower = text.toLowerCase();
  const options: { value: ColumnEntry; label: string; score: number }[] = [];
  const scope = hint?.table
    ? [hint.table, ...tablesInScope(context).filter((t) => t !== hint.table)]
    : tablesInScope(context);
  const code = looksLikeCode(text);
  for (const table of scope) {
    const rank = hint?.table === table ? -0.5 : distanceRank(context, table);
    for (const column of table.columns) {
      if (column.category !== 'text' && !(code && column.isKeyLike)) continue;
      let score = 1.5 - rank * 0.5;
      if (column.values.some((v) => v.value.toLowerCase() === lower)) score += 3;
      else if (column.values.length > 0 && column.values.length < 20) score -= 0.8;
      if (column.isName) score += 0.6;
      if (hint?.location) score += column.isLocation ? 1 : -0.4;
      else if (column.isLocation) score -= 0.2;
      if (code)
        score += column.words.some((w) => w === 'code' || w === 'abbreviation' || w === 'id') ? 0.9 : -0.3;
      else if (column.isKeyLike) score -= 0.5;
      if (column.flag) score -= 1;
      options.push({ value: column, label: columnLabel(column), score });
    }
  }
  return choose(context, `literal@${at}`, options);
}

const LOCATION_PREPOSITIONS = new Set([
  'in',
  'from',
  'at',
  'to',
  'into',
  'near',
  'located',
  'based',
  'live',
  'lives',
  'living',
  'born',
]);

/** Reads "column [is] [not] [more than] value" starting at a column mention. */
export function tryColumnCondition(context: InterpretationContext, at: number): number | undefined {
  const item = context.items[at];
  if (item?.kind !== 'mention' || columnCandidates(item.mention).length === 0) return undefined;
  let j = nextMeaningful(context.items, at, new Set(['by', 'with', 'has', 'have', 'named', 'called']));
  let negated = false;
  let op: ComparisonOperator = '=';
  let compareCue: Extract<Cue, { type: 'compare' }> | undefined;
  let operandEndOverride = -1;
  const first = context.items[j];
  if (cueOf(first, 'negation')) {
    negated = true;
    j = nextMeaningful(context.items, j);
  }
  const maybeCompare = context.items[j];
  const compare = cueOf(maybeCompare, 'compare');
  const between = cueOf(maybeCompare, 'between');
  const contains = cueOf(maybeCompare, 'contains');
  const nullCue = cueOf(maybeCompare, 'null');
  if (compare) {
    compareCue = compare;
    op = compare.op;
    j = nextMeaningful(context.items, j);
    // "inspected at least twice": how often, read by the comparison rule.
    if (isFrequency(context, j)) return undefined;
    // "who completed at least 3 repairs": a number followed by a related table counts its rows; the
    // word before the comparison (a verb that resembles a column) does not take the number.
    const unit = context.items[nextMeaningful(context.items, j, new Set(['different', 'distinct']))];
    if (context.items[j]?.kind === 'number' && unit?.kind === 'mention') {
      const table = tableCandidates(unit.mention)[0];
      const column = columnCandidates(unit.mention)[0];
      if (
        table &&
        table.score >= 0.9 &&
        table.table !== context.subject &&
        (!column || table.score >= column.score)
      )
        return undefined;
    }
  }
  // "fewer pages than the average", "more employees than 10": the comparative sits around the column.
  const before = context.items[at - 1];
  const comparative =
    before?.kind === 'stop' || before?.kind === 'word' ? COMPARATIVES.get(before.token.lower) : undefined;
  if (!compare && comparative && context.analysis.tokens[item.to]?.lower === 'than') {
    op = comparative;
    compareCue = { type: 'compare', op: comparative, from: before?.from ?? item.from, to: item.from };
    consume(context, at - 1);
  }
  if (between) {
    const low = boundAt(context, nextMeaningful(context.items, j));
    const andAt = low ? nextMeaningful(context.items, low.item) : -1;
    const high =
      andAt >= 0 && cueOf(context.items[andAt], 'and')
        ? boundAt(context, nextMeaningful(context.items, andAt))
        : undefined;
    if (low?.kind === 'number' && high?.kind === 'number') {
      const column = resolveColumn(context, item.mention, { numeric: true });
      if (!column) return undefined;
      addCondition(
        context,
        { kind: 'between', left: columnRef(column), low: low.value, high: high.value },
        item.from,
      );
      for (const k of [at, j, low.item, andAt, high.item]) consume(context, k);
      return high.item + 1;
    }
    return undefined;
  }
  if (contains) {
    const target = context.items[nextMeaningful(context.items, j, CONTAINS_FILLER)];
    const text =
      target?.kind === 'literal'
        ? target.text
        : target?.kind === 'mention'
          ? context.analysis.question.slice(
              context.analysis.tokens[target.from]?.start,
              context.analysis.tokens[target.to - 1]?.end,
            )
          : target?.kind === 'word'
            ? target.token.text
            : undefined;
    if (!text || !target) return undefined;
    const column = resolveColumn(context, item.mention, { text: true });
    if (!column) return undefined;
    addCondition(
      context,
      { kind: 'like', left: columnRef(column), pattern: text, mode: contains.mode, negated },
      item.from,
    );
    consume(context, at);
    consume(context, j);
    consume(context, context.items.indexOf(target));
    return context.items.indexOf(target) + 1;
  }
  if (nullCue) {
    const column = resolveColumn(context, item.mention);
    if (!column) return undefined;
    addCondition(
      context,
      { kind: 'is-null', left: columnRef(column), negated: nullCue.negated !== negated },
      item.from,
    );
    consume(context, at);
    consume(context, j);
    return j + 1;
  }
  const operand = operandAt(context, j);
  if (!operand) {
    // "channels that support high definition": a yes/no column named alone.
    const column = resolveColumn(context, item.mention);
    if (column?.flag && !compare) {
      const value = negated || isNegatedBefore(context, at) ? column.flag.no : column.flag.yes;
      addCondition(
        context,
        { kind: 'compare', left: columnRef(column), op: '=', right: { kind: 'literal', value } },
        item.from,
      );
      consume(context, at);
      return at + 1;
    }
    return undefined;
  }
  if (operand.kind === 'text' && operand.column) {
    // The value is stored in known columns; keep the mention's readings that store it.
    const valueItem = context.items[operand.item];
    const storing =
      valueItem?.kind === 'mention'
        ? new Set(valueCandidates(valueItem.mention).map((v) => v.column))
        : new Set([operand.column]);
    const options = columnCandidates(item.mention)
      .filter((c) => storing.has(c.column))
      .map((c) => ({
        value: c.column,
        label: columnLabel(c.column),
        score: columnContextScore(context, c.column, c.score, c.withTable, {}),
      }));
    const chosenColumn = choose(context, `column@${item.mention.from}`, options);
    if (!chosenColumn) return undefined;
    operand.column = chosenColumn;
  }
  if (operand.kind === 'number' && !compare) {
    // "grade 10", "aged 32": only when the number follows the column directly.
    const between = context.items.slice(at + 1, operand.item);
    if (between.some((it) => !isFiller(it) && !(negated && cueOf(it, 'negation')))) return undefined;
  }
  if ((operand.kind === 'number' || operand.kind === 'date') && !compare) {
    // "in year 2019 or later": the comparison follows the value.
    const after = context.items[operand.item + 1];
    const postfix = cueOf(after, 'compare');
    if (postfix && after && context.analysis.tokens[after.from]?.lower === 'or') {
      op = postfix.op;
      consume(context, operand.item + 1);
      operandEndOverride = operand.item + 1;
    }
  }
  if (operand.kind === 'date' && compare) {
    // "before 1980" after a column is read by the date rule with this column.
  }
  let column: ColumnEntry | undefined;
  if (operand.kind === 'text' && operand.column) column = operand.column;
  else if (compareCue?.dimension) column = resolveColumn(context, item.mention, { numeric: true });
  else
    column = resolveColumn(context, item.mention, {
      numeric: operand.kind === 'number' && op !== '=' ? true : undefined,
      text: operand.kind === 'text' || undefined,
    });
  if (!column) return undefined;
  if (operand.kind === 'date' && !column.isDate && !column.isYear && column.category !== 'number')
    return undefined;
  // "cities that do not have the status 'Village'": a denial before the column covers its value.
  const denied = !negated && op === '=' && operand.kind === 'text' && isNegatedBefore(context, at);
  const condition = compareColumn(context, column, op, operand, negated || denied);
  if (!condition) return undefined;
  // "studios whose average gross is above 4500000": a condition on a group's aggregate.
  const aggregateAt = previousMeaningful(context.items, at);
  const aggregate = cueOf(context.items[aggregateAt], 'aggregate');
  if (
    aggregate &&
    !context.usedItems.has(aggregateAt) &&
    condition.kind === 'compare' &&
    operand.kind === 'number'
  ) {
    consume(context, aggregateAt);
    if (!groupByProjection(context)) context.groupBySubject = true;
    addCondition(
      context,
      { ...condition, left: { kind: 'aggregate', fn: aggregate.fn, arg: condition.left, distinct: false } },
      item.from,
      true,
    );
  } else addCondition(context, condition, item.from);
  consume(context, at);
  for (let k = at + 1; k <= operandEnd(operand); k++)
    if (!isFiller(context.items[k]) || k === operand.item) consume(context, k);
  return Math.max(operandEnd(operand), operandEndOverride) + 1;
}

/** Reads "between 100 and 300 hours" where the column follows the two numbers. */
export function tryBetween(context: InterpretationContext, at: number): number | undefined {
  if (!cueOf(context.items[at], 'between')) return undefined;
  const lowAt = nextMeaningful(context.items, at);
  const low = boundAt(context, lowAt);
  const andAt = nextMeaningful(context.items, lowAt);
  if (low?.kind !== 'number' || !cueOf(context.items[andAt], 'and')) return undefined;
  const highAt = nextMeaningful(context.items, andAt);
  const high = boundAt(context, highAt);
  if (high?.kind !== 'number') return undefined;
  const columnAt = nextMeaningful(context.items, highAt);
  const after = context.items[columnAt];
  let column =
    after?.kind === 'mention' ? resolveColumn(context, after.mention, { numeric: true }) : undefined;
  if (column && !column.isNumeric && !column.isYear) column = undefined;
  if (!column) {
    const last = context.conditions[context.conditions.length - 1]?.condition;
    const previous = context.items[previousMeaningful(context.items, at)];
    if (previous?.kind === 'mention') column = resolveColumn(context, previous.mention, { numeric: true });
    else if (last?.kind === 'compare' && last.left.kind === 'column') column = last.left.column;
  }
  if (!column) return undefined;
  addCondition(
    context,
    { kind: 'between', left: columnRef(column), low: low.value, high: high.value },
    context.items[at]?.from ?? 0,
  );
  for (const k of [at, lowAt, andAt, highAt]) consume(context, k);
  if (after?.kind === 'mention') consume(context, columnAt);
  return (after?.kind === 'mention' ? columnAt : highAt) + 1;
}

/** Reads "more than 300 pages", "at least 3 orders", "older than 30", "below the average". */
export function tryComparison(context: InterpretationContext, at: number): number | undefined {
  const compare = cueOf(context.items[at], 'compare');
  if (!compare) return undefined;
  let j = nextMeaningful(context.items, at);
  // "at most participated in 30 races": skip the verb between the comparison and its number.
  for (let skipped = 0; skipped < 2 && context.items[j]?.kind === 'word'; skipped++) {
    j = nextMeaningful(context.items, j, new Set(['in', 'on', 'for', 'with', 'at']));
  }
  let operand = operandAt(context, j);
  // "at least a salary of 100000": the column sits between the comparison and the number.
  let between: ColumnEntry | undefined;
  const middle = context.items[j];
  if (!operand && middle?.kind === 'mention' && columnCandidates(middle.mention).length > 0) {
    const numberAt = nextMeaningful(context.items, j);
    const number = operandAt(context, numberAt);
    if (number?.kind === 'number') {
      between = resolveColumn(context, middle.mention, { numeric: true });
      if (between) {
        consume(context, j);
        operand = number;
      }
    }
  }
  // "3 or more albums": the comparison follows its number.
  let postfix = false;
  const cueText = context.analysis.tokens[context.items[at]?.from ?? 0]?.lower;
  const before = context.items[at - 1];
  if (!operand && cueText === 'or' && before?.kind === 'number' && !context.usedItems.has(at - 1)) {
    operand = { kind: 'number', value: before.value, item: at - 1 };
    postfix = true;
  }
  if (!operand) return undefined;
  j = postfix ? at : operandEnd(operand);
  const afterIndex = nextMeaningful(context.items, j, new Set(['different', 'distinct']));
  const after = context.items[afterIndex];
  const distinctBetween = context.items.slice(j + 1, afterIndex).some((it) => cueOf(it, 'distinct'));
  const negatedBefore = cueOf(context.items[previousMeaningful(context.items, at)], 'negation');
  const negated = negatedBefore !== undefined;
  if (negated) consume(context, previousMeaningful(context.items, at));

  if (operand.kind === 'number' && after?.kind === 'mention') {
    const tables = tableCandidates(after.mention);
    const columns = columnCandidates(after.mention);
    const bestTable = tables[0];
    const bestColumn = columns[0];
    const subject = context.subject;
    // "at least 3 orders": a count of related rows.
    if (bestTable && bestTable.table !== subject && (!bestColumn || bestTable.score >= bestColumn.score)) {
      const table = bestTable.table;
      context.focus.add(table);
      context.extraTables.add(table);
      context.groupBySubject = true;
      const counted: ValueExpr = distinctBetween
        ? {
            kind: 'aggregate',
            fn: 'count',
            arg: columnRef(table.primaryKey[0] ?? table.columns[0]!),
            distinct: true,
          }
        : { kind: 'aggregate', fn: 'count', distinct: false, counted: table };
      const op = negated ? NEGATE[compare.op] : compare.op;
      addCondition(
        context,
        { kind: 'compare', left: counted, op, right: { kind: 'literal', value: operand.value } },
        context.items[at]?.from ?? 0,
        true,
      );
      consume(context, at);
      consume(context, operand.item);
      consume(context, afterIndex);
      return afterIndex + 1;
    }
    if (
      bestTable &&
      bestTable.table === subject &&
      (!bestColumn || bestTable.score >= bestColumn.score) &&
      groupByProjection(context)
    ) {
      // "cities shared by at least two customers": subject rows counted per projected value.
      const op = negated ? NEGATE[compare.op] : compare.op;
      addCondition(
        context,
        {
          kind: 'compare',
          left: { kind: 'aggregate', fn: 'count', distinct: false, counted: subject },
          op,
          right: { kind: 'literal', value: operand.value },
        },
        context.items[at]?.from ?? 0,
        true,
      );
      consume(context, at);
      consume(context, operand.item);
      consume(context, afterIndex);
      return afterIndex + 1;
    }
    if (bestColumn) {
      const column = resolveColumn(context, after.mention, { numeric: true });
      if (column && (column.isNumeric || column.category === 'other' || column.isYear)) {
        const condition = compareColumn(context, column, compare.op, operand, negated);
        if (condition) {
          addCondition(context, condition, context.items[at]?.from ?? 0);
          consume(context, at);
          consume(context, operand.item);
          consume(context, afterIndex);
          return afterIndex + 1;
        }
      }
    }
  }
  // "inspected at least twice", "borrowed more than 12 times": how often the related rows occur.
  const numberToken =
    operand.kind === 'number' ? context.analysis.tokens[context.items[operand.item]?.from ?? 0] : undefined;
  const unitToken =
    operand.kind === 'number' ? context.analysis.tokens[context.items[operand.item]?.to ?? 0] : undefined;
  if (
    operand.kind === 'number' &&
    !between &&
    (/^(?:once|twice|thrice)$/.test(numberToken?.lower ?? '') || /^times?$/.test(unitToken?.lower ?? '')) &&
    context.subject
  ) {
    const subject = context.subject;
    let related: TableEntry | undefined;
    for (let k = at - 1; k >= 0 && k >= at - 4; k--) {
      const before = context.items[k];
      if (before?.kind !== 'mention') continue;
      const table = tableCandidates(before.mention)[0];
      const column = columnCandidates(before.mention)[0];
      if (table && table.table !== subject && table.score >= 0.85) related = table.table;
      else if (column && column.column.table !== subject && column.score >= 0.85)
        related = column.column.table;
      break;
    }
    if (related || groupByProjection(context)) {
      if (related) {
        context.focus.add(related);
        context.extraTables.add(related);
        context.groupBySubject = true;
      }
      addCondition(
        context,
        {
          kind: 'compare',
          left: { kind: 'aggregate', fn: 'count', distinct: false, counted: related ?? subject },
          op: negated ? NEGATE[compare.op] : compare.op,
          right: { kind: 'literal', value: operand.value },
        },
        context.items[at]?.from ?? 0,
        true,
      );
      consume(context, at);
      consume(context, operand.item);
      const unitItem = context.items[operand.item + 1];
      if (unitItem && /^times?$/.test(unitToken?.lower ?? '') && unitItem.from === unitToken?.index) {
        consume(context, operand.item + 1);
        return operand.item + 2;
      }
      return operand.item + 1;
    }
  }
  // The column: an adjective's dimension, or the nearest column mentioned before.
  let column: ColumnEntry | undefined = between;
  // "over 20 years old": an age.
  const unit = context.analysis.tokens[context.items[j]?.to ?? 0];
  if (!column && operand.kind === 'number' && /^years?$/.test(unit?.lower ?? '')) {
    column = dimensionColumn(context, { words: ['age'] }, tablesInScope(context));
    if (column) {
      for (
        let k = j + 1;
        k < context.items.length && (context.items[k]?.from ?? 0) <= (context.items[j]?.to ?? 0) + 1;
        k++
      ) {
        consume(context, k);
      }
    }
  }
  if (!column && compare.dimension)
    column = dimensionColumn(context, compare.dimension, tablesInScope(context));
  if (!column && operand.kind === 'aggregate' && operand.column) column = operand.column;
  if (!column) {
    const previous = previousMentionColumn(context, at, operand.kind === 'date' ? 'date' : 'number');
    if (previous) column = previous;
  }
  if (!column && operand.kind === 'date') column = dateColumnFor(context, operand.range);
  // "population over 1500 or below 500": the second comparison is on the same column.
  if (!column && operand.kind === 'number') {
    const last = context.conditions[context.conditions.length - 1]?.condition;
    if (last?.kind === 'compare' && last.left.kind === 'column' && last.left.column.isNumeric)
      column = last.left.column;
  }
  if (!column && operand.kind === 'number' && context.subject) {
    const numeric = context.subject.columns.filter((c) => c.isNumeric && !c.isKeyLike);
    if (numeric.length === 1) {
      column = numeric[0];
      context.assumptions.push(
        `compared ${column?.name} because it is the only measure of ${context.subject.name}`,
      );
    }
  }
  if (!column) return undefined;
  const condition = compareColumn(context, column, compare.op, operand, false);
  if (!condition) return undefined;
  addCondition(context, condition, context.items[at]?.from ?? 0);
  consume(context, at);
  for (let k = at + 1; k <= j; k++) consume(context, k);
  return j + 1;
}

/** The column of the nearest mention before `at` (within the clause) that fits the kind of value. */
function previousMentionColumn(
  context: InterpretationContext,
  at: number,
  kind: 'number' | 'date',
): ColumnEntry | undefined {
  for (let k = at - 1; k >= 0 && k >= at - 4; k--) {
    const item = context.items[k];
    if (!item) break;
    if (item.kind === 'mention') {
      const column = resolveColumn(context, item.mention, { numeric: kind === 'number' });
      if (
        column &&
        (kind === 'number' ? column.isNumeric || column.isYear : column.isDate || column.isYear)
      ) {
        consume(context, k);
        return column;
      }
      return undefined;
    }
    if (item.kind === 'cue' && item.cue.type !== 'negation') return undefined;
  }
  return undefined;
}

/** Reads a stored value named in the question ("from France" → country = 'France'). */
export function tryValue(context: InterpretationContext, at: number): number | undefined {
  const item = context.items[at];
  if (item?.kind !== 'mention') return undefined;
  const values = valueCandidates(item.mention);
  const best = values[0];
  if (!best || best.score < (item.mention.candidates[0]?.score ?? 0) - 0.01) return undefined;
  const options = values.map((v) => ({
    value: v,
    label: `${columnLabel(v.column)} = '${v.value}'`,
    score: columnContextScore(context, v.column, v.score, false, {}) + (v.column.isName ? 0.05 : 0),
  }));
  const chosen = choose(context, `value@${item.from}`, options);
  if (!chosen) return undefined;
  const negated = isNegatedBefore(context, at);
  addCondition(
    context,
    {
      kind: 'compare',
      left: columnRef(chosen.column),
      op: negated ? '!=' : '=',
      right: { kind: 'literal', value: chosen.value },
    },
    item.from,
  );
  consume(context, at);
  return at + 1;
}

/** Whether a "not"/"except" governs the value at `at` ("do not use English", "other than X"). */
function isNegatedBefore(context: InterpretationContext, at: number): boolean {
  for (let k = at - 1, steps = 0; k >= 0 && steps < 4; k--) {
    const item = context.items[k];
    if (!item) break;
    if (cueOf(item, 'negation') || cueOf(item, 'except')) {
      if (context.usedItems.has(k)) return false;
      consume(context, k);
      return true;
    }
    if (
      item.kind === 'stop' ||
      item.kind === 'word' ||
      cueOf(item, 'possess') ||
      cueOf(item, 'named') ||
      cueOf(item, 'group')
    ) {
      if (item.kind === 'word') steps++;
      continue;
    }
    if (isFiller(item)) continue;
    // A loosely linked verb ("did not end in X") sits between the denial and its value.
    if (
      item.kind === 'mention' &&
      !context.usedItems.has(k) &&
      (item.mention.candidates[0]?.score ?? 0) < 0.9
    ) {
      steps++;
      continue;
    }
    break;
  }
  return false;
}

/** Reads a literal ("Boston", 'Jane Doe') and decides which column holds it. */
export function tryLiteral(context: InterpretationContext, at: number): number | undefined {
  const item = context.items[at];
  if (item?.kind !== 'literal') return undefined;
  const before = context.items[at - 1];
  const prepositionWord = before?.kind === 'stop' || before?.kind === 'word' ? before.token.lower : '';
  const location = LOCATION_PREPOSITIONS.has(prepositionWord);
  const after = context.items[at + 1];
  const possessive = after?.kind === 'punct' && after.token.text === "'s";
  const named = context.items.slice(Math.max(0, at - 2), at).some((it) => cueOf(it, 'named'));
  const containsIndex = previousMeaningful(
    context.items,
    at,
    new Set(['substring', 'word', 'string', 'phrase', 'letter', 'letters']),
  );
  let contains = cueOf(context.items[containsIndex], 'contains');
  if (
    contains &&
    context.analysis.tokens[context.items[containsIndex]?.from ?? 0]?.lower === 'like' &&
    !item.quoted
  )
    contains = undefined;
  let column: ColumnEntry | undefined;

  // 1. Named right before: "city is X", "written by X", "genre 'Poetry'", "members in X".
  const previousIndex = previousMeaningful(
    context.items,
    contains ? containsIndex : at,
    new Set(['by', 'is', 'named', 'called', 'as', 'with', '=']),
  );
  const previous = context.items[previousIndex];
  if (previous?.kind === 'mention') {
    const columns = columnCandidates(previous.mention);
    const tables = tableCandidates(previous.mention);
    const tableFirst = tables[0] !== undefined && tables[0].score > (columns[0]?.score ?? 0) + 0.05;
    if (columns.length > 0 && !(tableFirst && (named || location))) {
      column = resolveColumn(context, previous.mention, { text: true });
      if (column && column.category !== 'text' && !/^\d/.test(item.text)) column = undefined;
      if (column && column.isKeyLike && !looksLikeCode(item.text) && !/\d/.test(item.text))
        column = undefined;
      if (column && location && !column.isLocation && tables.length > 0) column = undefined;
      if (column) consume(context, previousIndex);
    }
    const table = tables[0]?.table;
    if (!column && table) {
      column = literalColumn(context, at, item.text, { table, location: location && !named });
      if (column && column.table !== table) column = undefined;
      if (column) {
        consume(context, previousIndex);
        context.focus.add(table);
      }
    }
  }
  // 2. A table named right after: "the Riverside branch".
  if (!column) {
    const nextIndex = nextMeaningful(context.items, at);
    const next = context.items[nextIndex];
    const table = next?.kind === 'mention' ? tableCandidates(next.mention)[0] : undefined;
    if (table && table.score >= 0.9 && !possessive) {
      const candidate = literalColumn(context, at, item.text, { table: table.table });
      if (candidate?.table === table.table && candidate.isName) {
        column = candidate;
        consume(context, nextIndex);
        context.focus.add(table.table);
      }
    }
  }
  // 3. Otherwise the most likely text column near the subject.
  if (!column) {
    column = literalColumn(context, at, item.text, { location: location && !possessive, person: possessive });
    if (column && location) context.assumptions.push(`read "${item.text}" as a ${column.phrase}`);
    else if (column)
      context.assumptions.push(`looked for "${item.text}" in ${column.table.name}.${column.name}`);
  }
  if (!column) return undefined;
  const negated = isNegatedBefore(context, at);
  if (contains) {
    addCondition(
      context,
      { kind: 'like', left: columnRef(column), pattern: item.text, mode: contains.mode, negated },
      item.from,
    );
    consume(context, containsIndex);
  } else {
    addCondition(
      context,
      {
        kind: 'compare',
        left: columnRef(column),
        op: negated ? '!=' : '=',
        right: { kind: 'literal', value: literalValue(column, item.text) },
      },
      item.from,
    );
  }
  context.focus.add(column.table);
  consume(context, at);
  return at + 1;
}

/** Reads a date expression ("last month", "in 2024") on the nearest date or year column. */
export function tryDate(context: InterpretationContext, at: number): number | undefined {
  const item = context.items[at];
  if (item?.kind !== 'date') return undefined;
  const previousIndex = previousMeaningful(context.items, at, new Set(['in', 'on', 'during', 'of']));
  const previous = context.items[previousIndex];
  let near: ColumnEntry | undefined;
  if (previous?.kind === 'mention') {
    const column = resolveColumn(context, previous.mention);
    if (column && (column.isDate || column.isYear)) {
      near = column;
      consume(context, previousIndex);
    }
  }
  const column = dateColumnFor(context, item.range, near);
  if (!column) return undefined;
  const negated = isNegatedBefore(context, at);
  // "in 2019 or later", "2005 or before": the comparison follows the date.
  const after = context.items[at + 1];
  const postfix = cueOf(after, 'compare');
  const postfixOp =
    postfix && after && context.analysis.tokens[after.from]?.lower === 'or' ? postfix.op : undefined;
  const condition = dateCondition(column, item.range, negated, postfixOp);
  if (!condition) return undefined;
  addCondition(context, condition, item.from);
  context.focus.add(column.table);
  consume(context, at);
  if (postfixOp) {
    consume(context, at + 1);
    return at + 2;
  }
  return at + 1;
}

/** Reads a bare number next to a column ("with 3 copies", "grade 10"). */
/**
 * "grade 9 or 10", "directed by Ben Jones or Brandon Vietti": a value right after "or"/"and" that
 * follows a condition continues it on the same column.
 */
export function tryListContinuation(context: InterpretationContext, at: number): number | undefined {
  const item = context.items[at];
  if (item?.kind !== 'number' && item?.kind !== 'literal') return undefined;
  const joinerIndex = previousMeaningful(context.items, at);
  const joiner = context.items[joinerIndex];
  if (!cueOf(joiner, 'or') && !cueOf(joiner, 'and')) return undefined;
  const last = context.conditions[context.conditions.length - 1];
  // The previous condition must end right before the joiner.
  const lastEnd = previousMeaningful(context.items, joinerIndex);
  if (!last || !context.usedItems.has(lastEnd)) return undefined;
  // "emails containing 'superstar' or 'edu'"
  if (last.condition.kind === 'like' && item.kind === 'literal') {
    addCondition(context, { ...last.condition, pattern: item.text }, item.from);
    consume(context, at);
    return at + 1;
  }
  if (
    last.condition.kind !== 'compare' ||
    last.condition.left.kind !== 'column' ||
    last.condition.right.kind !== 'literal'
  )
    return undefined;
  const column = last.condition.left.column;
  const text = item.kind === 'number' ? String(item.value) : item.text;
  if (item.kind === 'number' && !column.isNumeric && column.category !== 'text') return undefined;
  const value =
    item.kind === 'number' && column.isNumeric && column.category === 'number'
      ? item.value
      : literalValue(column, text);
  addCondition(
    context,
    { kind: 'compare', left: columnRef(column), op: last.condition.op, right: { kind: 'literal', value } },
    item.from,
  );
  consume(context, at);
  return at + 1;
}

export function tryNumber(context: InterpretationContext, at: number): number | undefined {
  const item = context.items[at];
  if (item?.kind !== 'number' || !Number.isFinite(item.value)) return undefined;
  // "the names for the 3 mechanics with the highest salary": how many rows to keep.
  if (
    isStop(context.items[at - 1], 'the') &&
    context.items[at + 1]?.kind === 'mention' &&
    Number.isInteger(item.value) &&
    item.value > 1 &&
    item.value <= 100 &&
    context.items.slice(at + 2).some((it) => cueOf(it, 'superlative'))
  ) {
    context.limit = item.value;
    consume(context, at);
    return at + 1;
  }
  // "3 or more": the comparison after the number reads it.
  const following = context.items[at + 1];
  if (
    following?.kind === 'cue' &&
    following.cue.type === 'compare' &&
    context.analysis.tokens[following.from]?.lower === 'or'
  ) {
    return undefined;
  }
  // "20 years old": an age.
  const tokens = context.analysis.tokens;
  if (/^years?$/.test(tokens[item.to]?.lower ?? '') && tokens[item.to + 1]?.lower === 'old') {
    const age = dimensionColumn(context, { words: ['age'] }, tablesInScope(context));
    if (age) {
      const negated = isNegatedBefore(context, at);
      addCondition(
        context,
        {
          kind: 'compare',
          left: columnRef(age),
          op: negated ? '!=' : '=',
          right: { kind: 'literal', value: item.value },
        },
        item.from,
      );
      consume(context, at);
      for (let k = at + 1; k < context.items.length && (context.items[k]?.from ?? 0) < item.to + 2; k++)
        consume(context, k);
      return at + 1;
    }
  }
  const nextIndex = nextMeaningful(context.items, at);
  const next = context.items[nextIndex];
  if (next?.kind === 'mention' && columnCandidates(next.mention).length > 0) {
    const tables = tableCandidates(next.mention);
    const bestColumn = columnCandidates(next.mention)[0];
    if (tables[0] && tables[0].table !== context.subject && tables[0].score > (bestColumn?.score ?? 0)) {
      // "teams with 3 players": rows counted.
      context.focus.add(tables[0].table);
      context.extraTables.add(tables[0].table);
      context.groupBySubject = true;
      addCondition(
        context,
        {
          kind: 'compare',
          left: { kind: 'aggregate', fn: 'count', distinct: false },
          op: '=',
          right: { kind: 'literal', value: item.value },
        },
        item.from,
        true,
      );
      consume(context, at);
      consume(context, nextIndex);
      return nextIndex + 1;
    }
    const column = resolveColumn(context, next.mention, { numeric: true });
    if (column && (column.category === 'number' || column.category === 'text')) {
      addCondition(
        context,
        {
          kind: 'compare',
          left: columnRef(column),
          op: '=',
          right: { kind: 'literal', value: column.category === 'text' ? String(item.value) : item.value },
        },
        item.from,
      );
      consume(context, at);
      consume(context, nextIndex);
      return nextIndex + 1;
    }
  }
  const previousIndex = previousMeaningful(context.items, at);
  const previous = context.items[previousIndex];
  if (previous?.kind === 'mention' && previousIndex === at - 1) {
    const column = resolveColumn(context, previous.mention);
    if (column && !column.isPrimary) {
      addCondition(
        context,
        {
          kind: 'compare',
          left: columnRef(column),
          op: '=',
          right: { kind: 'literal', value: column.category === 'text' ? String(item.value) : item.value },
        },
        item.from,
      );
      consume(context, at);
      consume(context, previousIndex);
      return at + 1;
    }
  }
  if (previous?.kind === 'word' && isWord(previous, 'aged', 'age')) {
    return undefined;
  }
  return undefined;
}

/** Reads "whose name contains 'East'", "starting with 'A'" when no column preceded the cue. */
export function tryContains(context: InterpretationContext, at: number): number | undefined {
  const contains = cueOf(context.items[at], 'contains');
  if (!contains) return undefined;
  const targetIndex = nextMeaningful(
    context.items,
    at,
    new Set(['substring', 'word', 'letter', 'string', 'phrase', 'text']),
  );
  const target = context.items[targetIndex];
  if (target?.kind !== 'literal') return undefined;
  const previousIndex = previousMeaningful(context.items, at);
  const previous = context.items[previousIndex];
  let column: ColumnEntry | undefined;
  if (previous?.kind === 'mention') column = resolveColumn(context, previous.mention, { text: true });
  column ??= literalColumn(context, targetIndex, target.text, {});
  if (!column) return undefined;
  const negated = isNegatedBefore(context, at);
  addCondition(
    context,
    { kind: 'like', left: columnRef(column), pattern: target.text, mode: contains.mode, negated },
    context.items[at]?.from ?? 0,
  );
  consume(context, at);
  consume(context, targetIndex);
  if (previous?.kind === 'mention') consume(context, previousIndex);
  return targetIndex + 1;
}

/** Whether a mention is a location word ("city", "country"), for "in <place>". */
export function isLocationMention(mention: Mention): boolean {
  return columnCandidates(mention).some((c) => c.column.words.some((w) => LOCATION_WORDS.has(w)));
}

export { isStop };
