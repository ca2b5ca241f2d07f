import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Text2xError } from '../core/index.js';
import { DEMO_TABLES } from './demo-schema.js';
import { generateDemoDatabase, type GeneratedDemoDatabase } from './generate-demo-database.js';

/** SHA-256 over the schema and every row of every table in id order. */
function contentHash(path: string): string {
  const database = new Database(path, { readonly: true });
  try {
    const hash = createHash('sha256');
    for (const { sql } of database
      .prepare('SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name')
      .all() as {
      sql: string;
    }[]) {
      hash.update(`${sql}\n`);
    }
    for (const table of DEMO_TABLES) {
      for (const row of database.prepare(`SELECT * FROM ${table} ORDER BY id`).raw().iterate()) {
        hash.update(`${table}\t${JSON.stringify(row)}\n`);
      }
    }
    return hash.digest('hex');
  } finally {
    database.close();
  }
}

function one<T>(database: Database.Database, sql: string, ...parameters: unknown[]): T {
  return database
    .prepare(sql)
    .pluck()
    .get(...parameters) as T;
}

const NOW = new Date('2025-03-10T15:42:00Z');
const TODAY = '2025-03-10';
const FIRST_DAY = '2023-03-10';

describe('generateDemoDatabase', () => {
  let root: string;
  let generated: GeneratedDemoDatabase;
  let database: Database.Database;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'text2x-demo-'));
    generated = await generateDemoDatabase({ path: join(root, 'shop.db'), now: NOW });
    database = new Database(generated.path, { readonly: true });
  });

  afterAll(() => {
    database.close();
    rmSync(root, { recursive: true, force: true });
  });

  describe('determinism', () => {
    it('writes identical content for the same seed and the same UTC date of now', async () => {
      const again = await generateDemoDatabase({
        path: join(root, 'again.db'),
        now: new Date('2025-03-10T00:00:01Z'),
      });
      expect(contentHash(again.path)).toBe(contentHash(generated.path));
      expect(again.rows).toEqual(generated.rows);
    });

    it('matches the recorded content hash, so a change of the data is always deliberate', async () => {
      // Update this hash only when the generator is changed on purpose (and say so in the commit).
      const small = await generateDemoDatabase({ path: join(root, 'golden.db'), scale: 0.05, now: NOW });
      expect(contentHash(small.path)).toBe(
        'eff40256e8903ccd878975a685b9390642f5747e9bc4ef45b20bdc4b9894cd63',
      );
    });

    it('writes a byte-identical file for the same inputs', async () => {
      const again = await generateDemoDatabase({ path: join(root, 'bytes.db'), now: NOW });
      const digest = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');
      expect(digest(again.path)).toBe(digest(generated.path));
    });

    it('writes different content for another seed or another date', async () => {
      const otherSeed = await generateDemoDatabase({ path: join(root, 'seed.db'), seed: 7, now: NOW });
      const otherDay = await generateDemoDatabase({
        path: join(root, 'day.db'),
        now: new Date('2025-03-11T12:00:00Z'),
      });
      const reference = contentHash(generated.path);
      expect(contentHash(otherSeed.path)).not.toBe(reference);
      expect(contentHash(otherDay.path)).not.toBe(reference);
    });
  });

  describe('row counts', () => {
    it('reports the rows it wrote, table by table', () => {
      for (const table of DEMO_TABLES) {
        expect(one<number>(database, `SELECT count(*) FROM ${table}`), table).toBe(generated.rows[table]);
      }
    });

    it('writes about 50,000 rows at scale 1 with the documented base counts', () => {
      const total = Object.values(generated.rows).reduce((sum, count) => sum + count, 0);
      expect(total).toBeGreaterThan(45_000);
      expect(total).toBeLessThan(60_000);
      expect(generated.rows).toMatchObject({ customers: 3000, products: 400, employees: 25, orders: 10_000 });
      expect(generated.rows.categories).toBe(32);
      expect(generated.rows.order_items / generated.rows.orders).toBeGreaterThan(2.2);
      expect(generated.rows.order_items / generated.rows.orders).toBeLessThan(2.8);
      expect(generated.rows.reviews).toBeGreaterThan(2000);
    });

    it('multiplies the row counts by the scale', async () => {
      const small = await generateDemoDatabase({ path: join(root, 'small.db'), scale: 0.2, now: NOW });
      expect(small.rows).toMatchObject({ customers: 600, products: 80, orders: 2000, categories: 32 });
      expect(small.rows.order_items).toBeGreaterThan(4000);
    });

    it('rejects a scale that is not a positive number up to 1000 and writes nothing', async () => {
      for (const scale of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, 1001]) {
        const path = join(root, `bad-${String(scale)}.db`);
        const error: unknown = await generateDemoDatabase({ path, scale, now: NOW }).catch(
          (caught: unknown) => caught,
        );
        expect(error).toBeInstanceOf(Text2xError);
        expect((error as Text2xError).code).toBe('INVALID_REQUEST');
        expect(existsSync(path)).toBe(false);
      }
    });
  });

  describe('schema and integrity', () => {
    it('passes the foreign key and integrity checks', () => {
      expect(database.pragma('foreign_key_check')).toEqual([]);
      expect(database.pragma('integrity_check', { simple: true })).toBe('ok');
    });

    it('declares every foreign key of the model', () => {
      const keys = DEMO_TABLES.flatMap((table) =>
        (database.pragma(`foreign_key_list(${table})`) as { table: string; from: string; to: string }[]).map(
          (key) => `${table}.${key.from} -> ${key.table}.${key.to}`,
        ),
      );
      expect(keys.sort()).toEqual(
        [
          'categories.parent_id -> categories.id',
          'products.category_id -> categories.id',
          'employees.manager_id -> employees.id',
          'orders.customer_id -> customers.id',
          'orders.employee_id -> employees.id',
          'order_items.order_id -> orders.id',
          'order_items.product_id -> products.id',
          'payments.order_id -> orders.id',
          'reviews.product_id -> products.id',
          'reviews.customer_id -> customers.id',
        ].sort(),
      );
    });

    it('indexes every foreign key column and the main date columns', () => {
      const indexed = new Set(
        DEMO_TABLES.flatMap((table) =>
          (database.pragma(`index_list(${table})`) as { name: string }[]).flatMap((index) =>
            (database.pragma(`index_info(${index.name})`) as { name: string }[]).map(
              (column) => `${table}.${column.name}`,
            ),
          ),
        ),
      );
      for (const column of [
        'categories.parent_id',
        'products.category_id',
        'employees.manager_id',
        'orders.customer_id',
        'orders.employee_id',
        'orders.order_date',
        'order_items.order_id',
        'order_items.product_id',
        'payments.order_id',
        'payments.paid_at',
        'reviews.product_id',
        'reviews.customer_id',
        'reviews.created_at',
        'customers.created_at',
      ]) {
        expect(indexed, column).toContain(column);
      }
    });

    it('leaves the file in rollback-journal mode with no journal or temporary file beside it', () => {
      expect(database.pragma('journal_mode', { simple: true })).toBe('delete');
      const strays = readdirSync(root).filter((name) => name.endsWith('.tmp') || name.includes('-journal'));
      expect(strays).toEqual([]);
    });
  });

  describe('dates', () => {
    const dateColumns = [
      ['orders', 'order_date', /^\d{4}-\d{2}-\d{2}$/],
      ['customers', 'created_at', /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/],
      ['products', 'created_at', /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/],
      ['payments', 'paid_at', /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/],
      ['reviews', 'created_at', /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/],
    ] as const;

    it('uses YYYY-MM-DD for *_date columns and YYYY-MM-DD HH:MM:SS for *_at columns, all valid', () => {
      for (const [table, column, pattern] of [
        ...dateColumns,
        ['employees', 'hired_at', /^\d{4}-\d{2}-\d{2} 09:00:00$/] as const,
      ]) {
        const values = database.prepare(`SELECT ${column} FROM ${table}`).pluck().all() as string[];
        expect(
          values.every((value) => pattern.test(value)),
          `${table}.${column}`,
        ).toBe(true);
        // SQLite reads every value as a date (an invalid one would give NULL).
        expect(one<number>(database, `SELECT count(*) FROM ${table} WHERE datetime(${column}) IS NULL`)).toBe(
          0,
        );
      }
    });

    it('keeps every transaction date within the two years before now', () => {
      for (const [table, column] of dateColumns) {
        const [first, last] = database
          .prepare(`SELECT min(${column}), max(${column}) FROM ${table}`)
          .raw()
          .get() as [string, string];
        expect(first >= FIRST_DAY, `${table}.${column} starts ${first}`).toBe(true);
        expect(last.slice(0, 10) <= TODAY, `${table}.${column} ends ${last}`).toBe(true);
      }
      expect(one<string>(database, 'SELECT min(order_date) FROM orders')).toBe(FIRST_DAY);
      expect(one<string>(database, 'SELECT max(order_date) FROM orders')).toBe(TODAY);
      expect(one<string>(database, 'SELECT max(hired_at) FROM employees') <= `${TODAY} 23:59:59`).toBe(true);
    });

    it('has orders last month, this year and on every day of the window', () => {
      expect(
        one<number>(
          database,
          "SELECT count(*) FROM orders WHERE order_date BETWEEN '2025-02-01' AND '2025-02-28'",
        ),
      ).toBeGreaterThan(250);
      expect(
        one<number>(database, "SELECT count(*) FROM orders WHERE strftime('%Y', order_date) = '2025'"),
      ).toBeGreaterThan(500);
      expect(one<number>(database, 'SELECT count(DISTINCT order_date) FROM orders')).toBe(732);
    });

    it('has data this year and last month even when now is the first day of a year', async () => {
      const path = join(root, 'new-year.db');
      await generateDemoDatabase({ path, scale: 0.2, now: new Date('2026-01-01T00:05:00Z') });
      const newYear = new Database(path, { readonly: true });
      try {
        expect(
          one<number>(newYear, "SELECT count(*) FROM orders WHERE order_date >= '2026-01-01'"),
        ).toBeGreaterThan(0);
        expect(
          one<number>(newYear, "SELECT count(*) FROM orders WHERE order_date LIKE '2025-12-%'"),
        ).toBeGreaterThan(50);
      } finally {
        newYear.close();
      }
    });

    it('grows over time and peaks in November and December', () => {
      const perDay = (from: string, to: string): number =>
        one<number>(database, 'SELECT count(*) FROM orders WHERE order_date BETWEEN ? AND ?', from, to) /
        ((Date.parse(to) - Date.parse(from)) / 86_400_000 + 1);
      expect(perDay('2024-11-01', '2024-12-31')).toBeGreaterThan(1.2 * perDay('2024-08-01', '2024-09-30'));
      expect(perDay('2024-04-01', '2024-09-30')).toBeGreaterThan(perDay('2023-04-01', '2023-09-30'));
    });

    it('orders only from customers who had signed up and products that were listed', () => {
      expect(
        one<number>(
          database,
          "SELECT count(*) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.created_at > o.order_date || ' 23:59:59'",
        ),
      ).toBe(0);
      expect(
        one<number>(
          database,
          `SELECT count(*) FROM order_items i JOIN orders o ON o.id = i.order_id JOIN products p ON p.id = i.product_id
           WHERE p.created_at > o.order_date || ' 23:59:59'`,
        ),
      ).toBe(0);
    });
  });

  describe('money and consistency', () => {
    it('makes every order total the sum of its items', () => {
      expect(
        one<number>(
          database,
          'SELECT count(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.id)',
        ),
      ).toBe(0);
      expect(
        one<number>(
          database,
          `SELECT count(*) FROM orders o
           WHERE abs(o.total_amount - (SELECT sum(i.quantity * i.unit_price) FROM order_items i WHERE i.order_id = o.id)) >= 0.005`,
        ),
      ).toBe(0);
    });

    it('writes prices with at most two decimals, some with cents, and costs below prices', () => {
      for (const [table, column] of [
        ['products', 'price'],
        ['products', 'cost'],
        ['order_items', 'unit_price'],
        ['orders', 'total_amount'],
        ['payments', 'amount'],
      ]) {
        expect(
          one<number>(
            database,
            `SELECT count(*) FROM ${table} WHERE abs(${column} * 100 - round(${column} * 100)) > 1e-6`,
          ),
          `${table}.${column}`,
        ).toBe(0);
      }
      expect(
        one<number>(database, 'SELECT count(*) FROM products WHERE price <> round(price)'),
      ).toBeGreaterThan(300);
      expect(one<number>(database, 'SELECT count(*) FROM products WHERE cost >= price OR price <= 0')).toBe(
        0,
      );
    });

    it('pays each paid order exactly its total, never a cancelled one, and never before the order', () => {
      expect(
        one<number>(
          database,
          `SELECT count(*) FROM (SELECT o.id, o.total_amount, sum(p.amount) AS paid FROM orders o JOIN payments p ON p.order_id = o.id
           GROUP BY o.id) WHERE abs(paid - total_amount) >= 0.005`,
        ),
      ).toBe(0);
      expect(
        one<number>(
          database,
          "SELECT count(*) FROM payments p JOIN orders o ON o.id = p.order_id WHERE o.status = 'cancelled'",
        ),
      ).toBe(0);
      expect(
        one<number>(
          database,
          "SELECT count(*) FROM orders o WHERE o.status IN ('shipped', 'delivered', 'returned') AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.order_id = o.id)",
        ),
      ).toBe(0);
      expect(
        one<number>(
          database,
          'SELECT count(*) FROM payments p JOIN orders o ON o.id = p.order_id WHERE p.paid_at < o.order_date',
        ),
      ).toBe(0);
      expect(database.prepare('SELECT DISTINCT method FROM payments ORDER BY 1').pluck().all()).toEqual([
        'bank_transfer',
        'card',
        'gift_card',
        'paypal',
      ]);
    });

    it('uses every order status, with recent orders still open and old ones settled', () => {
      expect(database.prepare('SELECT DISTINCT status FROM orders ORDER BY 1').pluck().all()).toEqual([
        'cancelled',
        'delivered',
        'pending',
        'returned',
        'shipped',
      ]);
      expect(
        one<number>(
          database,
          "SELECT count(*) FROM orders WHERE status IN ('pending', 'shipped') AND order_date < '2025-02-20'",
        ),
      ).toBe(0);
    });

    it('takes reviews only from buyers, after delivery, one per customer and product', () => {
      expect(
        one<number>(
          database,
          `SELECT count(*) FROM reviews r WHERE NOT EXISTS (
             SELECT 1 FROM orders o JOIN order_items i ON i.order_id = o.id
             WHERE o.customer_id = r.customer_id AND i.product_id = r.product_id AND o.order_date < r.created_at
               AND o.status IN ('delivered', 'returned'))`,
        ),
      ).toBe(0);
      expect(
        one<number>(
          database,
          'SELECT count(*) FROM (SELECT 1 FROM reviews GROUP BY customer_id, product_id HAVING count(*) > 1)',
        ),
      ).toBe(0);
      expect(database.prepare('SELECT DISTINCT rating FROM reviews ORDER BY 1').pluck().all()).toEqual([
        1, 2, 3, 4, 5,
      ]);
    });
  });

  describe('realism', () => {
    it('spreads customers over about 25 countries with real cities and unique emails', () => {
      expect(one<number>(database, 'SELECT count(DISTINCT country) FROM customers')).toBeGreaterThanOrEqual(
        25,
      );
      expect(
        one<number>(
          database,
          "SELECT count(*) FROM customers WHERE country = 'France' AND city NOT IN ('Paris', 'Lyon', 'Marseille', 'Toulouse', 'Nice', 'Bordeaux')",
        ),
      ).toBe(0);
      expect(one<number>(database, 'SELECT count(DISTINCT email) FROM customers')).toBe(3000);
      expect(one<number>(database, "SELECT count(*) FROM customers WHERE email NOT LIKE '%_@%.%'")).toBe(0);
      expect(database.prepare('SELECT DISTINCT segment FROM customers ORDER BY 1').pluck().all()).toEqual([
        'business',
        'consumer',
        'vip',
      ]);
    });

    it('builds a two-level category tree with products only in subcategories', () => {
      expect(
        database.prepare('SELECT name FROM categories WHERE parent_id IS NULL ORDER BY id').pluck().all(),
      ).toContain('Electronics');
      expect(
        one<number>(
          database,
          "SELECT count(*) FROM categories c JOIN categories p ON p.id = c.parent_id WHERE p.name = 'Electronics'",
        ),
      ).toBeGreaterThanOrEqual(3);
      expect(
        one<number>(
          database,
          'SELECT count(*) FROM products p JOIN categories c ON c.id = p.category_id WHERE c.parent_id IS NULL',
        ),
      ).toBe(0);
      expect(
        one<number>(
          database,
          'SELECT count(*) FROM categories c WHERE c.parent_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM products p WHERE p.category_id = c.id)',
        ),
      ).toBe(0);
      expect(one<number>(database, 'SELECT count(DISTINCT name) FROM products')).toBe(400);
    });

    it('gives the company one CEO at the top of a reporting tree', () => {
      expect(database.prepare('SELECT role FROM employees WHERE manager_id IS NULL').pluck().all()).toEqual([
        'CEO',
      ]);
      expect(
        one<number>(
          database,
          "SELECT count(*) FROM orders o JOIN employees e ON e.id = o.employee_id WHERE e.role <> 'Sales Representative'",
        ),
      ).toBe(0);
      expect(
        one<number>(
          database,
          "SELECT count(*) FROM orders o JOIN employees e ON e.id = o.employee_id WHERE e.hired_at > o.order_date || ' 23:59:59'",
        ),
      ).toBe(0);
      expect(
        one<number>(database, 'SELECT count(*) FROM orders WHERE employee_id IS NOT NULL'),
      ).toBeGreaterThan(500);
    });
  });

  describe('atomic write', () => {
    it('replaces an existing file in one step', async () => {
      const path = join(root, 'replace.db');
      writeFileSync(path, 'old content');
      await generateDemoDatabase({ path, scale: 0.05, now: NOW });
      const replaced = new Database(path, { readonly: true });
      try {
        expect(one<number>(replaced, 'SELECT count(*) FROM orders')).toBe(500);
      } finally {
        replaced.close();
      }
    });

    it('leaves no temporary file and nothing at the target when the final rename fails', async () => {
      const directory = join(root, 'rename-fails');
      mkdirSync(directory);
      // A non-empty directory at the target path makes the rename fail after all rows are written.
      const target = join(directory, 'demo.db');
      mkdirSync(target);
      writeFileSync(join(target, 'keep'), 'x');
      await expect(generateDemoDatabase({ path: target, scale: 0.05, now: NOW })).rejects.toThrow();
      expect(readdirSync(directory)).toEqual(['demo.db']);
      expect(readdirSync(target)).toEqual(['keep']);
    });

    it('creates the directory of the target when it is missing', async () => {
      const path = join(root, 'a', 'b', 'c.db');
      await generateDemoDatabase({ path, scale: 0.05, now: NOW });
      expect(existsSync(path)).toBe(true);
    });
  });
});
