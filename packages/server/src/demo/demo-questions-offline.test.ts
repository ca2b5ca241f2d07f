import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SchemaInfo } from '../core/index.js';
import { createOfflineGenerator } from '../generation/offline/index.js';
import { firstAttemptInput } from '../generation/offline/test-support/first-attempt-input.js';
import type { GenerationOutcome } from '../generation/query-generator.js';
import { introspectSqlite } from '../providers/sqlite/sqlite-introspector.js';
import { DEMO_QUESTIONS } from './demo-questions.js';
import { generateDemoDatabase } from './generate-demo-database.js';

/**
 * Every demo question through the offline engine (no model) on the real demo schema, read the way
 * the SQLite provider reads it (column comments as descriptions, sampled values). Each query below
 * was checked by hand against the question; each must run and return rows.
 */
const EXPECTED_SQL: Record<string, string> = {
  'How many orders were placed last month?':
    "SELECT COUNT(*) FROM orders WHERE order_date >= '2025-10-01' AND order_date < '2025-11-01'",
  'Top 5 products by revenue':
    'SELECT p.name, SUM(oi.quantity * oi.unit_price) AS revenue FROM products AS p JOIN order_items AS oi ON oi.product_id = p.id GROUP BY p.id, p.name ORDER BY SUM(oi.quantity * oi.unit_price) DESC LIMIT 5',
  'How many customers are there per country?': 'SELECT country, COUNT(*) FROM customers GROUP BY country',
  'What is the average rating of products in the Electronics category?':
    "SELECT AVG(r.rating) FROM products AS p JOIN reviews AS r ON r.product_id = p.id WHERE p.category_id IN (SELECT id FROM categories WHERE name = 'Electronics' OR parent_id IN (SELECT id FROM categories WHERE name = 'Electronics'))",
  'What was the total revenue this year?':
    "SELECT SUM(total_amount) AS revenue FROM orders WHERE order_date >= '2025-01-01' AND order_date < '2026-01-01'",
  // One row per calendar month of the range, in time order (the first and last months are partial:
  // the range is the 12 months up to today).
  'Show monthly revenue for the last 12 months':
    "SELECT strftime('%Y-%m', order_date) AS \"month\", SUM(total_amount) AS revenue FROM orders WHERE order_date >= '2024-11-12' AND order_date < '2025-11-13' GROUP BY strftime('%Y-%m', order_date) ORDER BY strftime('%Y-%m', order_date) ASC",
  'Which 10 customers spent the most?':
    'SELECT c.first_name, c.last_name, SUM(oi.quantity * oi.unit_price) AS revenue FROM customers AS c JOIN orders AS o ON o.customer_id = c.id JOIN order_items AS oi ON oi.order_id = o.id GROUP BY c.id, c.first_name, c.last_name ORDER BY SUM(oi.quantity * oi.unit_price) DESC LIMIT 10',
  'How many orders were cancelled or returned last quarter?':
    "SELECT COUNT(*) FROM orders WHERE (status = 'cancelled' OR status = 'returned') AND (order_date >= '2025-07-01' AND order_date < '2025-10-01')",
  'What is the average order value by customer segment?':
    'SELECT c.segment, AVG(o.total_amount) FROM orders AS o JOIN customers AS c ON c.id = o.customer_id GROUP BY c.segment',
  'Which payment methods are used most often?':
    'SELECT method FROM payments GROUP BY method ORDER BY COUNT(*) DESC LIMIT 1',
  'Which products are out of stock?': 'SELECT name FROM products WHERE stock = 0',
  // The sign-ups of each month of this year, in time order.
  'How many new customers signed up each month this year?':
    "SELECT strftime('%Y-%m', created_at) AS \"month\", COUNT(*) FROM customers WHERE created_at >= '2025-01-01' AND created_at < '2026-01-01' GROUP BY strftime('%Y-%m', created_at) ORDER BY strftime('%Y-%m', created_at) ASC",
  'Which sales representative handled the most orders?':
    "SELECT e.first_name, e.last_name FROM employees AS e JOIN orders AS o ON o.employee_id = e.id WHERE e.role = 'Sales Representative' GROUP BY e.id, e.first_name, e.last_name ORDER BY COUNT(*) DESC LIMIT 1",
  'What are the 5 best-selling categories by units sold?':
    'SELECT c.name, SUM(oi.quantity) AS units_sold FROM categories AS c JOIN products AS p ON p.category_id = c.id JOIN order_items AS oi ON oi.product_id = p.id GROUP BY c.id, c.name ORDER BY SUM(oi.quantity) DESC LIMIT 5',
  'Which products have an average rating below 3?':
    'SELECT p.name FROM products AS p JOIN reviews AS r ON r.product_id = p.id GROUP BY p.id, p.name HAVING AVG(r.rating) < 3',
  'How many employees report to each manager?':
    'SELECT manager_id, COUNT(*) FROM employees GROUP BY manager_id',
};

/** Questions split by a calendar period: one row per period, the periods in time order. */
const BY_MONTH = new Set([
  'Show monthly revenue for the last 12 months',
  'How many new customers signed up each month this year?',
]);

describe('DEMO_QUESTIONS on the offline engine', () => {
  const now = new Date('2025-11-12T10:00:00Z');
  let root: string;
  let database: Database.Database;
  let schema: SchemaInfo;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'text2x-demo-offline-'));
    const { path } = await generateDemoDatabase({ path: join(root, 'demo.db'), scale: 0.2, now });
    database = new Database(path, { readonly: true });
    schema = introspectSqlite(database);
  });

  afterAll(() => {
    database.close();
    rmSync(root, { recursive: true, force: true });
  });

  const generate = (question: string): Promise<GenerationOutcome> =>
    createOfflineGenerator({ now: () => now }).generate(firstAttemptInput(question, 'sqlite', schema));

  it('has a checked query for every demo question', () => {
    expect(Object.keys(EXPECTED_SQL).sort()).toEqual([...DEMO_QUESTIONS].sort());
  });

  it('reads the comments of the demo schema as column descriptions', () => {
    const stock = schema.tables.find((t) => t.name === 'products')?.columns.find((c) => c.name === 'stock');
    expect(stock?.description).toBe('units in the warehouse now');
  });

  it.each(DEMO_QUESTIONS.map((question) => [question]))(
    'answers "%s" with the checked query',
    async (question) => {
      const outcome = await generate(question);
      expect(outcome.kind).toBe('query');
      if (outcome.kind !== 'query') return;
      expect(outcome.query).toBe(EXPECTED_SQL[question]);
      // Confident enough that the pipeline takes the first draft (its default threshold is 0.8).
      expect(outcome.confidence).toBeGreaterThanOrEqual(0.8);
      expect(outcome.assumptions.some((a) => a.startsWith('not split by'))).toBe(false);
      const rows = database.prepare(outcome.query).raw().all() as unknown[][];
      expect(rows.length).toBeGreaterThan(0);
      if (BY_MONTH.has(question)) {
        const months = rows.map((row) => row[0]);
        expect(months.every((m) => typeof m === 'string' && /^\d{4}-\d{2}$/.test(m))).toBe(true);
        expect(months).toEqual([...months].sort());
        // The year of sign-ups has data up to this month; the 12 months reach back into 2024.
        expect(months.length).toBeGreaterThanOrEqual(11);
      }
    },
  );
});
