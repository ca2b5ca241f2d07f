import { addCondition } from './condition-rules.js';
import type { InterpretationContext } from './interpretation-context.js';
import {
  consume,
  createContext,
  keyColumns,
  tableCandidates,
  columnCandidates,
} from './interpretation-context.js';
import { cueOf, isSentenceEnd, nextMeaningful } from './item-navigation.js';
import type { QueryIR } from './query-ir.js';
import { andAll, columnRef, emptyQuery } from './query-ir.js';
import type { ColumnEntry, ForeignKeyEdge, SchemaIndex, TableEntry } from './schema-index.js';

/** Interprets items [from, to) as conditions within a context (provided by the interpreter). */
export type BodyReader = (context: InterpretationContext, from: number, to: number) => void;

/** Words between a negation and the table it denies: "do not have any", "never treated a". */
const DENIAL_FILLER = new Set([
  'any',
  'a',
  'an',
  'the',
  'have',
  'has',
  'had',
  'do',
  'does',
  'did',
  'ever',
  'been',
  'be',
  'yet',
  'single',
  'of',
  'in',
  'on',
  'to',
  'for',
  'at',
  'by',
  'with',
  'from',
]);

/** The foreign key from `table` that points at `subject`, if they are joined directly. */
function edgeBetween(index: SchemaIndex, subject: TableEntry, table: TableEntry): ForeignKeyEdge | undefined {
  const edges = index.adjacency.get(subject.index) ?? [];
  return (
    edges.find((e) => e.from === table && e.to === subject) ??
    edges.find((e) => e.to === table && e.from === subject)
  );
}

/** A neighbour of `subject` on the way to `target` (the bridge of a many-to-many relation). */
function firstHop(index: SchemaIndex, subject: TableEntry, target: TableEntry): TableEntry | undefined {
  const previous = new Map<number, number>();
  const queue = [target.index];
  const seen = new Set([target.index]);
  while (queue.length > 0) {
    const at = queue.shift();
    if (at === undefined) break;
    for (const edge of index.adjacency.get(at) ?? []) {
      const other = edge.from.index === at ? edge.to.index : edge.from.index;
      if (seen.has(other)) continue;
      seen.add(other);
      previous.set(other, at);
      if (other === subject.index) return index.tables[at];
      queue.push(other);
    }
  }
  return undefined;
}

/**
 * Builds `subject.key IN (SELECT link FROM …)`: the rows of the subject that have related rows in
 * `target` (meeting `conditions`).
 */
export function relatedRowsSubquery(
  index: SchemaIndex,
  subject: TableEntry,
  target: TableEntry,
  build: (query: QueryIR) => void,
): { left: ColumnEntry; query: QueryIR } | undefined {
  const hop =
    target === subject
      ? undefined
      : edgeBetween(index, subject, target)
        ? target
        : firstHop(index, subject, target);
  if (!hop) return undefined;
  const edge = edgeBetween(index, subject, hop);
  if (!edge) return undefined;
  const subjectSide = edge.to === subject ? edge.toColumns[0] : edge.fromColumns[0];
  const hopSide = edge.to === subject ? edge.fromColumns[0] : edge.toColumns[0];
  if (!subjectSide || !hopSide) return undefined;
  const query = emptyQuery(hop);
  query.select.push({ expr: columnRef(hopSide) });
  if (target !== hop) query.tables.push({ table: target, instance: 0 });
  build(query);
  return { left: subjectSide, query };
}

/** The end of the clause that starts at `from`: a sentence end, or "and"/"or" before a new clause. */
function clauseEnd(context: InterpretationContext, from: number): number {
  for (let i = from; i < context.items.length; i++) {
    const item = context.items[i];
    if (isSentenceEnd(item)) return i;
    if (
      item?.kind === 'cue' &&
      (item.cue.type === 'order' || item.cue.type === 'direction' || item.cue.type === 'alphabetical')
    )
      return i;
    if (item?.kind === 'cue' && (item.cue.type === 'and' || item.cue.type === 'or')) {
      const next = context.items[nextMeaningful(context.items, i)];
      if (
        next?.kind === 'cue' &&
        (next.cue.type === 'relative' || next.cue.type === 'negation' || next.cue.type === 'possess')
      )
        return i;
    }
  }
  return context.items.length;
}

/**
 * Reads "… that do not have any X", "… without X", "… never …X": subject rows with no related X
 * rows (meeting the conditions that follow X), as `key NOT IN (SELECT …)`.
 */
export function tryNegatedExistence(
  context: InterpretationContext,
  at: number,
  readBody: BodyReader,
): number | undefined {
  const negation = cueOf(context.items[at], 'negation');
  if (!negation || !context.subject) return undefined;
  const subject = context.subject;
  let i = at + 1;
  let targetIndex = -1;
  for (let steps = 0; i < context.items.length && steps < 6; i++, steps++) {
    const item = context.items[i];
    if (!item) break;
    if (item.kind === 'mention') {
      const table = tableCandidates(item.mention)[0];
      const column = columnCandidates(item.mention)[0];
      // "never been inspected": a related table read through a word of its own column.
      const ownColumn = column !== undefined && table !== undefined && column.column.table === table.table;
      if (
        table &&
        table.table !== subject &&
        (!column || table.score >= column.score - 0.05 || (ownColumn && table.score >= 0.85))
      ) {
        targetIndex = i;
        break;
      }
      // "never approved any loan": a word of a related table's column before that table.
      const after = context.items[nextMeaningful(context.items, i, DENIAL_FILLER)];
      const later = after?.kind === 'mention' ? tableCandidates(after.mention)[0] : undefined;
      if (!table && column && later && column.column.table === later.table && later.table !== subject) {
        consume(context, i);
        continue;
      }
      break;
    }
    if (item.kind === 'stop' && DENIAL_FILLER.has(item.token.lower)) continue;
    if (item.kind === 'cue' && (item.cue.type === 'possess' || item.cue.type === 'distinct')) continue;
    if (item.kind === 'word') continue;
    break;
  }
  const targetItem = context.items[targetIndex];
  if (targetItem?.kind !== 'mention') return undefined;
  const target = tableCandidates(targetItem.mention)[0]?.table;
  if (!target) return undefined;
  const end = clauseEnd(context, targetIndex + 1);
  const inner = createContext(context.analysis, context.index, context.forced);
  inner.subject = target;
  inner.focus.add(target);
  readBody(inner, targetIndex + 1, end);
  const related = relatedRowsSubquery(context.index, subject, target, (query) => {
    query.where = andAll(inner.conditions.filter((c) => !c.having).map((c) => c.condition));
    for (const table of inner.focus) if (table !== target) query.tables.push({ table, instance: 0 });
  });
  if (!related) return undefined;
  addCondition(
    context,
    { kind: 'in-subquery', left: columnRef(related.left), negated: true, query: related.query },
    context.items[at]?.from ?? 0,
  );
  for (let k = at; k <= targetIndex; k++) consume(context, k);
  for (const token of inner.consumed) context.consumed.add(token);
  for (let k = targetIndex + 1; k < end; k++) if (inner.usedItems.has(k)) context.usedItems.add(k);
  context.choicePoints.push(...inner.choicePoints);
  return end;
}

/** Reads a table named in the body ("… that have loans", "… in the orders"): it must be joined. */
export function tryTableMention(context: InterpretationContext, at: number): number | undefined {
  const item = context.items[at];
  if (item?.kind !== 'mention') return undefined;
  const table = tableCandidates(item.mention)[0];
  if (!table || table.score < 0.6) return undefined;
  const column = columnCandidates(item.mention)[0];
  if (column && column.score > table.score + 0.05) return undefined;
  if (table.table !== context.subject) {
    context.focus.add(table.table);
    context.extraTables.add(table.table);
  }
  consume(context, at);
  return at + 1;
}

export { keyColumns };
