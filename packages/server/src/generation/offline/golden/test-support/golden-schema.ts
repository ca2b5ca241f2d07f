import type { Dialect } from '../../../../core/index.js';

/**
 * The golden fixture: one small shop described once (column types and rows) and written out as
 * DDL and INSERTs for each dialect, so the same data sits in SQLite, DuckDB, PostgreSQL and
 * MariaDB. It carries what makes dialects differ: a mixed-case column (`unitPrice`),
 * reserved words (`rank`; `condition`, reserved in MySQL and MariaDB only), dates and timestamps, a boolean, NULLs, text with quotes and text that
 * differs only in case ("Blue Mug" / "blue pen").
 */

/** Portable column types; `GOLDEN_TYPES` spells each one per dialect. */
export type GoldenType = 'integer' | 'text' | 'decimal' | 'date' | 'timestamp' | 'boolean';

export type GoldenValue = string | number | boolean | null;

export interface GoldenColumn {
  name: string;
  type: GoldenType;
  nullable?: boolean;
}

export interface GoldenTable {
  name: string;
  columns: GoldenColumn[];
  /** The first column is the primary key. */
  foreignKeys: { column: string; references: string }[];
  rows: GoldenValue[][];
}

const GOLDEN_TYPES: Record<Dialect, Record<GoldenType, string>> = {
  // SQLite keeps dates as ISO text and booleans as 0/1; the declared types give the categories.
  sqlite: {
    integer: 'INTEGER',
    text: 'TEXT',
    decimal: 'DECIMAL(10,2)',
    date: 'DATE',
    timestamp: 'TIMESTAMP',
    boolean: 'BOOLEAN',
  },
  postgres: {
    integer: 'INTEGER',
    text: 'TEXT',
    decimal: 'NUMERIC(10,2)',
    date: 'DATE',
    timestamp: 'TIMESTAMP',
    boolean: 'BOOLEAN',
  },
  mysql: {
    integer: 'INT',
    text: 'VARCHAR(200)',
    decimal: 'DECIMAL(10,2)',
    date: 'DATE',
    timestamp: 'DATETIME',
    boolean: 'BOOLEAN',
  },
  duckdb: {
    integer: 'INTEGER',
    text: 'VARCHAR',
    decimal: 'DECIMAL(10,2)',
    date: 'DATE',
    timestamp: 'TIMESTAMP',
    boolean: 'BOOLEAN',
  },
};

export const GOLDEN_TABLES: readonly GoldenTable[] = [
  {
    name: 'customers',
    columns: [
      { name: 'id', type: 'integer' },
      { name: 'name', type: 'text' },
      { name: 'city', type: 'text' },
      { name: 'email', type: 'text', nullable: true },
      { name: 'segment', type: 'text' },
      { name: 'signupDate', type: 'date' },
    ],
    foreignKeys: [],
    rows: [
      [1, 'Alice Martin', 'Paris', 'alice@example.com', 'retail', '2023-11-20'],
      [2, "Sean O'Brien", 'Dublin', null, 'retail', '2024-02-14'],
      [3, 'Bob Stone', 'Berlin', 'bob@example.org', 'wholesale', '2024-05-03'],
      [4, 'Carla Diaz', 'Madrid', 'carla@example.com', 'retail', '2024-08-30'],
      [5, 'Dan Brown', 'Paris', null, 'wholesale', '2024-12-31'],
      [6, 'Eve Adams', 'Berlin', 'eve@example.com', 'retail', '2025-01-15'],
      [7, 'Frank Miller', 'Rome', 'frank@example.net', 'wholesale', '2025-06-01'],
      [8, 'Grace Lee', 'Dublin', 'grace@example.com', 'retail', '2025-09-10'],
    ],
  },
  {
    name: 'products',
    columns: [
      { name: 'id', type: 'integer' },
      { name: 'name', type: 'text' },
      { name: 'category', type: 'text' },
      { name: 'unitPrice', type: 'decimal' },
      { name: 'in_stock', type: 'boolean' },
      { name: 'rank', type: 'integer' },
      { name: 'condition', type: 'text' },
    ],
    foreignKeys: [],
    rows: [
      [1, 'Blue Mug', 'kitchen', 12.5, true, 3, 'new'],
      [2, 'blue pen', 'office', 1.99, true, 8, 'new'],
      [3, 'Red Mug', 'kitchen', 11, false, 5, 'refurbished'],
      [4, 'Desk Lamp', 'office', 34.9, true, 1, 'used'],
      [5, 'Notebook', 'office', 4.25, true, 6, 'new'],
      [6, 'Teapot', 'kitchen', 29, false, 2, 'refurbished'],
      [7, "Chef's Knife", 'kitchen', 45, true, 4, 'new'],
      [8, 'Stapler', 'office', 7.75, false, 7, 'used'],
    ],
  },
  {
    name: 'orders',
    columns: [
      { name: 'id', type: 'integer' },
      { name: 'customer_id', type: 'integer' },
      { name: 'order_date', type: 'date' },
      { name: 'shipped_at', type: 'timestamp', nullable: true },
      { name: 'status', type: 'text' },
      { name: 'note', type: 'text', nullable: true },
    ],
    foreignKeys: [{ column: 'customer_id', references: 'customers' }],
    rows: [
      [1, 1, '2024-01-05', '2024-01-06 09:15:00', 'delivered', null],
      [2, 2, '2024-02-20', '2024-02-21 16:40:00', 'delivered', 'Leave at the "back" door'],
      [3, 1, '2024-03-31', '2024-04-01 08:00:00', 'delivered', null],
      [4, 3, '2024-04-01', null, 'cancelled', "Customer's request"],
      [5, 4, '2024-07-14', '2024-07-15 12:00:00', 'delivered', null],
      [6, 5, '2024-12-31', '2025-01-02 10:00:00', 'delivered', 'Gift \\ wrap'],
      [7, 3, '2025-01-01', '2025-01-03 11:30:00', 'shipped', 'Code 500 at the gate'],
      [8, 6, '2025-03-15', '2025-03-16 14:20:00', 'shipped', null],
      [9, 2, '2025-07-02', '2025-07-03 09:00:00', 'delivered', null],
      [10, 7, '2025-08-19', null, 'pending', null],
      [11, 8, '2025-09-30', null, 'pending', '50% off'],
      [12, 1, '2025-10-05', null, 'pending', null],
    ],
  },
  {
    name: 'order_items',
    columns: [
      { name: 'id', type: 'integer' },
      { name: 'order_id', type: 'integer' },
      { name: 'product_id', type: 'integer' },
      { name: 'quantity', type: 'integer' },
      { name: 'price', type: 'decimal' },
    ],
    foreignKeys: [
      { column: 'order_id', references: 'orders' },
      { column: 'product_id', references: 'products' },
    ],
    rows: [
      [1, 1, 1, 2, 12.5],
      [2, 1, 2, 10, 1.99],
      [3, 2, 4, 1, 34.9],
      [4, 3, 7, 1, 45],
      [5, 3, 5, 3, 4.25],
      [6, 4, 6, 1, 29],
      [7, 5, 1, 4, 12.5],
      [8, 5, 3, 2, 11],
      [9, 6, 8, 1, 7.75],
      [10, 6, 2, 5, 1.99],
      [11, 7, 4, 2, 34.9],
      [12, 8, 7, 1, 45],
      [13, 9, 5, 6, 4.25],
      [14, 9, 1, 1, 12.5],
      [15, 10, 6, 2, 29],
      [16, 11, 4, 1, 34.9],
      [17, 12, 2, 20, 1.99],
      [18, 12, 8, 2, 7.75],
    ],
  },
];

/** The reference date of relative questions ("last quarter"): Wednesday 12 November 2025. */
export const GOLDEN_NOW = new Date('2025-11-12T10:00:00Z');

function quote(dialect: Dialect, name: string): string {
  return dialect === 'mysql' ? `\`${name.replace(/`/g, '``')}\`` : `"${name.replace(/"/g, '""')}"`;
}

function literal(dialect: Dialect, type: GoldenType, value: GoldenValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean')
    return dialect === 'sqlite' ? (value ? '1' : '0') : String(value).toUpperCase();
  if (typeof value === 'number') return String(value);
  const escaped = dialect === 'mysql' ? value.replace(/\\/g, '\\\\') : value;
  const text = `'${escaped.replace(/'/g, "''")}'`;
  if (dialect === 'sqlite' || dialect === 'mysql') return text;
  return type === 'date' ? `DATE ${text}` : type === 'timestamp' ? `TIMESTAMP ${text}` : text;
}

/** CREATE TABLE and INSERT statements for one dialect, in dependency order. */
export function goldenStatements(dialect: Dialect): string[] {
  const statements: string[] = [];
  for (const table of GOLDEN_TABLES) {
    const columns = table.columns.map(
      (column, i) =>
        `${quote(dialect, column.name)} ${GOLDEN_TYPES[dialect][column.type]}${i === 0 ? ' PRIMARY KEY' : column.nullable ? '' : ' NOT NULL'}`,
    );
    const keys = table.foreignKeys.map(
      (key) =>
        `FOREIGN KEY (${quote(dialect, key.column)}) REFERENCES ${quote(dialect, key.references)} (${quote(dialect, 'id')})`,
    );
    statements.push(`CREATE TABLE ${quote(dialect, table.name)} (${[...columns, ...keys].join(', ')})`);
    const values = table.rows.map(
      (row) => `(${row.map((value, i) => literal(dialect, table.columns[i]!.type, value)).join(', ')})`,
    );
    statements.push(`INSERT INTO ${quote(dialect, table.name)} VALUES ${values.join(', ')}`);
  }
  return statements;
}
