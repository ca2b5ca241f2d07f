// Minimal typings for the parts of wordpos (WordNet lookups) the offline engine uses.
declare module 'wordpos' {
  interface WordPosSynset {
    pos: string;
    lemma: string;
    synonyms: string[];
    lexName: string;
    gloss: string;
  }
  interface WordPosOptions {
    profile?: boolean;
    stopwords?: boolean;
  }
  export default class WordPOS {
    constructor(options?: WordPosOptions);
    lookup(word: string): Promise<WordPosSynset[]>;
    lookupNoun(word: string): Promise<WordPosSynset[]>;
    lookupVerb(word: string): Promise<WordPosSynset[]>;
    lookupAdjective(word: string): Promise<WordPosSynset[]>;
  }
}
