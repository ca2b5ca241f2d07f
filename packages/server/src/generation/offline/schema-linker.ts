import { FUNCTION_WORDS, isContentWord } from './lexicon.js';
import type { Token } from './question-tokens.js';
import type { ColumnEntry, Posting, SchemaIndex, TableEntry, ValueEntry } from './schema-index.js';
import { lemma } from './word-forms.js';

/** One way to read a span of the question as a schema element or a stored value. */
export type LinkCandidate =
  | { kind: 'table'; table: TableEntry; score: number }
  | {
      kind: 'column';
      column: ColumnEntry;
      score: number;
      /** The span also names the column's table ("author name"). */
      withTable: boolean;
    }
  | { kind: 'value'; column: ColumnEntry; value: string; score: number };

/** A span of tokens [from, to) with its readings, best first. */
export interface Mention {
  from: number;
  to: number;
  candidates: LinkCandidate[];
  /** Read from a column's description rather than from names or stored values. */
  fromDescription?: boolean;
}

/** Words that say little about which table is meant ("model list" is about models). */
const GENERIC_TABLE_WORDS = new Set([
  'list',
  'data',
  'information',
  'info',
  'detail',
  'table',
  'log',
  'reference',
  'ref',
  'master',
  'lookup',
  'map',
  'mapping',
  'tbl',
  'profile',
  'registry',
  'all',
  'has',
  'have',
]);

/** Connecting words that never start or end a span ("date of" is "date"). */
const EDGE_WORDS = new Set([
  'of',
  'the',
  'a',
  'an',
  'and',
  'in',
  'on',
  'for',
  'by',
  'to',
  'with',
  'at',
  'from',
  'per',
  'is',
]);

/** Tokens that may sit inside a span without breaking it: "author's name", "e-mail". */
const GLUE = new Set(["'s", "'", '-', '_', '/']);

interface TokenMatch {
  wordIndexes: number[];
  quality: number;
}

function keysOf(token: Token): string[] {
  if (token.kind === 'punct') return [];
  const keys = [token.lemma, token.lower, `~${token.stem}`];
  if (token.kind === 'quoted') keys.length = 0;
  return keys;
}

function editDistanceAtMostOne(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (b.length > a.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

const vocabularyCache = new WeakMap<SchemaIndex, string[]>();

function vocabulary(index: SchemaIndex): string[] {
  let words = vocabularyCache.get(index);
  if (!words) {
    // Only the schema's own words: near-misses of synonyms are too loose ("wrote" ~ writer).
    words = [...index.postings.entries()]
      .filter(
        ([k, postings]) => !k.startsWith('~') && k.length >= 5 && postings.some((p) => p.quality >= 0.95),
      )
      .map(([k]) => k);
    vocabularyCache.set(index, words);
  }
  return words;
}

/** Postings for each token (and for compounds of two or three tokens, keyed by their first token). */
function collectPostings(
  tokens: readonly Token[],
  index: SchemaIndex,
): Map<number, Map<TableEntry | ColumnEntry, TokenMatch>>[] {
  const perToken = tokens.map(() => new Map<number, Map<TableEntry | ColumnEntry, TokenMatch>>());
  const add = (at: number, length: number, posting: Posting, factor: number): void => {
    const byLength = perToken[at];
    if (!byLength) return;
    let map = byLength.get(length);
    if (!map) {
      map = new Map();
      byLength.set(length, map);
    }
    const quality = posting.quality * factor;
    const existing = map.get(posting.element);
    if (!existing || existing.quality < quality)
      map.set(posting.element, { wordIndexes: posting.wordIndexes, quality });
    else if (existing.quality === quality) {
      existing.wordIndexes = [...new Set([...existing.wordIndexes, ...posting.wordIndexes])];
    }
  };
  tokens.forEach((token, i) => {
    let found = false;
    for (const key of keysOf(token)) {
      for (const posting of index.postings.get(key) ?? []) {
        add(i, 1, posting, key.startsWith('~') ? 1 : key === token.lower || key === token.lemma ? 1 : 1);
        found = true;
      }
    }
    // Compounds: "book shelves" → bookshelf, "full name" → fullname.
    for (const length of [2, 3]) {
      const parts = tokens.slice(i, i + length);
      if (parts.length < length || parts.some((p) => p.kind !== 'word')) continue;
      const joined = parts.map((p) => p.lower).join('');
      for (const key of new Set([joined, lemma(joined)])) {
        for (const posting of index.postings.get(key) ?? []) add(i, length, posting, 1);
      }
    }
    if (!found && token.kind === 'word' && token.lower.length >= 5 && isContentWord(token.lower)) {
      for (const word of vocabulary(index)) {
        if (word[0] !== token.lower[0] || !editDistanceAtMostOne(word, token.lower)) continue;
        for (const posting of index.postings.get(word) ?? [])
          if (posting.quality >= 0.95) add(i, 1, posting, 0.75);
      }
    }
  });
  return perToken;
}

interface Run {
  from: number;
  to: number;
  covered: Set<number>;
  qualitySum: number;
  matchedTokens: number;
}

function elementRuns(
  element: TableEntry | ColumnEntry,
  tokens: readonly Token[],
  perToken: Map<number, Map<TableEntry | ColumnEntry, TokenMatch>>[],
): Run[] {
  const runs: Run[] = [];
  for (let start = 0; start < tokens.length; start++) {
    // Extend a run from `start` as far as consecutive tokens keep matching distinct words.
    let at = start;
    const covered = new Set<number>();
    let qualitySum = 0;
    let matchedTokens = 0;
    let end = start;
    for (;;) {
      const byLength = perToken[at];
      if (!byLength) break;
      let advanced = false;
      for (const length of [1, 2, 3]) {
        const match = byLength.get(length)?.get(element);
        if (!match) continue;
        if (match.wordIndexes.every((w) => covered.has(w))) continue;
        match.wordIndexes.forEach((w) => covered.add(w));
        qualitySum += match.quality;
        matchedTokens++;
        at += length;
        end = at;
        advanced = true;
        break;
      }
      if (!advanced) break;
      while (tokens[at] && GLUE.has(tokens[at]?.lower ?? '')) at++;
    }
    // A span neither starts nor ends with a function word ("date of" is "date").
    let from = start;
    let to = end;
    while (to > from + 1 && EDGE_WORDS.has(tokens[to - 1]?.lower ?? '')) to--;
    while (from < to - 1 && EDGE_WORDS.has(tokens[from]?.lower ?? '')) from++;
    if (matchedTokens > 0) runs.push({ from, to, covered, qualitySum, matchedTokens });
  }
  return runs;
}

// A table whose name has words the span leaves out ("details" of `club_details`) loses a tie with
// the table the span names exactly.
const EXTRA_TABLE_WORD_PENALTY = 0.05;

function tableScore(table: TableEntry, run: Run): number {
  const meaningful = table.words
    .map((w, i) => ({ w, i }))
    .filter(({ w }) => !GENERIC_TABLE_WORDS.has(w) && !FUNCTION_WORDS.has(w));
  const relevant = meaningful.length > 0 ? meaningful : table.words.map((w, i) => ({ w, i }));
  const covered = relevant.filter(({ i }) => run.covered.has(i)).length;
  if (covered === 0) return 0;
  const quality = run.qualitySum / run.matchedTokens;
  const coverage = covered / relevant.length;
  // The head noun (last meaningful word) carries the meaning: "items" alone still means order items.
  const head = relevant[relevant.length - 1];
  const headCovered = head !== undefined && run.covered.has(head.i);
  if (coverage < 1 && !headCovered) return 0;
  const leftOver = table.words.filter((w, i) => !run.covered.has(i) && !FUNCTION_WORDS.has(w)).length;
  const exactness = coverage === 1 && leftOver > 0 ? 1 - EXTRA_TABLE_WORD_PENALTY : 1;
  return quality * (coverage === 1 ? 1 : 0.55 + 0.3 * coverage) * exactness;
}

const EXTRA_WORD_PENALTY = 0.1;

function columnScore(column: ColumnEntry, run: Run): { score: number; withTable: boolean } {
  const own = column.ownWords;
  const ownIndexes = column.words.map((w, i) => ({ w, i })).filter(({ w }) => own.includes(w));
  const ownCovered = ownIndexes.filter(({ i }) => run.covered.has(i)).length;
  if (ownCovered === 0) return { score: 0, withTable: false };
  const meaningfulOwn = ownIndexes.filter(({ w }) => !FUNCTION_WORDS.has(w));
  const denominator = Math.max(1, meaningfulOwn.length);
  const coverage = Math.min(1, ownCovered / denominator);
  const quality = run.qualitySum / run.matchedTokens;
  const tableWordsInColumn = column.words.map((w, i) => ({ w, i })).filter(({ w }) => !own.includes(w));
  const withTable = tableWordsInColumn.some(({ i }) => run.covered.has(i));
  // Of two columns the span names fully, the one with no words left over wins: "owner id" is
  // `owner_id` rather than `league_owner_id` of another table.
  const leftOver = column.words.filter((w, i) => !run.covered.has(i) && !FUNCTION_WORDS.has(w)).length;
  const exactness = coverage === 1 && leftOver > 0 ? 1 - EXTRA_WORD_PENALTY : 1;
  const score = quality * (coverage === 1 ? 1 : 0.45 + 0.4 * coverage) * exactness;
  return { score, withTable };
}

const FEMALE = ['f', 'female', 'w', 'woman', 'women'];
const MALE = ['m', 'male', 'man', 'men'];
const SEX_SPELLINGS: ReadonlyMap<string, readonly string[]> = new Map([
  ['female', FEMALE],
  ['females', FEMALE],
  ['women', FEMALE],
  ['woman', FEMALE],
  ['girls', FEMALE],
  ['male', MALE],
  ['males', MALE],
  ['men', MALE],
  ['man', MALE],
  ['boys', MALE],
]);

function valueMentions(
  tokens: readonly Token[],
  index: SchemaIndex,
): { from: number; to: number; value: ValueEntry; score: number }[] {
  const found: { from: number; to: number; value: ValueEntry; score: number }[] = [];
  tokens.forEach((token, i) => {
    // "female students": words for a sex match the codes a column stores (F, Female, W).
    const spellings = SEX_SPELLINGS.get(token.lower);
    if (spellings) {
      for (const column of index.columns) {
        for (const value of column.values) {
          if (spellings.includes(value.value.toLowerCase()))
            found.push({ from: i, to: i + 1, value, score: 0.9 });
        }
      }
    }
    if (token.kind === 'quoted') {
      const inner = token.text.toLowerCase();
      for (const column of index.columns) {
        for (const value of column.values) {
          if (value.value.toLowerCase() === inner) found.push({ from: i, to: i + 1, value, score: 1 });
        }
      }
      return;
    }
    // Numbers are read by the comparison rules, never as stored values on their own.
    if (token.kind !== 'word') return;
    const starting = new Set([
      ...(index.valuesByFirstWord.get(token.lower) ?? []),
      ...(index.valuesByFirstWord.get(token.lemma) ?? []),
    ]);
    for (const value of starting) {
      const length = value.words.length;
      let t = i;
      let w = 0;
      while (w < length && t < tokens.length) {
        const tok = tokens[t];
        if (!tok) break;
        if (tok.kind === 'punct') {
          t++;
          continue;
        }
        if (tok.lower !== value.words[w] && !(w === length - 1 && tok.lemma === lemma(value.words[w] ?? '')))
          break;
        t++;
        w++;
      }
      if (w < length) continue;
      const span = tokens.slice(i, t);
      const capitalized = span.some((s) => s.capitalized || /^[A-Z]/.test(s.text));
      const common = length === 1 && FUNCTION_WORDS.has(token.lower);
      let score = length > 1 ? 0.97 : capitalized ? 0.95 : 0.8;
      // "grade A": a function word written exactly as the stored value, in upper case, is that value.
      if (common)
        score = token.text === value.value && token.capitalized && /^[A-Z]/.test(token.text) ? 0.9 : 0.3;
      found.push({ from: i, to: t, value, score });
    }
  });
  return found;
}

/**
 * Finds every span of the question that names a table, a column or a stored value, and picks a
 * non-overlapping set of spans (longer and stronger first). Each span keeps all its readings.
 */
export function linkSchema(tokens: readonly Token[], index: SchemaIndex): Mention[] {
  const perToken = collectPostings(tokens, index);
  const elements = new Set<TableEntry | ColumnEntry>();
  for (const byLength of perToken)
    for (const map of byLength.values()) for (const element of map.keys()) elements.add(element);

  const bySpan = new Map<string, Mention>();
  const addCandidate = (from: number, to: number, candidate: LinkCandidate): void => {
    const key = `${from}:${to}`;
    let mention = bySpan.get(key);
    if (!mention) {
      mention = { from, to, candidates: [] };
      bySpan.set(key, mention);
    }
    mention.candidates.push(candidate);
  };
  for (const element of elements) {
    for (const run of elementRuns(element, tokens, perToken)) {
      if (element.kind === 'table') {
        const score = tableScore(element, run);
        if (score >= 0.5) addCandidate(run.from, run.to, { kind: 'table', table: element, score });
      } else {
        const { score, withTable } = columnScore(element, run);
        if (score >= 0.5)
          addCandidate(run.from, run.to, { kind: 'column', column: element, score, withTable });
      }
    }
  }
  for (const value of valueMentions(tokens, index)) {
    addCandidate(value.from, value.to, {
      kind: 'value',
      column: value.value.column,
      value: value.value.value,
      score: value.score,
    });
  }

  const mentions = [...bySpan.values()];

  for (const mention of mentions) {
    mention.candidates.sort((a, b) => b.score - a.score);
    // A column matched only partly by a word that fully names a table is that table ("members" is
    // not member_id).
    const strongTable = mention.candidates.some((c) => c.kind === 'table' && c.score >= 0.9);
    if (strongTable)
      mention.candidates = mention.candidates.filter((c) => c.kind !== 'column' || c.score >= 0.8);
  }
  const strength = (m: Mention): number => {
    const best = m.candidates[0]?.score ?? 0;
    const content = Math.max(
      1,
      tokens.slice(m.from, m.to).filter((t) => isContentWord(t.lower) || t.kind === 'quoted').length,
    );
    const valueBonus = m.candidates[0]?.kind === 'value' && content > 1 ? 0.2 : 0;
    // Longer spans win only when they are read well throughout ("first name" over "first").
    const lengthBonus = best >= 0.6 ? 0.35 * (content - 1) : 0;
    return best * (1 + lengthBonus) + valueBonus + 0.001 * (m.to - m.from);
  };
  mentions.sort((a, b) => strength(b) - strength(a) || a.from - b.from);
  const taken = new Array<boolean>(tokens.length).fill(false);
  const chosen: Mention[] = [];
  for (const mention of mentions) {
    let free = true;
    for (let i = mention.from; i < mention.to; i++) if (taken[i]) free = false;
    if (!free) continue;
    // A span made only of function words ("has", "per") is not a mention on its own.
    const words = tokens.slice(mention.from, mention.to);
    if (words.every((t) => !isContentWord(t.lower) && t.kind !== 'quoted')) {
      const best = mention.candidates[0];
      if (!best || best.kind !== 'value' || best.score < 0.9) continue;
    }
    for (let i = mention.from; i < mention.to; i++) taken[i] = true;
    chosen.push(mention);
  }
  chosen.sort((a, b) => a.from - b.from);
  return chosen;
}
