import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_QUESTIONS } from './demo-questions.js';
import { generateDemoDatabase } from './generate-demo-database.js';

/**
 * A hand-written answer to every demo question, run against a generated database: each must
 * return a non-empty, non-zero answer, which shows the data supports the question. `:today`
 * stands for the generator's `now` so relative dates are stable.
 */
const REFERENCE_SQL: Record<string, string> = {
  'How many orders were placed last month?': `SELECT count(*) FROM orders
    WHERE order_date >= date(:today, 'start of month', '-1 month') AND order_date < date(:today, 'start of month')`,
  'Top 5 products by revenue': `SELECT p.name, sum(i.quantity * i.unit_price) AS revenue FROM order_items i
    JOIN products p ON p.id = i.product_id GROUP BY p.id ORDER BY revenue DESC LIMIT 5`,
  'How many customers are there per country?': 'SELECT country, count(*) FROM customers GROUP BY country',
  'What is the average rating of products in the Electronics category?': `SELECT avg(r.rating) FROM reviews r
    JOIN products p ON p.id = r.product_id JOIN categories c ON c.id = p.category_id
    LEFT JOIN categories parent ON parent.id = c.parent_id WHERE 'Electronics' IN (c.name, parent.name)`,
  'What was the total revenue this year?': `SELECT sum(total_amount) FROM orders
    WHERE order_date >= date(:today, 'start of year') AND status NOT IN ('cancelled', 'returned')`,
  'Show monthly revenue for the last 12 months': `SELECT strftime('%Y-%m', order_date) AS month, sum(total_amount)
    FROM orders WHERE order_date >= date(:today, 'start of month', '-11 months') GROUP BY month`,
  'Which 10 customers spent the most?': `SELECT c.first_name, c.last_name, sum(o.total_amount) AS spent FROM orders o
    JOIN customers c ON c.id = o.customer_id GROUP BY c.id ORDER BY spent DESC LIMIT 10`,
  'How many orders were cancelled or returned last quarter?': `SELECT count(*) FROM orders
    WHERE status IN ('cancelled', 'returned')
      AND order_date >= date(:today, 'start of month', printf('-%d months', (cast(strftime('%m', :today) AS integer) - 1) % 3 + 3))
      AND order_date < date(:today, 'start of month', printf('-%d months', (cast(strftime('%m', :today) AS integer) - 1) % 3))`,
  'What is the average order value by customer segment?': `SELECT c.segment, avg(o.total_amount) FROM orders o
    JOIN customers c ON c.id = o.customer_id GROUP BY c.segment`,
  'Which payment methods are used most often?':
    'SELECT method, count(*) AS uses FROM payments GROUP BY method ORDER BY uses DESC',
  'Which products are out of stock?': 'SELECT name FROM products WHERE stock = 0',
  'How many new customers signed up each month this year?': `SELECT strftime('%Y-%m', created_at) AS month, count(*)
    FROM customers WHERE created_at >= date(:today, 'start of year') GROUP BY month`,
  'Which sales representative handled the most orders?': `SELECT e.first_name, e.last_name, count(*) AS handled FROM orders o
    JOIN employees e ON e.id = o.employee_id GROUP BY e.id ORDER BY handled DESC LIMIT 1`,
  'What are the 5 best-selling categories by units sold?': `SELECT c.name, sum(i.quantity) AS units FROM order_items i
    JOIN products p ON p.id = i.product_id JOIN categories c ON c.id = p.category_id GROUP BY c.id ORDER BY units DESC LIMIT 5`,
  'Which products have an average rating below 3?': `SELECT p.name, avg(r.rating) AS rating FROM reviews r
    JOIN products p ON p.id = r.product_id GROUP BY p.id HAVING avg(r.rating) < 3`,
  'How many employees report to each manager?': `SELECT m.first_name, m.last_name, count(*) FROM employees e
    JOIN employees m ON m.id = e.manager_id GROUP BY m.id`,
};

describe('DEMO_QUESTIONS', () => {
  let root: string;
  let database: Database.Database;
  // Early in a year on purpose: "this year" then covers only a few weeks.
  const today = '2025-02-03';

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'text2x-questions-'));
    const { path } = await generateDemoDatabase({
      path: join(root, 'demo.db'),
      now: new Date(`${today}T08:00:00Z`),
    });
    database = new Database(path, { readonly: true });
  });

  afterAll(() => {
    database.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('holds about fifteen distinct, non-empty questions', () => {
    expect(DEMO_QUESTIONS.length).toBeGreaterThanOrEqual(12);
    expect(DEMO_QUESTIONS.length).toBeLessThanOrEqual(20);
    expect(new Set(DEMO_QUESTIONS).size).toBe(DEMO_QUESTIONS.length);
    expect(DEMO_QUESTIONS.every((question) => question.trim().length > 10)).toBe(true);
  });

  it.each(DEMO_QUESTIONS.map((question) => [question]))('has data to answer "%s"', (question) => {
    const sql = REFERENCE_SQL[question];
    expect(sql, 'every demo question needs a reference query in this test').toBeDefined();
    const statement = database.prepare(sql ?? '').raw();
    const rows = (sql?.includes(':today') ? statement.all({ today }) : statement.all()) as unknown[][];
    expect(rows.length).toBeGreaterThan(0);
    const first = rows[0] ?? [];
    expect(first.every((value) => value !== null && value !== 0)).toBe(true);
  });
});
