import { stemmer } from 'stemmer';

const STOP_WORDS = new Set(
  'a an the of in on at to for by with from and or not is are was were be been being do does did how many much what which who whom whose when where why show list give me find get all each every per there their its it this that these those than then as into about over under between number count total average'.split(
    ' ',
  ),
);

/** Splits identifiers and prose into lower-case words: `orderDate`, `order_date` → order, date. */
export function splitWords(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0);
}

/** Stemmed content terms of a text: what retrieval matches on. */
export function contentTerms(text: string): string[] {
  return splitWords(text)
    .filter((word) => !STOP_WORDS.has(word))
    .map((word) => stemmer(word));
}
