import type { InterpretationContext } from './interpretation-context.js';
import { tableCandidates } from './interpretation-context.js';
import type { Analysis } from './question-analysis.js';
import { assembleQuery } from './query-assembly.js';
import type { Condition, ValueExpr } from './query-ir.js';
import type { Interpretation } from './question-interpreter.js';
import { buildProjection, readHead } from './head-rules.js';
import { readBody } from './question-interpreter.js';

const FRAGMENT_START =
  /^\s*(?:now|and|but|also|then|instead|only|just|what about|how about|same|sort|order|rank|limit|filter|exclude|include|restrict|narrow|break(?: it)? down|group|split|show only|show just|keep only|make it|change|what if|for)\b/i;
const PRONOUNS = /\b(?:them|those|these|that list|the same|it|its|their|corresponding|respectively)\b/i;
const FOLLOW_UP_OPENERS =
  /^\s*(?:of (?:these|those|them|this|that)|among (?:them|these|those)|from (?:these|those|them)|how many are there|how many of (?:them|these|those))\b/i;

/**
 * Whether a question continues the previous turn rather than standing alone ("now only for
 * 2024", "sort them by revenue", "what about Germany?").
 */
export function isFollowUpFragment(analysis: Analysis, previous?: Interpretation): boolean {
  const namesTable = analysis.items.some(
    (item) =>
      item.kind === 'mention' &&
      tableCandidates(item.mention).some(
        (t) => t.score >= 0.9 && t.score >= (item.mention.candidates[0]?.score ?? 0) - 0.05,
      ),
  );
  if (FRAGMENT_START.test(analysis.question) || FOLLOW_UP_OPENERS.test(analysis.question)) return true;
  if (PRONOUNS.test(analysis.question) && !namesTable) return true;
  if (analysis.contentTokens.length <= 2 && !namesTable) return true;
  // "What is the airport code and name?" after a question about airports: only columns of the
  // tables the conversation is already about.
  if (previous && !namesTable) {
    const mentions = analysis.items.filter((item) => item.kind === 'mention');
    return (
      mentions.length > 0 &&
      mentions.every((item) =>
        item.mention.candidates.some((c) => c.kind !== 'table' && previous.context.focus.has(c.column.table)),
      )
    );
  }
  return false;
}

function leftColumn(condition: Condition): number | undefined {
  const left: ValueExpr | undefined = 'left' in condition ? condition.left : undefined;
  if (left?.kind === 'column') return left.column.index;
  if (left?.kind === 'year-of') return left.arg.column.index;
  return undefined;
}

function isTimeCondition(condition: Condition): boolean {
  if (condition.kind === 'date-range') return true;
  const left = 'left' in condition ? condition.left : undefined;
  return left?.kind === 'column' && (left.column.isYear || left.column.isDate);
}

/**
 * Applies a follow-up fragment to the previous turn's reading: new conditions replace the old ones
 * on the same column (or the old time range), a new order replaces the old order, and the rest
 * of the previous query stays.
 */
export function mergeFollowUp(previous: Interpretation, fragment: Analysis): Interpretation | undefined {
  const base = previous.context;
  const subject = base.subject;
  if (!subject) return undefined;
  const context: InterpretationContext = {
    ...base,
    analysis: fragment,
    items: fragment.items,
    consumed: new Set(),
    usedItems: new Set(),
    choicePoints: [],
    assumptions: [],
    focus: new Set(base.focus),
    select: [...base.select],
    conditions: [],
    groupBy: [...base.groupBy],
    orderBy: [],
    extraTables: new Set(base.extraTables),
  };
  // A new head replaces what is shown: "How many are there?" counts the previous rows,
  // "What are their names?" shows other columns of them.
  const head = readHead(context, 0);
  if (head.bareCount || head.entries.length > 0) {
    context.select = [];
    buildProjection(context, head, undefined);
    if (head.bareCount) {
      context.select = [{ expr: { kind: 'aggregate', fn: 'count', distinct: false } }];
      context.groupBy = [];
    }
    if (context.select.length === 0) context.select = [...base.select];
  }
  readBody(context, head.end, fragment.items.length);
  const added = context.conditions;
  const kept = base.conditions.filter((old) => {
    return !added.some((fresh) => {
      const a = leftColumn(old.condition);
      const b = leftColumn(fresh.condition);
      if (a !== undefined && a === b) return true;
      return isTimeCondition(old.condition) && isTimeCondition(fresh.condition);
    });
  });
  context.conditions = [...kept, ...added.map((c) => ({ ...c, joinedByOr: false, at: c.at + 10_000 }))];
  const counting = context.select.length === 1 && context.select[0]?.expr.kind === 'aggregate';
  if (context.orderBy.length === 0 && !counting) context.orderBy = [...base.orderBy];
  if (counting && context.limit === base.limit) context.limit = undefined;
  if (context.consumed.size === 0) return undefined;
  return { query: assembleQuery(context, subject), context };
}
