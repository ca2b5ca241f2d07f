import type WordPOS from 'wordpos';

/** How many senses of each part of speech contribute synonyms; later senses are mostly noise. */
const SENSES_PER_POS: Readonly<Record<string, number>> = { n: 3, v: 0, a: 1, s: 1, r: 0 };

let instance: Promise<WordPOS | null> | undefined;
const cache = new Map<string, Promise<readonly string[]>>();

function wordnet(): Promise<WordPOS | null> {
  // Loaded on first use: the WordNet files are only opened when a schema is first indexed.
  instance ??= import('wordpos').then((module) => new module.default({ profile: false })).catch(() => null);
  return instance;
}

async function lookup(word: string): Promise<readonly string[]> {
  const wordPos = await wordnet();
  if (!wordPos) return [];
  try {
    const synsets = await wordPos.lookup(word);
    const taken = new Map<string, number>();
    const found = new Set<string>();
    for (const synset of synsets) {
      const limit = SENSES_PER_POS[synset.pos] ?? 0;
      const seen = taken.get(synset.pos) ?? 0;
      if (seen >= limit) continue;
      taken.set(synset.pos, seen + 1);
      for (const synonym of synset.synonyms) {
        // Proper nouns (capitalised in WordNet) and phrases are not column vocabulary.
        if (/[A-Z]/.test(synonym) || synonym.includes('_') || synonym.includes('-')) continue;
        if (synonym !== word) found.add(synonym);
      }
    }
    return [...found];
  } catch {
    return [];
  }
}

/**
 * Single-word WordNet synonyms of a word (first senses only), cached for the life of the process.
 * Resolves to an empty list when WordNet is unavailable.
 */
export function wordnetSynonyms(word: string): Promise<readonly string[]> {
  const key = word.toLowerCase();
  let pending = cache.get(key);
  if (!pending) {
    pending = lookup(key);
    cache.set(key, pending);
  }
  return pending;
}

const known = new Map<string, Promise<boolean>>();

/** Whether WordNet knows the word in any part of speech; false when WordNet is unavailable. */
export function isDictionaryWord(word: string): Promise<boolean> {
  const key = word.toLowerCase();
  let pending = known.get(key);
  if (!pending) {
    pending = wordnet().then(async (wordPos) => {
      if (!wordPos) return false;
      try {
        return (await wordPos.lookup(key)).length > 0;
      } catch {
        return false;
      }
    });
    known.set(key, pending);
  }
  return pending;
}
