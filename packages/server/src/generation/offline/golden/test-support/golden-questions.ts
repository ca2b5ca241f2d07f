import type { Dialect } from '../../../../core/index.js';
import type { PeriodUnit, QueryIR } from '../../query-ir.js';
import { columnRef, countAll, emptyQuery } from '../../query-ir.js';
import type { ColumnEntry, SchemaIndex } from '../../schema-index.js';
import type { NormalValue } from './golden-rows.js';

/**
 * The golden table of the offline engine's dialects: questions over the golden fixture
 * (`golden-schema.ts`) with the exact query the engine writes for each dialect. Every query was
 * reviewed for its dialect and runs on all four engines with the same rows
 * (`offline-golden.integration.test.ts`). Rows whose query has ORDER BY are compared in order,
 * so their order must have no ties.
 */
export interface GoldenQuestion {
  /** The dialect difference the row exercises. */
  covers: string;
  question: string;
  /** The engine's query for each dialect, character for character. */
  sql: Readonly<Record<Dialect, string>>;
  /** The rows every engine returns, normalised (`normalizeRows`; sorted unless ordered). */
  rows: NormalValue[][];
}

/**
 * A query the question rules do not write yet but the emitter supports (year extraction,
 * division): built as IR on the provider's own schema index, emitted and run like the questions.
 */
export interface GoldenConstruct {
  covers: string;
  build(index: SchemaIndex): QueryIR;
  sql: Readonly<Record<Dialect, string>>;
  rows: NormalValue[][];
}

export const GOLDEN_QUESTIONS: readonly GoldenQuestion[] = [
  {
    covers: 'identifier quoting: a reserved word (rank) in a comparison',
    question: 'Which products have a rank below 3?',
    sql: {
      sqlite: 'SELECT name FROM products WHERE "rank" < 3',
      postgres: 'SELECT name FROM products WHERE "rank" < 3',
      mysql: 'SELECT name FROM products WHERE `rank` < 3',
      duckdb: 'SELECT name FROM products WHERE "rank" < 3',
    },
    rows: [['Desk Lamp'], ['Teapot']],
  },
  {
    covers: 'identifier quoting: a word reserved only in MySQL/MariaDB (condition) in SELECT and GROUP BY',
    question: 'How many products are there per condition?',
    sql: {
      sqlite: 'SELECT "condition", COUNT(*) FROM products GROUP BY "condition"',
      postgres: 'SELECT "condition", COUNT(*) FROM products GROUP BY "condition"',
      mysql: 'SELECT `condition`, COUNT(*) FROM products GROUP BY `condition`',
      duckdb: 'SELECT "condition", COUNT(*) FROM products GROUP BY "condition"',
    },
    rows: [
      ['new', 4],
      ['refurbished', 2],
      ['used', 2],
    ],
  },
  {
    covers: 'identifier quoting: a mixed-case column (PostgreSQL needs "unitPrice") under AVG with GROUP BY',
    question: 'What is the average unit price of products per category?',
    sql: {
      sqlite: 'SELECT category, AVG(unitPrice) FROM products GROUP BY category',
      postgres: 'SELECT category, AVG("unitPrice") FROM products GROUP BY category',
      mysql: 'SELECT category, AVG(unitPrice) FROM products GROUP BY category',
      duckdb: 'SELECT category, AVG(unitPrice) FROM products GROUP BY category',
    },
    rows: [
      ['kitchen', 24.375],
      ['office', 12.2225],
    ],
  },
  {
    covers: 'top-N: ORDER BY … DESC with LIMIT on a mixed-case column',
    question: 'List the 3 most expensive products.',
    sql: {
      sqlite: 'SELECT name FROM products ORDER BY unitPrice DESC LIMIT 3',
      postgres: 'SELECT name FROM products ORDER BY "unitPrice" DESC LIMIT 3',
      mysql: 'SELECT name FROM products ORDER BY unitPrice DESC LIMIT 3',
      duckdb: 'SELECT name FROM products ORDER BY unitPrice DESC LIMIT 3',
    },
    rows: [["Chef's Knife"], ['Desk Lamp'], ['Teapot']],
  },
  {
    covers: 'top-N with a boolean filter: ORDER BY … ASC with LIMIT',
    question: 'What are the names of the 2 cheapest products in stock?',
    sql: {
      sqlite: 'SELECT name FROM products WHERE in_stock = 1 ORDER BY unitPrice ASC LIMIT 2',
      postgres: 'SELECT name FROM products WHERE in_stock = TRUE ORDER BY "unitPrice" ASC LIMIT 2',
      mysql: 'SELECT name FROM products WHERE in_stock = TRUE ORDER BY unitPrice ASC LIMIT 2',
      duckdb: 'SELECT name FROM products WHERE in_stock = TRUE ORDER BY unitPrice ASC LIMIT 2',
    },
    rows: [['blue pen'], ['Notebook']],
  },
  {
    covers: 'top-1 over a join: ORDER BY COUNT(*) DESC LIMIT 1',
    question: 'What is the name of the customer with the most orders?',
    sql: {
      sqlite:
        'SELECT c.name FROM customers AS c JOIN orders AS o ON o.customer_id = c.id GROUP BY c.id, c.name ORDER BY COUNT(*) DESC LIMIT 1',
      postgres:
        'SELECT c.name FROM customers AS c JOIN orders AS o ON o.customer_id = c.id GROUP BY c.id, c.name ORDER BY COUNT(*) DESC LIMIT 1',
      mysql:
        'SELECT c.name FROM customers AS c JOIN orders AS o ON o.customer_id = c.id GROUP BY c.id, c.name ORDER BY COUNT(*) DESC LIMIT 1',
      duckdb:
        'SELECT c.name FROM customers AS c JOIN orders AS o ON o.customer_id = c.id GROUP BY c.id, c.name ORDER BY COUNT(*) DESC LIMIT 1',
    },
    rows: [['Alice Martin']],
  },
  {
    covers:
      'date range: a calendar year on a DATE column (SQLite compares ISO text, the others DATE literals)',
    question: 'How many orders were placed in 2024?',
    sql: {
      sqlite: "SELECT COUNT(*) FROM orders WHERE order_date >= '2024-01-01' AND order_date < '2025-01-01'",
      postgres:
        "SELECT COUNT(*) FROM orders WHERE order_date >= DATE '2024-01-01' AND order_date < DATE '2025-01-01'",
      mysql:
        "SELECT COUNT(*) FROM orders WHERE order_date >= DATE '2024-01-01' AND order_date < DATE '2025-01-01'",
      duckdb:
        "SELECT COUNT(*) FROM orders WHERE order_date >= DATE '2024-01-01' AND order_date < DATE '2025-01-01'",
    },
    rows: [[6]],
  },
  {
    covers: 'date range: a quarter',
    question: 'How many orders were placed in Q3 2025?',
    sql: {
      sqlite: "SELECT COUNT(*) FROM orders WHERE order_date >= '2025-07-01' AND order_date < '2025-10-01'",
      postgres:
        "SELECT COUNT(*) FROM orders WHERE order_date >= DATE '2025-07-01' AND order_date < DATE '2025-10-01'",
      mysql:
        "SELECT COUNT(*) FROM orders WHERE order_date >= DATE '2025-07-01' AND order_date < DATE '2025-10-01'",
      duckdb:
        "SELECT COUNT(*) FROM orders WHERE order_date >= DATE '2025-07-01' AND order_date < DATE '2025-10-01'",
    },
    rows: [[3]],
  },
  {
    covers: 'date range relative to the injected clock (12 November 2025)',
    question: 'How many orders were placed in the last 3 months?',
    sql: {
      sqlite: "SELECT COUNT(*) FROM orders WHERE order_date >= '2025-08-12' AND order_date < '2025-11-13'",
      postgres:
        "SELECT COUNT(*) FROM orders WHERE order_date >= DATE '2025-08-12' AND order_date < DATE '2025-11-13'",
      mysql:
        "SELECT COUNT(*) FROM orders WHERE order_date >= DATE '2025-08-12' AND order_date < DATE '2025-11-13'",
      duckdb:
        "SELECT COUNT(*) FROM orders WHERE order_date >= DATE '2025-08-12' AND order_date < DATE '2025-11-13'",
    },
    rows: [[3]],
  },
  {
    covers: 'date range on a TIMESTAMP column: the DATE bound keeps 1 April 08:00 in April',
    question: 'How many orders were shipped in April 2024?',
    sql: {
      sqlite: "SELECT COUNT(*) FROM orders WHERE shipped_at >= '2024-04-01' AND shipped_at < '2024-05-01'",
      postgres:
        "SELECT COUNT(*) FROM orders WHERE shipped_at >= DATE '2024-04-01' AND shipped_at < DATE '2024-05-01'",
      mysql:
        "SELECT COUNT(*) FROM orders WHERE shipped_at >= DATE '2024-04-01' AND shipped_at < DATE '2024-05-01'",
      duckdb:
        "SELECT COUNT(*) FROM orders WHERE shipped_at >= DATE '2024-04-01' AND shipped_at < DATE '2024-05-01'",
    },
    rows: [[1]],
  },
  {
    covers: 'date range on a mixed-case DATE column',
    question: 'Which customers signed up in 2024?',
    sql: {
      sqlite: "SELECT name FROM customers WHERE signupDate >= '2024-01-01' AND signupDate < '2025-01-01'",
      postgres:
        'SELECT name FROM customers WHERE "signupDate" >= DATE \'2024-01-01\' AND "signupDate" < DATE \'2025-01-01\'',
      mysql:
        "SELECT name FROM customers WHERE signupDate >= DATE '2024-01-01' AND signupDate < DATE '2025-01-01'",
      duckdb:
        "SELECT name FROM customers WHERE signupDate >= DATE '2024-01-01' AND signupDate < DATE '2025-01-01'",
    },
    rows: [['Bob Stone'], ['Carla Diaz'], ['Dan Brown'], ["Sean O'Brien"]],
  },
  {
    covers:
      'period grouping: orders per month of a DATE column within a year, as YYYY-MM labels in time order',
    question: 'How many orders were placed per month in 2024?',
    sql: {
      sqlite:
        "SELECT strftime('%Y-%m', order_date) AS \"month\", COUNT(*) FROM orders WHERE order_date >= '2024-01-01' AND order_date < '2025-01-01' GROUP BY strftime('%Y-%m', order_date) ORDER BY strftime('%Y-%m', order_date) ASC",
      postgres:
        "SELECT to_char(order_date, 'YYYY-MM') AS \"month\", COUNT(*) FROM orders WHERE order_date >= DATE '2024-01-01' AND order_date < DATE '2025-01-01' GROUP BY to_char(order_date, 'YYYY-MM') ORDER BY to_char(order_date, 'YYYY-MM') ASC",
      mysql:
        "SELECT DATE_FORMAT(order_date, '%Y-%m') AS `month`, COUNT(*) FROM orders WHERE order_date >= DATE '2024-01-01' AND order_date < DATE '2025-01-01' GROUP BY DATE_FORMAT(order_date, '%Y-%m') ORDER BY DATE_FORMAT(order_date, '%Y-%m') ASC",
      duckdb:
        "SELECT strftime(order_date, '%Y-%m') AS \"month\", COUNT(*) FROM orders WHERE order_date >= DATE '2024-01-01' AND order_date < DATE '2025-01-01' GROUP BY strftime(order_date, '%Y-%m') ORDER BY strftime(order_date, '%Y-%m') ASC",
    },
    rows: [
      ['2024-01', 1],
      ['2024-02', 1],
      ['2024-03', 1],
      ['2024-04', 1],
      ['2024-07', 1],
      ['2024-12', 1],
    ],
  },
  {
    covers: 'period grouping: each year of a DATE column, as YYYY labels in time order',
    question: 'How many orders were placed each year?',
    sql: {
      sqlite:
        "SELECT strftime('%Y', order_date) AS \"year\", COUNT(*) FROM orders GROUP BY strftime('%Y', order_date) ORDER BY strftime('%Y', order_date) ASC",
      postgres:
        "SELECT to_char(order_date, 'YYYY') AS \"year\", COUNT(*) FROM orders GROUP BY to_char(order_date, 'YYYY') ORDER BY to_char(order_date, 'YYYY') ASC",
      mysql:
        "SELECT DATE_FORMAT(order_date, '%Y') AS `year`, COUNT(*) FROM orders GROUP BY DATE_FORMAT(order_date, '%Y') ORDER BY DATE_FORMAT(order_date, '%Y') ASC",
      duckdb:
        "SELECT strftime(order_date, '%Y') AS \"year\", COUNT(*) FROM orders GROUP BY strftime(order_date, '%Y') ORDER BY strftime(order_date, '%Y') ASC",
    },
    rows: [
      [2024, 6],
      [2025, 6],
    ],
  },
  {
    covers:
      'string match: contains, case-insensitive everywhere ("Blue Mug" and "blue pen"; ILIKE in PostgreSQL and DuckDB)',
    question: "Which products have a name containing 'blue'?",
    sql: {
      sqlite: "SELECT name FROM products WHERE name LIKE '%blue%'",
      postgres: "SELECT name FROM products WHERE name ILIKE '%blue%'",
      mysql: "SELECT name FROM products WHERE name LIKE '%blue%'",
      duckdb: "SELECT name FROM products WHERE name ILIKE '%blue%'",
    },
    rows: [['Blue Mug'], ['blue pen']],
  },
  {
    covers: 'string match: starts with, a lower-case pattern against capitalised names',
    question: "Which customers have a name starting with 'd'?",
    sql: {
      sqlite: "SELECT name FROM customers WHERE name LIKE 'd%'",
      postgres: "SELECT name FROM customers WHERE name ILIKE 'd%'",
      mysql: "SELECT name FROM customers WHERE name LIKE 'd%'",
      duckdb: "SELECT name FROM customers WHERE name ILIKE 'd%'",
    },
    rows: [['Dan Brown']],
  },
  {
    covers: "string match: a literal % in the text (ESCAPE '!'; a bare '%50%' would also match \"Code 500\")",
    question: "Which orders have a note containing '50%'?",
    sql: {
      sqlite: "SELECT id FROM orders WHERE note LIKE '%50!%%' ESCAPE '!'",
      postgres: "SELECT id FROM orders WHERE note ILIKE '%50!%%' ESCAPE '!'",
      mysql: "SELECT id FROM orders WHERE note LIKE '%50!%%' ESCAPE '!'",
      duckdb: "SELECT id FROM orders WHERE note ILIKE '%50!%%' ESCAPE '!'",
    },
    rows: [[11]],
  },
  {
    covers: 'string literal with a quote, over a join',
    question: "How many orders did Sean O'Brien place?",
    sql: {
      sqlite:
        "SELECT COUNT(*) FROM orders AS o JOIN customers AS c ON c.id = o.customer_id WHERE c.name = 'Sean O''Brien'",
      postgres:
        "SELECT COUNT(*) FROM orders AS o JOIN customers AS c ON c.id = o.customer_id WHERE c.name = 'Sean O''Brien'",
      mysql:
        "SELECT COUNT(*) FROM orders AS o JOIN customers AS c ON c.id = o.customer_id WHERE c.name = 'Sean O''Brien'",
      duckdb:
        "SELECT COUNT(*) FROM orders AS o JOIN customers AS c ON c.id = o.customer_id WHERE c.name = 'Sean O''Brien'",
    },
    rows: [[2]],
  },
  {
    covers: 'boolean filter: TRUE (1 in SQLite)',
    question: 'Which products are in stock?',
    sql: {
      sqlite: 'SELECT name FROM products WHERE in_stock = 1',
      postgres: 'SELECT name FROM products WHERE in_stock = TRUE',
      mysql: 'SELECT name FROM products WHERE in_stock = TRUE',
      duckdb: 'SELECT name FROM products WHERE in_stock = TRUE',
    },
    rows: [['Blue Mug'], ["Chef's Knife"], ['Desk Lamp'], ['Notebook'], ['blue pen']],
  },
  {
    covers: 'boolean filter: FALSE (0 in SQLite)',
    question: 'Which products are not in stock?',
    sql: {
      sqlite: 'SELECT name FROM products WHERE in_stock = 0',
      postgres: 'SELECT name FROM products WHERE in_stock = FALSE',
      mysql: 'SELECT name FROM products WHERE in_stock = FALSE',
      duckdb: 'SELECT name FROM products WHERE in_stock = FALSE',
    },
    rows: [['Red Mug'], ['Stapler'], ['Teapot']],
  },
  {
    covers: 'SUM over a join with GROUP BY',
    question: 'What is the total quantity sold per category?',
    sql: {
      sqlite:
        'SELECT p.category, SUM(oi.quantity) FROM order_items AS oi JOIN products AS p ON p.id = oi.product_id GROUP BY p.category',
      postgres:
        'SELECT p.category, SUM(oi.quantity) FROM order_items AS oi JOIN products AS p ON p.id = oi.product_id GROUP BY p.category',
      mysql:
        'SELECT p.category, SUM(oi.quantity) FROM order_items AS oi JOIN products AS p ON p.id = oi.product_id GROUP BY p.category',
      duckdb:
        'SELECT p.category, SUM(oi.quantity) FROM order_items AS oi JOIN products AS p ON p.id = oi.product_id GROUP BY p.category',
    },
    rows: [
      ['kitchen', 14],
      ['office', 51],
    ],
  },
  {
    covers: 'HAVING on one table',
    question: 'Which cities have more than one customer?',
    sql: {
      sqlite: 'SELECT city FROM customers GROUP BY city HAVING COUNT(*) > 1',
      postgres: 'SELECT city FROM customers GROUP BY city HAVING COUNT(*) > 1',
      mysql: 'SELECT city FROM customers GROUP BY city HAVING COUNT(*) > 1',
      duckdb: 'SELECT city FROM customers GROUP BY city HAVING COUNT(*) > 1',
    },
    rows: [['Berlin'], ['Dublin'], ['Paris']],
  },
  {
    covers: 'HAVING over a join',
    question: 'Which customers have more than 1 order?',
    sql: {
      sqlite:
        'SELECT c.name FROM customers AS c JOIN orders AS o ON o.customer_id = c.id GROUP BY c.id, c.name HAVING COUNT(*) > 1',
      postgres:
        'SELECT c.name FROM customers AS c JOIN orders AS o ON o.customer_id = c.id GROUP BY c.id, c.name HAVING COUNT(*) > 1',
      mysql:
        'SELECT c.name FROM customers AS c JOIN orders AS o ON o.customer_id = c.id GROUP BY c.id, c.name HAVING COUNT(*) > 1',
      duckdb:
        'SELECT c.name FROM customers AS c JOIN orders AS o ON o.customer_id = c.id GROUP BY c.id, c.name HAVING COUNT(*) > 1',
    },
    rows: [['Alice Martin'], ['Bob Stone'], ["Sean O'Brien"]],
  },
  {
    covers: 'joins across four tables with a text value',
    question: 'List the names of customers who ordered a Teapot.',
    sql: {
      sqlite:
        "SELECT c.name FROM customers AS c JOIN orders AS o ON o.customer_id = c.id JOIN order_items AS oi ON oi.order_id = o.id JOIN products AS p ON p.id = oi.product_id WHERE p.name = 'Teapot'",
      postgres:
        "SELECT c.name FROM customers AS c JOIN orders AS o ON o.customer_id = c.id JOIN order_items AS oi ON oi.order_id = o.id JOIN products AS p ON p.id = oi.product_id WHERE p.name = 'Teapot'",
      mysql:
        "SELECT c.name FROM customers AS c JOIN orders AS o ON o.customer_id = c.id JOIN order_items AS oi ON oi.order_id = o.id JOIN products AS p ON p.id = oi.product_id WHERE p.name = 'Teapot'",
      duckdb:
        "SELECT c.name FROM customers AS c JOIN orders AS o ON o.customer_id = c.id JOIN order_items AS oi ON oi.order_id = o.id JOIN products AS p ON p.id = oi.product_id WHERE p.name = 'Teapot'",
    },
    rows: [['Bob Stone'], ['Frank Miller']],
  },
  {
    covers: 'NULL check',
    question: 'List the customers whose email is missing.',
    sql: {
      sqlite: 'SELECT name FROM customers WHERE email IS NULL',
      postgres: 'SELECT name FROM customers WHERE email IS NULL',
      mysql: 'SELECT name FROM customers WHERE email IS NULL',
      duckdb: 'SELECT name FROM customers WHERE email IS NULL',
    },
    rows: [['Dan Brown'], ["Sean O'Brien"]],
  },
  {
    covers: 'DISTINCT',
    question: 'List the distinct cities of customers.',
    sql: {
      sqlite: 'SELECT DISTINCT city FROM customers',
      postgres: 'SELECT DISTINCT city FROM customers',
      mysql: 'SELECT DISTINCT city FROM customers',
      duckdb: 'SELECT DISTINCT city FROM customers',
    },
    rows: [['Berlin'], ['Dublin'], ['Madrid'], ['Paris'], ['Rome']],
  },
  {
    covers: 'BETWEEN on a decimal column',
    question: 'Which products have a unit price between 5 and 15?',
    sql: {
      sqlite: 'SELECT name FROM products WHERE unitPrice BETWEEN 5 AND 15',
      postgres: 'SELECT name FROM products WHERE "unitPrice" BETWEEN 5 AND 15',
      mysql: 'SELECT name FROM products WHERE unitPrice BETWEEN 5 AND 15',
      duckdb: 'SELECT name FROM products WHERE unitPrice BETWEEN 5 AND 15',
    },
    rows: [['Blue Mug'], ['Red Mug'], ['Stapler']],
  },
  {
    covers: 'NOT IN subquery with a year range',
    question: 'Which customers did not place any order in 2025?',
    sql: {
      sqlite:
        "SELECT name FROM customers WHERE id NOT IN (SELECT customer_id FROM orders WHERE order_date >= '2025-01-01' AND order_date < '2026-01-01')",
      postgres:
        "SELECT name FROM customers WHERE id NOT IN (SELECT customer_id FROM orders WHERE order_date >= DATE '2025-01-01' AND order_date < DATE '2026-01-01')",
      mysql:
        "SELECT name FROM customers WHERE id NOT IN (SELECT customer_id FROM orders WHERE order_date >= DATE '2025-01-01' AND order_date < DATE '2026-01-01')",
      duckdb:
        "SELECT name FROM customers WHERE id NOT IN (SELECT customer_id FROM orders WHERE order_date >= DATE '2025-01-01' AND order_date < DATE '2026-01-01')",
    },
    rows: [['Carla Diaz'], ['Dan Brown']],
  },
];

function column(index: SchemaIndex, table: string, name: string): ColumnEntry {
  const found = index.tableByName.get(table)?.columns.find((c) => c.name === name);
  if (!found) throw new Error(`the golden schema has no column ${table}.${name}`);
  return found;
}

/**
 * Orders counted per period of a date column, in time order (as the period-grouping rule writes).
 * Rows without the date are left out: engines put a NULL group first or last.
 */
function periodCounts(index: SchemaIndex, unit: PeriodUnit, date: string): QueryIR {
  const orders = index.tableByName.get('orders');
  if (!orders) throw new Error('orders');
  const period = { kind: 'period-of', unit, arg: columnRef(column(index, 'orders', date)) } as const;
  const query = emptyQuery(orders);
  query.select = [{ expr: period, alias: unit }, { expr: countAll() }];
  query.where = { kind: 'is-null', left: period.arg, negated: true };
  query.groupBy = [period];
  query.orderBy = [{ expr: period, direction: 'asc' }];
  return query;
}

export const GOLDEN_CONSTRUCTS: readonly GoldenConstruct[] = [
  {
    covers:
      'division of two integers (SUM / COUNT): a fraction in every dialect, not 3 in SQLite and PostgreSQL',
    build: (index) => {
      const items = index.tableByName.get('order_items');
      if (!items) throw new Error('order_items');
      const query = emptyQuery(items);
      query.select = [
        {
          expr: {
            kind: 'arithmetic',
            op: '/',
            left: {
              kind: 'aggregate',
              fn: 'sum',
              distinct: false,
              arg: columnRef(column(index, 'order_items', 'quantity')),
            },
            right: countAll(),
          },
          alias: 'average_quantity',
        },
      ];
      return query;
    },
    sql: {
      sqlite: 'SELECT SUM(quantity) * 1.0 / COUNT(*) AS average_quantity FROM order_items',
      postgres: 'SELECT SUM(quantity) * 1.0 / COUNT(*) AS average_quantity FROM order_items',
      mysql: 'SELECT SUM(quantity) * 1.0 / COUNT(*) AS average_quantity FROM order_items',
      duckdb: 'SELECT SUM(quantity) * 1.0 / COUNT(*) AS average_quantity FROM order_items',
    },
    rows: [[3.6111]],
  },
  {
    covers: 'year extraction in SELECT, GROUP BY and ORDER BY (orders per year)',
    build: (index) => {
      const orders = index.tableByName.get('orders');
      if (!orders) throw new Error('orders');
      const year = { kind: 'year-of', arg: columnRef(column(index, 'orders', 'order_date')) } as const;
      const query = emptyQuery(orders);
      query.select = [
        { expr: year, alias: 'order_year' },
        { expr: countAll(), alias: 'order_count' },
      ];
      query.groupBy = [year];
      query.orderBy = [{ expr: year, direction: 'asc' }];
      return query;
    },
    sql: {
      sqlite:
        "SELECT CAST(strftime('%Y', order_date) AS INTEGER) AS order_year, COUNT(*) AS order_count FROM orders GROUP BY CAST(strftime('%Y', order_date) AS INTEGER) ORDER BY CAST(strftime('%Y', order_date) AS INTEGER) ASC",
      postgres:
        'SELECT EXTRACT(YEAR FROM order_date) AS order_year, COUNT(*) AS order_count FROM orders GROUP BY EXTRACT(YEAR FROM order_date) ORDER BY EXTRACT(YEAR FROM order_date) ASC',
      mysql:
        'SELECT YEAR(order_date) AS order_year, COUNT(*) AS order_count FROM orders GROUP BY YEAR(order_date) ORDER BY YEAR(order_date) ASC',
      duckdb:
        'SELECT year(order_date) AS order_year, COUNT(*) AS order_count FROM orders GROUP BY year(order_date) ORDER BY year(order_date) ASC',
    },
    rows: [
      [2024, 6],
      [2025, 6],
    ],
  },
  {
    covers: 'year extraction from a TIMESTAMP column compared with a number',
    build: (index) => {
      const orders = index.tableByName.get('orders');
      if (!orders) throw new Error('orders');
      const query = emptyQuery(orders);
      query.select = [{ expr: columnRef(column(index, 'orders', 'id')) }];
      query.where = {
        kind: 'compare',
        left: { kind: 'year-of', arg: columnRef(column(index, 'orders', 'shipped_at')) },
        op: '=',
        right: { kind: 'literal', value: 2025 },
      };
      return query;
    },
    sql: {
      sqlite: "SELECT id FROM orders WHERE CAST(strftime('%Y', shipped_at) AS INTEGER) = 2025",
      postgres: 'SELECT id FROM orders WHERE EXTRACT(YEAR FROM shipped_at) = 2025',
      mysql: 'SELECT id FROM orders WHERE YEAR(shipped_at) = 2025',
      duckdb: 'SELECT id FROM orders WHERE year(shipped_at) = 2025',
    },
    rows: [[6], [7], [8], [9]],
  },
  {
    covers: 'period labels: quarters of a TIMESTAMP column',
    build: (index) => periodCounts(index, 'quarter', 'shipped_at'),
    sql: {
      sqlite:
        "SELECT strftime('%Y', shipped_at) || '-Q' || ((CAST(strftime('%m', shipped_at) AS INTEGER) + 2) / 3) AS quarter, COUNT(*) FROM orders WHERE shipped_at IS NOT NULL GROUP BY strftime('%Y', shipped_at) || '-Q' || ((CAST(strftime('%m', shipped_at) AS INTEGER) + 2) / 3) ORDER BY strftime('%Y', shipped_at) || '-Q' || ((CAST(strftime('%m', shipped_at) AS INTEGER) + 2) / 3) ASC",
      postgres:
        'SELECT to_char(shipped_at, \'YYYY-"Q"Q\') AS quarter, COUNT(*) FROM orders WHERE shipped_at IS NOT NULL GROUP BY to_char(shipped_at, \'YYYY-"Q"Q\') ORDER BY to_char(shipped_at, \'YYYY-"Q"Q\') ASC',
      mysql:
        "SELECT CONCAT(DATE_FORMAT(shipped_at, '%Y'), '-Q', QUARTER(shipped_at)) AS quarter, COUNT(*) FROM orders WHERE shipped_at IS NOT NULL GROUP BY CONCAT(DATE_FORMAT(shipped_at, '%Y'), '-Q', QUARTER(shipped_at)) ORDER BY CONCAT(DATE_FORMAT(shipped_at, '%Y'), '-Q', QUARTER(shipped_at)) ASC",
      duckdb:
        "SELECT concat(strftime(shipped_at, '%Y'), '-Q', quarter(shipped_at)) AS quarter, COUNT(*) FROM orders WHERE shipped_at IS NOT NULL GROUP BY concat(strftime(shipped_at, '%Y'), '-Q', quarter(shipped_at)) ORDER BY concat(strftime(shipped_at, '%Y'), '-Q', quarter(shipped_at)) ASC",
    },
    rows: [
      ['2024-Q1', 2],
      ['2024-Q2', 1],
      ['2024-Q3', 1],
      ['2025-Q1', 3],
      ['2025-Q3', 1],
    ],
  },
  {
    covers:
      'period labels: Monday-first weeks of a DATE column across a year end (31 Dec 2024 in W53, 1 Jan 2025 in W00)',
    build: (index) => periodCounts(index, 'week', 'order_date'),
    sql: {
      sqlite:
        "SELECT strftime('%Y-W%W', order_date) AS week, COUNT(*) FROM orders WHERE order_date IS NOT NULL GROUP BY strftime('%Y-W%W', order_date) ORDER BY strftime('%Y-W%W', order_date) ASC",
      postgres:
        "SELECT to_char(order_date, 'YYYY') || '-W' || lpad(CAST((CAST(EXTRACT(DOY FROM order_date) AS INTEGER) + 7 - CAST(EXTRACT(ISODOW FROM order_date) AS INTEGER)) / 7 AS TEXT), 2, '0') AS week, COUNT(*) FROM orders WHERE order_date IS NOT NULL GROUP BY to_char(order_date, 'YYYY') || '-W' || lpad(CAST((CAST(EXTRACT(DOY FROM order_date) AS INTEGER) + 7 - CAST(EXTRACT(ISODOW FROM order_date) AS INTEGER)) / 7 AS TEXT), 2, '0') ORDER BY to_char(order_date, 'YYYY') || '-W' || lpad(CAST((CAST(EXTRACT(DOY FROM order_date) AS INTEGER) + 7 - CAST(EXTRACT(ISODOW FROM order_date) AS INTEGER)) / 7 AS TEXT), 2, '0') ASC",
      mysql:
        "SELECT CONCAT(DATE_FORMAT(order_date, '%Y'), '-W', LPAD(WEEK(order_date, 5), 2, '0')) AS week, COUNT(*) FROM orders WHERE order_date IS NOT NULL GROUP BY CONCAT(DATE_FORMAT(order_date, '%Y'), '-W', LPAD(WEEK(order_date, 5), 2, '0')) ORDER BY CONCAT(DATE_FORMAT(order_date, '%Y'), '-W', LPAD(WEEK(order_date, 5), 2, '0')) ASC",
      duckdb:
        "SELECT strftime(order_date, '%Y-W%W') AS week, COUNT(*) FROM orders WHERE order_date IS NOT NULL GROUP BY strftime(order_date, '%Y-W%W') ORDER BY strftime(order_date, '%Y-W%W') ASC",
    },
    rows: [
      ['2024-W01', 1],
      ['2024-W08', 1],
      ['2024-W13', 1],
      ['2024-W14', 1],
      ['2024-W28', 1],
      ['2024-W53', 1],
      ['2025-W00', 1],
      ['2025-W10', 1],
      ['2025-W26', 1],
      ['2025-W33', 1],
      ['2025-W39', 2],
    ],
  },
  {
    covers: 'period labels: days of a TIMESTAMP column',
    build: (index) => periodCounts(index, 'day', 'shipped_at'),
    sql: {
      sqlite:
        "SELECT strftime('%Y-%m-%d', shipped_at) AS \"day\", COUNT(*) FROM orders WHERE shipped_at IS NOT NULL GROUP BY strftime('%Y-%m-%d', shipped_at) ORDER BY strftime('%Y-%m-%d', shipped_at) ASC",
      postgres:
        "SELECT to_char(shipped_at, 'YYYY-MM-DD') AS \"day\", COUNT(*) FROM orders WHERE shipped_at IS NOT NULL GROUP BY to_char(shipped_at, 'YYYY-MM-DD') ORDER BY to_char(shipped_at, 'YYYY-MM-DD') ASC",
      mysql:
        "SELECT DATE_FORMAT(shipped_at, '%Y-%m-%d') AS `day`, COUNT(*) FROM orders WHERE shipped_at IS NOT NULL GROUP BY DATE_FORMAT(shipped_at, '%Y-%m-%d') ORDER BY DATE_FORMAT(shipped_at, '%Y-%m-%d') ASC",
      duckdb:
        "SELECT strftime(shipped_at, '%Y-%m-%d') AS \"day\", COUNT(*) FROM orders WHERE shipped_at IS NOT NULL GROUP BY strftime(shipped_at, '%Y-%m-%d') ORDER BY strftime(shipped_at, '%Y-%m-%d') ASC",
    },
    rows: [
      ['2024-01-06', 1],
      ['2024-02-21', 1],
      ['2024-04-01', 1],
      ['2024-07-15', 1],
      ['2025-01-02', 1],
      ['2025-01-03', 1],
      ['2025-03-16', 1],
      ['2025-07-03', 1],
    ],
  },
];
