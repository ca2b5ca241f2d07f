import { describe, expect, it } from 'vitest';
import { sqlFor } from './fixtures/ask.js';
import { librarySchema } from './fixtures/library-schema.js';
import { shopSchema } from './fixtures/shop-schema.js';
import { workshopSchema } from './fixtures/workshop-schema.js';

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
    expect(await sqlFor(shopSchema(), 'What is the average price of products that have reviews?')).toBe(
      'SELECT AVG(price) FROM products WHERE id IN (SELECT product_id FROM reviews)',
    );
  });

  it('counts rows that have related rows as the distinct keys among the related rows', async () => {
    expect(await sqlFor(shopSchema(), 'How many customers have written reviews?')).toBe(
      'SELECT COUNT(DISTINCT customer_id) FROM reviews',
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
      'SELECT a.full_name FROM authors AS a JOIN book_authors AS ba ON ba.author_id = a.author_id GROUP BY a.author_id, a.full_name HAVING COUNT(*) > 3 UNION SELECT full_name FROM authors WHERE birth_year > 1980',
    );
  });
});

describe('EXCEPT for denied values shared by many rows (workshop schema)', () => {
  it('removes every value that has a denied row instead of keeping the other rows', async () => {
    expect(await sqlFor(workshopSchema(), "Which cities do not have a workshop named 'Speedy'?")).toBe(
      "SELECT city FROM workshops EXCEPT SELECT city FROM workshops WHERE workshop_name = 'Speedy'",
    );
  });
});

describe('denied values that describe the row itself (workshop schema)', () => {
  it('keeps != when the question says what the row is not, not what it lacks', async () => {
    expect(await sqlFor(workshopSchema(), "Which cities have workshops whose name is not 'Speedy'?")).toBe(
      "SELECT city FROM workshops WHERE workshop_name != 'Speedy'",
    );
  });
});

describe('counting rows through a key they hold (workshop schema)', () => {
  it('keeps IN when the subject points at the related table (regression: counted distinct keys of the other table)', async () => {
    expect(await sqlFor(workshopSchema(), 'How many mechanics work in workshops in Leeds?')).toBe(
      "SELECT COUNT(*) FROM mechanics WHERE workshop_id IN (SELECT workshop_id FROM workshops WHERE city = 'Leeds')",
    );
  });
});
