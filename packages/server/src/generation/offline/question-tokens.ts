import { NUMBER_WORDS } from './lexicon.js';
import { lemma, stem } from './word-forms.js';

/** One token of the question. */
export interface Token {
  /** Position in the token list. */
  index: number;
  /** As written (the inside of a quoted string, without the quotes). */
  text: string;
  lower: string;
  lemma: string;
  stem: string;
  kind: 'word' | 'number' | 'quoted' | 'punct';
  /** Numeric value of digits and of spelled-out numbers ("two"). */
  number?: number;
  /** Starts with an upper-case letter and is not the first word of a sentence. */
  capitalized: boolean;
  /** Character offsets in the question. */
  start: number;
  end: number;
}

const QUOTE_PAIRS: readonly (readonly [string, string])[] = [
  ['``', "''"],
  ['"', '"'],
  ['\u201c', '\u201d'],
  ['\u2018', '\u2019'],
  ["'", "'"],
  ['`', '`'],
];

function isBoundary(ch: string | undefined): boolean {
  return ch === undefined || /[\s,.;:!?()[\]{}]/.test(ch);
}

/** Finds the closing quote of a quoted value, or -1 when the quote is an apostrophe. */
function closingQuote(text: string, from: number, open: string, close: string): number {
  if (open === "'" || open === '\u2018' || open === '`') {
    if (!isBoundary(text[from - 1])) return -1;
  }
  let at = text.indexOf(close, from + open.length);
  while (at !== -1) {
    if (close === "'" || close === '\u2019') {
      // An apostrophe inside a word ("O'Brien") does not close the quote.
      if (isBoundary(text[at + close.length]) || text[at + close.length] === "'") return at;
      at = text.indexOf(close, at + 1);
      continue;
    }
    return at;
  }
  return -1;
}

function makeToken(text: string, kind: Token['kind'], start: number, end: number): Token {
  const lower = text.toLowerCase();
  const token: Token = {
    index: 0,
    text,
    lower,
    lemma: kind === 'word' ? lemma(lower) : lower,
    stem: kind === 'word' ? stem(lower) : lower,
    kind,
    capitalized: false,
    start,
    end,
  };
  return token;
}

const WORD = /[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F0-9]*/y;
const INITIALISM = /(?:[A-Za-z]\.){2,}/y;
const NUMBER = /[-+]?\$?\d[\d,]*(?:\.\d+)?%?/y;
const ISO_DATE = /\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?/y;

/** Splits a question into words, numbers, quoted values and punctuation. */
export function tokenize(question: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const text = question;
  while (i < text.length) {
    const ch = text[i] ?? '';
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    let quoted = false;
    for (const [open, close] of QUOTE_PAIRS) {
      if (!text.startsWith(open, i)) continue;
      const end = closingQuote(text, i, open, close);
      if (end === -1) continue;
      const inner = text.slice(i + open.length, end).trim();
      if (inner.length === 0 || inner.length > 80) continue;
      tokens.push(makeToken(inner, 'quoted', i, end + close.length));
      i = end + close.length;
      quoted = true;
      break;
    }
    if (quoted) continue;
    ISO_DATE.lastIndex = i;
    const date = ISO_DATE.exec(text);
    if (date) {
      tokens.push(makeToken(date[0], 'word', i, i + date[0].length));
      i += date[0].length;
      continue;
    }
    NUMBER.lastIndex = i;
    const number = /[-+$\d]/.test(ch) ? NUMBER.exec(text) : null;
    if (number && /\d/.test(number[0])) {
      const raw = number[0].replace(/,$/, '');
      const token = makeToken(raw, 'number', i, i + raw.length);
      const value = Number(raw.replace(/[$,%+]/g, ''));
      if (Number.isFinite(value)) token.number = value;
      tokens.push(token);
      i += raw.length;
      continue;
    }
    WORD.lastIndex = i;
    const word = WORD.exec(text);
    if (word) {
      let w = word[0];
      let end = i + w.length;
      // Contractions: don't → do n't; can't → can n't; won't → will n't.
      const lowerW = w.toLowerCase();
      if (/^(.*)n$/.test(lowerW) && text.startsWith("'t", end)) {
        const base = lowerW === 'can' ? 'can' : lowerW === 'won' ? 'will' : w.slice(0, -1);
        if (base.length > 0) tokens.push(makeToken(base, 'word', i, end - 1));
        tokens.push(makeToken('not', 'word', end - 1, end + 2));
        i = end + 2;
        continue;
      }
      INITIALISM.lastIndex = i;
      const initialism = INITIALISM.exec(text);
      if (initialism) {
        // Initialisms such as U.S.A. stay one word.
        w = initialism[0].replace(/\./g, '');
        end = i + initialism[0].length;
      }
      const token = makeToken(w, 'word', i, end);
      const spelled = NUMBER_WORDS.get(token.lower);
      if (spelled !== undefined) token.number = spelled;
      tokens.push(token);
      i = end;
      if (text.startsWith("'s", i) && isBoundary(text[i + 2])) {
        tokens.push(makeToken("'s", 'punct', i, i + 2));
        i += 2;
      } else if (text[i] === "'" && isBoundary(text[i + 1])) {
        tokens.push(makeToken("'", 'punct', i, i + 1));
        i += 1;
      }
      continue;
    }
    tokens.push(makeToken(ch, 'punct', i, i + 1));
    i++;
  }
  let sentenceStart = true;
  tokens.forEach((token, index) => {
    token.index = index;
    token.capitalized = !sentenceStart && token.kind === 'word' && /^[A-Z\u00C0-\u00DE]/.test(token.text);
    if (token.kind === 'punct' && /[.?!:;]/.test(token.text)) sentenceStart = true;
    else if (token.kind !== 'punct') sentenceStart = false;
  });
  return tokens;
}

/** The question text covered by tokens [from, to). */
export function spanText(question: string, tokens: readonly Token[], from: number, to: number): string {
  const first = tokens[from];
  const last = tokens[to - 1];
  if (!first || !last) return '';
  return question.slice(first.start, last.end);
}
