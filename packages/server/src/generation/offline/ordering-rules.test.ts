import { describe, expect, it } from 'vitest';
import { sqlFor } from './fixtures/ask.js';
import { librarySchema } from './fixtures/library-schema.js';
import { schoolSchema } from './fixtures/school-schema.js';
import { shopSchema } from './fixtures/shop-schema.js';
import { workshopSchema } from './fixtures/workshop-schema.js';

const library = librarySchema();
const shop = shopSchema();
const school = schoolSchema();

describe('grouping, ordering and superlatives', () => {
  it('groups by a column ("per", "for each", "by")', async () => {
    expect(await sqlFor(library, 'Count the books per genre')).toBe(
      'SELECT genre, COUNT(*) FROM books GROUP BY genre',
    );
  });

  it('groups by a related table through its key and shows its name', async () => {
    expect(await sqlFor(school, 'How many students are there in every department?')).toBe(
      'SELECT d.DeptName, COUNT(*) FROM Student AS s JOIN Department AS d ON d.DeptNo = s.DeptNo GROUP BY d.DeptNo, d.DeptName',
    );
  });

  it('does not group when nothing is counted ("the name of each author")', async () => {
    expect(await sqlFor(library, 'List the full name of each author')).toBe('SELECT full_name FROM authors');
  });

  it('orders by a column with the stated direction', async () => {
    expect(await sqlFor(school, 'List the class names ordered by credits descending')).toBe(
      'SELECT ClassName FROM Class ORDER BY Credits DESC',
    );
  });

  it('reads "the most X" as a count of related rows per subject row', async () => {
    expect(await sqlFor(library, 'Which author wrote the most books?')).toBe(
      'SELECT a.full_name FROM authors AS a JOIN book_authors AS ba ON ba.author_id = a.author_id GROUP BY a.author_id, a.full_name ORDER BY COUNT(*) DESC LIMIT 1',
    );
  });

  it('reads "the most common X" as the most frequent value', async () => {
    expect(await sqlFor(library, 'What is the most common genre?')).toBe(
      'SELECT genre FROM books GROUP BY genre ORDER BY COUNT(*) DESC LIMIT 1',
    );
  });

  it('reads "with the most pages" as the row with the highest measure', async () => {
    expect(await sqlFor(library, 'What is the title of the book with the most pages?')).toBe(
      'SELECT title FROM books ORDER BY page_count DESC LIMIT 1',
    );
  });

  it('reads measurable adjectives through their dimension, also inverted ("oldest" = earliest birth)', async () => {
    expect(await sqlFor(library, 'What are the 3 longest books?')).toBe(
      'SELECT title FROM books ORDER BY page_count DESC LIMIT 3',
    );
    expect(await sqlFor(library, 'Who is the oldest author?')).toBe(
      'SELECT full_name FROM authors ORDER BY birth_year ASC LIMIT 1',
    );
    expect(await sqlFor(shop, 'Show the 3 most expensive products')).toBe(
      'SELECT name FROM products ORDER BY price DESC LIMIT 3',
    );
  });

  it("groups the projected column when the subject's own rows are counted", async () => {
    expect(await sqlFor(library, 'List the genres that have at least 5 books')).toBe(
      'SELECT genre FROM books GROUP BY genre HAVING COUNT(*) >= 5',
    );
    expect(await sqlFor(library, 'Which city has the most members?')).toBe(
      'SELECT city FROM members GROUP BY city ORDER BY COUNT(*) DESC LIMIT 1',
    );
  });

  it('keeps groups with a count of related rows (HAVING)', async () => {
    expect(await sqlFor(library, 'Find members who have borrowed more than 3 books')).toBe(
      'SELECT m.first_name, m.last_name FROM members AS m JOIN loans AS l ON l.member_id = m.member_id GROUP BY m.member_id, m.first_name, m.last_name HAVING COUNT(*) > 3',
    );
  });

  it('computes revenue per group from order lines', async () => {
    expect(await sqlFor(shop, 'What is the revenue per category?')).toBe(
      'SELECT c.name, SUM(oi.quantity * oi.unit_price) AS revenue FROM categories AS c JOIN products AS p ON p.category_id = c.id JOIN order_items AS oi ON oi.product_id = p.id GROUP BY c.id, c.name',
    );
  });
});

describe('counts listed after the head (workshop schema)', () => {
  const workshop = workshopSchema();

  it('reads "and the number of X" after the head as a count of related rows per subject row', async () => {
    expect(await sqlFor(workshop, 'Show the name of each workshop and the number of mechanics.')).toBe(
      'SELECT w.workshop_name, COUNT(*) FROM workshops AS w JOIN mechanics AS m ON m.workshop_id = w.workshop_id GROUP BY w.workshop_id, w.workshop_name',
    );
  });

  it('groups by a projected foreign key instead of joining the table it points at', async () => {
    expect(
      await sqlFor(workshop, 'Show all workshop ids and the number of mechanics in each workshop.'),
    ).toBe('SELECT workshop_id, COUNT(*) FROM mechanics GROUP BY workshop_id');
  });

  it('reads "Order the result by" in a second sentence', async () => {
    expect(
      await sqlFor(
        workshop,
        'Show the name of each workshop and the number of mechanics. Order the result by the number of mechanics.',
      ),
    ).toBe(
      'SELECT w.workshop_name, COUNT(*) FROM workshops AS w JOIN mechanics AS m ON m.workshop_id = w.workshop_id GROUP BY w.workshop_id, w.workshop_name ORDER BY COUNT(*) ASC',
    );
  });

  it('reads "most widely used" as the most frequent value', async () => {
    expect(await sqlFor(workshop, 'Which specialty is most widely used?')).toBe(
      'SELECT specialty FROM mechanics GROUP BY specialty ORDER BY COUNT(*) DESC LIMIT 1',
    );
  });
});

describe('superlatives over a qualified table (workshop schema)', () => {
  it('skips a qualifying word between "the most" and the table counted', async () => {
    expect(await sqlFor(workshopSchema(), 'Which workshop has the most qualified mechanics?')).toBe(
      'SELECT w.workshop_name FROM workshops AS w JOIN mechanics AS m ON m.workshop_id = w.workshop_id GROUP BY w.workshop_id, w.workshop_name ORDER BY COUNT(*) DESC LIMIT 1',
    );
  });
});

describe('counts over a many-to-many relation', () => {
  it('counts the bridge rows without joining the far table when none of its columns is used', async () => {
    expect(await sqlFor(library, 'Show the full names of authors and the number of books they wrote.')).toBe(
      'SELECT a.full_name, COUNT(*) FROM authors AS a JOIN book_authors AS ba ON ba.author_id = a.author_id GROUP BY a.author_id, a.full_name',
    );
  });

  it('still joins the far table when a column of it is used', async () => {
    expect(
      await sqlFor(
        library,
        "Show the full names of authors and the number of books they wrote in the 'Poetry' genre.",
      ),
    ).toContain('JOIN books AS b');
  });
});

describe('"the top N" followed by a measure (workshop schema)', () => {
  it('orders by the measure named after "top N"', async () => {
    expect(await sqlFor(workshopSchema(), 'List the ids of the repairs with the top 3 costs.')).toBe(
      'SELECT repair_id FROM repairs ORDER BY cost DESC LIMIT 3',
    );
  });
});

describe('"the most" of a measure on related rows (workshop schema)', () => {
  const workshop = workshopSchema();

  it('sums the measure of the related rows per subject row', async () => {
    expect(await sqlFor(workshop, 'Which mechanic has the most cost?')).toBe(
      'SELECT m.mechanic_name FROM mechanics AS m JOIN repairs AS r ON r.mechanic_id = m.mechanic_id GROUP BY m.mechanic_id, m.mechanic_name ORDER BY SUM(r.cost) DESC LIMIT 1',
    );
  });

  it('keeps "the highest X" as the row with the highest value', async () => {
    expect(await sqlFor(workshop, 'Which workshop has the highest salary?')).toBe(
      'SELECT w.workshop_name FROM workshops AS w JOIN mechanics AS m ON m.workshop_id = w.workshop_id ORDER BY m.salary DESC LIMIT 1',
    );
  });
});
