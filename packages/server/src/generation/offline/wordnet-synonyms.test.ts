import { describe, expect, it } from 'vitest';
import { wordnetSynonyms } from './wordnet-synonyms.js';

describe('wordnetSynonyms', () => {
  it('finds single-word synonyms of the first noun senses', async () => {
    expect(await wordnetSynonyms('customer')).toContain('client');
  });

  it('leaves out proper nouns and phrases', async () => {
    const synonyms = await wordnetSynonyms('author');
    expect(synonyms.every((s) => /^[a-z]+$/.test(s))).toBe(true);
  });

  it('caches lookups per word', () => {
    expect(wordnetSynonyms('Price')).toBe(wordnetSynonyms('price'));
  });

  it('returns nothing for unknown words', async () => {
    expect(await wordnetSynonyms('qwzxv')).toEqual([]);
  });
});
