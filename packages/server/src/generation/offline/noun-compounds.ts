import type { InterpretationContext } from './interpretation-context.js';
import { columnCandidates, tableCandidates } from './interpretation-context.js';
import type { ColumnEntry } from './schema-index.js';

/**
 * "member tier", "patient age": a table named right before one of its own columns says whose
 * column it is, so the pair is that column. Returns the column and the item of its mention.
 */
export function qualifiedColumnAfter(
  context: InterpretationContext,
  tableAt: number,
): { column: ColumnEntry; at: number } | undefined {
  const first = context.items[tableAt];
  const second = context.items[tableAt + 1];
  if (first?.kind !== 'mention' || second?.kind !== 'mention') return undefined;
  const table = tableCandidates(first.mention)[0];
  if (!table || table.score < 0.9 || first.mention.candidates[0]?.kind !== 'table') return undefined;
  const best = second.mention.candidates[0];
  const own = columnCandidates(second.mention).find((c) => c.column.table === table.table && c.score >= 0.9);
  if (!own || !best || best.kind === 'table' || best.score > own.score) return undefined;
  return { column: own.column, at: tableAt + 1 };
}
