import { describe, expect, it } from 'vitest';
import { sqlFor } from './fixtures/ask.js';
import { librarySchema } from './fixtures/library-schema.js';

const library = librarySchema();

describe('interpretQuestion', () => {
  it('reads a leading clause of conditions before the question', async () => {
    expect(await sqlFor(library, 'For the books of 2001, which one has the most pages?')).toBe(
      'SELECT title FROM books WHERE publication_year = 2001 ORDER BY page_count DESC LIMIT 1',
    );
    expect(await sqlFor(library, 'In 2001, how many books were published?')).toBe(
      'SELECT COUNT(*) FROM books WHERE publication_year = 2001',
    );
  });

  it('takes the columns of a second sentence that restates what to return', async () => {
    expect(await sqlFor(library, 'How many books does each genre have? List the genre and the count.')).toBe(
      'SELECT genre, COUNT(*) FROM books GROUP BY genre',
    );
  });

  it('reads "For each X," before the question as a grouping', async () => {
    expect(await sqlFor(library, 'For each genre, what is the average page count?')).toBe(
      'SELECT genre, AVG(page_count) FROM books GROUP BY genre',
    );
  });

  it('returns nothing when no table can be the subject', async () => {
    const { analyzeQuestion } = await import('./question-analysis.js');
    const { interpretQuestion } = await import('./question-interpreter.js');
    const { buildSchemaIndex } = await import('./schema-index.js');
    const index = await buildSchemaIndex(library, { synonyms: false });
    expect(interpretQuestion(analyzeQuestion('What is love?', index, new Date()), index)).toBeUndefined();
  });
});
