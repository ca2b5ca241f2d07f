import { describe, expect, it } from 'vitest';
import { sqlFor } from './fixtures/ask.js';
import { librarySchema } from './fixtures/library-schema.js';
import { shopSchema } from './fixtures/shop-schema.js';

describe('query assembly', () => {
  it('reads "the highest X and the Y" as the Y of the row with the highest X', async () => {
    expect(
      await sqlFor(
        librarySchema(),
        'What is the maximum page count and the title of books in the Poetry genre?',
      ),
    ).toBe("SELECT page_count, title FROM books WHERE genre = 'Poetry' ORDER BY page_count DESC LIMIT 1");
  });

  it('filters aggregates by related rows with IN, so rows are not counted twice', async () => {
    expect(await sqlFor(shopSchema(), 'How many customers have written reviews?')).toBe(
      'SELECT COUNT(*) FROM customers WHERE id IN (SELECT customer_id FROM reviews)',
    );
  });

  it('groups plain columns shown next to aggregates', async () => {
    expect(await sqlFor(shopSchema(), 'Show each status and the number of orders')).toBe(
      'SELECT status, COUNT(*) FROM orders GROUP BY status',
    );
  });

  it('shows the name of each group when grouping by the subject', async () => {
    expect(await sqlFor(shopSchema(), 'Top 3 customers by revenue')).toMatch(/^SELECT c\.name, SUM\(/);
  });
});

describe('set operations', () => {
  it('intersects two conditions no single row can meet', async () => {
    expect(
      await sqlFor(
        librarySchema(),
        'Which genres have books published before 1950 and books published after 2000?',
      ),
    ).toBe(
      'SELECT genre FROM books WHERE publication_year < 1950 INTERSECT SELECT genre FROM books WHERE publication_year > 2000',
    );
  });

  it('unites a group condition with a row condition joined by "or"', async () => {
    expect(await sqlFor(librarySchema(), 'List authors with more than 3 books or born after 1980')).toBe(
      'SELECT a.full_name FROM authors AS a JOIN book_authors AS ba ON ba.author_id = a.author_id JOIN books AS b ON b.book_id = ba.book_id GROUP BY a.author_id, a.full_name HAVING COUNT(*) > 3 UNION SELECT full_name FROM authors WHERE birth_year > 1980',
    );
  });
});
