import type { Head } from './head-rules.js';
import type { InterpretationContext } from './interpretation-context.js';
import { valueCandidates } from './interpretation-context.js';
import type { TableEntry } from './schema-index.js';

/**
 * "Which surgeon handled the most visits?": when "which" is followed straight away
 * by a stored value of a kind-of-row column (a role, a type), the question asks for rows of that
 * column's table; the value itself is read later as their condition.
 */
export function valueHeadSubject(context: InterpretationContext, head: Head): TableEntry | undefined {
  if (head.entries.length > 0) return undefined;
  const opening = context.items[0];
  if (opening?.kind !== 'cue' || opening.cue.type !== 'relative') return undefined;
  if (context.analysis.tokens[opening.from]?.lower !== 'which') return undefined;
  const next = context.items[1];
  if (next?.kind !== 'mention') return undefined;
  const best = next.mention.candidates[0];
  if (best?.kind !== 'value' || best.score < 0.8) return undefined;
  const values = valueCandidates(next.mention).filter((v) => v.score >= best.score - 0.01);
  const tables = new Set(values.map((v) => v.column.table));
  const [table] = tables;
  // A name of one row ("Which Smith …") is not a kind of row: only text categories qualify.
  if (tables.size !== 1 || !table || values.some((v) => v.column.isName || v.column.isKeyLike))
    return undefined;
  return table;
}
