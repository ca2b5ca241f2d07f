/**
 * The demo shop's schema. Dates are TEXT in UTC: columns named `*_date` hold `YYYY-MM-DD`,
 * columns named `*_at` hold `YYYY-MM-DD HH:MM:SS`; both sort and compare as text and work with
 * SQLite's date functions. Money is REAL with two decimals. The `--` comments stay in
 * `sqlite_master.sql`, where an introspector can read them as column descriptions.
 */

/** Tables in the order they are filled (parents first). */
export const DEMO_TABLES = [
  'categories',
  'products',
  'customers',
  'employees',
  'orders',
  'order_items',
  'payments',
  'reviews',
] as const;

export type DemoTable = (typeof DEMO_TABLES)[number];

export const DEMO_TABLE_SQL: Readonly<Record<DemoTable, string>> = {
  categories: `CREATE TABLE categories (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE, -- e.g. 'Electronics' (top level) or 'Audio' (a subcategory)
  parent_id INTEGER REFERENCES categories (id) -- NULL for a top-level category
)`,
  products: `CREATE TABLE products (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  category_id INTEGER NOT NULL REFERENCES categories (id), -- always a subcategory
  price REAL NOT NULL, -- current list price
  cost REAL NOT NULL, -- what the shop pays per unit
  stock INTEGER NOT NULL, -- units in the warehouse now
  created_at TEXT NOT NULL -- YYYY-MM-DD HH:MM:SS, when the product was listed
)`,
  customers: `CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  email TEXT NOT NULL UNIQUE,
  country TEXT NOT NULL, -- English country name, e.g. 'Germany'
  city TEXT NOT NULL,
  created_at TEXT NOT NULL, -- YYYY-MM-DD HH:MM:SS, when the customer signed up
  segment TEXT NOT NULL CHECK (segment IN ('consumer', 'business', 'vip'))
)`,
  employees: `CREATE TABLE employees (
  id INTEGER PRIMARY KEY,
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  role TEXT NOT NULL, -- e.g. 'Sales Representative', 'Customer Support Agent', 'CEO'
  hired_at TEXT NOT NULL, -- YYYY-MM-DD HH:MM:SS; may be before the two years of orders
  manager_id INTEGER REFERENCES employees (id), -- NULL for the CEO
  country TEXT NOT NULL
)`,
  orders: `CREATE TABLE orders (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers (id),
  employee_id INTEGER REFERENCES employees (id), -- the sales representative; NULL for web orders
  order_date TEXT NOT NULL, -- YYYY-MM-DD
  status TEXT NOT NULL CHECK (status IN ('pending', 'shipped', 'delivered', 'cancelled', 'returned')),
  total_amount REAL NOT NULL -- sum of quantity * unit_price of the order's items
)`,
  order_items: `CREATE TABLE order_items (
  id INTEGER PRIMARY KEY,
  order_id INTEGER NOT NULL REFERENCES orders (id),
  product_id INTEGER NOT NULL REFERENCES products (id),
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  unit_price REAL NOT NULL -- price paid per unit, after any discount
)`,
  payments: `CREATE TABLE payments (
  id INTEGER PRIMARY KEY,
  order_id INTEGER NOT NULL REFERENCES orders (id), -- an order has zero (unpaid, cancelled), one or two payments
  amount REAL NOT NULL,
  method TEXT NOT NULL CHECK (method IN ('card', 'paypal', 'bank_transfer', 'gift_card')),
  paid_at TEXT NOT NULL -- YYYY-MM-DD HH:MM:SS
)`,
  reviews: `CREATE TABLE reviews (
  id INTEGER PRIMARY KEY,
  product_id INTEGER NOT NULL REFERENCES products (id),
  customer_id INTEGER NOT NULL REFERENCES customers (id), -- a customer who bought the product
  rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  title TEXT NOT NULL,
  created_at TEXT NOT NULL -- YYYY-MM-DD HH:MM:SS
)`,
};

/** Created after the rows are in, which is faster than maintaining them during the load. */
export const DEMO_INDEX_SQL: readonly string[] = [
  'CREATE INDEX categories_parent_id ON categories (parent_id)',
  'CREATE INDEX products_category_id ON products (category_id)',
  'CREATE INDEX customers_country ON customers (country)',
  'CREATE INDEX customers_created_at ON customers (created_at)',
  'CREATE INDEX employees_manager_id ON employees (manager_id)',
  'CREATE INDEX orders_customer_id ON orders (customer_id)',
  'CREATE INDEX orders_employee_id ON orders (employee_id)',
  'CREATE INDEX orders_order_date ON orders (order_date)',
  'CREATE INDEX order_items_order_id ON order_items (order_id)',
  'CREATE INDEX order_items_product_id ON order_items (product_id)',
  'CREATE INDEX payments_order_id ON payments (order_id)',
  'CREATE INDEX payments_paid_at ON payments (paid_at)',
  'CREATE INDEX reviews_product_id ON reviews (product_id)',
  'CREATE INDEX reviews_customer_id ON reviews (customer_id)',
  'CREATE INDEX reviews_created_at ON reviews (created_at)',
];
