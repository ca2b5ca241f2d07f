import { describe, expect, it } from 'vitest';
import { findCues } from './cue-phrases.js';
import { tokenize } from './question-tokens.js';

const cues = (text: string): string[] => findCues(tokenize(text)).map((c) => c.type);

describe('findCues', () => {
  it('prefers the longest phrase', () => {
    expect(cues('the most number of orders')).toEqual(['superlative']);
    expect(cues('sorted by price in descending order')).toEqual(['order', 'direction']);
  });

  it('reads comparisons, counts and aggregates', () => {
    expect(cues('how many orders have at least 3 items')).toEqual(['count', 'possess', 'compare']);
    expect(cues('average and total amount')).toEqual(['aggregate', 'and', 'aggregate']);
  });

  it('reads "top N" with its number', () => {
    const found = findCues(tokenize('top 5 products'));
    expect(found[0]).toMatchObject({ type: 'top', from: 0, to: 2 });
  });

  it('gives measurable adjectives a dimension', () => {
    const found = findCues(tokenize('the cheapest product'));
    expect(found[0]).toMatchObject({
      type: 'superlative',
      direction: 'asc',
      dimension: { words: expect.arrayContaining(['price']) },
    });
  });
});
