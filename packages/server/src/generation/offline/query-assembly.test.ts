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
