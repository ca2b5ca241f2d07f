import type { Cue } from './cue-phrases.js';
import type { Item } from './question-analysis.js';

/** Words that may sit between the parts of a phrase without changing its meaning. */
const FILLER = new Set([
  'the',
  'a',
  'an',
  'of',
  'is',
  'are',
  'was',
  'were',
  'be',
  'been',
  'being',
  'all',
  'any',
  'some',
  'its',
  'their',
  'his',
  'her',
  'them',
  'those',
  'these',
  'this',
  'that',
  'it',
  'than',
  'to',
  'as',
  'there',
  'equal',
  'value',
  'in',
]);

/** Punctuation that does not end a phrase. */
const SOFT_PUNCT = new Set(["'s", "'", ':', '"', '(', ')', '-']);

export function isFiller(item: Item | undefined, extra: ReadonlySet<string> = new Set()): boolean {
  if (!item) return false;
  if (item.kind === 'stop') return FILLER.has(item.token.lower) || extra.has(item.token.lower);
  if (item.kind === 'punct') return SOFT_PUNCT.has(item.token.lower);
  if (item.kind === 'word') return extra.has(item.token.lower);
  return false;
}

/** The next item after `at` that is not filler; returns its position or -1. */
export function nextMeaningful(
  items: readonly Item[],
  at: number,
  extra: ReadonlySet<string> = new Set(),
): number {
  for (let i = at + 1; i < items.length; i++) {
    if (!isFiller(items[i], extra)) return i;
  }
  return -1;
}

/** The previous item before `at` that is not filler; returns its position or -1. */
export function previousMeaningful(
  items: readonly Item[],
  at: number,
  extra: ReadonlySet<string> = new Set(),
): number {
  for (let i = at - 1; i >= 0; i--) {
    if (!isFiller(items[i], extra)) return i;
  }
  return -1;
}

export function cueOf<T extends Cue['type']>(
  item: Item | undefined,
  type: T,
): Extract<Cue, { type: T }> | undefined {
  if (item?.kind === 'cue' && item.cue.type === type) return item.cue as Extract<Cue, { type: T }>;
  return undefined;
}

export function isStop(item: Item | undefined, ...words: string[]): boolean {
  return item?.kind === 'stop' && words.includes(item.token.lower);
}

export function isWord(item: Item | undefined, ...words: string[]): boolean {
  return (item?.kind === 'stop' || item?.kind === 'word') && words.includes(item.token.lower);
}

/** Ends a sentence: ".", "?", "!", ";". */
export function isSentenceEnd(item: Item | undefined): boolean {
  return item?.kind === 'punct' && /^[.?!;]$/.test(item.token.text);
}
