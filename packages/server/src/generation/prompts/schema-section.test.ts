import { describe, expect, it } from 'vitest';
import type { SchemaInfo } from '../../core/index.js';
import { buildSchemaSection, estimateTokens } from './schema-section.js';
import { shopSchema, wideSchema } from './test-support/prompt-fixtures.js';

describe('buildSchemaSection', () => {
  it('renders tables as compact lines with keys, links, row counts, descriptions and samples', () => {
    const section = buildSchemaSection(shopSchema);
    expect(section.text).toMatchInlineSnapshot(`
      "customers(id INTEGER PK, name TEXT, country TEXT, segment TEXT, created_at TEXT) -- 1,200 rows; People and companies that bought something
        country: Billing country; e.g. 'France', 'Germany', 'Spain', 'Côte d''Ivoire', 'Italy'
        segment: e.g. 'retail', 'wholesale'
        created_at: ISO-8601 date of sign-up
      orders(id INTEGER PK, customer_id INTEGER → customers.id, status TEXT, ordered_at TEXT, total REAL) -- 5,400 rows
        status: e.g. 'shipped', 'pending', 'cancelled'
        total: Order total in EUR, tax included
      "order items"(order_id INTEGER PK → orders.id, product_id INTEGER PK → products.id, quantity INTEGER) -- 16,000 rows
      products(id INTEGER PK, name TEXT, category TEXT, price REAL) -- 300 rows
        category: e.g. 'books', 'games', 'garden'
      monthly_sales(month TEXT, revenue REAL) -- view"
    `);
    expect(section).toMatchObject({ withoutSamples: [], keysOnly: [], omitted: [] });
    expect(section.estimatedTokens).toBe(estimateTokens(section.text));
  });

  it('quotes names that need it with backticks for MySQL', () => {
    const section = buildSchemaSection({ ...shopSchema, dialect: 'mysql' });
    expect(section.text).toContain('`order items`(order_id INTEGER PK');
  });

  it('leaves sample values out when asked to', () => {
    const section = buildSchemaSection(shopSchema, { includeSampleValues: false });
    expect(section.text).not.toContain("'France'");
    expect(section.text).toContain('country: Billing country');
  });

  it('drops sample values of the lowest-ranked tables before any column', () => {
    const full = buildSchemaSection(shopSchema);
    // just below the full size: only the last table with samples (products) has to lose them
    const section = buildSchemaSection(shopSchema, { tokenBudget: full.estimatedTokens - 5 });
    expect(section.withoutSamples).toEqual(['products']);
    expect(section.keysOnly).toEqual([]);
    expect(section.text).toContain("'France'");
    expect(section.text).not.toContain("'books'");
    expect(section.text).toContain('products(id INTEGER PK, name TEXT, category TEXT, price REAL)');
  });

  it('then keeps only key columns of the lowest-ranked tables, never dropping a key', () => {
    const section = buildSchemaSection(shopSchema, { tokenBudget: 120 });
    expect(section.keysOnly).toContain('products');
    expect(section.text).toContain('products(id INTEGER PK, … 3 more columns) -- 300 rows');
    expect(section.text).toContain(
      '"order items"(order_id INTEGER PK → orders.id, product_id INTEGER PK → products.id',
    );
    expect(section.estimatedTokens).toBeLessThanOrEqual(120);
  });

  it('counts a column that another table references as a key', () => {
    const schema: SchemaInfo = {
      dialect: 'sqlite',
      tables: [
        {
          name: 'a',
          kind: 'table',
          primaryKey: [],
          foreignKeys: [{ columns: ['b_code'], referencedTable: 'b', referencedColumns: ['code'] }],
          columns: [{ name: 'b_code', type: 'TEXT', category: 'text', nullable: true, primaryKey: false }],
        },
        {
          name: 'b',
          kind: 'table',
          primaryKey: [],
          foreignKeys: [],
          columns: [
            { name: 'code', type: 'TEXT', category: 'text', nullable: false, primaryKey: false },
            {
              name: 'note',
              type: 'TEXT',
              category: 'text',
              nullable: true,
              primaryKey: false,
              description: 'x'.repeat(100),
            },
          ],
        },
      ],
    };
    const section = buildSchemaSection(schema, { tokenBudget: 14 });
    expect(section.text).toContain('b(code TEXT, … 1 more column)');
  });

  it('leaves out whole low-ranked tables only when keys alone do not fit, never the first', () => {
    const section = buildSchemaSection(wideSchema(300), { tokenBudget: 500 });
    expect(section.omitted.length).toBeGreaterThan(0);
    expect(section.omitted[0]).toBe('t299');
    expect(section.text.startsWith('t000(')).toBe(true);
    expect(section.text).toContain(`-- ${section.omitted.length} less relevant tables not shown`);
    expect(section.estimatedTokens).toBeLessThanOrEqual(500);
  });

  it('keeps the first table even when it alone is over the budget', () => {
    const section = buildSchemaSection(shopSchema, { tokenBudget: 1 });
    expect(section.text.startsWith('customers(id INTEGER PK, … 4 more columns)')).toBe(true);
    expect(section.omitted).toEqual(['monthly_sales', 'products', 'order items', 'orders']);
  });
});
