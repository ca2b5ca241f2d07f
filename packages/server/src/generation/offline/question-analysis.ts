import type { Cue } from './cue-phrases.js';
import { findCues } from './cue-phrases.js';
import type { DateRange } from './date-ranges.js';
import { findDateRanges } from './date-ranges.js';
import { linkDescriptions } from './description-linking.js';
import { FUNCTION_WORDS, isContentWord, QUESTION_WORDS, REQUEST_VERBS } from './lexicon.js';
import type { Token } from './question-tokens.js';
import { tokenize } from './question-tokens.js';
import type { Mention } from './schema-linker.js';
import { linkSchema } from './schema-linker.js';
import type { SchemaIndex } from './schema-index.js';

/** One unit of the question after analysis; rules read these left to right. */
export type Item =
  | { kind: 'mention'; mention: Mention; from: number; to: number }
  | { kind: 'cue'; cue: Cue; from: number; to: number }
  | { kind: 'date'; range: DateRange; from: number; to: number }
  | { kind: 'number'; value: number; text: string; from: number; to: number }
  /** A value named in the question that the schema does not list: quoted, or a proper noun. */
  | { kind: 'literal'; text: string; quoted: boolean; from: number; to: number }
  /** A content word that links to nothing. */
  | { kind: 'word'; token: Token; from: number; to: number }
  | { kind: 'stop'; token: Token; from: number; to: number }
  | { kind: 'punct'; token: Token; from: number; to: number };

export interface Analysis {
  question: string;
  tokens: Token[];
  items: Item[];
  /** Content words of the question, for coverage. */
  contentTokens: number[];
}

/** Cue kinds that are plain function words: they never hide a schema mention. */
const WEAK_CUES = new Set<Cue['type']>(['and', 'or', 'possess', 'relative', 'either', 'both']);

function overlaps(a: { from: number; to: number }, b: { from: number; to: number }): boolean {
  return a.from < b.to && b.from < a.to;
}

function isLiteralWord(token: Token): boolean {
  return token.kind === 'word' && token.capitalized && !FUNCTION_WORDS.has(token.lower);
}

/** A capitalised word that is a word of the schema ("Books" of books) is not a value. */
function isSchemaWord(index: SchemaIndex, token: Token): boolean {
  if (token.kind !== 'word') return false;
  return (index.postings.get(token.lemma) ?? []).some((p) => p.quality >= 1);
}

/** Tokens inside a proper name that need not be capitalised: "University of Chicago". */
const NAME_GLUE = new Set([
  'of',
  'the',
  'de',
  'la',
  'le',
  'van',
  'von',
  'der',
  'du',
  'and',
  '&',
  "'s",
  '-',
  '.',
]);

/**
 * Tokenises the question, links it to the schema, finds operator phrases, dates, numbers and
 * literal values, and lays them out as one sequence of items.
 */
/**
 * "number of bays" when a column is named like `number_bays`: the words name that column, they
 * do not ask to count cities. Merges the count cue with the mention after it.
 */
function mergeCountedColumns(items: Item[], tokens: readonly Token[]): void {
  for (let i = 0; i + 1 < items.length; i++) {
    const cue = items[i];
    const next = items[i + 1];
    if (cue?.kind !== 'cue' || cue.cue.type !== 'count' || next?.kind !== 'mention') continue;
    if (tokens[cue.from]?.lower !== 'number') continue;
    const said = tokens.slice(next.from, next.to).flatMap((t) => [t.lower, t.lemma]);
    // The rest of the column's name is what the question says after "number of".
    const counted = next.mention.candidates.filter(
      (c) =>
        c.kind === 'column' &&
        c.score >= 0.9 &&
        !c.column.isKeyLike &&
        c.column.words.includes('number') &&
        !said.includes('number') &&
        c.column.words.every((w) => w === 'number' || w === 'of' || said.includes(w)),
    );
    if (counted.length === 0) continue;
    const rest = next.mention.candidates.filter((c) => !counted.includes(c));
    const mention: Mention = { from: cue.from, to: next.to, candidates: [...counted, ...rest] };
    items.splice(i, 2, { kind: 'mention', mention, from: cue.from, to: next.to });
  }
}

/**
 * "the first and last name": one phrase naming both parts of a person's name. Merges the items
 * into one mention read by the columns that hold a first or a last name.
 */
function mergeNameParts(items: Item[], tokens: readonly Token[]): void {
  const part = (item: Item | undefined): string | undefined => {
    if (!item || item.to - item.from !== 1) return undefined;
    const word = tokens[item.from]?.lower;
    return word === 'first' || word === 'last' ? word : undefined;
  };
  for (let i = 0; i + 3 < items.length; i++) {
    const first = part(items[i]);
    const and = items[i + 1];
    const second = part(items[i + 2]);
    const name = items[i + 3];
    if (!first || !second || first === second || and?.kind !== 'cue' || and.cue.type !== 'and') continue;
    if (name?.kind !== 'mention' || !tokens.slice(name.from, name.to).some((t) => t.lemma === 'name'))
      continue;
    // A part may be written as an initial ("FName", "LName").
    const parts = name.mention.candidates.filter(
      (c) =>
        c.kind === 'column' &&
        (c.column.words.includes('first') ||
          c.column.words.includes('last') ||
          (c.column.words.length === 2 &&
            /^[fl]$/.test(c.column.words[0] ?? '') &&
            c.column.words[1] === 'name')),
    );
    if (parts.length === 0) continue;
    const startItem = items[i];
    if (!startItem) continue;
    const mention: Mention = { from: startItem.from, to: name.to, candidates: parts };
    items.splice(i, 4, { kind: 'mention', mention, from: startItem.from, to: name.to });
  }
}

export function analyzeQuestion(question: string, index: SchemaIndex, now: Date): Analysis {
  const tokens = tokenize(question);
  const mentions = linkSchema(tokens, index);
  const cues = findCues(tokens);
  const dates = findDateRanges(question, now)
    .map((range) => {
      const from = tokens.findIndex((t) => t.end > range.startOffset);
      let to = tokens.findIndex((t) => t.start >= range.endOffset);
      if (to === -1) to = tokens.length;
      return { range, from, to };
    })
    .filter((d) => d.from >= 0 && d.to > d.from);

  const claimed = new Array<Item | undefined>(tokens.length).fill(undefined);
  const claim = (item: Item): void => {
    for (let i = item.from; i < item.to; i++) claimed[i] = item;
  };
  const free = (from: number, to: number): boolean => {
    for (let i = from; i < to; i++) if (claimed[i]) return false;
    return true;
  };

  // Dates first: "last month" is a date even though "month" may name a column.
  for (const date of dates) {
    // Keep a leading comparison word ("before", "after", "between") as part of the date.
    if (free(date.from, date.to)) claim({ kind: 'date', range: date.range, from: date.from, to: date.to });
  }

  // Strong schema mentions and cues: a cue spanning more words than an overlapping mention wins
  // ("sorted by"), a mention spanning more words wins over a cue inside it ("first name").
  const strongMention = (m: Mention): boolean => {
    const best = m.candidates[0];
    return best !== undefined && best.score >= 0.9;
  };
  for (const cue of cues) {
    if (!free(cue.from, cue.to)) continue;
    const rivals = mentions.filter((m) => overlaps(m, cue));
    if (WEAK_CUES.has(cue.type) && rivals.length > 0) continue;
    const cueLength = cue.to - cue.from;
    const beaten = rivals.some((m) => {
      const length = m.to - m.from;
      if (length > cueLength) return strongMention(m) || m.candidates[0]?.kind === 'value';
      if (length === cueLength && m.candidates[0]?.kind === 'value' && m.candidates[0].score >= 0.95)
        return true;
      // A strong mention sticking out of the cue ("page count" against "count of") is the mention.
      const contained = m.from >= cue.from && m.to <= cue.to;
      return !contained && strongMention(m) && m.candidates[0]?.kind !== 'table';
    });
    if (beaten) continue;
    claim({ kind: 'cue', cue, from: cue.from, to: cue.to });
  }
  for (const mention of mentions) {
    if (!free(mention.from, mention.to)) {
      // Trim a mention that lost some of its tokens to a cue or date ("total amount" → amount).
      let from = mention.from;
      let to = mention.to;
      while (from < to && claimed[from]) from++;
      while (to > from && claimed[to - 1]) to--;
      if (from >= to || !free(from, to)) continue;
      const words = tokens.slice(from, to);
      if (words.every((t) => !isContentWord(t.lower))) continue;
      const best = mention.candidates[0];
      if (!best) continue;
      // The remaining words must still carry the reading on their own.
      const trimmed: Mention = {
        from,
        to,
        candidates: mention.candidates.map((c) => ({ ...c, score: c.score * 0.85 })),
      };
      claim({ kind: 'mention', mention: trimmed, from, to });
      continue;
    }
    const first = tokens[mention.from];
    // A bare number ("vehicle with id 1") is a value, not a column whose name contains it.
    const previousWord = tokens[mention.from - 1]?.lower ?? '';
    const partOfName =
      mention.candidates[0]?.kind === 'column' && mention.candidates[0].column.words.includes(previousWord);
    if (
      tokens.slice(mention.from, mention.to).every((t) => t.kind === 'number') &&
      mention.candidates[0]?.kind !== 'value' &&
      !partOfName &&
      !/^(?:and|or|,)$/.test(previousWord)
    )
      continue;
    // A request verb at the start ("Show …", "List …") is never a schema mention.
    if (mention.to - mention.from === 1 && first && mention.from === 0 && REQUEST_VERBS.has(first.lower))
      continue;
    // A capitalised word in mid-sentence that only loosely matches the schema is a name, not a mention.
    const best = mention.candidates[0];
    const words = tokens.slice(mention.from, mention.to);
    if (best && best.kind !== 'value' && best.score < 0.8 && words.every((t) => t.capitalized)) continue;
    claim({ kind: 'mention', mention, from: mention.from, to: mention.to });
  }

  // A cue that lost part of its words to a mention may still hold a shorter cue: "total" of
  // "total number of citations" when "number of citations" names a column.
  for (let start = 0; start < tokens.length;) {
    if (claimed[start]) {
      start++;
      continue;
    }
    let end = start;
    while (end < tokens.length && !claimed[end]) end++;
    for (const cue of findCues(tokens.slice(start, end))) {
      const shifted = { ...cue, from: cue.from + start, to: cue.to + start };
      if (
        free(shifted.from, shifted.to) &&
        !mentions.some((m) => overlaps(m, shifted) && WEAK_CUES.has(shifted.type))
      ) {
        claim({ kind: 'cue', cue: shifted, from: shifted.from, to: shifted.to });
      }
    }
    start = end;
  }

  // Words no name matched may be said by a column's description ("checked in").
  for (const mention of linkDescriptions(tokens, index, (at) => !claimed[at] && !tokens[at]?.capitalized))
    claim({ kind: 'mention', mention, from: mention.from, to: mention.to });

  // Literal values: quoted strings and runs of capitalised words that nothing else claimed.
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!token || claimed[i]) continue;
    if (token.kind === 'quoted') {
      claim({ kind: 'literal', text: token.text, quoted: true, from: i, to: i + 1 });
      continue;
    }
    if (isLiteralWord(token) && !QUESTION_WORDS.has(token.lower) && !isSchemaWord(index, token)) {
      let end = i + 1;
      for (;;) {
        const next = tokens[end];
        if (!next || claimed[end]) break;
        if (isLiteralWord(next) || (next.kind === 'number' && tokens[end - 1]?.capitalized)) {
          end++;
          continue;
        }
        const after = tokens[end + 1];
        if (NAME_GLUE.has(next.lower) && after && !claimed[end + 1] && isLiteralWord(after)) {
          end += 2;
          continue;
        }
        break;
      }
      const text = tokens
        .slice(i, end)
        .map((t, k, all) => (k > 0 && t.start > (all[k - 1]?.end ?? 0) ? ' ' : '') + t.text)
        .join('');
      claim({ kind: 'literal', text, quoted: false, from: i, to: end });
      i = end - 1;
    }
  }

  const items: Item[] = [];
  for (let i = 0; i < tokens.length;) {
    const token = tokens[i];
    if (!token) break;
    const item = claimed[i];
    if (item) {
      items.push(item);
      i = item.to;
      continue;
    }
    if (
      token.kind === 'number' ||
      (token.number !== undefined && !FUNCTION_WORDS.has(token.lower) && token.lower !== 'one')
    ) {
      items.push({ kind: 'number', value: token.number ?? Number.NaN, text: token.text, from: i, to: i + 1 });
    } else if (token.number !== undefined && token.lower === 'one') {
      items.push({ kind: 'number', value: 1, text: token.text, from: i, to: i + 1 });
    } else if (token.kind === 'punct') {
      items.push({ kind: 'punct', token, from: i, to: i + 1 });
    } else if (isContentWord(token.lower)) {
      items.push({ kind: 'word', token, from: i, to: i + 1 });
    } else {
      items.push({ kind: 'stop', token, from: i, to: i + 1 });
    }
    i++;
  }
  mergeCountedColumns(items, tokens);
  mergeNameParts(items, tokens);
  const contentTokens = tokens
    .map((t, i) => ({ t, i }))
    .filter(
      ({ t }) => t.kind === 'quoted' || t.kind === 'number' || (t.kind === 'word' && isContentWord(t.lower)),
    )
    .map(({ i }) => i);
  return { question, tokens, items, contentTokens };
}
