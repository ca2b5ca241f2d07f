import pg from 'pg';
import { scratchDatabaseName, serviceUrl } from '../../../test-support/services.js';

/**
 * The fixture the PostgreSQL provider tests share: customers and orders with keys, an enum, comments,
 * a view and a materialized view, a table whose names need quotes, a second schema (`sales`), a
 * schema the provider is not configured for (`secret`), a sequence, and a 100,000-row table.
 */
export const POSTGRES_FIXTURE_SQL = `
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE customers (
  id integer PRIMARY KEY,
  name text NOT NULL,
  country text,
  "Email Address" varchar(200),
  mood mood,
  created_at timestamptz NOT NULL DEFAULT '2024-01-02 03:04:05+00',
  is_vip boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE customers IS 'People who buy things';
COMMENT ON COLUMN customers.country IS 'Country name in English';
CREATE TABLE orders (
  id bigint PRIMARY KEY,
  customer_id integer NOT NULL REFERENCES customers (id),
  total numeric(12, 2) NOT NULL,
  ordered_on date NOT NULL,
  note text,
  payload jsonb,
  tags text[],
  receipt bytea
);
CREATE TABLE "MixedCase" ("Id" integer PRIMARY KEY, "Label" text);
CREATE VIEW big_orders AS
  SELECT o.id, c.name, o.total FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.total > 100;
CREATE SCHEMA sales;
CREATE TABLE sales.regions (code text PRIMARY KEY, name text NOT NULL);
CREATE TABLE sales.targets (
  region_code text REFERENCES sales.regions (code),
  year integer,
  amount numeric,
  PRIMARY KEY (region_code, year)
);
COMMENT ON TABLE sales.targets IS 'Yearly sales targets per region';
CREATE SCHEMA secret;
CREATE TABLE secret.api_keys (key text);
CREATE SEQUENCE counter;
CREATE TABLE numbers (n integer PRIMARY KEY, label text);

INSERT INTO customers (id, name, country, "Email Address", mood, is_vip) VALUES
  (1, 'Ada', 'France', 'ada@example.com', 'happy', true),
  (2, 'Bob', 'Germany', NULL, 'ok', false),
  (3, 'Chloé', 'France', 'chloe@example.com', 'sad', false),
  (4, 'Dai', 'Japan', NULL, NULL, true),
  (5, 'Eve', 'Germany', 'eve@example.com', 'happy', false),
  (6, 'Finn', NULL, NULL, 'ok', false);
INSERT INTO orders VALUES
  (1, 1, 120.50, '2024-01-05', 'first', '{"gift": true, "items": 2}', '{a,b}', '\\x0102'),
  (2, 1, 80.00, '2024-02-11', NULL, NULL, '{}', NULL),
  (3, 2, 300.00, '2024-02-20', 'big', '{"gift": false}', '{"x y",NULL}', NULL),
  (4, 3, 15.25, '2024-03-01', NULL, NULL, NULL, NULL),
  (9007199254740993, 5, 99999999.99, '2023-12-31', 'huge id', NULL, NULL, NULL);
INSERT INTO "MixedCase" VALUES (1, 'one'), (2, 'two');
INSERT INTO sales.regions VALUES ('EU', 'Europe'), ('AS', 'Asia');
INSERT INTO sales.targets VALUES ('EU', 2024, 1000000), ('AS', 2024, 750000.5);
INSERT INTO secret.api_keys VALUES ('do-not-read');
INSERT INTO numbers SELECT g, 'row ' || g FROM generate_series(1, 100000) g;
CREATE MATERIALIZED VIEW country_counts AS SELECT country, count(*) AS customers FROM customers GROUP BY country;
`;

/** Tables whose contents the hostile-statement test checksums. */
export const FIXTURE_TABLES = [
  'public.customers',
  'public.orders',
  'public."MixedCase"',
  'public.numbers',
  'sales.regions',
  'sales.targets',
  'secret.api_keys',
];

export interface ScratchDatabase {
  name: string;
  /** URL of the scratch database (same server and user as the test service URL). */
  url: string;
  /** A plain pg client on the scratch database, for setup and checks. */
  client: pg.Client;
  /** Closes the client and drops the database. */
  drop: () => Promise<void>;
}

/** Creates an empty database on the test server (and, with `sql`, fills it). */
export async function createScratchDatabase(prefix: string, sql?: string): Promise<ScratchDatabase> {
  const adminUrl = serviceUrl('postgres');
  const name = scratchDatabaseName(prefix);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  if (sql !== undefined) await client.query(sql);
  return {
    name,
    url: url.toString(),
    client,
    drop: async () => {
      await client.end().catch(() => undefined);
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

/** md5 of every fixture table's rows, and the sequence's state, as one string. */
export async function checksumTables(client: pg.Client): Promise<string> {
  const parts: string[] = [];
  for (const table of FIXTURE_TABLES) {
    const result = await client.query<{ sum: string }>(
      `SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS sum FROM ${table} t`,
    );
    parts.push(`${table}=${result.rows[0]?.sum ?? ''}`);
  }
  const sequence = await client.query<{ state: string }>(
    `SELECT last_value::text || ':' || is_called::text AS state FROM counter`,
  );
  parts.push(`counter=${sequence.rows[0]?.state ?? ''}`);
  return parts.join(' ');
}
