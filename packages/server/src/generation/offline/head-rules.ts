import type { Cue, Dimension } from './cue-phrases.js';
import type { InterpretationContext } from './interpretation-context.js';
import {
  choose,
  columnCandidates,
  columnContextScore,
  columnForWords,
  consume,
  displayColumns,
  groupByProjection,
  resolveColumn,
  tableCandidates,
  valueCandidates,
} from './interpretation-context.js';
import { isSentenceEnd, isStop, nextMeaningful } from './item-navigation.js';
import type { AggregateFunction, ValueExpr } from './query-ir.js';
import { columnRef, columnsOf } from './query-ir.js';
import type { ColumnEntry, TableEntry } from './schema-index.js';
import { REVENUE_WORDS } from './lexicon.js';
import { saysWhatRowsDid } from './description-linking.js';
import type { Mention } from './schema-linker.js';

/** Words that may appear in the part of a question that says what to return. */
const HEAD_WORDS = new Set(
  `of the a an all what which who whom is are was were be do does did me us i we you show list give find get return tell
  display provide identify report retrieve see want need know fetch bring compute calculate determine please there their
  its his her how one ones also respectively corresponding can could would will each`.split(/\s+/),
);

const VERB_BE = new Set(['is', 'are', 'was', 'were']);

/** Words after "most" that mean "most often". */
const FREQUENCY = new Set([
  'common',
  'popular',
  'frequent',
  'frequently',
  'often',
  'usual',
  'widely',
  'commonly',
]);

/** Words asking for whole rows: "all the information", "the details". */
const ALL_COLUMNS_WORDS = new Set([
  'information',
  'info',
  'details',
  'detail',
  'everything',
  'data',
  'records',
  'attributes',
  'fields',
]);

/** A phrase of the head: a mention with the operators written before it. */
export interface HeadEntry {
  itemIndex: number;
  mention: Mention;
  aggregates: Exclude<AggregateFunction, 'count'>[];
  count: boolean;
  distinct: boolean;
  superlative?: { direction: 'asc' | 'desc'; dimension?: Dimension; itemIndex: number; frequency?: boolean };
  /** Joined to the previous entry by "and" / ",". */
  coordinated: boolean;
  /** Followed by "of" and another entry ("name of the author"). */
  ofNext: boolean;
}

export interface Head {
  /** First item after the head. */
  end: number;
  /** Items inside the head that the body rules read (a possessive owner: "Ann's"). */
  deferred: number[];
  /** Where the head asks for revenue ("What is the revenue per category?"). */
  revenueAt?: number;
  /** "all the information about …": every column of the subject. */
  allColumns: boolean;
  entries: HeadEntry[];
  /** "how many" / "number of" with nothing after it that names what to count. */
  bareCount: boolean;
  /** Operators left over at the end of the head (applied to the subject's measure). */
  pendingAggregates: Exclude<AggregateFunction, 'count'>[];
  /** "top 5", "3 oldest". */
  top?: number;
  superlative?: { direction: 'asc' | 'desc'; dimension?: Dimension; itemIndex: number };
  /** The head ends with "which"/"what" + entity, as in "Which customer has …". */
  whichEntity: boolean;
}

/** A column followed by a value or a comparison starts a condition ("aged 32", "whose age is over 30"). */
function startsCondition(context: InterpretationContext, at: number): boolean {
  // "the hire date of Nancy Edwards": what follows "of" identifies the row, it is not this column's value.
  const item = context.items[at];
  if (item && context.analysis.tokens[item.to]?.lower === 'of') return false;
  const nextIndex = nextMeaningful(context.items, at, new Set(['either', 'is', 'are', 'was', 'were', 'as']));
  let next = context.items[nextIndex];
  // "written by Jane Doe", "named 'Ann'"
  if (
    next?.kind === 'cue' &&
    (next.cue.type === 'named' ||
      (next.cue.type === 'group' && context.analysis.tokens[next.from]?.lower === 'by'))
  ) {
    next = context.items[nextMeaningful(context.items, nextIndex)];
  }
  if (!next) return false;
  if (next.kind === 'number' || next.kind === 'literal' || next.kind === 'date') return true;
  if (
    next.kind === 'cue' &&
    (next.cue.type === 'compare' ||
      next.cue.type === 'between' ||
      next.cue.type === 'negation' ||
      next.cue.type === 'contains')
  )
    return true;
  if (next.kind === 'mention') {
    const best = next.mention.candidates[0];
    if (best?.kind !== 'value') return false;
    // "the number of bays in Leeds": after a preposition, a value stored in another column places
    // the rows; it is not this column's value.
    const linked = context.items
      .slice(at + 1, nextIndex)
      .some((it) => isStop(it, 'in', 'of', 'for', 'from', 'at'));
    if (!linked || !item || item.kind !== 'mention') return true;
    const own = new Set(columnCandidates(item.mention).map((c) => c.column));
    return valueCandidates(next.mention).some((v) => own.has(v.column));
  }
  return false;
}

/** Reads the part of the question that says what to return: "What are the names and ages of …". */
export function readHead(context: InterpretationContext, start: number): Head {
  const items = context.items;
  const entries: HeadEntry[] = [];
  const deferred: number[] = [];
  let revenueAt: number | undefined;
  let allColumns = false;
  let aggregates: Exclude<AggregateFunction, 'count'>[] = [];
  let count = false;
  let distinct = false;
  let superlative: HeadEntry['superlative'];
  let headSuperlative: Head['superlative'];
  let coordinated = false;
  let top: number | undefined;
  let bareCount = false;
  let i = start;
  // "For which countries …", "In which year …": the preposition belongs to the answer's role.
  const opening = items[start];
  const second = items[start + 1];
  if (
    opening?.kind === 'stop' &&
    /^(?:for|in|on|at|from|with|to|of|by|during)$/.test(opening.token.lower) &&
    second &&
    /^(?:which|what|how)$/.test(context.analysis.tokens[second.from]?.lower ?? '')
  ) {
    i = start + 1;
  }
  const firstWord = items[i];
  const firstText = firstWord ? context.analysis.tokens[firstWord.from]?.lower : undefined;
  const whichEntity = firstText === 'which' || firstText === 'what';
  for (; i < items.length; i++) {
    const item = items[i];
    if (!item) break;
    if (item.kind === 'stop') {
      if (HEAD_WORDS.has(item.token.lower)) {
        if (item.token.lower === 'each' && entries.length > 0) break;
        // "how many cars were made": after the thing asked about, a verb starts what is said of it.
        if (
          VERB_BE.has(item.token.lower) &&
          entries.some((e) => (tableCandidates(e.mention)[0]?.score ?? 0) >= 0.9)
        )
          break;
        continue;
      }
      break;
    }
    if (item.kind === 'punct') {
      if (
        item.token.text === ',' ||
        item.token.text === "'s" ||
        item.token.text === '(' ||
        item.token.text === ')'
      ) {
        if (item.token.text === ',') coordinated = true;
        continue;
      }
      break;
    }
    if (item.kind === 'cue') {
      const cue: Cue = item.cue;
      // "Which …", "What …", "Who …" open the question; elsewhere they start a relative clause.
      if (
        cue.type === 'relative' &&
        entries.length === 0 &&
        (i === start || items.slice(start, i).every((it) => it.kind === 'stop' || it.kind === 'punct'))
      )
        continue;
      // "List each charge type …": a determiner before the first phrase, not a grouping.
      if (cue.type === 'group' && cue.weak && entries.length === 0 && !count && aggregates.length === 0)
        continue;
      if (cue.type === 'count') {
        count = true;
        consume(context, i);
        continue;
      }
      if (cue.type === 'aggregate') {
        // "average mean temperature": the same operator twice is one operator.
        if (!aggregates.includes(cue.fn)) aggregates.push(cue.fn);
        consume(context, i);
        continue;
      }
      if (cue.type === 'distinct') {
        distinct = true;
        consume(context, i);
        continue;
      }
      if (cue.type === 'and') {
        coordinated = true;
        continue;
      }
      if (cue.type === 'top') {
        const n = context.analysis.tokens[item.to - 1]?.number;
        if (n !== undefined) top = n;
        consume(context, i);
        continue;
      }
      if (cue.type === 'superlative') {
        // "Which author wrote the most books": once the thing asked about is named, "the most" starts the body.
        if (entries.some((e) => (tableCandidates(e.mention)[0]?.score ?? 0) >= 0.9)) break;
        // "the average and largest salary": in a list of operators a superlative is MAX or MIN.
        if (aggregates.length > 0 && !cue.dimension?.dateDirection) {
          aggregates.push(cue.direction === 'desc' ? 'max' : 'min');
          consume(context, i);
          continue;
        }
        // "the 3 most common cloud covers": the most frequent values, not the largest.
        const nextWord = items[i + 1];
        const frequency =
          (nextWord?.kind === 'word' || nextWord?.kind === 'stop') && FREQUENCY.has(nextWord.token.lower);
        if (frequency && entries.length > 0) break;
        if (frequency) {
          consume(context, i + 1);
          i++;
        }
        superlative = { direction: cue.direction, dimension: cue.dimension, itemIndex: i, frequency };
        headSuperlative = { direction: cue.direction, dimension: cue.dimension, itemIndex: i };
        continue;
      }
      break;
    }
    if (item.kind === 'number') {
      const next = items[i + 1];
      if (
        next?.kind === 'cue' &&
        next.cue.type === 'superlative' &&
        Number.isInteger(item.value) &&
        item.value > 0
      ) {
        top = item.value;
        consume(context, i);
        continue;
      }
      // "the 5 staff members who handled the most complaints": a count before the thing asked about.
      const previous = items[i - 1];
      // "Which 3 patients spent the most?": a count right after the opening "which" too.
      const determiner =
        (previous?.kind === 'stop' && previous.token.lower === 'the') ||
        (whichEntity && i === start + 1 && entries.length === 0);
      if (
        determiner &&
        next?.kind === 'mention' &&
        Number.isInteger(item.value) &&
        item.value > 0 &&
        item.value <= 100
      ) {
        const laterSuperlative = items
          .slice(i + 1)
          .some((it) => it.kind === 'cue' && (it.cue.type === 'superlative' || it.cue.type === 'order'));
        if (laterSuperlative) {
          top = item.value;
          consume(context, i);
          continue;
        }
      }
      break;
    }
    if (item.kind === 'mention') {
      if (entries.length > 0 && startsCondition(context, i)) break;
      if (entries.length > 0 && saysWhatRowsDid(context, item.mention)) break;
      const best = item.mention.candidates[0];
      const schemaReading = item.mention.candidates.find((c) => c.kind !== 'value');
      if (best?.kind === 'value' && (!schemaReading || schemaReading.score < best.score)) break;
      if (!schemaReading) break;
      entries.push({
        itemIndex: i,
        mention: item.mention,
        aggregates,
        count,
        distinct,
        superlative,
        coordinated,
        ofNext: false,
      });
      aggregates = [];
      count = false;
      distinct = false;
      superlative = undefined;
      coordinated = false;
      continue;
    }
    if (item.kind === 'word') {
      if (REVENUE_WORDS.has(item.token.lower)) {
        revenueAt = i;
        continue;
      }
      // "all the information", "all the customer information": whole rows of the subject.
      if (
        ALL_COLUMNS_WORDS.has(item.token.lower) &&
        entries.every((e) => columnCandidates(e.mention).length === 0)
      ) {
        allColumns = true;
        consume(context, i);
        continue;
      }
      if (entries.length === 0) continue;
      // "the creation year, name and budget": a word inside a listed phrase does not end the list.
      const after = items[i + 1];
      if (
        (after?.kind === 'punct' && after.token.text === ',') ||
        (after?.kind === 'cue' && after.cue.type === 'and')
      ) {
        continue;
      }
      break;
    }
    // "Ann's city": the owner is a condition read later, the thing owned is what to return.
    if (
      item.kind === 'literal' &&
      items[i + 1]?.kind === 'punct' &&
      context.analysis.tokens[items[i + 1]?.from ?? 0]?.text === "'s"
    ) {
      deferred.push(i);
      i++;
      continue;
    }
    break;
  }
  if (count && entries.length === 0) bareCount = true;
  // "the most common customer country": a table naming whose column follows carries no operator.
  for (let e = 0; e < entries.length - 1; e++) {
    const entry = entries[e];
    const next = entries[e + 1];
    if (!entry || !next || next.itemIndex !== entry.itemIndex + 1 || !entry.superlative) continue;
    const table = tableCandidates(entry.mention)[0]?.table;
    if (table && columnCandidates(next.mention).some((c) => c.column.table === table) && !next.superlative) {
      next.superlative = entry.superlative;
      entry.superlative = undefined;
    }
  }
  // "the number of distinct mechanic specialties", "the average customer age": the operators belong to
  // the column that follows the table naming whose it is.
  for (let e = 0; e < entries.length - 1; e++) {
    const entry = entries[e];
    const next = entries[e + 1];
    if (!entry || !next || next.itemIndex !== entry.itemIndex + 1) continue;
    if (!entry.count && entry.aggregates.length === 0) continue;
    if (next.count || next.aggregates.length > 0) continue;
    // "the number of repairs completed in …": a verb after the table starts what is said of it.
    const verb = context.analysis.tokens
      .slice(next.mention.from, next.mention.to)
      .some((t) => /ed$/.test(t.lower));
    if (verb) continue;
    const table = tableCandidates(entry.mention)[0];
    const column = table
      ? columnCandidates(next.mention).find((c) => c.column.table === table.table && c.score >= 0.9)
      : undefined;
    if (
      !table ||
      table.score < 0.9 ||
      columnCandidates(entry.mention).some((c) => c.score >= table.score) ||
      !column ||
      column.score < (tableCandidates(next.mention)[0]?.score ?? 0)
    )
      continue;
    next.count = entry.count;
    next.distinct ||= entry.distinct;
    next.aggregates = entry.aggregates;
    entry.count = false;
    entry.distinct = false;
    entry.aggregates = [];
  }
  // "member loans": in a noun compound the last noun is the thing; the first only qualifies it.
  for (let e = entries.length - 2; e >= 0; e--) {
    const entry = entries[e];
    const next = entries[e + 1];
    if (!entry || !next || next.itemIndex !== entry.itemIndex + 1) continue;
    const entryTable = tableCandidates(entry.mention)[0];
    const nextTable = tableCandidates(next.mention)[0];
    if (
      entryTable &&
      nextTable &&
      entryTable.score >= 0.9 &&
      nextTable.score >= 0.9 &&
      columnCandidates(entry.mention).length === 0
    ) {
      next.count ||= entry.count;
      next.distinct ||= entry.distinct;
      next.aggregates = [...entry.aggregates, ...next.aggregates];
      next.superlative ??= entry.superlative;
      next.coordinated = entry.coordinated;
      consume(context, entry.itemIndex);
      entries.splice(e, 1);
    }
  }
  // "name of the author": the entry before "of" is a property of the entry after it.
  for (let e = 0; e < entries.length - 1; e++) {
    const entry = entries[e];
    const next = entries[e + 1];
    if (!entry || !next) continue;
    const between = items.slice(entry.itemIndex + 1, next.itemIndex);
    if (
      between.some((it) => isStop(it, 'of')) &&
      !between.some((it) => it.kind === 'cue' && it.cue.type === 'and')
    )
      entry.ofNext = true;
  }
  // A head that stops at a sentence end keeps nothing pending.
  if (isSentenceEnd(items[i]) && count && entries.length === 0) bareCount = true;
  return {
    end: i,
    deferred,
    revenueAt,
    allColumns,
    entries,
    bareCount,
    pendingAggregates: aggregates,
    top,
    superlative:
      entries.length === 0 || headSuperlative?.itemIndex === undefined ? headSuperlative : headSuperlative,
    whichEntity,
  };
}

function bestTableScore(mention: Mention): number {
  return tableCandidates(mention)[0]?.score ?? 0;
}

function bestColumnScore(mention: Mention): number {
  return columnCandidates(mention)[0]?.score ?? 0;
}

/** Whether a head entry reads best as a table (an entity) rather than as a column. */
export function readsAsTable(entry: HeadEntry, otherEntries: readonly HeadEntry[]): boolean {
  const table = bestTableScore(entry.mention);
  if (table === 0) return false;
  const column = bestColumnScore(entry.mention);
  if (entry.count) return table >= column - 0.25;
  if (entry.ofNext && otherEntries.some((o) => o !== entry && bestTableScore(o.mention) > 0.6))
    return table > column + 0.2;
  return table >= column - 0.05;
}

/** Picks the subject: the entity the answer is about. */
export function chooseSubject(
  context: InterpretationContext,
  head: Head,
): { table?: TableEntry; entry?: HeadEntry } {
  const entries = head.entries;
  const uncoordinated = entries.some(
    (e) => readsAsTable(e, entries) && !(e.coordinated && entries.indexOf(e) > 0),
  );
  for (const entry of entries) {
    if (!readsAsTable(entry, entries)) continue;
    if (uncoordinated && entry.coordinated && entries.indexOf(entry) > 0) continue;
    // "name of the author": a property of what follows. "members of clubs": a clear table
    // before "of" is the subject itself, the one after only places it.
    const clearTable = bestColumnScore(entry.mention) < bestTableScore(entry.mention) - 0.05;
    if (entry.ofNext && !clearTable) {
      const later = entries
        .slice(entries.indexOf(entry) + 1)
        .some((e) => readsAsTable(e, entries) && !e.coordinated);
      if (later) continue;
    }
    const table = choose(
      context,
      `subject@${entry.mention.from}`,
      tableCandidates(entry.mention).map((c) => ({ value: c.table, label: c.table.name, score: c.score })),
    );
    if (table) return { table, entry };
  }
  return {};
}

/** The subject when the head names none: from the body's first table, or the columns named. */
export function inferSubject(context: InterpretationContext, head: Head): TableEntry | undefined {
  const items = context.items;
  for (let i = head.end; i < items.length; i++) {
    const item = items[i];
    // "mechanic names without a repair": a table after a negation is what the rows lack.
    if (item?.kind === 'cue' && item.cue.type === 'negation' && head.entries.length > 0) break;
    if (item?.kind !== 'mention') continue;
    const tables = tableCandidates(item.mention);
    const best = tables[0];
    if (best && best.score >= 0.8 && best.score >= bestColumnScore(item.mention) - 0.05) return best.table;
  }
  // Otherwise the table holding the columns the head names.
  // The head's columns count fully; the rest of the question breaks ties ("the description of
  // the document type named 'Film'" belongs with the document types).
  const votes = new Map<TableEntry, number>();
  const weighted: { mention: Mention; weight: number }[] = head.entries.map((e) => ({
    mention: e.mention,
    weight: 1,
  }));
  for (let i = head.end; i < items.length; i++) {
    const item = items[i];
    if (item?.kind === 'cue' && item.cue.type === 'negation' && head.entries.length > 0) break;
    if (item?.kind === 'mention')
      weighted.push({ mention: item.mention, weight: head.entries.length > 0 ? 0.3 : 1 });
  }
  for (const { mention, weight } of weighted) {
    const seen = new Set<TableEntry>();
    for (const candidate of mention.candidates) {
      const table = candidate.kind === 'table' ? candidate.table : candidate.column.table;
      if (seen.has(table)) continue;
      seen.add(table);
      // A foreign key is a copy of another table's key: the table that owns the column wins a tie.
      const copy = candidate.kind === 'column' && candidate.column.isForeign && !candidate.column.isPrimary;
      votes.set(table, (votes.get(table) ?? 0) + candidate.score * weight * (copy ? 0.98 : 1));
    }
  }
  // Close votes are a real question: record them so the engine can ask which table is meant.
  const namesTable = items.some(
    (it) => it.kind === 'mention' && tableCandidates(it.mention).some((t) => t.score >= 0.8),
  );
  return choose(
    context,
    'subject@inferred',
    [...votes].map(([table, vote]) => ({
      value: table,
      label: table.name,
      score: vote - table.index * 1e-6,
    })),
    () => !namesTable,
  );
}

/** A numeric column that measures a table's rows ("total payments" → payments.amount). */
export function measureColumn(table: TableEntry): ColumnEntry | undefined {
  const numeric = table.columns.filter((c) => c.isNumeric && !c.isKeyLike);
  const preferred = [
    'amount',
    'total',
    'price',
    'value',
    'cost',
    'revenue',
    'sale',
    'quantity',
    'salary',
    'balance',
    'score',
    'rating',
  ];
  for (const word of preferred) {
    const found = numeric.find((c) => c.words.includes(word));
    if (found) return found;
  }
  return numeric.length === 1 ? numeric[0] : undefined;
}

function applyAggregates(
  aggregates: readonly Exclude<AggregateFunction, 'count'>[],
  column: ColumnEntry,
): ValueExpr[] {
  if (aggregates.length === 0) return [columnRef(column)];
  return aggregates.map((fn) => ({ kind: 'aggregate', fn, arg: columnRef(column), distinct: false }));
}

/** Turns the head into select items, given the subject. */
export function buildProjection(
  context: InterpretationContext,
  head: Head,
  subjectEntry: HeadEntry | undefined,
): void {
  const subject = context.subject;
  let inherited:
    { count: boolean; distinct: boolean; aggregates: Exclude<AggregateFunction, 'count'>[] } | undefined;
  for (const entry of head.entries) {
    const isSubject = entry === subjectEntry;
    const mention = entry.mention;
    const position = head.entries.indexOf(entry);
    const nextEntry = head.entries[position + 1];
    const previousEntry = head.entries[position - 1];
    const ofTable = entry.ofNext && nextEntry ? tableCandidates(nextEntry.mention)[0]?.table : undefined;
    let inheritedHere = false;
    // "number of different names and contents", "average latitude and longitude": operators
    // distribute over the columns listed after them.
    if (entry.count && entry.distinct) inherited = { count: true, distinct: true, aggregates: [] };
    else if (entry.aggregates.length > 0 && !entry.count)
      inherited = { count: false, distinct: false, aggregates: entry.aggregates };
    else if (
      entry.coordinated &&
      inherited &&
      entry.aggregates.length === 0 &&
      !entry.count &&
      !readsAsTable(entry, head.entries)
    ) {
      entry.count = inherited.count;
      entry.distinct = inherited.distinct;
      entry.aggregates = inherited.aggregates;
      inheritedHere = true;
    } else inherited = undefined;
    // "total price of their orders": the owner after "of" is context, not something to show.
    const isOwner = previousEntry?.ofNext === true && !entry.count && entry.aggregates.length === 0;
    if (isSubject) {
      consume(context, entry.itemIndex);
      // "the titles and genres": a subject listed among the columns is shown too.
      const listed = entry.coordinated || (nextEntry?.coordinated === true && previousEntry?.ofNext !== true);
      if (listed && !entry.count && entry.aggregates.length === 0 && subject) {
        for (const column of displayColumns(subject)) context.select.push({ expr: columnRef(column) });
      }
      if (entry.count) {
        // "the car models and the number of repairs": the subject's rows per listed value.
        if (entry.coordinated && context.select.some((s) => s.expr.kind === 'column'))
          groupByProjection(context);
        context.select.push({ expr: { kind: 'aggregate', fn: 'count', distinct: false } });
        if (subject) context.countTarget = subject;
      } else if (entry.aggregates.length > 0 && subject) {
        const measure = measureColumn(subject);
        if (measure)
          for (const expr of applyAggregates(entry.aggregates, measure)) context.select.push({ expr });
      }
      if (entry.distinct) context.distinct = true;
      continue;
    }
    const valueOnly =
      columnCandidates(mention).length === 0 &&
      tableCandidates(mention).length === 0 &&
      valueCandidates(mention).length > 0;
    if (valueOnly) continue;
    const asTable = readsAsTable(entry, head.entries) && !entry.ofNext;
    if (asTable || columnCandidates(mention).length === 0) {
      const table = tableCandidates(mention)[0]?.table;
      if (!table) continue;
      consume(context, entry.itemIndex);
      context.focus.add(table);
      if (entry.count) {
        context.select.push({ expr: { kind: 'aggregate', fn: 'count', distinct: false, counted: table } });
        context.countTarget = table;
        if (!subject) context.subject = table;
        else if (table !== subject) {
          // "names of members and their number of loans": related rows counted per subject row.
          context.extraTables.add(table);
          context.groupBySubject = true;
        }
        continue;
      }
      if (entry.aggregates.length > 0) {
        const measure = measureColumn(table);
        if (measure)
          for (const expr of applyAggregates(entry.aggregates, measure)) context.select.push({ expr });
        continue;
      }
      if (table === subject || isOwner) continue;
      for (const column of displayColumns(table)) context.select.push({ expr: columnRef(column) });
      if (entry.distinct) context.distinct = true;
      continue;
    }
    const wantsNumber = entry.aggregates.some((fn) => fn !== 'min' && fn !== 'max');
    const column = resolveColumn(context, mention, {
      table: ofTable ?? subject,
      named: ofTable !== undefined,
      numeric: wantsNumber || undefined,
    });
    if (!column) continue;
    consume(context, entry.itemIndex);
    // "the weights of parts of suppliers" read through a key column, "the cost of a repair" read
    // through another column of the same row: the owner after "of" places what is asked, it is
    // not asked for itself.
    const shown = context.select[context.select.length - 1]?.expr;
    if (
      isOwner &&
      !entry.distinct &&
      (column.isKeyLike || (shown?.kind === 'column' && shown.column.table === column.table))
    ) {
      context.focus.add(column.table);
      continue;
    }
    // Inherited operators apply to measures only ("the highest age and the name").
    if (
      inheritedHere &&
      !(entry.count && entry.distinct) &&
      !column.isNumeric &&
      !(column.isDate && entry.aggregates.every((fn) => fn === 'max' || fn === 'min'))
    ) {
      entry.aggregates = [];
      entry.count = false;
      entry.distinct = false;
    }
    // "page count (pages)": the same column named twice is shown once.
    if (
      entry.aggregates.length === 0 &&
      !entry.count &&
      context.select.some((s) => columnsOf(s.expr).some((c) => c.column === column))
    )
      continue;
    // "average number of pages": the count names a measure, the aggregate applies to it.
    if (entry.count && entry.aggregates.length > 0 && column.isNumeric) entry.count = false;
    if (entry.count) {
      const tokens = context.analysis.tokens;
      const text = tokens.map((t) => t.lower).join(' ');
      // "How many advisors are there?": how many different values; "total number of hours",
      // "components … in total": the sum of a measure; "how many cylinders does it have": the value.
      const existence = /\b(?:are there|exist|do we have|are listed|are recorded|can be found)\b/.test(text);
      const total = /\btotal\b/.test(text) && column.isNumeric && !column.isKeyLike;
      if (total) {
        context.select.push({
          expr: { kind: 'aggregate', fn: 'sum', arg: columnRef(column), distinct: false },
        });
      } else if (entry.distinct || !column.isNumeric || existence) {
        context.select.push({
          expr: {
            kind: 'aggregate',
            fn: 'count',
            arg: columnRef(column),
            distinct: entry.distinct || !column.isPrimary,
          },
        });
      } else {
        context.select.push({ expr: columnRef(column) });
      }
      continue;
    }
    if (entry.superlative?.frequency) {
      consume(context, entry.superlative.itemIndex);
      context.select.push({ expr: columnRef(column) });
      context.groupBy.push(columnRef(column));
      context.orderBy.push({
        expr: { kind: 'aggregate', fn: 'count', distinct: false },
        direction: entry.superlative.direction,
      });
      context.limit = head.top ?? 1;
      continue;
    }
    if (entry.superlative && (column.isNumeric || column.isDate || column.isYear)) {
      consume(context, entry.superlative.itemIndex);
      context.select.push({
        expr: {
          kind: 'aggregate',
          fn: entry.superlative.direction === 'desc' ? 'max' : 'min',
          arg: columnRef(column),
          distinct: false,
        },
      });
      continue;
    }
    // "the names of the employees" where a person has a first and a last name: both.
    const said = context.analysis.tokens.slice(mention.from, mention.to).map((t) => t.lower);
    const partOfName =
      column.words.includes('name') &&
      (column.words.includes('first') ||
        column.words.includes('last') ||
        (column.words.length === 2 && /^[fl]$/.test(column.words[0] ?? '')));
    // A part may be written as an initial ("FName", "LName").
    const namePart = (word: string): ColumnEntry | undefined =>
      column.table.columns.find((c) => c.words.includes(word) && c.words.includes('name')) ??
      column.table.columns.find(
        (c) => c.words.length === 2 && c.words[0] === word[0] && c.words[1] === 'name',
      );
    // "the last name" where "last" was not read into the mention: that part only.
    const before = context.analysis.tokens[mention.from - 1]?.lower;
    const onePart = before === 'first' || before === 'last' ? namePart(before) : undefined;
    if (
      partOfName &&
      entry.aggregates.length === 0 &&
      onePart &&
      !said.includes('first') &&
      !said.includes('last')
    ) {
      context.select.push({ expr: columnRef(onePart) });
      if (entry.distinct) context.distinct = true;
      continue;
    }
    const bothParts = said.includes('first') === said.includes('last');
    if (partOfName && entry.aggregates.length === 0 && bothParts) {
      const first = namePart('first');
      const last = namePart('last');
      if (first && last) {
        context.select.push({ expr: columnRef(first) }, { expr: columnRef(last) });
        if (entry.distinct) context.distinct = true;
        continue;
      }
    }
    for (const expr of applyAggregates(entry.aggregates, column)) context.select.push({ expr });
    if (entry.distinct) context.distinct = true;
  }
}

/** Scores how well a column fits a dimension word list; used by superlative adjectives. */
export function dimensionColumn(
  context: InterpretationContext,
  dimension: Dimension,
  tables: readonly TableEntry[],
): ColumnEntry | undefined {
  return dimensionReading(context, dimension, tables, false)?.column;
}

/**
 * The column a measurable adjective refers to; with `allowInverse`, also a column measuring the
 * opposite ("oldest" → the earliest birth year), flagged `inverted`.
 */
export function dimensionReading(
  context: InterpretationContext,
  dimension: Dimension,
  tables: readonly TableEntry[],
  allowInverse: boolean,
): { column: ColumnEntry; inverted: boolean } | undefined {
  const options: { value: { column: ColumnEntry; inverted: boolean }; label: string; score: number }[] = [];
  for (const table of tables) {
    const column = columnForWords(table, dimension.words, true);
    if (column) {
      // The first words of a dimension name it best ("duration" before "distance").
      const rank = dimension.words.findIndex((w) => column.words.includes(w));
      options.push({
        value: { column, inverted: false },
        label: `${table.name}.${column.name}`,
        score: columnContextScore(context, column, 1, false, {}) - Math.max(0, rank) * 0.05,
      });
      continue;
    }
    const inverse =
      allowInverse && dimension.inverseWords
        ? columnForWords(table, dimension.inverseWords, true)
        : undefined;
    if (inverse)
      options.push({
        value: { column: inverse, inverted: true },
        label: `${table.name}.${inverse.name}`,
        score: columnContextScore(context, inverse, 0.9, false, {}),
      });
  }
  return choose(context, `dimension:${dimension.words.join('/')}`, options);
}
