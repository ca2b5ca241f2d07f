import { describe, expect, it } from 'vitest';
import { shopSchema } from './fixtures/shop-schema.js';
import type { QueryIR } from './query-ir.js';
import { columnRef, emptyQuery } from './query-ir.js';
import type { SchemaIndex } from './schema-index.js';
import { buildSchemaIndex } from './schema-index.js';
import { SQL_DIALECTS } from './sql-dialect.js';
import { emitQuery } from './sql-emitter.js';

function col(index: SchemaIndex, t: string, c: string) {
  const found = index.tableByName.get(t)?.columns.find((x) => x.name === c);
  if (!found) throw new Error(`${t}.${c}`);
  return found;
}

async function ordersLastMonth(): Promise<{ index: SchemaIndex; ir: QueryIR }> {
  const index = await buildSchemaIndex(shopSchema(), { synonyms: false });
  const orders = index.tableByName.get('orders');
  if (!orders) throw new Error('orders');
  const ir = emptyQuery(orders);
  ir.select = [
    { expr: columnRef(col(index, 'customers', 'country')) },
    { expr: { kind: 'aggregate', fn: 'count', distinct: false }, alias: 'orders' },
  ];
  ir.where = {
    kind: 'date-range',
    left: columnRef(col(index, 'orders', 'order_date')),
    start: '2025-10-01',
    end: '2025-11-01',
    label: 'in October 2025',
  };
  ir.groupBy = [columnRef(col(index, 'customers', 'country'))];
  ir.orderBy = [{ expr: { kind: 'aggregate', fn: 'count', distinct: false }, direction: 'desc' }];
  ir.limit = 3;
  return { index, ir };
}

describe('emitQuery', () => {
  it('writes SQLite with short aliases, a half-open date range and LIMIT', async () => {
    const { index, ir } = await ordersLastMonth();
    expect(emitQuery(ir, index, 'sqlite')).toBe(
      "SELECT c.country, COUNT(*) AS orders FROM orders AS o JOIN customers AS c ON c.id = o.customer_id WHERE o.order_date >= '2025-10-01' AND o.order_date < '2025-11-01' GROUP BY c.country ORDER BY COUNT(*) DESC LIMIT 3",
    );
  });

  it('differs between dialects only where the dialect table says so', async () => {
    const { index, ir } = await ordersLastMonth();
    const postgres = emitQuery(ir, index, 'postgres');
    expect(postgres).toContain("o.order_date >= DATE '2025-10-01'");
    expect(postgres.replace(/DATE '/g, "'")).toBe(emitQuery(ir, index, 'sqlite'));
  });

  it('leaves bare names alone and quotes the rest per dialect', () => {
    expect(SQL_DIALECTS.sqlite.identifier('OrderDate')).toBe('OrderDate');
    expect(SQL_DIALECTS.postgres.identifier('OrderDate')).toBe('"OrderDate"');
    expect(SQL_DIALECTS.mysql.identifier('order date')).toBe('`order date`');
    expect(SQL_DIALECTS.duckdb.identifier('year')).toBe('"year"');
  });

  it('matches text case-insensitively in every dialect', () => {
    expect(SQL_DIALECTS.sqlite.matches('name', '%ab%', false)).toBe("name LIKE '%ab%'");
    expect(SQL_DIALECTS.postgres.matches('name', '%ab%', true)).toBe("name NOT ILIKE '%ab%'");
    expect(SQL_DIALECTS.duckdb.matches('name', '%ab%', false)).toBe("name ILIKE '%ab%'");
  });

  it("extracts years with each dialect's function", () => {
    expect(SQL_DIALECTS.sqlite.yearOf('d')).toBe("CAST(strftime('%Y', d) AS INTEGER)");
    expect(SQL_DIALECTS.postgres.yearOf('d')).toBe('EXTRACT(YEAR FROM d)');
    expect(SQL_DIALECTS.mysql.yearOf('d')).toBe('YEAR(d)');
  });

  it('escapes quotes in string literals', async () => {
    const index = await buildSchemaIndex(shopSchema(), { synonyms: false });
    const customers = index.tableByName.get('customers');
    if (!customers) throw new Error('customers');
    const ir = emptyQuery(customers);
    ir.select = [{ expr: columnRef(col(index, 'customers', 'name')) }];
    ir.where = {
      kind: 'compare',
      left: columnRef(col(index, 'customers', 'name')),
      op: '=',
      right: { kind: 'literal', value: "O'Brien" },
    };
    expect(emitQuery(ir, index, 'sqlite')).toBe("SELECT name FROM customers WHERE name = 'O''Brien'");
    expect(emitQuery(ir, index, 'mysql')).toBe("SELECT name FROM customers WHERE name = 'O''Brien'");
  });

  it('writes subqueries and set operations', async () => {
    const index = await buildSchemaIndex(shopSchema(), { synonyms: false });
    const customers = index.tableByName.get('customers');
    const orders = index.tableByName.get('orders');
    if (!customers || !orders) throw new Error('tables');
    const inner = emptyQuery(orders);
    inner.select = [{ expr: columnRef(col(index, 'orders', 'customer_id')) }];
    const ir = emptyQuery(customers);
    ir.select = [{ expr: columnRef(col(index, 'customers', 'name')) }];
    ir.where = {
      kind: 'in-subquery',
      left: columnRef(col(index, 'customers', 'id')),
      negated: true,
      query: inner,
    };
    expect(emitQuery(ir, index, 'sqlite')).toBe(
      'SELECT name FROM customers WHERE id NOT IN (SELECT customer_id FROM orders)',
    );
  });
});
