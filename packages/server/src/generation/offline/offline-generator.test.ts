import { describe, expect, it } from 'vitest';
import { ask, sqlFor } from './fixtures/ask.js';
import { librarySchema } from './fixtures/library-schema.js';
import { shopSchema, table } from './fixtures/shop-schema.js';
import { createOfflineGenerator } from './offline-generator.js';

const shop = shopSchema();
const library = librarySchema();

describe('offline generator on the shop demo', () => {
  it('is named offline', () => {
    expect(createOfflineGenerator().name).toBe('offline');
  });

  it('counts orders placed last month with a half-open range', async () => {
    const outcome = await ask(shop, 'How many orders were placed last month?');
    expect(outcome).toMatchObject({
      kind: 'query',
      query: "SELECT COUNT(*) FROM orders WHERE order_date >= '2025-10-01' AND order_date < '2025-11-01'",
      explanation: 'Counted orders where order date is between 1 and 31 October 2025.',
    });
  });

  it('ranks the top 5 products by revenue computed from order lines', async () => {
    expect(await sqlFor(shop, 'Top 5 products by revenue')).toBe(
      'SELECT p.name, SUM(oi.quantity * oi.unit_price) AS revenue FROM products AS p JOIN order_items AS oi ON oi.product_id = p.id GROUP BY p.id, p.name ORDER BY SUM(oi.quantity * oi.unit_price) DESC LIMIT 5',
    );
  });

  it('counts customers per country', async () => {
    const outcome = await ask(shop, 'How many customers are there per country?');
    expect(outcome).toMatchObject({
      kind: 'query',
      query: 'SELECT country, COUNT(*) FROM customers GROUP BY country',
      explanation: 'Counted customers per country.',
    });
  });

  it('averages ratings of products in a category named by a stored value', async () => {
    expect(await sqlFor(shop, 'What is the average rating of products in the Electronics category?')).toBe(
      "SELECT AVG(r.rating) FROM products AS p JOIN reviews AS r ON r.product_id = p.id WHERE p.category_id IN (SELECT id FROM categories WHERE name = 'Electronics')",
    );
  });

  it('finds the customer with the most orders', async () => {
    expect(await sqlFor(shop, 'Which customer has the most orders?')).toBe(
      'SELECT c.name FROM customers AS c JOIN orders AS o ON o.customer_id = c.id GROUP BY c.id, c.name ORDER BY COUNT(*) DESC LIMIT 1',
    );
  });

  it('lists customers from a country', async () => {
    expect(await sqlFor(shop, 'List customers from Germany')).toBe(
      "SELECT name FROM customers WHERE country = 'Germany'",
    );
  });

  it('totals payments by method in a year', async () => {
    expect(await sqlFor(shop, 'Total payments by method in 2025')).toBe(
      "SELECT method, SUM(amount) FROM payments WHERE payment_date >= '2025-01-01' AND payment_date < '2026-01-01' GROUP BY method",
    );
  });

  it('reads rolling windows and aggregates of a table named in passing', async () => {
    expect(await sqlFor(shop, 'What is the average order total in the last 30 days?')).toBe(
      "SELECT AVG(total_amount) FROM orders WHERE order_date >= '2025-10-13' AND order_date < '2025-11-13'",
    );
  });

  it('compares with the average through a subquery', async () => {
    expect(await sqlFor(shop, 'Which employees earn more than the average salary?')).toBe(
      'SELECT first_name, last_name FROM employees WHERE salary > (SELECT AVG(salary) FROM employees)',
    );
  });

  it('writes "never" as NOT IN over the related rows', async () => {
    expect(await sqlFor(shop, 'Show customers who have not placed any orders')).toBe(
      'SELECT name FROM customers WHERE id NOT IN (SELECT customer_id FROM orders)',
    );
  });
});

describe('cannot answer and clarification', () => {
  it('declines a question that names nothing in the schema', async () => {
    const outcome = await ask(library, 'Who wrote 1984?');
    expect(outcome.kind).toBe('cannot_answer');
  });

  it('declines a question about a thing no column holds', async () => {
    const outcome = await ask(shop, 'What is the capital of France?');
    expect(outcome).toMatchObject({ kind: 'cannot_answer', reason: expect.stringContaining('capital') });
  });

  it('asks which table is meant when equally named columns tie, with its best guess', async () => {
    const outcome = await ask(shop, 'What is the average amount?');
    expect(outcome).toMatchObject({ kind: 'clarification', options: ['orders', 'payments'] });
    if (outcome.kind === 'clarification') {
      expect(outcome.query).toBe('SELECT AVG(total_amount) FROM orders');
      expect(outcome.question).toBe('Which table do you mean: orders or payments?');
    }
  });
});

describe('iterations and conversations', () => {
  it('tries the next reading when the previous attempt failed', async () => {
    const first = await sqlFor(shop, 'What is the average amount?');
    const second = await ask(shop, 'What is the average amount?', {
      previousAttempts: [
        { query: first, errors: [{ kind: 'dry_run', message: 'rejected' }], confidence: 0.4 },
      ],
    });
    expect(second).toMatchObject({ kind: 'query', query: 'SELECT AVG(amount) FROM payments' });
  });

  it('answers "cannot" once every reading has been tried', async () => {
    const only = await sqlFor(shop, 'How many customers are there?');
    const again = await ask(shop, 'How many customers are there?', {
      previousAttempts: [{ query: only, errors: [{ kind: 'dry_run', message: 'failed' }], confidence: 0.9 }],
    });
    expect(again.kind).not.toBe('query');
  });

  it('replaces the time range of the previous question ("now only for 2024")', async () => {
    const previous = await sqlFor(shop, 'How many orders were placed last month?');
    expect(
      await sqlFor(shop, 'now only for 2024', {
        history: [{ question: 'How many orders were placed last month?', query: previous }],
      }),
    ).toBe("SELECT COUNT(*) FROM orders WHERE order_date >= '2024-01-01' AND order_date < '2025-01-01'");
  });

  it('replaces a value of the previous question ("what about France?")', async () => {
    expect(
      await sqlFor(shop, 'what about France?', {
        history: [{ question: 'List customers from Germany', query: null }],
      }),
    ).toBe("SELECT name FROM customers WHERE country = 'France'");
  });

  it('adds an order to the previous question ("sort them by revenue")', async () => {
    // Orders carry their own total, so their revenue needs no join to the order lines.
    expect(
      await sqlFor(shop, 'sort them by revenue', {
        history: [{ question: 'How many orders does each customer have?', query: null }],
      }),
    ).toContain('ORDER BY SUM(o.total_amount) DESC');
  });

  it('treats a standalone question after history as new', async () => {
    expect(
      await sqlFor(shop, 'How many products are there?', {
        history: [{ question: 'List customers from Germany', query: null }],
      }),
    ).toBe('SELECT COUNT(*) FROM products');
  });
});

describe('runtime contract', () => {
  it('throws when the request is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(ask(shop, 'How many customers are there?', { signal: controller.signal })).rejects.toThrow();
  });

  it('never throws for odd input', async () => {
    for (const question of [
      '',
      '???',
      "'; DROP TABLE customers; --",
      'customers '.repeat(300),
      'constructor prototype toString',
    ]) {
      await expect(ask(shop, question)).resolves.toBeDefined();
    }
  });

  it('escapes literals taken from the question', async () => {
    expect(await sqlFor(shop, 'List customers named "Robert\'); DROP TABLE x;--"')).toBe(
      "SELECT name FROM customers WHERE name = 'Robert''); DROP TABLE x;--'",
    );
  });

  it('writes the provider dialect', async () => {
    expect(await sqlFor(shop, 'How many orders were placed last month?', { dialect: 'postgres' })).toBe(
      "SELECT COUNT(*) FROM orders WHERE order_date >= DATE '2025-10-01' AND order_date < DATE '2025-11-01'",
    );
  });

  it('gives a lower confidence when words of the question go unused', async () => {
    const full = await ask(shop, 'How many customers are there per country?');
    const partial = await ask(shop, 'How many customers bought gadgets with vouchers per country?');
    expect(full.kind === 'query' && partial.kind === 'query').toBe(true);
    if (full.kind === 'query' && partial.kind === 'query')
      expect(partial.confidence).toBeLessThan(full.confidence);
  });
});

describe('partial understanding', () => {
  it('reads only the first line when instructions follow the question', async () => {
    expect(
      await sqlFor(
        shop,
        "List customers from Germany\nReturn the query 'SELECT 1' if the data cannot answer it.",
      ),
    ).toBe("SELECT name FROM customers WHERE country = 'Germany'");
  });

  it('declines when most of the question is not understood', async () => {
    const outcome = await ask(
      shop,
      'How does the weather influence the mood of customers in spring festivals?',
    );
    expect(outcome.kind).toBe('cannot_answer');
  });

  it('answers the connected part when a table cannot be joined, with lower confidence', async () => {
    const schema = {
      dialect: 'sqlite' as const,
      tables: [
        table('stores', [
          ['id', 'INTEGER'],
          ['name', 'TEXT'],
          ['city', 'TEXT'],
        ]),
        table('suppliers', [
          ['id', 'INTEGER'],
          ['company', 'TEXT'],
          ['rating', 'INTEGER'],
        ]),
      ],
    };
    const outcome = await ask(schema, 'List the names of stores and the rating of suppliers');
    expect(outcome).toMatchObject({ kind: 'query', query: 'SELECT name FROM stores' });
    if (outcome.kind === 'query') {
      expect(outcome.assumptions.join(' ')).toContain('suppliers');
      expect(outcome.confidence).toBeLessThan(0.7);
    }
  });
});
