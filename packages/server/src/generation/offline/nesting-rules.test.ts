import { describe, expect, it } from 'vitest';
import { sqlFor } from './fixtures/ask.js';
import { librarySchema } from './fixtures/library-schema.js';
import { schoolSchema } from './fixtures/school-schema.js';
import { shopSchema } from './fixtures/shop-schema.js';
import { workshopSchema } from './fixtures/workshop-schema.js';

describe('nested queries', () => {
  it('reads "never" through a bridge table as NOT IN', async () => {
    expect(await sqlFor(librarySchema(), 'List members who have never borrowed a book')).toBe(
      'SELECT first_name, last_name FROM members WHERE member_id NOT IN (SELECT l.member_id FROM loans AS l JOIN books AS b ON b.book_id = l.book_id)',
    );
  });

  it('reads "not … any" over inferred keys', async () => {
    expect(await sqlFor(schoolSchema(), 'List students who are not enrolled in any class')).toBe(
      'SELECT FirstName, LastName FROM Student WHERE StudentId NOT IN (SELECT e.StudentId FROM Enrollment AS e JOIN Class AS c ON c.ClassCode = e.ClassCode)',
    );
  });

  it('puts conditions on the related rows inside the subquery', async () => {
    expect(await sqlFor(shopSchema(), 'Which customers have no orders with status shipped?')).toBe(
      "SELECT name FROM customers WHERE id NOT IN (SELECT customer_id FROM orders WHERE status = 'shipped')",
    );
  });

  it('compares with an aggregate of the whole table', async () => {
    expect(await sqlFor(librarySchema(), 'Which books have fewer pages than the average?')).toBe(
      'SELECT title FROM books WHERE page_count < (SELECT AVG(page_count) FROM books)',
    );
  });
});

describe('negated existence (workshop schema)', () => {
  const workshop = workshopSchema();

  it('keeps the head column\'s table as the subject when the table after "without" is denied', async () => {
    expect(await sqlFor(workshop, 'Show the mechanic names without a repair.')).toBe(
      'SELECT mechanic_name FROM mechanics WHERE mechanic_id NOT IN (SELECT mechanic_id FROM repairs)',
    );
    expect(await sqlFor(workshop, 'Show mechanic ids who do not have any repairs.')).toBe(
      'SELECT mechanic_id FROM mechanics WHERE mechanic_id NOT IN (SELECT mechanic_id FROM repairs)',
    );
  });

  it('reads "never been inspected" as the absence of rows in the table whose column the verb names', async () => {
    expect(await sqlFor(workshop, 'Which workshops have never been inspected?')).toBe(
      'SELECT workshop_name FROM workshops WHERE workshop_id NOT IN (SELECT workshop_id FROM inspections)',
    );
  });
});
