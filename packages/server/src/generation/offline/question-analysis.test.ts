import { describe, expect, it } from 'vitest';
import { TEST_NOW } from './fixtures/ask.js';
import { librarySchema } from './fixtures/library-schema.js';
import { analyzeQuestion } from './question-analysis.js';
import { buildSchemaIndex } from './schema-index.js';

async function kinds(question: string): Promise<string[]> {
  const index = await buildSchemaIndex(librarySchema(), { synonyms: false });
  const analysis = analyzeQuestion(question, index, TEST_NOW);
  return analysis.items
    .filter((i) => i.kind !== 'stop' && i.kind !== 'punct')
    .map(
      (i) =>
        `${i.kind}:${analysis.tokens
          .slice(i.from, i.to)
          .map((t) => t.text)
          .join(' ')}`,
    );
}

describe('analyzeQuestion', () => {
  it('lays out cues, mentions, literals and dates', async () => {
    expect(await kinds('How many books by Jane Austen were borrowed last month?')).toEqual([
      'cue:How many',
      'mention:books',
      'cue:by',
      'literal:Jane Austen',
      'word:borrowed',
      'date:last month',
    ]);
  });

  it('keeps multi-word proper names with connecting words together', async () => {
    expect(await kinds('members from University of Chicago')).toContain('literal:University of Chicago');
  });

  it('prefers a longer schema mention over a cue inside it', async () => {
    expect(await kinds('the page count of books')).toEqual(['mention:page count', 'mention:books']);
  });

  it('does not take capitalised schema words for values', async () => {
    expect(await kinds('List Books by Genre')).not.toContain('literal:Books');
  });
});
