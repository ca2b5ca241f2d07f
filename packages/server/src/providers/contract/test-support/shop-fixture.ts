/**
 * The one schema every provider's contract suite runs against: a small shop (customers, products,
 * orders, order_items, with primary and foreign keys), a view, a 100,000-row `events` table for
 * row caps, time limits and streaming, and — where the engine has them — comments and a sequence.
 *
 * The DDL and the rows are written once here in SQL that SQLite, PostgreSQL, MariaDB/MySQL and
 * DuckDB all read the same way; each engine's target adds only what its dialect needs (comments,
 * the sequence, the 100,000 generated rows, statistics).
 */

/** Tables of the fixture with the columns that order their rows (used for checksums). */
export const SHOP_TABLES: ReadonlyArray<{ name: string; orderBy: string }> = [
  { name: 'customers', orderBy: 'customer_id' },
  { name: 'products', orderBy: 'product_id' },
  { name: 'orders', orderBy: 'order_id' },
  { name: 'order_items', orderBy: 'order_id, product_id' },
  { name: 'events', orderBy: 'event_id' },
];

/** The view of the fixture. */
export const SHOP_VIEW = 'customer_order_totals';

/** The sequence created where the engine has sequences (not SQLite). */
export const SHOP_SEQUENCE = 'invoice_number_seq';

/** Rows in `events`. */
export const EVENT_ROWS = 100_000;

/** Comments set on engines that have them; introspection must return them as descriptions. */
export const SHOP_COMMENTS = {
  customersTable: 'People who placed at least one order',
  countryColumn: 'Country of the billing address',
} as const;

type Value = number | string | boolean | null;

const CUSTOMERS: Value[][] = [
  [1, 'Ada Lovelace', 'ada@example.com', 'France', '2023-01-15', true],
  [2, 'Alan Turing', 'alan@example.com', 'Germany', '2023-02-03', true],
  [3, 'Grace Hopper', 'grace@example.com', 'France', '2023-03-21', false],
  [4, 'Edsger Dijkstra', null, 'Japan', '2023-05-09', true],
  [5, 'Barbara Liskov', 'barbara@example.com', 'France', '2023-07-30', true],
  [6, 'Donald Knuth', 'don@example.com', 'Germany', '2023-11-11', false],
  [7, 'Frances Allen', 'fran@example.com', 'Japan', '2024-01-02', true],
  [8, 'John Backus', 'john@example.com', 'Brazil', '2024-02-29', true],
];

const PRODUCTS: Value[][] = [
  [1, 'Keyboard', 'hardware', 49.5],
  [2, 'Mouse', 'hardware', 19.25],
  [3, 'Monitor', 'hardware', 199],
  [4, 'Editor licence', 'software', 89.99],
  [5, 'Compiler licence', 'software', 120],
  [6, 'Manual', 'books', 15],
];

const ORDERS: Value[][] = [
  [1, 1, '2024-03-01', 'delivered'],
  [2, 1, '2024-03-15', 'delivered'],
  [3, 2, '2024-03-20', 'shipped'],
  [4, 3, '2024-04-02', 'cancelled'],
  [5, 3, '2024-04-05', 'delivered'],
  [6, 3, '2024-04-18', 'pending'],
  [7, 5, '2024-05-01', 'shipped'],
  [8, 5, '2024-05-02', 'delivered'],
  [9, 6, '2024-05-20', 'pending'],
  [10, 7, '2024-06-11', 'delivered'],
  [11, 8, '2024-06-30', 'shipped'],
  [12, 8, '2024-07-04', 'delivered'],
];

const ORDER_ITEMS: Value[][] = [
  [1, 1, 1, 49.5],
  [1, 2, 2, 19.25],
  [2, 4, 1, 89.99],
  [3, 3, 2, 199],
  [3, 6, 1, 15],
  [4, 5, 1, 120],
  [5, 2, 1, 19.25],
  [6, 6, 3, 15],
  [7, 1, 1, 49.5],
  [7, 3, 1, 199],
  [8, 4, 2, 89.99],
  [9, 5, 1, 120],
  [10, 6, 1, 15],
  [10, 2, 1, 19.25],
  [11, 3, 1, 199],
  [12, 1, 2, 49.5],
  [12, 5, 1, 120],
];

/** Row counts of the fixture's tables. */
export const SHOP_ROW_COUNTS: Readonly<Record<string, number>> = {
  customers: CUSTOMERS.length,
  products: PRODUCTS.length,
  orders: ORDERS.length,
  order_items: ORDER_ITEMS.length,
  events: EVENT_ROWS,
};

/** Distinct values of the low-cardinality text column `orders.status`. */
export const ORDER_STATUSES = ['delivered', 'shipped', 'pending', 'cancelled'] as const;

/** Distinct values of `customers.country`. */
export const COUNTRIES = ['France', 'Germany', 'Japan', 'Brazil'] as const;

function literal(value: Value): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') return String(value);
  return `'${value.replaceAll("'", "''")}'`;
}

function insert(table: string, rows: Value[][]): string {
  return `INSERT INTO ${table} VALUES ${rows.map((row) => `(${row.map(literal).join(', ')})`).join(', ')}`;
}

/**
 * Statements that create the tables, the view and the small tables' rows, in SQL all four engines
 * accept unchanged. `events` is created empty: each engine fills it with its own row generator.
 */
export function shopSchemaStatements(): string[] {
  return [
    `CREATE TABLE customers (
      customer_id INTEGER NOT NULL PRIMARY KEY,
      name VARCHAR(100) NOT NULL,
      email VARCHAR(200),
      country VARCHAR(50),
      signup_date DATE,
      is_active BOOLEAN
    )`,
    `CREATE TABLE products (
      product_id INTEGER NOT NULL PRIMARY KEY,
      name VARCHAR(100) NOT NULL,
      category VARCHAR(50),
      price DECIMAL(10, 2)
    )`,
    `CREATE TABLE orders (
      order_id INTEGER NOT NULL PRIMARY KEY,
      customer_id INTEGER NOT NULL,
      order_date DATE,
      status VARCHAR(20),
      FOREIGN KEY (customer_id) REFERENCES customers (customer_id)
    )`,
    `CREATE TABLE order_items (
      order_id INTEGER NOT NULL,
      product_id INTEGER NOT NULL,
      quantity INTEGER NOT NULL,
      unit_price DECIMAL(10, 2),
      PRIMARY KEY (order_id, product_id),
      FOREIGN KEY (order_id) REFERENCES orders (order_id),
      FOREIGN KEY (product_id) REFERENCES products (product_id)
    )`,
    `CREATE TABLE events (
      event_id INTEGER NOT NULL PRIMARY KEY,
      kind VARCHAR(20) NOT NULL,
      amount INTEGER NOT NULL
    )`,
    `CREATE VIEW ${SHOP_VIEW} AS
      SELECT c.customer_id, c.name, COUNT(o.order_id) AS order_count
      FROM customers c LEFT JOIN orders o ON o.customer_id = c.customer_id
      GROUP BY c.customer_id, c.name`,
    insert('customers', CUSTOMERS),
    insert('products', PRODUCTS),
    insert('orders', ORDERS),
    insert('order_items', ORDER_ITEMS),
  ];
}

/**
 * A table whose name and column names hold what breaks SQL built by pasting names: both quote
 * characters, a backtick, a semicolon and a comment marker. Introspection (which builds queries
 * from names to count rows and sample values) must read it exactly, and its values too.
 */
export const ODD_TABLE = `Odd 'Name' "T"; --`;
export const ODD_TEXT_COLUMN = 'it\'s "c" `b`; --';
export const ODD_NUMBER_COLUMN = 'Mixed Case';
export const ODD_ROWS: ReadonlyArray<readonly [string, number]> = [
  ['x', 1],
  ['y', 2],
  ["it's", 3],
  ['"; DROP TABLE customers; --', 4],
];

/** Statements that create and fill the odd table, given the dialect's identifier quoting. */
export function oddNameStatements(quote: (name: string) => string): string[] {
  return [
    `CREATE TABLE ${quote(ODD_TABLE)} (${quote(ODD_TEXT_COLUMN)} VARCHAR(40), ${quote(ODD_NUMBER_COLUMN)} INTEGER)`,
    `INSERT INTO ${quote(ODD_TABLE)} VALUES ${ODD_ROWS.map(([text, number]) => `(${literal(text)}, ${number})`).join(', ')}`,
  ];
}

/** Double-quoted identifiers (SQLite, PostgreSQL, DuckDB). */
export function quoteWithDoubleQuotes(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Backtick-quoted identifiers (MySQL, MariaDB). */
export function quoteWithBackticks(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``;
}

/**
 * The SELECT list that fills `events` from a source of integers 1…100,000 named `i`:
 * `event_id = i`, `kind` cycles click/view/buy, `amount = i % 100`.
 */
export function eventColumnsFrom(i: string): string {
  return `${i}, CASE ${i} % 3 WHEN 0 THEN 'click' WHEN 1 THEN 'view' ELSE 'buy' END, ${i} % 100`;
}
