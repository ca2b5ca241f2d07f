import { describe, expect, it } from 'vitest';
import { sqlFor } from './fixtures/ask.js';
import { librarySchema } from './fixtures/library-schema.js';
import { schoolSchema } from './fixtures/school-schema.js';
import { shopSchema, table } from './fixtures/shop-schema.js';
import { workshopSchema } from './fixtures/workshop-schema.js';

const library = librarySchema();
const shop = shopSchema();
const school = schoolSchema();

describe('condition rules', () => {
  it('compares a column named before the comparison', async () => {
    expect(await sqlFor(library, 'Which books have a page count over 300?')).toBe(
      'SELECT title FROM books WHERE page_count > 300',
    );
  });

  it('compares a column named after the number ("more than 300 pages")', async () => {
    expect(await sqlFor(library, 'Which books have more than 300 pages?')).toBe(
      'SELECT title FROM books WHERE page_count > 300',
    );
  });

  it('negates a value ("genre is not Poetry")', async () => {
    expect(await sqlFor(library, 'Show the titles of books whose genre is not Poetry')).toBe(
      "SELECT title FROM books WHERE genre != 'Poetry'",
    );
  });

  it('joins alternatives with OR and continues lists of values', async () => {
    expect(await sqlFor(library, 'What are the titles of books published in 2001 or 2002?')).toBe(
      'SELECT title FROM books WHERE publication_year = 2001 OR publication_year = 2002',
    );
    expect(await sqlFor(library, 'Show books with more than 300 pages or published before 1950')).toBe(
      'SELECT title FROM books WHERE page_count > 300 OR publication_year < 1950',
    );
  });

  it('reads year ranges on year columns as numbers', async () => {
    expect(await sqlFor(library, 'Which books were published between 1990 and 2000?')).toBe(
      'SELECT title FROM books WHERE publication_year BETWEEN 1990 AND 2000',
    );
  });

  it('reads substring phrases as LIKE', async () => {
    expect(await sqlFor(library, "List authors whose name contains 'Smith'")).toBe(
      "SELECT full_name FROM authors WHERE full_name LIKE '%Smith%'",
    );
  });

  it('finds the column of a value the data lists, joining to it', async () => {
    expect(await sqlFor(school, 'List the first names of students in the Physics department')).toBe(
      "SELECT s.FirstName FROM Student AS s JOIN Department AS d ON d.DeptNo = s.DeptNo WHERE d.DeptName = 'Physics'",
    );
  });

  it('reads a place after "from" as a location column', async () => {
    expect(await sqlFor(library, 'Show the first and last names of members from Boston')).toBe(
      "SELECT first_name, last_name FROM members WHERE city = 'Boston'",
    );
  });

  it('tests yes/no columns, negated by "not"', async () => {
    expect(await sqlFor(library, 'List the titles of books that have not been returned')).toBe(
      "SELECT b.title FROM books AS b JOIN loans AS l ON l.book_id = b.book_id WHERE l.returned = 'no'",
    );
  });

  it('puts date ranges on the date column of the subject', async () => {
    expect(await sqlFor(library, 'How many members joined in the last 6 months?')).toBe(
      "SELECT COUNT(*) FROM members WHERE joined_on >= '2025-05-12' AND joined_on < '2025-11-13'",
    );
  });

  it('reads an upper-case single letter as the stored value it spells', async () => {
    expect(await sqlFor(school, 'Which students got grade A?')).toBe(
      "SELECT s.FirstName, s.LastName FROM Student AS s JOIN Enrollment AS e ON e.StudentId = s.StudentId WHERE e.Grade = 'A'",
    );
  });

  it('compares with a value stored as text when the column holds numbers as text', async () => {
    expect(await sqlFor(school, 'List students older than 20')).toBe(
      'SELECT FirstName, LastName FROM Student WHERE Age > 20',
    );
  });

  it('reads "both A and B" on one column as an intersection', async () => {
    expect(
      await sqlFor(library, 'What are the names of authors who have written both Fiction and History books?'),
    ).toBe(
      "SELECT a.full_name FROM authors AS a JOIN book_authors AS ba ON ba.author_id = a.author_id JOIN books AS b ON b.book_id = ba.book_id WHERE b.genre = 'Fiction' INTERSECT SELECT a.full_name FROM authors AS a JOIN book_authors AS ba ON ba.author_id = a.author_id JOIN books AS b ON b.book_id = ba.book_id WHERE b.genre = 'History'",
    );
  });

  it('keeps orders of a status from a stored value', async () => {
    expect(await sqlFor(shop, 'How many orders were cancelled?')).toBe(
      "SELECT COUNT(*) FROM orders WHERE status = 'cancelled'",
    );
  });
});

describe('condition rules for lists, comparatives and ages', () => {
  it('reads a comparison written after its number ("3 or more")', async () => {
    expect(await sqlFor(librarySchema(), 'List the genres with 3 or more books')).toBe(
      'SELECT genre FROM books GROUP BY genre HAVING COUNT(*) >= 3',
    );
  });

  it('continues a substring test over a list of values', async () => {
    expect(await sqlFor(librarySchema(), "List books whose title contains 'war' or 'peace'")).toBe(
      "SELECT title FROM books WHERE title LIKE '%war%' OR title LIKE '%peace%'",
    );
  });

  it('reads "N years old" as an age', async () => {
    expect(await sqlFor(schoolSchema(), 'List students who are 20 years old')).toBe(
      'SELECT FirstName, LastName FROM Student WHERE Age = 20',
    );
    expect(await sqlFor(schoolSchema(), 'Show students over 20 years old')).toBe(
      'SELECT FirstName, LastName FROM Student WHERE Age > 20',
    );
  });

  it('reads "fewer X than" around the column', async () => {
    expect(await sqlFor(librarySchema(), 'Which books have fewer pages than the average?')).toBe(
      'SELECT title FROM books WHERE page_count < (SELECT AVG(page_count) FROM books)',
    );
  });

  it('negates a value after "not" and a verb', async () => {
    expect(await sqlFor(librarySchema(), 'Which members are not from Boston?')).toBe(
      "SELECT first_name, last_name FROM members WHERE city != 'Boston'",
    );
  });
});

describe('condition rules for ranges, groups and codes', () => {
  it('reads "between N and M" before the column', async () => {
    expect(await sqlFor(librarySchema(), 'Which books have between 100 and 300 pages?')).toBe(
      'SELECT title FROM books WHERE page_count BETWEEN 100 AND 300',
    );
  });

  it('reads "greater than or equal to"', async () => {
    expect(await sqlFor(librarySchema(), 'Which books have a page count greater than or equal to 300?')).toBe(
      'SELECT title FROM books WHERE page_count >= 300',
    );
  });

  it('reads a condition on an aggregate as HAVING over the projected groups', async () => {
    expect(await sqlFor(librarySchema(), 'List the genres whose average page count is above 300')).toBe(
      'SELECT genre FROM books GROUP BY genre HAVING AVG(page_count) > 300',
    );
  });

  it('matches words for a sex to the codes a column stores', async () => {
    expect(await sqlFor(schoolSchema(), 'What is the average age of female students?')).toBe(
      "SELECT AVG(Age) FROM Student WHERE Sex = 'F'",
    );
  });
});

describe('comparisons with counts, measuring verbs and quantifiers (workshop schema)', () => {
  const workshop = workshopSchema();

  it('counts a related table after "at least N" even when the verb before it resembles a column', async () => {
    expect(await sqlFor(workshop, 'Which mechanics completed at least 3 repairs?')).toBe(
      'SELECT m.mechanic_name FROM mechanics AS m JOIN repairs AS r ON r.mechanic_id = m.mechanic_id GROUP BY m.mechanic_id, m.mechanic_name HAVING COUNT(*) >= 3',
    );
  });

  it('reads the measure from a verb ("cost more than the mean", "earn more than")', async () => {
    expect(await sqlFor(workshop, 'Which repairs cost more than the average?')).toBe(
      'SELECT repair_id FROM repairs WHERE cost > (SELECT AVG(cost) FROM repairs)',
    );
    expect(await sqlFor(workshop, 'Which mechanics earn more than 3000?')).toBe(
      'SELECT mechanic_name FROM mechanics WHERE salary > 3000',
    );
  });

  it('compares with the largest value for "than all" and the smallest for "than some"', async () => {
    expect(
      await sqlFor(
        workshop,
        "Find mechanics whose salary is greater than all mechanics with specialty 'paint'.",
      ),
    ).toBe(
      "SELECT mechanic_name FROM mechanics WHERE salary > (SELECT MAX(salary) FROM mechanics WHERE specialty = 'paint')",
    );
    expect(
      await sqlFor(
        workshop,
        "Find mechanics whose salary is greater than some mechanics with specialty 'paint'.",
      ),
    ).toBe(
      "SELECT mechanic_name FROM mechanics WHERE salary > (SELECT MIN(salary) FROM mechanics WHERE specialty = 'paint')",
    );
  });
});

describe('postfix comparisons, row counts and "free of" (workshop schema)', () => {
  const workshop = workshopSchema();

  it('applies "or later" / "or more" written after a year or a number', async () => {
    expect(await sqlFor(workshop, 'Which repairs were completed in 2019 or later?')).toBe(
      'SELECT repair_id FROM repairs WHERE completed_year >= 2019',
    );
    expect(await sqlFor(workshop, 'Which repairs were completed in year 2019 or later?')).toBe(
      'SELECT repair_id FROM repairs WHERE completed_year >= 2019',
    );
  });

  it('keeps "the 3 X" rows when a superlative follows (regression: limit was 1)', async () => {
    expect(await sqlFor(workshop, 'What are the names for the 3 mechanics with the highest salary?')).toBe(
      'SELECT mechanic_name FROM mechanics ORDER BY salary DESC LIMIT 3',
    );
  });

  it('reads "free of" as a negation', async () => {
    expect(await sqlFor(workshop, 'How many workshops are free of inspections?')).toBe(
      'SELECT COUNT(*) FROM workshops WHERE workshop_id NOT IN (SELECT workshop_id FROM inspections)',
    );
  });
});

describe('how often related rows occur (workshop schema)', () => {
  const workshop = workshopSchema();

  it('reads "inspected at least twice" as a count of the related rows the verb names', async () => {
    expect(await sqlFor(workshop, 'Which workshops were inspected at least twice?')).toBe(
      'SELECT w.workshop_name FROM workshops AS w JOIN inspections AS i ON i.workshop_id = w.workshop_id GROUP BY w.workshop_id, w.workshop_name HAVING COUNT(*) >= 2',
    );
  });

  it('reads "more than 3 times" over the subject\'s own rows as a count per projected value', async () => {
    expect(await sqlFor(workshop, 'Which specialties appear more than 3 times?')).toBe(
      'SELECT specialty FROM mechanics GROUP BY specialty HAVING COUNT(*) > 3',
    );
  });
});

describe('numbers after a column (workshop schema)', () => {
  const workshop = workshopSchema();

  it('reads "between 1000 and 2000" even when a bound looks like a year', async () => {
    expect(await sqlFor(workshop, 'Which mechanics have a salary between 1000 and 2000?')).toBe(
      'SELECT mechanic_name FROM mechanics WHERE salary BETWEEN 1000 AND 2000',
    );
  });

  it('reads "whose salary is not 3000" as a denied value (regression: the condition was dropped)', async () => {
    expect(await sqlFor(workshop, 'Which mechanics have salary not 3000?')).toBe(
      'SELECT mechanic_name FROM mechanics WHERE salary != 3000',
    );
  });

  it('keeps a bare number a value when a column name contains that digit (regression)', async () => {
    const schema = workshopSchema();
    schema.tables.push(
      table(
        'addresses',
        [
          ['address_id', 'INTEGER'],
          ['line_1_street', 'TEXT'],
        ],
        [],
        ['address_id'],
      ),
    );
    expect(await sqlFor(schema, 'Show the title of the manual with id 1.')).toBe(
      'SELECT title FROM manuals WHERE manual_id = 1',
    );
  });
});
