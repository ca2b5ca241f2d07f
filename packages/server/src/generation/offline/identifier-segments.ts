import { expandAbbreviation, lemma } from './word-forms.js';
import { isDictionaryWord } from './wordnet-synonyms.js';

/** Short words that glue the parts of run-together identifiers ("palletsperweek"). */
const GLUE = new Set(['per', 'of', 'in', 'on', 'by', 'to', 'at', 'for', 'and', 'id']);

async function isPart(part: string): Promise<boolean> {
  if (GLUE.has(part)) return true;
  if (expandAbbreviation(part)[0] !== part) return true;
  if (part.length < 3) return false;
  if (await isDictionaryWord(part)) return true;
  const base = lemma(part);
  return base !== part && isDictionaryWord(base);
}

async function split(rest: string, parts: number): Promise<string[] | undefined> {
  if (await isPart(rest)) return [rest];
  if (parts <= 1) return undefined;
  // Longest known first part first: "memberacct" → member + acct, not mem + beracct.
  for (let i = rest.length - 2; i >= 2; i--) {
    const left = rest.slice(0, i);
    if (!(await isPart(left))) continue;
    const right = await split(rest.slice(i), parts - 1);
    if (right) return [left, ...right];
  }
  return undefined;
}

/**
 * The words of an identifier word written without separators ("memberacct" → member, account;
 * "shelfname" → shelf, name), as lemmas; undefined when the word is a dictionary word itself or
 * cannot be split into at most three known words.
 */
export async function identifierSegments(word: string): Promise<string[] | undefined> {
  if (word.length < 7 || !/^[a-z]+$/.test(word)) return undefined;
  if (expandAbbreviation(word)[0] !== word || (await isDictionaryWord(word))) return undefined;
  const parts = await split(word, 3);
  if (!parts || parts.length < 2) return undefined;
  return parts.flatMap((part) => expandAbbreviation(part)).map(lemma);
}
