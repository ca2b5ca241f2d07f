import type { InterpretationContext } from './interpretation-context.js';
import { consume } from './interpretation-context.js';

/** Participles that say how rows are used without naming data ("used", "chosen", "bought"). */
const IRREGULAR_PARTICIPLES = new Set([
  'used',
  'chosen',
  'bought',
  'sold',
  'taken',
  'seen',
  'held',
  'made',
  'paid',
]);

function isParticiple(word: string): boolean {
  return IRREGULAR_PARTICIPLES.has(word) || (/ed$/.test(word) && word.length > 4);
}

/**
 * "are used most often", "most commonly chosen": a participle next to a frequency superlative
 * only says what is counted, so it is part of the phrase. `from` and `to` are the superlative's
 * first and last items (the frequency word included).
 */
export function consumeFrequencyParticiple(context: InterpretationContext, from: number, to: number): void {
  for (const at of [from - 1, to + 1]) {
    const item = context.items[at];
    if (item?.kind === 'word' && isParticiple(item.token.lower) && !context.usedItems.has(at))
      consume(context, at);
  }
}

/**
 * "which employee handled the most orders": the verb before a superlative count only says how the
 * counted rows relate to the subject, which the join already expresses.
 */
export function consumeVerbBeforeSuperlative(context: InterpretationContext, at: number): void {
  const item = context.items[at - 1];
  if (item?.kind === 'word' && isParticiple(item.token.lower) && !context.usedItems.has(at - 1))
    consume(context, at - 1);
}
