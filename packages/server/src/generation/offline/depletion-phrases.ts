import { addCondition } from './condition-rules.js';
import type { InterpretationContext } from './interpretation-context.js';
import { columnCandidates, consume } from './interpretation-context.js';
import { isStop } from './item-navigation.js';
import { columnRef } from './query-ir.js';

/**
 * "out of supplies", "out of seats": "out of" before a column that counts something means none are
 * left, so the count is zero.
 */
export function tryOutOf(context: InterpretationContext, at: number): number | undefined {
  const item = context.items[at];
  if (item?.kind !== 'mention') return undefined;
  if (!isStop(context.items[at - 1], 'of') || !isStop(context.items[at - 2], 'out')) return undefined;
  const column = columnCandidates(item.mention).find(
    (c) => c.score >= 0.9 && c.column.isNumeric && !c.column.isKeyLike && c.column.category === 'number',
  )?.column;
  if (!column) return undefined;
  addCondition(
    context,
    { kind: 'compare', left: columnRef(column), op: '=', right: { kind: 'literal', value: 0 } },
    item.from - 2,
  );
  context.focus.add(column.table);
  for (let k = at - 2; k <= at; k++) consume(context, k);
  return at + 1;
}
