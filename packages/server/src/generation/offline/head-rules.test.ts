import { describe, expect, it } from 'vitest';
import { ask, sqlFor } from './fixtures/ask.js';
import { librarySchema } from './fixtures/library-schema.js';
import { shopSchema } from './fixtures/shop-schema.js';
import { workshopSchema } from './fixtures/workshop-schema.js';

const library = librarySchema();
const shop = shopSchema();

describe('head rules: what the question asks for', () => {
  it('returns the columns listed before the subject', async () => {
    expect(await sqlFor(library, 'What are the titles and genres of books?')).toBe(
      'SELECT title, genre FROM books',
    );
  });

  it('shows the name of an entity when no column is asked for', async () => {
    expect(await sqlFor(library, 'List the books in alphabetical order')).toBe(
      'SELECT title FROM books ORDER BY title ASC',
    );
    expect(await sqlFor(shop, 'List customers from Germany')).toBe(
      "SELECT name FROM customers WHERE country = 'Germany'",
    );
  });

  it('shows first and last name together for people', async () => {
    expect(await sqlFor(shop, 'Which employees earn more than 5000?')).toBe(
      'SELECT first_name, last_name FROM employees WHERE salary > 5000',
    );
  });

  it('applies listed aggregates to the column after them', async () => {
    expect(await sqlFor(library, 'What is the average, minimum and maximum page count of books?')).toBe(
      'SELECT AVG(page_count), MIN(page_count), MAX(page_count) FROM books',
    );
  });

  it('counts distinct values for "how many different"', async () => {
    expect(await sqlFor(library, 'How many different genres are there?')).toBe(
      'SELECT COUNT(DISTINCT genre) FROM books',
    );
  });

  it('reads "average number of pages" as the average of a measure', async () => {
    expect(await sqlFor(library, 'What is the average number of pages per genre?')).toBe(
      'SELECT genre, AVG(page_count) FROM books GROUP BY genre',
    );
  });

  it('reads a superlative before a measure as its maximum', async () => {
    expect(await sqlFor(shop, 'What is the highest price?')).toBe('SELECT MAX(price) FROM products');
  });

  it('aggregates the measure of a table named as a whole ("total payments")', async () => {
    expect(await sqlFor(shop, 'What is the total of all payments?')).toBe('SELECT SUM(amount) FROM payments');
  });

  it('answers "when" with a date column', async () => {
    expect(await sqlFor(library, 'When did member "Ann Lee" join?')).toMatch(
      /^SELECT joined_on FROM members WHERE/,
    );
  });

  it('takes the last noun of a compound as the subject ("member loans")', async () => {
    expect(await sqlFor(library, 'How many member loans are there?')).toBe('SELECT COUNT(*) FROM loans');
  });
});

describe('head rules for names and whole rows', () => {
  it('reads "full names" of people as first and last name', async () => {
    expect(await sqlFor(librarySchema(), 'What are the full names of members?')).toBe(
      'SELECT first_name, last_name FROM members',
    );
  });

  it('reads "all the information" as every column', async () => {
    expect(await sqlFor(librarySchema(), 'Show all the information about members from Boston')).toBe(
      "SELECT member_id, first_name, last_name, city, joined_on FROM members WHERE city = 'Boston'",
    );
  });
});

describe('head rules for counting columns', () => {
  it('counts different values when asked how many exist', async () => {
    expect(await sqlFor(librarySchema(), 'How many genres are there?')).toBe(
      'SELECT COUNT(DISTINCT genre) FROM books',
    );
  });

  it('sums a measure asked as a "total number"', async () => {
    expect(await sqlFor(librarySchema(), 'What is the total number of pages of all books?')).toBe(
      'SELECT SUM(page_count) FROM books',
    );
  });

  it('skips a preposition before "which"', async () => {
    expect(await sqlFor(librarySchema(), 'For which genres are there more than 2 books?')).toBe(
      'SELECT genre FROM books GROUP BY genre HAVING COUNT(*) > 2',
    );
  });
});

describe('subject and name columns (workshop schema)', () => {
  const workshop = workshopSchema();

  it('prefers the table that owns a key over a table that copies it as a foreign key', async () => {
    const outcome = await ask(workshop, 'What are all tool codes?');
    expect(outcome.kind).toBe('query');
    expect(await sqlFor(workshop, 'What are all tool codes?')).toBe('SELECT tool_code FROM tools');
  });

  it("reads the names of a table without a name column as its title, not another table's name", async () => {
    expect(await sqlFor(workshop, 'What are the names of all manuals?')).toBe('SELECT title FROM manuals');
  });
});

describe('operators before a table that names whose column follows (workshop schema)', () => {
  const workshop = workshopSchema();

  it('applies "the number of distinct" to the column after the table word', async () => {
    expect(await sqlFor(workshop, 'Count the number of distinct mechanic specialties.')).toBe(
      'SELECT COUNT(DISTINCT specialty) FROM mechanics',
    );
    expect(await sqlFor(workshop, 'What is the average mechanic salary?')).toBe(
      'SELECT AVG(salary) FROM mechanics',
    );
  });

  it('keeps counting the rows when a verb follows the table ("the number of repairs completed")', async () => {
    expect(await sqlFor(workshop, 'How many repairs completed in 2020 are there?')).not.toContain('DISTINCT');
  });
});

describe('owners after "of" (workshop schema)', () => {
  it('does not show the owner read through a key column ("the weights of parts of suppliers")', async () => {
    expect(await sqlFor(workshopSchema(), 'What are the weights of parts of suppliers?')).toBe(
      'SELECT weight FROM parts',
    );
  });
});

describe('counting distinct values (workshop schema)', () => {
  const workshop = workshopSchema();

  it('reads "In how many different X …" as a count of distinct values', async () => {
    expect(await sqlFor(workshop, 'In how many different cities are workshops located?')).toBe(
      'SELECT COUNT(DISTINCT city) FROM workshops',
    );
  });

  it('distributes "the numbers of different" over every listed column, text ones included', async () => {
    expect(await sqlFor(workshop, 'Find the numbers of different specialties and salaries.')).toBe(
      'SELECT COUNT(DISTINCT specialty), COUNT(DISTINCT salary) FROM mechanics',
    );
  });
});

describe('lists of columns before a place (workshop schema)', () => {
  const workshop = workshopSchema();

  it('keeps a listed column when a value of another column follows "in" (regression: it was dropped)', async () => {
    expect(await sqlFor(workshop, 'What are the workshop names and number of bays in Leeds?')).toBe(
      "SELECT workshop_name, number_bays FROM workshops WHERE city = 'Leeds'",
    );
  });

  it("groups the listed values when the subject's rows are counted next to them", async () => {
    expect(
      await sqlFor(
        workshop,
        'Show the car models and the corresponding number of repairs sorted by the number of repairs.',
      ),
    ).toBe('SELECT car_model, COUNT(*) FROM repairs GROUP BY car_model ORDER BY COUNT(*) ASC');
  });

  it('reads the names of a table without a name column as its title even when other tables have first names', async () => {
    expect(await sqlFor(workshop, 'What are the names of all manuals?')).toBe('SELECT title FROM manuals');
  });
});
