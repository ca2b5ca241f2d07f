import { describe, expect, it } from 'vitest';
import { demoColumns, demoColumnType, demoCreateTableSql, demoForeignKeySql } from './demo-copy-schema.js';
import { DEMO_TABLES } from './demo-schema.js';

describe('demo copy schema', () => {
  it('reads every column of every demo table with its references and comments', () => {
    const orders = demoColumns('orders');
    expect(orders.map((column) => column.name)).toEqual([
      'id',
      'customer_id',
      'employee_id',
      'order_date',
      'status',
      'total_amount',
    ]);
    expect(orders[2]).toMatchObject({
      references: { table: 'employees', column: 'id' },
      comment: 'the sales representative; NULL for web orders',
    });
    expect(DEMO_TABLES.every((table) => demoColumns(table)[0]?.name === 'id')).toBe(true);
  });

  it('maps dates, timestamps, doubles and MySQL text to native types', () => {
    const [orderDate, totalAmount] = ['order_date', 'total_amount'].map((name) =>
      demoColumns('orders').find((column) => column.name === name)!,
    );
    const createdAt = demoColumns('products').find((column) => column.name === 'created_at')!;
    const name = demoColumns('products').find((column) => column.name === 'name')!;
    expect(demoColumnType(orderDate!, 'postgres')).toBe('DATE');
    expect(demoColumnType(createdAt, 'mysql')).toBe('DATETIME');
    expect(demoColumnType(createdAt, 'duckdb')).toBe('TIMESTAMP');
    expect(demoColumnType(totalAmount!, 'postgres')).toBe('DOUBLE PRECISION');
    expect(demoColumnType(name, 'mysql')).toBe('VARCHAR(255)');
    expect(demoColumnType(name, 'duckdb')).toBe('TEXT');
  });

  it('writes foreign keys inline for DuckDB, as constraints for MySQL and afterwards for PostgreSQL', () => {
    const [duckdb] = demoCreateTableSql('categories', 'duckdb');
    expect(duckdb).toContain('parent_id INTEGER REFERENCES categories (id)');
    const [mysql] = demoCreateTableSql('categories', 'mysql');
    expect(mysql).toContain('FOREIGN KEY (parent_id) REFERENCES categories (id)');
    expect(mysql).toContain("COMMENT 'NULL for a top-level category'");
    const postgres = demoCreateTableSql('categories', 'postgres');
    expect(postgres[0]).not.toContain('REFERENCES');
    expect(postgres).toContain("COMMENT ON COLUMN categories.parent_id IS 'NULL for a top-level category'");
    expect(demoForeignKeySql('categories')).toEqual([
      'ALTER TABLE categories ADD FOREIGN KEY (parent_id) REFERENCES categories (id)',
    ]);
  });
});
