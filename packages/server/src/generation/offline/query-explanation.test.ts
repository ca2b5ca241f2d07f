import { describe, expect, it } from 'vitest';
import { ask } from './fixtures/ask.js';
import { librarySchema } from './fixtures/library-schema.js';
import { shopSchema } from './fixtures/shop-schema.js';

async function explanation(schema: ReturnType<typeof shopSchema>, question: string): Promise<string> {
  const outcome = await ask(schema, question);
  if (outcome.kind !== 'query') throw new Error(outcome.kind);
  return outcome.explanation;
}

describe('explainQuery', () => {
  it('says what was counted, over which period, grouped how', async () => {
    expect(await explanation(shopSchema(), 'How many customers are there per country?')).toBe(
      'Counted customers per country.',
    );
    expect(await explanation(shopSchema(), 'How many orders were placed last month?')).toBe(
      'Counted orders where order date is between 1 and 31 October 2025.',
    );
  });

  it('names computed measures by their alias and the row they belong to', async () => {
    expect(await explanation(shopSchema(), 'Top 5 products by revenue')).toBe(
      'Computed the revenue per product, sorted by revenue from highest to lowest, keeping the first 5 rows.',
    );
  });

  it('describes subqueries in words', async () => {
    expect(await explanation(librarySchema(), 'List members who have never borrowed a book')).toBe(
      'Listed the first name, last name of members where they have no books.',
    );
    expect(await explanation(shopSchema(), 'Which employees earn more than the average salary?')).toBe(
      'Listed the first name, last name of employees where salary is above the average salary of all employees.',
    );
  });
});
