import type { Analysis, Item } from './question-analysis.js';
import type { Condition, OrderItem, SelectItem, ValueExpr } from './query-ir.js';
import type { ColumnEntry, SchemaIndex, TableEntry } from './schema-index.js';
import type { LinkCandidate, Mention } from './schema-linker.js';

/** A decision the rules made between close readings; retries flip these one at a time. */
export interface ChoicePoint {
  key: string;
  /** Human labels of the options, best first. */
  options: string[];
  /** Scores of the options, in the same order. */
  scores: number[];
  /** A tie here is worth asking the user about (the readings are different things, equally named). */
  askable: boolean;
  /** Score gap between the first two options (small = real ambiguity). */
  gap: number;
  chosen: number;
}

/** A condition with where it came from, so rules can combine and explain them. */
export interface PendingCondition {
  condition: Condition;
  /** Token where the condition starts (for OR / INTERSECT grouping). */
  at: number;
  /** Goes to HAVING rather than WHERE. */
  having: boolean;
  /** Joined to the previous condition by "or". */
  joinedByOr: boolean;
  /** The question said "both … and …" / "and also": the answer must satisfy each separately. */
  separately: boolean;
}

/** State shared by the rules while one reading of the question is built. */
export interface InterpretationContext {
  analysis: Analysis;
  index: SchemaIndex;
  items: Item[];
  /** Token indexes the reading used (coverage). */
  consumed: Set<number>;
  /** Choices taken at ambiguous points. */
  choicePoints: ChoicePoint[];
  /** Forced choices for a retry: choice key → option index. */
  forced: ReadonlyMap<string, number>;
  assumptions: string[];
  /** Tables the question names. */
  focus: Set<TableEntry>;
  subject?: TableEntry;
  select: SelectItem[];
  distinct: boolean;
  conditions: PendingCondition[];
  groupBy: ValueExpr[];
  /** Group by the subject's key because a per-row count or superlative over a relation needs it. */
  groupBySubject: boolean;
  orderBy: OrderItem[];
  limit?: number;
  /** Tables the question requires to be joined even without a column of theirs being used. */
  extraTables: Set<TableEntry>;
  /** Items (by position in `items`) already turned into meaning. */
  usedItems: Set<number>;
  /** The question asks for something the schema does not have ("What is the capital of …"). */
  asksUnknown?: string;
  /** The subject was taken from a money word ("the total revenue"), not named: its rows are not groups. */
  subjectFromMeasure?: boolean;
  /** Setting of the counting target when "how many X" counts another table than the subject. */
  countTarget?: TableEntry;
  /** Reads items [from, to) as conditions; rules that read a nested clause use it (set by the interpreter). */
  bodyReader?: (context: InterpretationContext, from: number, to: number) => void;
}

export function createContext(
  analysis: Analysis,
  index: SchemaIndex,
  forced: ReadonlyMap<string, number>,
): InterpretationContext {
  return {
    analysis,
    index,
    items: analysis.items,
    consumed: new Set(),
    choicePoints: [],
    forced,
    assumptions: [],
    focus: new Set(),
    select: [],
    distinct: false,
    conditions: [],
    groupBy: [],
    groupBySubject: false,
    orderBy: [],
    extraTables: new Set(),
    usedItems: new Set(),
  };
}

/** Marks an item's tokens as understood. */
export function consume(context: InterpretationContext, itemIndex: number): void {
  const item = context.items[itemIndex];
  if (!item) return;
  context.usedItems.add(itemIndex);
  for (let i = item.from; i < item.to; i++) context.consumed.add(i);
}

/** Takes a choice among scored options, honouring a forced choice on retries. */
export function choose<T>(
  context: InterpretationContext,
  key: string,
  options: { value: T; label: string; score: number }[],
  askable: (first: T, second: T) => boolean = () => false,
): T | undefined {
  if (options.length === 0) return undefined;
  const sorted = [...options].sort((a, b) => b.score - a.score);
  const distinctLabels = new Set(sorted.map((o) => o.label));
  const forcedIndex = context.forced.get(key);
  const chosen = forcedIndex !== undefined && forcedIndex < sorted.length ? forcedIndex : 0;
  if (distinctLabels.size > 1 && !context.choicePoints.some((c) => c.key === key)) {
    const gap = (sorted[0]?.score ?? 0) - (sorted[1]?.score ?? 0);
    context.choicePoints.push({
      key,
      options: sorted.slice(0, 4).map((o) => o.label),
      scores: sorted.slice(0, 4).map((o) => o.score),
      gap,
      chosen,
      askable:
        sorted[0] !== undefined && sorted[1] !== undefined && askable(sorted[0].value, sorted[1].value),
    });
  }
  return sorted[chosen]?.value;
}

export function columnLabel(column: ColumnEntry): string {
  return `${column.table.name}.${column.name}`;
}

/** Whether two tables are joined directly by a foreign key. */
export function adjacent(index: SchemaIndex, a: TableEntry, b: TableEntry): boolean {
  return (index.adjacency.get(a.index) ?? []).some((e) => e.from === b || e.to === b);
}

export function tableCandidates(mention: Mention): { table: TableEntry; score: number }[] {
  return mention.candidates
    .filter((c): c is Extract<LinkCandidate, { kind: 'table' }> => c.kind === 'table')
    .map((c) => ({ table: c.table, score: c.score }));
}

export function columnCandidates(
  mention: Mention,
): { column: ColumnEntry; score: number; withTable: boolean }[] {
  return mention.candidates
    .filter((c): c is Extract<LinkCandidate, { kind: 'column' }> => c.kind === 'column')
    .map((c) => ({ column: c.column, score: c.score, withTable: c.withTable }));
}

export function valueCandidates(mention: Mention): { column: ColumnEntry; value: string; score: number }[] {
  return mention.candidates
    .filter((c): c is Extract<LinkCandidate, { kind: 'value' }> => c.kind === 'value')
    .map((c) => ({ column: c.column, value: c.value, score: c.score }));
}

export interface ColumnPreference {
  /** A table the phrase points at ("name of the author"). */
  table?: TableEntry;
  /** The question names `table` with this phrase ("X of the members"), not just by context. */
  named?: boolean;
  /** The column must hold numbers (comparisons, sums). */
  numeric?: boolean;
  /** The column should hold text (names, literals). */
  text?: boolean;
  /** Key columns are acceptable without penalty (the question said "id"). */
  keys?: boolean;
}

/** Scores a column reading in the current context: the named table, the subject, the focus. */
export function columnContextScore(
  context: InterpretationContext,
  column: ColumnEntry,
  base: number,
  withTable: boolean,
  preference: ColumnPreference,
): number {
  let score = base;
  if (preference.table) {
    if (column.table === preference.table) score += 0.45;
    else if (adjacent(context.index, column.table, preference.table)) score += 0.05;
  }
  if (context.focus.has(column.table)) score += 0.25;
  if (context.subject && column.table === context.subject) score += 0.12;
  else if (context.subject && adjacent(context.index, column.table, context.subject)) score += 0.04;
  if (withTable) score += 0.15;
  if (column.isForeign && !preference.keys) score -= 0.06;
  if (preference.numeric) score += column.isNumeric ? 0.1 : column.category === 'text' ? -0.35 : -0.1;
  if (preference.text) score += column.category === 'text' ? 0.05 : -0.1;
  return score;
}

/** Picks the column a mention means, in context; records a choice point when readings tie. */
export function resolveColumn(
  context: InterpretationContext,
  mention: Mention,
  preference: ColumnPreference = {},
): ColumnEntry | undefined {
  const candidates = columnCandidates(mention);
  // "the full names of members" when only another table has a `full_name`: the table the phrase
  // points at is searched for a name column sharing a word with the mention.
  const table = preference.table;
  if (table && preference.named && !candidates.some((c) => c.column.table === table)) {
    const said = new Set(context.analysis.tokens.slice(mention.from, mention.to).map((t) => t.lemma));
    for (const column of table.columns) {
      // Only names: other properties of a related table are better read from that table.
      if (!column.isName) continue;
      const shared = column.ownWords.filter((w) => said.has(w)).length;
      if (shared > 0)
        candidates.push({ column, score: 0.4 + 0.3 * (shared / column.ownWords.length), withTable: false });
    }
    // "the names of the films" when films have a title: the row's display name, not another
    // table's `name`.
    const display = table.displayColumns[0];
    if (
      said.has('name') &&
      display?.isName &&
      !candidates.some((c) => c.column.table === table) &&
      candidates.every((c) => c.column.words.includes('name'))
    )
      candidates.push({ column: display, score: 0.75, withTable: false });
  }
  const options = candidates.map((c) => ({
    value: c.column,
    label: columnLabel(c.column),
    score: columnContextScore(context, c.column, c.score, c.withTable, preference),
  }));
  // Worth asking: two fully named columns of different tables the question does not otherwise name.
  const exact = (column: ColumnEntry): boolean =>
    candidates.some((c) => c.column === column && c.score >= 0.95);
  return choose(
    context,
    `column@${mention.from}`,
    options,
    (a, b) =>
      a.table !== b.table &&
      exact(a) &&
      exact(b) &&
      !context.focus.has(a.table) &&
      !context.focus.has(b.table),
  );
}

/** The columns that best carry a set of words ("age", or "price"/"cost" for "cheapest") in a table. */
export function columnForWords(
  table: TableEntry,
  words: readonly string[],
  numeric: boolean,
): ColumnEntry | undefined {
  for (const word of words) {
    const found = table.columns.find(
      (c) => c.ownWords.includes(word) && (!numeric || c.isNumeric || c.isDate),
    );
    if (found) return found;
  }
  for (const word of words) {
    const found = table.columns.find((c) => c.words.includes(word) && (!numeric || c.isNumeric || c.isDate));
    if (found) return found;
  }
  return undefined;
}

/** The columns an answer shows for a row of a table: its name or title, else its key. */
export function displayColumns(table: TableEntry): ColumnEntry[] {
  const display = table.displayColumns;
  const first = display[0];
  if (first && display.length >= 2 && first.words.includes('first') && display[1]?.words.includes('last'))
    return display.slice(0, 2);
  if (first) return [first];
  if (table.primaryKey.length > 0) return table.primaryKey.slice(0, 1);
  const fallback = table.columns[0];
  return fallback ? [fallback] : [];
}

/**
 * Groups by the plain columns the question asks for ("which country has the most channels" →
 * group by country). Returns false when nothing plain is projected.
 */
export function groupByProjection(context: InterpretationContext): boolean {
  if (context.groupBy.length > 0) return true;
  const plain = context.select.filter((s) => s.expr.kind === 'column');
  if (plain.length === 0) return false;
  for (const item of plain) context.groupBy.push(item.expr);
  return true;
}

/** The key used to group or count rows of a table. */
export function keyColumns(table: TableEntry): ColumnEntry[] {
  if (table.primaryKey.length > 0) return table.primaryKey;
  const display = displayColumns(table);
  return display.length > 0 ? display : table.columns.slice(0, 1);
}
