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

describe('cue phrases added for unseen databases', () => {
  it('reads "decreasing"/"increasing" alone as a direction and "order the result by" as an ordering', () => {
    expect(cues('by decreasing number of airports')).toContain('direction');
    expect(cues('Order the result by the count of photos')).toEqual(['order', 'count']);
  });

  it('reads a measuring verb before a comparison with its dimension ("cost more than")', () => {
    const cue = findCues(tokenize('rooms that cost more than 100')).find((c) => c.type === 'compare');
    expect(cue?.type === 'compare' ? cue.dimension?.words : undefined).toContain('price');
  });

  it('reads "free of" as a negation and "numbers of" as a count', () => {
    expect(cues('games free of injuries')).toEqual(['negation']);
    expect(cues('the numbers of different majors')).toEqual(['count', 'distinct']);
  });
});
