import { describe, expect, it } from 'vitest';
import { sqlFor } from './fixtures/ask.js';
import { librarySchema } from './fixtures/library-schema.js';
import { shopSchema } from './fixtures/shop-schema.js';

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
