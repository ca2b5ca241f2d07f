import {
  tryBetween,
  tryColumnCondition,
  tryComparison,
  tryContains,
  tryDate,
  tryListContinuation,
  tryLiteral,
  tryNumber,
  tryValue,
} from './condition-rules.js';
import type { Head } from './head-rules.js';
import { buildProjection, chooseSubject, inferSubject, readHead } from './head-rules.js';
import type { InterpretationContext } from './interpretation-context.js';
import {
  columnCandidates,
  consume,
  createContext,
  tableCandidates,
  valueCandidates,
} from './interpretation-context.js';
import { cueOf, isSentenceEnd, nextMeaningful } from './item-navigation.js';
import { REQUEST_VERBS, REVENUE_WORDS } from './lexicon.js';
import { tryNegatedExistence, tryTableMention } from './nesting-rules.js';
import {
  isRevenueWord,
  revenueTarget,
  tryCountPhrase,
  tryGroup,
  tryOrder,
  trySuperlative,
  tryTop,
} from './ordering-rules.js';
import type { Analysis } from './question-analysis.js';
import {
  moneyMeasureTable,
  readSpendSuperlative,
  saysMoney,
  trySellingSuperlative,
  tryUnitsSold,
} from './business-measures.js';
import { consumeNewnessWords, finishPeriodGrouping, readPeriodGrouping } from './period-grouping.js';
import { tryOutOf } from './depletion-phrases.js';
import { valueHeadSubject } from './value-heads.js';
import { widenToChildren } from './hierarchy-values.js';
import { consumeRestatedDescriptions } from './description-linking.js';
import { preferredEdges } from './edge-preference.js';
import { assembleQuery } from './query-assembly.js';
import type { QueryIR } from './query-ir.js';
import { columnRef } from './query-ir.js';
import type { ColumnEntry, TableEntry } from './schema-index.js';
import type { SchemaIndex } from './schema-index.js';

/** One reading of the question. */
export interface Interpretation {
  query: QueryIR;
  context: InterpretationContext;
}

/** Applies the body rules to items [from, to). */
export function readBody(context: InterpretationContext, from: number, to: number): void {
  for (let i = from; i < to;) {
    if (context.usedItems.has(i)) {
      i++;
      continue;
    }
    const item = context.items[i];
    if (!item) break;
    if (isSentenceEnd(item)) {
      const next = readTrailingRequest(context, i + 1, to);
      i = next ?? i + 1;
      continue;
    }
    let next: number | undefined;
    if (item.kind === 'cue') {
      next =
        tryUnitsSold(context, i) ??
        trySellingSuperlative(context, i) ??
        tryGroup(context, i) ??
        tryCountPhrase(context, i) ??
        tryOrder(context, i) ??
        tryTop(context, i) ??
        trySuperlative(context, i) ??
        tryNegatedExistence(context, i, readBody) ??
        tryComparison(context, i) ??
        tryBetween(context, i) ??
        tryContains(context, i);
    } else if (item.kind === 'mention') {
      const valueFirst =
        (valueCandidates(item.mention)[0]?.score ?? 0) >= (item.mention.candidates[0]?.score ?? 0) - 0.01;
      next =
        tryOutOf(context, i) ??
        (valueFirst
          ? (tryValue(context, i) ?? tryColumnCondition(context, i) ?? tryTableMention(context, i))
          : (tryColumnCondition(context, i) ?? tryTableMention(context, i) ?? tryValue(context, i)));
    } else if (item.kind === 'literal') {
      next = tryListContinuation(context, i) ?? tryLiteral(context, i);
    } else if (item.kind === 'date') {
      next = tryDate(context, i);
    } else if (item.kind === 'number') {
      next = tryListContinuation(context, i) ?? tryNumber(context, i);
    } else if (isRevenueWord(context, i)) {
      next = tryRevenue(context, i);
    }
    i = next !== undefined && next > i ? next : i + 1;
  }
}

/** "… by revenue": order by the subject's revenue and show it. */
function tryRevenue(context: InterpretationContext, at: number): number | undefined {
  const previous = context.items[at - 1];
  const byWord = previous?.kind === 'cue' && previous.cue.type === 'group';
  const expr = revenueTarget(context, at);
  if (!expr) return undefined;
  if (byWord) consume(context, at - 1);
  if (context.orderBy.length === 0 && (context.limit !== undefined || byWord))
    context.orderBy.push({ expr, direction: 'desc' });
  if (!context.select.some((s) => s.alias === 'revenue')) context.select.push({ expr, alias: 'revenue' });
  if (context.groupBy.length === 0 && !context.subjectFromMeasure) context.groupBySubject = true;
  return readSpendSuperlative(context, at, expr) ?? at + 1;
}

/** "… ? List the id and the name." — a second sentence that restates what to return. */
function readTrailingRequest(context: InterpretationContext, from: number, to: number): number | undefined {
  const first = context.items[from];
  const word = first?.kind === 'stop' || first?.kind === 'word' ? first.token.lower : '';
  if (!REQUEST_VERBS.has(word) && word !== 'only' && word !== 'what' && word !== 'and') return undefined;
  const saved = context.select;
  context.select = [];
  const head = readHead(context, from);
  if (head.entries.length === 0 && !head.bareCount) {
    context.select = saved;
    return undefined;
  }
  buildProjection(context, head, undefined);
  if (
    head.bareCount ||
    context.items
      .slice(from, head.end)
      .some(
        (it) =>
          cueOf(it, 'count') && it.to - it.from === 1 && context.analysis.tokens[it.from]?.lower === 'count',
      )
  ) {
    if (!context.select.some((s) => s.expr.kind === 'aggregate' && s.expr.fn === 'count')) {
      context.select.push({ expr: { kind: 'aggregate', fn: 'count', distinct: false } });
    }
  }
  if (context.select.length === 0) {
    context.select = saved;
    return head.end;
  }
  // Keep aggregates of the first sentence the second one did not restate.
  for (const item of saved) {
    if (item.expr.kind === 'aggregate' && !context.select.some((s) => s.expr.kind === 'aggregate'))
      context.select.push(item);
  }
  return Math.min(head.end, to);
}

/** "When did …" asks for a date, "Where is …" for a place: the subject's column of that kind. */
function askedByQuestionWord(context: InterpretationContext, subject: TableEntry): void {
  const first = context.analysis.tokens[0]?.lower;
  const pick = (test: (c: ColumnEntry) => boolean): ColumnEntry | undefined => subject.columns.find(test);
  const column =
    first === 'when'
      ? (pick((c) => c.isDate) ?? pick((c) => c.isYear))
      : first === 'where'
        ? (pick((c) => c.isLocation && c.words.includes('city')) ?? pick((c) => c.isLocation))
        : undefined;
  if (column) context.select.push({ expr: columnRef(column) });
}

const CLAUSE_OPENERS = new Set([
  'for',
  'among',
  'in',
  'of',
  'from',
  'with',
  'within',
  'across',
  'considering',
  'on',
  'during',
  'since',
  'after',
  'before',
]);

/** "For the books of 2001, which …", "In 1980, how many …": a leading clause of conditions. */
function leadingClause(context: InterpretationContext): { from: number; comma: number } | undefined {
  const first = context.items[0];
  const word = first ? context.analysis.tokens[first.from]?.lower : undefined;
  if (!word || !CLAUSE_OPENERS.has(word)) return undefined;
  for (let i = 1; i < Math.min(context.items.length, 16); i++) {
    const item = context.items[i];
    if (item?.kind === 'punct' && item.token.text === ',') return { from: 0, comma: i };
    if (isSentenceEnd(item)) return undefined;
  }
  return undefined;
}

/** "For each X, …" at the start: the group target, and where the rest begins. */
function leadingGroup(context: InterpretationContext): { at: number; rest: number } | undefined {
  const first = nextMeaningful(context.items, -1);
  const cue = cueOf(context.items[first], 'group');
  if (!cue || cue.weak) return undefined;
  const target = nextMeaningful(context.items, first, new Set(['different', 'distinct']));
  if (context.items[target]?.kind !== 'mention') return undefined;
  const comma = target + 1;
  const item = context.items[comma];
  if (item?.kind === 'punct' && item.token.text === ',') return { at: first, rest: comma + 1 };
  return undefined;
}

/**
 * Reads the question into a query: the head (what to return) and the subject, then the body rules
 * (conditions, grouping, ordering, nesting). `forced` selects other options at choice points.
 */
export function interpretQuestion(
  analysis: Analysis,
  index: SchemaIndex,
  forced: ReadonlyMap<string, number> = new Map(),
): Interpretation | undefined {
  const context = createContext(analysis, index, forced);
  context.bodyReader = readBody;
  const leading = leadingGroup(context);
  const clause = leading ? undefined : leadingClause(context);
  const head: Head = readHead(context, leading ? leading.rest : clause ? clause.comma + 1 : 0);
  const chosen = chooseSubject(context, head);
  let subject = chosen.table ?? valueHeadSubject(context, head) ?? inferSubject(context, head);
  if (!subject && saysMoney(analysis)) {
    // "What were the total sales in 2024?": the table that carries the money measure.
    subject = moneyMeasureTable(index);
    context.subjectFromMeasure = subject !== undefined;
  }
  if (!subject && leading) {
    const target = context.items[nextMeaningful(context.items, leading.at)];
    if (target?.kind === 'mention') subject = tableCandidates(target.mention)[0]?.table;
  }
  if (!subject) return undefined;
  context.subject = subject;
  context.focus.add(subject);
  for (const entry of head.entries) {
    const table = tableCandidates(entry.mention)[0];
    if (table && table.score >= 0.9) context.focus.add(table.table);
  }
  if (head.top !== undefined) context.limit = head.top;
  readPeriodGrouping(context);
  buildProjection(context, head, chosen.entry);
  if (head.bareCount) context.select.unshift({ expr: { kind: 'aggregate', fn: 'count', distinct: false } });
  if (head.allColumns && context.select.length === 0) {
    for (const column of subject.columns) context.select.push({ expr: columnRef(column) });
  }
  if (context.select.length === 0) askedByQuestionWord(context, subject);
  if (context.select.length === 0 && !head.bareCount && head.pendingAggregates.length === 0) {
    // "What is the capital of France?": the head names a thing no table or column holds.
    const unknown = context.items
      .slice(0, head.end)
      .find(
        (it) =>
          it.kind === 'word' &&
          !context.consumed.has(it.from) &&
          !/(?:ed|ing)$/.test(it.token.lower) &&
          !REQUEST_VERBS.has(it.token.lower) &&
          !REVENUE_WORDS.has(it.token.lower),
      );
    // "What is the mood of customers?": an unknown property asked "of" the subject.
    const firstEntry = head.entries[0];
    const propertyOfSubject =
      unknown !== undefined &&
      firstEntry !== undefined &&
      unknown.to <= firstEntry.mention.from &&
      context.analysis.tokens.slice(unknown.to, firstEntry.mention.from).some((t) => t.lower === 'of') &&
      head.entries.every(
        (e) => tableCandidates(e.mention).length > 0 && columnCandidates(e.mention).length === 0,
      );
    if (unknown?.kind === 'word' && (head.entries.length === 0 || propertyOfSubject))
      context.asksUnknown = unknown.token.text;
  }
  if (leading) {
    tryGroup(context, leading.at);
  }
  if (head.revenueAt !== undefined) tryRevenue(context, head.revenueAt);
  if (head.superlative && !context.usedItems.has(head.superlative.itemIndex)) {
    const at = head.superlative.itemIndex;
    if (trySellingSuperlative(context, at, head.top ?? 1) === undefined)
      trySuperlative(context, at, head.top ?? 1);
  }
  for (const at of head.deferred) readBody(context, at, at + 1);
  if (clause) readBody(context, clause.from, clause.comma);
  readBody(context, head.end, context.items.length);
  if (head.top !== undefined && context.orderBy.length === 0) {
    // "Top 5 customers" with no measure named: order by the subject's measure.
    context.limit = head.top;
  }
  consumeRestatedDescriptions(context);
  consumeNewnessWords(context);
  finishPeriodGrouping(context);
  widenToChildren(context);
  const query = assembleQuery(context, subject);
  query.preferredEdges = preferredEdges(analysis, index);
  return { query, context };
}
