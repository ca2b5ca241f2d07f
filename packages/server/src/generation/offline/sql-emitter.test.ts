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
    expect(SQL_DIALECTS.sqlite.matches('name', 'ab', 'contains', false)).toBe("name LIKE '%ab%'");
    expect(SQL_DIALECTS.postgres.matches('name', 'ab', 'starts', true)).toBe("name NOT ILIKE 'ab%'");
    expect(SQL_DIALECTS.mysql.matches('name', 'ab', 'ends', false)).toBe("name LIKE '%ab'");
    expect(SQL_DIALECTS.duckdb.matches('name', 'ab', 'contains', false)).toBe("name ILIKE '%ab%'");
  });

  it('matches a literal % or _ in the text instead of dropping it', () => {
    // Regression: "contains '50%'" became LIKE '%50%', which also matched "Code 500".
    expect(SQL_DIALECTS.sqlite.matches('note', '50%', 'contains', false)).toBe(
      "note LIKE '%50!%%' ESCAPE '!'",
    );
    expect(SQL_DIALECTS.postgres.matches('code', 'a_b!', 'starts', false)).toBe(
      "code ILIKE 'a!_b!!%' ESCAPE '!'",
    );
  });

  it('matches a backslash as itself, doubling it only inside MySQL strings', () => {
    // PostgreSQL and MySQL read a backslash in LIKE as an escape unless ESCAPE names another.
    expect(SQL_DIALECTS.postgres.matches('note', 'a\\b', 'contains', false)).toBe(
      "note ILIKE '%a\\b%' ESCAPE '!'",
    );
    expect(SQL_DIALECTS.mysql.matches('note', 'a\\b', 'contains', false)).toBe(
      "note LIKE '%a\\\\b%' ESCAPE '!'",
    );
    expect(SQL_DIALECTS.sqlite.matches('note', 'a\\b', 'contains', false)).toBe(
      "note LIKE '%a\\b%' ESCAPE '!'",
    );
  });

  it('quotes a word that only one dialect reserves, in every dialect', () => {
    // Regression: a column named condition was written bare and MariaDB rejected the query.
    expect(SQL_DIALECTS.mysql.identifier('condition')).toBe('`condition`');
    expect(SQL_DIALECTS.postgres.identifier('condition')).toBe('"condition"');
    expect(SQL_DIALECTS.mysql.identifier('read')).toBe('`read`');
    expect(SQL_DIALECTS.postgres.identifier('only')).toBe('"only"');
    expect(SQL_DIALECTS.duckdb.identifier('qualify')).toBe('"qualify"');
    expect(SQL_DIALECTS.sqlite.identifier('status')).toBe('status');
  });

  it("extracts years with each dialect's function", () => {
    expect(SQL_DIALECTS.sqlite.yearOf('d')).toBe("CAST(strftime('%Y', d) AS INTEGER)");
    expect(SQL_DIALECTS.postgres.yearOf('d')).toBe('EXTRACT(YEAR FROM d)');
    expect(SQL_DIALECTS.mysql.yearOf('d')).toBe('YEAR(d)');
  });

  it('labels calendar periods as text in each dialect', () => {
    const labels = (dialect: keyof typeof SQL_DIALECTS) =>
      (['year', 'quarter', 'month', 'week', 'day'] as const).map((unit) =>
        SQL_DIALECTS[dialect].periodOf('d', unit),
      );
    expect(labels('sqlite')).toEqual([
      "strftime('%Y', d)",
      "strftime('%Y', d) || '-Q' || ((CAST(strftime('%m', d) AS INTEGER) + 2) / 3)",
      "strftime('%Y-%m', d)",
      "strftime('%Y-W%W', d)",
      "strftime('%Y-%m-%d', d)",
    ]);
    expect(labels('postgres')).toEqual([
      "to_char(d, 'YYYY')",
      'to_char(d, \'YYYY-"Q"Q\')',
      "to_char(d, 'YYYY-MM')",
      "to_char(d, 'YYYY') || '-W' || lpad(CAST((CAST(EXTRACT(DOY FROM d) AS INTEGER) + 7 - CAST(EXTRACT(ISODOW FROM d) AS INTEGER)) / 7 AS TEXT), 2, '0')",
      "to_char(d, 'YYYY-MM-DD')",
    ]);
    expect(labels('mysql')).toEqual([
      "DATE_FORMAT(d, '%Y')",
      "CONCAT(DATE_FORMAT(d, '%Y'), '-Q', QUARTER(d))",
      "DATE_FORMAT(d, '%Y-%m')",
      "CONCAT(DATE_FORMAT(d, '%Y'), '-W', LPAD(WEEK(d, 5), 2, '0'))",
      "DATE_FORMAT(d, '%Y-%m-%d')",
    ]);
    expect(labels('duckdb')).toEqual([
      "strftime(d, '%Y')",
      "concat(strftime(d, '%Y'), '-Q', quarter(d))",
      "strftime(d, '%Y-%m')",
      "strftime(d, '%Y-W%W')",
      "strftime(d, '%Y-%m-%d')",
    ]);
  });

  it('selects, groups and orders by a period of a joined date column', async () => {
    const { index, ir } = await ordersLastMonth();
    const month = {
      kind: 'period-of',
      unit: 'month',
      arg: columnRef(col(index, 'orders', 'order_date')),
    } as const;
    ir.select = [{ expr: month, alias: 'month' }, ...ir.select.slice(1)];
    ir.groupBy = [month, columnRef(col(index, 'customers', 'country'))];
    ir.orderBy = [{ expr: month, direction: 'asc' }];
    ir.limit = undefined;
    expect(emitQuery(ir, index, 'sqlite')).toBe(
      "SELECT strftime('%Y-%m', o.order_date) AS \"month\", COUNT(*) AS orders FROM orders AS o JOIN customers AS c ON c.id = o.customer_id WHERE o.order_date >= '2025-10-01' AND o.order_date < '2025-11-01' GROUP BY strftime('%Y-%m', o.order_date), c.country ORDER BY strftime('%Y-%m', o.order_date) ASC",
    );
    expect(emitQuery(ir, index, 'mysql')).toBe(
      "SELECT DATE_FORMAT(o.order_date, '%Y-%m') AS `month`, COUNT(*) AS orders FROM orders AS o JOIN customers AS c ON c.id = o.customer_id WHERE o.order_date >= DATE '2025-10-01' AND o.order_date < DATE '2025-11-01' GROUP BY DATE_FORMAT(o.order_date, '%Y-%m'), c.country ORDER BY DATE_FORMAT(o.order_date, '%Y-%m') ASC",
    );
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

  it("compares a boolean column with the dialect's TRUE and FALSE", async () => {
    // Regression: "in stock" was written in_stock = 1, which PostgreSQL rejects (boolean = integer).
    const schema = shopSchema();
    schema.tables[0]?.columns.push({
      name: 'is_active',
      type: 'BOOLEAN',
      category: 'boolean',
      nullable: true,
      primaryKey: false,
    });
    const index = await buildSchemaIndex(schema, { synonyms: false });
    const customers = index.tableByName.get('customers');
    if (!customers) throw new Error('customers');
    const ir = emptyQuery(customers);
    ir.select = [{ expr: columnRef(col(index, 'customers', 'name')) }];
    ir.where = {
      kind: 'and',
      items: [
        {
          kind: 'compare',
          left: columnRef(col(index, 'customers', 'is_active')),
          op: '=',
          right: { kind: 'literal', value: 1 },
        },
        {
          kind: 'compare',
          left: { kind: 'literal', value: 0 },
          op: '!=',
          right: columnRef(col(index, 'customers', 'is_active')),
        },
      ],
    };
    expect(emitQuery(ir, index, 'postgres')).toBe(
      'SELECT name FROM customers WHERE is_active = TRUE AND FALSE != is_active',
    );
    expect(emitQuery(ir, index, 'sqlite')).toBe(
      'SELECT name FROM customers WHERE is_active = 1 AND 0 != is_active',
    );
  });

  it('divides to a fraction in every dialect, integers included', async () => {
    const index = await buildSchemaIndex(shopSchema(), { synonyms: false });
    const customers = index.tableByName.get('customers');
    if (!customers) throw new Error('customers');
    const ir = emptyQuery(customers);
    ir.select = [
      {
        expr: {
          kind: 'arithmetic',
          op: '/',
          left: {
            kind: 'aggregate',
            fn: 'count',
            distinct: true,
            arg: columnRef(col(index, 'customers', 'city')),
          },
          right: {
            kind: 'arithmetic',
            op: '+',
            left: { kind: 'aggregate', fn: 'count', distinct: false },
            right: { kind: 'literal', value: 1 },
          },
        },
        alias: 'share',
      },
    ];
    for (const dialect of ['sqlite', 'postgres', 'mysql', 'duckdb'] as const) {
      expect(emitQuery(ir, index, dialect)).toBe(
        'SELECT COUNT(DISTINCT city) * 1.0 / (COUNT(*) + 1) AS share FROM customers',
      );
    }
  });

  it('leaves numbers compared with a number column alone', async () => {
    const index = await buildSchemaIndex(shopSchema(), { synonyms: false });
    const customers = index.tableByName.get('customers');
    if (!customers) throw new Error('customers');
    const ir = emptyQuery(customers);
    ir.select = [{ expr: columnRef(col(index, 'customers', 'name')) }];
    ir.where = {
      kind: 'compare',
      left: columnRef(col(index, 'customers', 'id')),
      op: '=',
      right: { kind: 'literal', value: 1 },
    };
    expect(emitQuery(ir, index, 'postgres')).toBe('SELECT name FROM customers WHERE id = 1');
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
